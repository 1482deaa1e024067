"""Migration 0006 groups the scans already recorded into meetings, and goes back."""

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from metbefore.cli import alembic_config
from metbefore.db import make_engine
from tests.platform.test_migrations import throwaway_database

# Tables as they were at 0006 (not the models: those gain columns with later migrations).
PEOPLE = sa.table(
    "people",
    sa.column("id", sa.Uuid()),
    *(sa.column(n, sa.String()) for n in ("email", "display_name", "pronouns", "affiliation")),
    *(sa.column(n, sa.String()) for n in ("title", "bio")),
    *(sa.column(n, sa.JSON()) for n in ("interests", "links")),
    *(sa.column(n, sa.Boolean()) for n in ("photo_on_badge", "share_email")),
    *(sa.column(n, sa.DateTime()) for n in ("created_at", "updated_at")),
)
EVENTS = sa.table(
    "events",
    sa.column("id", sa.Uuid()),
    *(sa.column(n, sa.String()) for n in ("slug", "name", "timezone", "city", "venue")),
    sa.column("join_policy", sa.String()),
    sa.column("created_at", sa.DateTime()),
)

ENCOUNTERS = sa.table(
    "encounters",
    *(sa.column(n, sa.Uuid()) for n in ("id", "client_id", "scanner_id", "scanned_id")),
    sa.column("event_id", sa.Uuid()),
    sa.column("met_at", sa.DateTime()),
    sa.column("place", sa.String()),
    sa.column("first_meeting", sa.Boolean()),
    sa.column("silent", sa.Boolean()),
    sa.column("created_at", sa.DateTime()),
)
CONNECTIONS = sa.table(
    "connections",
    *(sa.column(n, sa.Uuid()) for n in ("id", "a_id", "b_id")),
    sa.column("status", sa.String()),
    sa.column("a_scanned", sa.Boolean()),
    sa.column("b_scanned", sa.Boolean()),
    sa.column("meeting_count", sa.Integer()),
    *(sa.column(n, sa.String()) for n in ("first_place", "last_place")),
    *(sa.column(n, sa.DateTime()) for n in ("first_met_at", "last_met_at")),
    *(sa.column(n, sa.DateTime()) for n in ("created_at", "updated_at")),
)


def test_recorded_scans_become_meetings_and_the_downgrade_keeps_the_scans(
    database_url: str, tmp_path: Path
) -> None:
    with throwaway_database(database_url, tmp_path) as url:
        config = alembic_config(url)
        command.upgrade(config, "0006")
        engine = make_engine(url)
        ana_id, ben_id, event_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        now = datetime.now(UTC).replace(tzinfo=None)
        blank = dict.fromkeys(("pronouns", "affiliation", "title", "bio"), "")
        with engine.begin() as connection:
            connection.execute(
                sa.insert(PEOPLE),
                [
                    {"id": person_id, "email": email, "display_name": name, **blank}
                    | {"interests": [], "links": {}, "photo_on_badge": True}
                    | {"share_email": False, "created_at": now, "updated_at": now}
                    for person_id, email, name in (
                        (ana_id, "a@example.org", "Ana"),
                        (ben_id, "b@example.org", "Ben"),
                    )
                ],
            )
            connection.execute(
                sa.insert(EVENTS),
                {"id": event_id, "slug": "confx", "name": "ConfX", "timezone": "UTC"}
                | {"city": "", "venue": "", "join_policy": "open", "created_at": now},
            )
        command.downgrade(config, "0005")

        t0 = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=3)
        scans = [  # (scanner, scanned, minutes after t0, place, silent)
            (ana_id, ben_id, 0, "booth 12", False),
            (ben_id, ana_id, 10, "", False),  # scanned back: the same meeting
            (ben_id, ana_id, 20, "corridor", True),  # in silence: his alone
            (ana_id, ben_id, 300, "hall B", False),  # five hours later: a second meeting
            (ana_id, ben_id, 301, "hall B", False),  # the same badge read twice
        ]
        a, b = sorted((ana_id, ben_id))
        with engine.begin() as conn:
            conn.execute(
                sa.insert(ENCOUNTERS),
                [
                    {
                        "id": uuid.uuid4(),
                        "client_id": uuid.uuid4(),
                        "scanner_id": scanner,
                        "scanned_id": scanned,
                        "event_id": event_id if minutes < 60 else None,
                        "met_at": t0 + timedelta(minutes=minutes),
                        "place": place,
                        "first_meeting": minutes < 60,
                        "silent": silent,
                        "created_at": t0,
                    }
                    for scanner, scanned, minutes, place, silent in scans
                ],
            )
            conn.execute(
                sa.insert(CONNECTIONS),
                {
                    "id": uuid.uuid4(),
                    "a_id": a,
                    "b_id": b,
                    "status": "mutual",
                    "a_scanned": True,
                    "b_scanned": True,
                    "meeting_count": 2,
                    "first_place": "booth 12",
                    "last_place": "hall B",
                    "first_met_at": t0,
                    "last_met_at": t0 + timedelta(minutes=301),
                    "created_at": t0,
                    "updated_at": t0,
                },
            )

        command.upgrade(config, "head")

        with engine.connect() as conn:
            meetings = conn.execute(
                sa.text(
                    "SELECT id, place, a_scanned, b_scanned, silent, event_id FROM meetings "
                    "ORDER BY started_at"
                )
            ).all()
            counts = conn.execute(
                sa.text("SELECT meeting_count, event_count FROM connections")
            ).one()
            linked = conn.execute(
                sa.text(
                    "SELECT count(*), count(DISTINCT meeting_id) FROM encounters "
                    "WHERE meeting_id IS NOT NULL"
                )
            ).one()
        shared = [m for m in meetings if not m.silent]
        assert [(m.place, m.a_scanned and m.b_scanned) for m in shared] == [
            ("booth 12", True),
            ("hall B", False),
        ]
        [silent] = [m for m in meetings if m.silent]
        assert silent.place == "corridor"
        assert (silent.a_scanned, silent.b_scanned) == (ben_id == a, ben_id == b)
        assert tuple(counts) == (2, 1)
        assert tuple(linked) == (5, 3)

        command.downgrade(config, "0005")
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM encounters")).scalar() == 5
        assert "meetings" not in sa.inspect(engine).get_table_names()
        engine.dispose()
