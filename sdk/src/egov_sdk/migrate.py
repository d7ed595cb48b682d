"""Schema migrations with Alembic (plain SQL, no ORM): the SDK's tables and the service's own.

A service keeps its migrations in a `migrations` folder of its package, as an Alembic branch
named after the service; the SDK's are the `sdk` branch. Both are applied at start (unless
`DATABASE_MIGRATE_ON_START=false`) and by `python -m <service> migrate`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from alembic import command, op
from alembic.config import Config

from egov_schemas.reference import reference_for_earlier

SDK_MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str, service_migrations: Path | None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SDK_MIGRATIONS))
    locations = [SDK_MIGRATIONS / "versions", *([service_migrations] if service_migrations else [])]
    config.set_main_option("version_locations", " ".join(str(location) for location in locations))
    config.set_main_option("path_separator", "space")
    config.attributes["url"] = database_url
    return config


def upgrade(database_url: str, service_migrations: Path | None) -> None:
    command.upgrade(alembic_config(database_url, service_migrations), "heads")


async def upgrade_async(database_url: str, service_migrations: Path | None) -> None:
    # NOTE: Alembic is synchronous and its environment runs its own event loop: a thread keeps
    # it apart from the service's loop.
    await asyncio.to_thread(upgrade, database_url, service_migrations)


def give_references(table: str) -> None:
    """In a migration: give each application of `table` (id, reference) made before reference
    numbers existed the one derived from its id, as every service's migration does."""
    connection = op.get_bind()
    ids = connection.execute(sa.text(f"SELECT id FROM {table} WHERE reference IS NULL")).scalars().all()
    if ids:
        connection.execute(
            sa.text(f"UPDATE {table} SET reference = :reference WHERE id = :id"),
            [{"id": id_, "reference": reference_for_earlier(id_)} for id_ in ids],
        )
