"""Migrations on a database of the kind under test: upgrade, match the models, downgrade."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from metbefore.cli import alembic_config
from metbefore.db import make_engine
from metbefore.models import Base


@contextmanager
def throwaway_database(test_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database beside the test database: a new SQLite file, or a new PostgreSQL
    database made through the admin database and dropped afterwards."""
    url = make_url(test_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"{url.database}_migrations_{secrets.token_hex(4)}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_upgrade_to_head_matches_the_models_and_downgrades_to_base(
    database_url: str, tmp_path: Path
) -> None:
    config = alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with throwaway_database(database_url, tmp_path) as url:
        config = alembic_config(url)

        command.upgrade(config, "head")

        assert set(Base.metadata.tables) <= tables(url)
        engine = make_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        engine.dispose()
        assert differences(url) == []

        command.downgrade(config, "base")

        assert tables(url) == {"alembic_version"}

        # And back up again: the downgrade left nothing behind that blocks it.
        command.upgrade(config, "head")
        assert differences(url) == []
