"""The one exception type the CLI turns into `eci: error: …` on stderr."""


class EciError(Exception):
    """A failure to report to the user in one line (Russian); `exit_code` is the process's exit status,
    `code` the stable English name of the failure for scripts, and `ru` a shorter Russian summary where a
    receipt or the terminal UI wants one (the message itself when not given)."""

    def __init__(
        self, message: str, exit_code: int = 2, *, code: str = "error", ru: str | None = None
    ) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.code = code
        self.ru = ru


class StaleAction(EciError):
    """The obligation changed after the version the action was signed for: nothing was recorded."""
