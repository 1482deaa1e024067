"""meetings: the scans of a pair within an hour of each other are one meeting

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 18:10:00.000000
"""

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As the app's meetings.history.SAME_MEETING on the day of this migration.
SAME_MEETING = timedelta(hours=1)

_encounters = sa.table(
    "encounters",
    sa.column("id", sa.Uuid()),
    sa.column("scanner_id", sa.Uuid()),
    sa.column("scanned_id", sa.Uuid()),
    sa.column("event_id", sa.Uuid()),
    sa.column("met_at", sa.DateTime(timezone=True)),
    sa.column("place", sa.String()),
    sa.column("silent", sa.Boolean()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("meeting_id", sa.Uuid()),
)
_meetings = sa.table(
    "meetings",
    sa.column("id", sa.Uuid()),
    sa.column("a_id", sa.Uuid()),
    sa.column("b_id", sa.Uuid()),
    sa.column("started_at", sa.DateTime(timezone=True)),
    sa.column("ended_at", sa.DateTime(timezone=True)),
    sa.column("event_id", sa.Uuid()),
    sa.column("place", sa.String()),
    sa.column("a_scanned", sa.Boolean()),
    sa.column("b_scanned", sa.Boolean()),
    sa.column("silent", sa.Boolean()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_connections = sa.table(
    "connections",
    sa.column("a_id", sa.Uuid()),
    sa.column("b_id", sa.Uuid()),
    sa.column("meeting_count", sa.Integer()),
    sa.column("event_count", sa.Integer()),
)
BATCH = 5000


def _group_scans_into_meetings() -> None:
    """Every scan, oldest first, joins its pair's open meeting or opens the next one: the
    same rule as the app's, so that counts do not change meaning after the upgrade."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_encounters).order_by(_encounters.c.met_at, _encounters.c.id)
    ).mappings()
    open_: dict[tuple[Any, ...], dict[str, Any]] = {}
    meetings: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for enc in rows:
        a, b = sorted((enc["scanner_id"], enc["scanned_id"]))
        side = "a_scanned" if enc["scanner_id"] == a else "b_scanned"
        key = (a, b, enc["silent"], side if enc["silent"] else None)
        current = open_.get(key)
        if current is None or enc["met_at"] - current["ended_at"] > SAME_MEETING:
            current = {
                "id": uuid.uuid4(),
                "a_id": a,
                "b_id": b,
                "started_at": enc["met_at"],
                "ended_at": enc["met_at"],
                "event_id": enc["event_id"],
                "place": enc["place"],
                "a_scanned": False,
                "b_scanned": False,
                "silent": enc["silent"],
                "created_at": enc["created_at"],
            }
            open_[key] = current
            meetings.append(current)
        current["ended_at"] = enc["met_at"]
        current["place"] = current["place"] or enc["place"]
        current["event_id"] = current["event_id"] or enc["event_id"]
        current[side] = True
        links.append({"enc": enc["id"], "meeting": current["id"]})
    for i in range(0, len(meetings), BATCH):
        bind.execute(sa.insert(_meetings), meetings[i : i + BATCH])
    link = (
        sa.update(_encounters)
        .where(_encounters.c.id == sa.bindparam("enc"))
        .values(meeting_id=sa.bindparam("meeting"))
    )
    for i in range(0, len(links), BATCH):
        bind.execute(link, links[i : i + BATCH])
    shared = sa.and_(
        _meetings.c.a_id == _connections.c.a_id,
        _meetings.c.b_id == _connections.c.b_id,
        ~_meetings.c.silent,
    )
    bind.execute(
        sa.update(_connections).values(
            meeting_count=sa.select(sa.func.count()).where(shared).scalar_subquery(),
            event_count=sa.select(sa.func.count(sa.func.distinct(_meetings.c.event_id)))
            .where(shared)
            .scalar_subquery(),
        )
    )


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("a_id", sa.Uuid(), nullable=False),
        sa.Column("b_id", sa.Uuid(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("a_scanned", sa.Boolean(), nullable=False),
        sa.Column("b_scanned", sa.Boolean(), nullable=False),
        sa.Column("silent", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("a_id < b_id", name=op.f("ck_meetings_ordered_meeting_pair")),
        sa.ForeignKeyConstraint(
            ["a_id"], ["people.id"], name=op.f("fk_meetings_a_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["b_id"], ["people.id"], name=op.f("fk_meetings_b_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_meetings_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_event_id"), ["event_id"], unique=False)
        batch_op.create_index("ix_meetings_pair", ["a_id", "b_id", "started_at"], unique=False)
        batch_op.create_index("ix_meetings_pair_event", ["a_id", "b_id", "event_id"], unique=False)
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_encounters_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_encounters_meeting_id_meetings"),
            "meetings",
            ["meeting_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("event_count", sa.Integer(), server_default="0", nullable=False)
        )
    _group_scans_into_meetings()


def downgrade() -> None:
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.drop_column("event_count")
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_encounters_meeting_id_meetings"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_encounters_meeting_id"))
        batch_op.drop_column("meeting_id")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_meetings_pair_event")
        batch_op.drop_index("ix_meetings_pair")
        batch_op.drop_index(batch_op.f("ix_meetings_event_id"))
    op.drop_table("meetings")
