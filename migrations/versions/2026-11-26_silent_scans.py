"""silent scans: made during a block, the scanner's alone, also after an unblock

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 05:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Scans made during a block before this column existed cannot be told apart any more:
    # they count as shared, as they did.
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("silent", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.drop_column("silent")
