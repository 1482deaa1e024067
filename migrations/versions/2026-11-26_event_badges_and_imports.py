"""event badges and imports: one live badge per registration, the last imported profile

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 00:56:43.882796
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE_EVENT_BADGE = sa.text("revoked_at IS NULL AND event_id IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("imported", sa.JSON(), nullable=True))

    with op.batch_alter_table("badges", schema=None) as batch_op:
        batch_op.create_index(
            "uq_badges_active_event",
            ["person_id", "event_id"],
            unique=True,
            sqlite_where=ACTIVE_EVENT_BADGE,
            postgresql_where=ACTIVE_EVENT_BADGE,
        )


def downgrade() -> None:
    with op.batch_alter_table("badges", schema=None) as batch_op:
        batch_op.drop_index("uq_badges_active_event")

    with op.batch_alter_table("attendances", schema=None) as batch_op:
        batch_op.drop_column("imported")
