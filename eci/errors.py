"""The one exception type the CLI turns into `eci: error: …` on stderr."""


class EciError(Exception):
    """A failure to report to the user in one line; `exit_code` is the process's exit status."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class StaleAction(EciError):
    """The obligation changed after the version the action was signed for: nothing was recorded."""
