"""Event-store fixtures (SQLite and PostgreSQL), shared by every test package."""
