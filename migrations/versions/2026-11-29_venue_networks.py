"""venue networks: an event's Wi-Fi addresses, declared by its organizers, with dates

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 17:48:21.536814
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_networks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("network", sa.String(length=50), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_networks_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_networks")),
        sa.UniqueConstraint("event_id", "network", name=op.f("uq_event_networks_event_id_network")),
    )
    with op.batch_alter_table("event_networks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_networks_ends_on"), ["ends_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_networks_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_networks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_networks_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_networks_ends_on"))

    op.drop_table("event_networks")
