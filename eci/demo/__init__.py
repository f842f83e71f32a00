"""Loading the demonstration: a plausible history, live workflows, forms, mail and people, and the drill.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from eci.demo.drill import drill, run_drill
from eci.demo.live import start_workflows
from eci.demo.loader import SETTLE_BASE_SECONDS, DemoSummary, populate, populate_async, settle
from eci.demo.obligations import demo_obligations

__all__ = [
    "demo_obligations",
    "DemoSummary",
    "drill",
    "populate",
    "populate_async",
    "run_drill",
    "settle",
    "SETTLE_BASE_SECONDS",
    "start_workflows",
]
