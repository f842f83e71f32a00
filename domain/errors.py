"""Errors the domain raises for bad input; the CLI prints them as one line.

The message is what a person reads (Russian); `code` is the stable English name scripts and `--json`
outputs rely on, which never changes with the wording.
"""


class DomainError(ValueError):
    """Input that breaks a rule of the plan: an unknown measure, region, cycle, a malformed form."""

    def __init__(self, message: str, code: str = "invalid_input") -> None:
        super().__init__(message)
        self.code = code
