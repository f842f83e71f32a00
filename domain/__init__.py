"""The plan as typed data: pure Python, no I/O. Every other layer depends on it; it depends on nothing."""
