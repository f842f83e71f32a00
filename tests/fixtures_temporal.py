"""Temporal fixtures (dev server, time-skipping test server, workers), shared by every test package."""
