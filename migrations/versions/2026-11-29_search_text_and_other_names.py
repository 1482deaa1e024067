"""search: folded search texts of people, and the other names they go by

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 13:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from metbefore.people import folding

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("other_names", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(sa.Column("search_badge", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("search_friends", sa.Text(), nullable=False, server_default="")
        )
    # Nobody has other names yet, so only the badge fields' text needs filling in.
    people = sa.table(
        "people",
        sa.column("id", sa.Uuid()),
        sa.column("display_name", sa.String()),
        sa.column("affiliation", sa.String()),
        sa.column("search_badge", sa.Text()),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(people.c.id, people.c.display_name, people.c.affiliation)).all()
    fill = (
        sa.update(people)
        .where(people.c.id == sa.bindparam("person"))
        .values(search_badge=sa.bindparam("text"))
    )
    for start in range(0, len(rows), BATCH):
        bind.execute(
            fill,
            [
                {
                    "person": row.id,
                    "text": folding.badge_text(
                        display_name=row.display_name, affiliation=row.affiliation
                    ),
                }
                for row in rows[start : start + BATCH]
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("search_friends")
        batch_op.drop_column("search_badge")
        batch_op.drop_column("other_names")
