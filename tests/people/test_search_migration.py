"""Migration 0005 fills in the search text of the people already there, and goes back."""

import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from metbefore.cli import alembic_config
from metbefore.db import make_engine
from tests.platform.test_migrations import throwaway_database

PEOPLE = sa.table(
    "people",
    *(sa.column(name) for name in ("email", "display_name", "pronouns", "affiliation")),
    *(sa.column(name) for name in ("title", "bio", "photo_on_badge", "share_email")),
    sa.column("id", sa.Uuid()),
    sa.column("interests", sa.JSON()),
    sa.column("links", sa.JSON()),
    sa.column("created_at", sa.DateTime()),
    sa.column("updated_at", sa.DateTime()),
)


def test_existing_people_are_found_after_the_upgrade_and_the_downgrade_drops_it(
    database_url: str, tmp_path: Path
) -> None:
    with throwaway_database(database_url, tmp_path) as url:
        config = alembic_config(url)
        command.upgrade(config, "0004")
        engine = make_engine(url)
        now = datetime.now(UTC).replace(tzinfo=None)
        with engine.begin() as conn:
            conn.execute(
                sa.insert(PEOPLE),
                [
                    {
                        "id": uuid.uuid4(),
                        "email": f"p{i}@example.org",
                        "display_name": name,
                        "affiliation": affiliation,
                        **dict.fromkeys(("pronouns", "title", "bio"), ""),
                        "photo_on_badge": True,
                        "share_email": False,
                        "interests": [],
                        "links": {},
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i, (name, affiliation) in enumerate(
                        (("Zoë Ångström", "Café Lab"), ("王小明", ""), ("", ""))
                    )
                ],
            )

        command.upgrade(config, "head")

        with engine.connect() as conn:
            columns = "search_badge, search_friends, other_names"
            rows = conn.execute(sa.text(f"SELECT {columns} FROM people ORDER BY email")).all()
        assert [(r[0], r[1]) for r in rows] == [
            (" cafe lab angstroem | zoe angstrom |", ""),
            (" | 王小明 |", ""),
            ("", ""),
        ]
        assert {str(r[2]) for r in rows} == {"[]"}

        command.downgrade(config, "0004")

        columns = {c["name"] for c in sa.inspect(engine).get_columns("people")}
        assert not columns & {"other_names", "search_badge", "search_friends"}
        engine.dispose()
