"""Command groups of `eci`; each module defines `register(app)`."""
