"""The one exception type the CLI turns into `eci: error: …` on stderr."""


class EciError(Exception):
    """A failure to report to the user in one line; `exit_code` is the process's exit status. `ru`: the
    same in Russian, where the terminal UI shows it to a person (the CLI's line stays as scripts read it)."""

    def __init__(self, message: str, exit_code: int = 2, *, ru: str | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.ru = ru
