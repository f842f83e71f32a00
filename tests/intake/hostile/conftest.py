"""The running intake the hostile corpus is sent to (one for the whole module)."""

from hostile_intake import hostile_intake

__all__ = ["hostile_intake"]
