"""The drill: a small cycle whose clock runs in minutes, marked in the log so readers can tell it apart."""

from domain.drill.events import DRILL_PREFIX, DrillEnded, DrillStarted, drill_cycles, drill_stream

__all__ = ["DRILL_PREFIX", "DrillEnded", "DrillStarted", "drill_cycles", "drill_stream"]
