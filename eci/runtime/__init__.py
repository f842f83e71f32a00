"""The embedded stack: the Temporal dev server, the worker, and `eci up` that runs them together."""
