"""One process's mail side, wired from the settings: store, outbox, contacts, SMTP sender, notifier."""

from __future__ import annotations

from notifications.config import MailConfig, MailSettings
from notifications.contacts import ContactBook, StoreContactBook
from notifications.digests import DigestSender
from notifications.dispatch import Dispatcher
from notifications.failures import EventStoreFailureLog
from notifications.log_proofs import LogProofs
from notifications.outbox import Outbox
from notifications.service import Notifier
from notifications.smtp import SmtpSender
from store.event_store import EventStore
from store.sealing import Sealer


class MailStack:
    """Owns the connections the mail side needs; `aclose()` releases them."""

    def __init__(
        self, config: MailConfig, contacts: ContactBook | None = None, sealer: Sealer | None = None
    ) -> None:
        self.config = config
        # opening the store brings the schema up to date (0003_outbox included); a failed delivery it
        # records is sealed with the key of the process sending (`sealer`)
        self.store = EventStore.open(config.database_url, sealer=sealer)
        self.outbox = Outbox(self.store.engine)
        self.sender = SmtpSender(config)
        self.dispatcher = Dispatcher(config, self.outbox, self.sender)
        self.proofs = LogProofs(self.store, config.log_key_file) if config.log_key_file else None
        self.notifier = Notifier(
            config,
            self.outbox,
            self.dispatcher,
            contacts or StoreContactBook(self.store),
            EventStoreFailureLog(self.store),
            proofs=self.proofs,
        )
        self.digests = DigestSender(self.notifier)

    @classmethod
    def from_settings(cls, settings: MailSettings, sealer: Sealer | None = None) -> MailStack:
        """The stack for the tracker's settings."""
        return cls(MailConfig.from_settings(settings), sealer=sealer)

    async def aclose(self) -> None:
        """Say goodbye to the SMTP server and release the database."""
        await self.sender.close()
        self.store.close()

