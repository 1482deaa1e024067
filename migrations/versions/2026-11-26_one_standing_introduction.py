"""one standing introduction per pair: a unique index where not both accepted

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 05:35:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STANDING = sa.text("NOT (a_answer = 'accepted' AND b_answer = 'accepted')")


def upgrade() -> None:
    # Two introductions sent at the same instant could both have been stored: the
    # earliest stands (the app showed it first), later copies of it go.
    op.execute(
        """
        DELETE FROM introductions
        WHERE NOT (a_answer = 'accepted' AND b_answer = 'accepted')
          AND EXISTS (
            SELECT 1 FROM introductions AS earlier
            WHERE earlier.a_id = introductions.a_id
              AND earlier.b_id = introductions.b_id
              AND NOT (earlier.a_answer = 'accepted' AND earlier.b_answer = 'accepted')
              AND (earlier.created_at < introductions.created_at
                   OR (earlier.created_at = introductions.created_at
                       AND earlier.id < introductions.id))
          )
        """
    )
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.create_index(
            "uq_introductions_standing_pair",
            ["a_id", "b_id"],
            unique=True,
            sqlite_where=STANDING,
            postgresql_where=STANDING,
        )


def downgrade() -> None:
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.drop_index("uq_introductions_standing_pair")
