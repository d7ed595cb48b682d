"""Alembic environment shared by every service; the SDK's own tables are the `sdk` branch."""
