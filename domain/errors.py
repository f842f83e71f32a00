"""Errors the domain raises for bad input; the CLI prints them as one line."""


class DomainError(ValueError):
    """Input that breaks a rule of the plan: an unknown measure, region, cycle, a malformed form."""
