"""`eci audit checkpoint`: sign a checkpoint of the log now, mail it to the witnesses, write it to a file.

`--since FILE` (a receipt or an earlier checkpoint) makes the file carry the consistency proof from that
checkpoint: what a region needs to show, with `verify_receipt.py RECEIPT --later FILE`, that its
receipt's events are still in the log.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from eci.cli.output import print_json


def checkpoint(
    since: Path = typer.Option(
        None,
        "--since",
        help="Квитанция или прежняя контрольная точка: доказательство согласованности от неё.",
    ),
    out: Path = typer.Option(None, "--out", help="Записать контрольную точку с доказательством в файл."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо текста."),
) -> None:
    """Sign a checkpoint of the log as it is now and mail it to the configured witnesses."""
    import asyncio

    from config.settings import load_settings
    from eci.cli.report_io import write_output
    from eci.errors import EciError
    from notifications.witness_mail import witness_checkpoint
    from reports import receipt_verifier
    from reports.checkpoint_check import read_checkpoint_file
    from store.event_store import EventStore
    from store.log_receipts import extension, receipt_bytes

    settings = load_settings()
    earlier = read_checkpoint_file(since) if since is not None else None
    with EventStore.open(settings.effective_database_url, migrate=False) as store:
        head = (store.head() or (0, ""))[0]
        if earlier is not None and earlier.size > head:
            raise EciError(
                f"{since}: в контрольной точке событий {earlier.size}, больше, чем в журнале ({head}): "
                "журнал усечён",
                1,
                code="checkpoint_truncated",
            )
        point = witness_checkpoint(store, settings.effective_log_key_file, fresh=True)
        assert point is not None  # a fresh checkpoint is signed even for an empty log
        document = point.document
        if earlier is not None:
            document = extension(
                store.engine, store.dialect, (earlier.size, earlier.raw["root"]), point.checkpoint
            )
    if earlier is not None:
        step = document["consistency"]
        proof = [bytes.fromhex(h) for h in step["proof"]]
        root1, root2 = bytes.fromhex(earlier.raw["root"]), bytes.fromhex(point.checkpoint.root)
        if not receipt_verifier.verify_consistency(earlier.size, point.checkpoint.size, root1, root2, proof):
            raise EciError(
                f"журнал не продолжает контрольную точку {earlier.size} из {since}: прежние записи изменены",
                1,
                code="checkpoint_not_extended",
            )
    mailed = asyncio.run(_mail(settings, point)) if settings.witnesses else None
    if out is not None:
        write_output(receipt_bytes(document), out, binary=True)
    result: dict[str, Any] = {
        **point.checkpoint.public(),
        "witnesses": list(settings.witnesses),
        "message_id": mailed,
        "consistency_from": document["consistency"]["from_size"],
        "out": str(out) if out is not None else None,
    }
    if as_json:
        print_json(result)
        return
    c = point.checkpoint
    sys.stdout.write(
        f"Контрольная точка журнала подписана: событий {c.size}, корень {c.root}, время {c.time}\n"
        f"Ключ журнала: {c.key_id}\n"
        + (
            f"Разослано свидетелям: {', '.join(settings.witnesses)}\n"
            if settings.witnesses
            else "Свидетели не заданы (ECI_WITNESS_EMAILS): контрольная точка не разослана\n"
        )
    )


async def _mail(settings: Any, point: Any) -> str | None:
    from notifications.stack import MailStack
    from notifications.witness_mail import mail_witnesses

    stack = MailStack.from_settings(settings)
    try:
        return await mail_witnesses(stack.notifier, point, settings.witnesses)
    finally:
        await stack.aclose()


def register(app: typer.Typer) -> None:
    """Add `checkpoint` to `eci audit`."""
    from eci.cli.commands.audit import audit_app

    audit_app.command(
        "checkpoint",
        help="Подписать контрольную точку журнала (размер, корень дерева Меркла, время) ключом журнала и "
        "разослать её свидетелям; --out записывает её в файл.",
    )(checkpoint)
