"""addresses and merges: several verified addresses per account, merges of accounts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_emails",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_emails_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_emails")),
        sa.UniqueConstraint("email", name=op.f("uq_person_emails_email")),
    )
    with op.batch_alter_table("person_emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_emails_person_id"), ["person_id"], unique=False)
    op.create_table(
        "merge_proofs",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("keeper_id", sa.Uuid(), nullable=False),
        sa.Column("absorbed_id", sa.Uuid(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["absorbed_id"],
            ["people.id"],
            name=op.f("fk_merge_proofs_absorbed_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["keeper_id"],
            ["people.id"],
            name=op.f("fk_merge_proofs_keeper_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_merge_proofs")),
    )
    with op.batch_alter_table("merge_proofs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_merge_proofs_absorbed_id"), ["absorbed_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_merge_proofs_keeper_id"), ["keeper_id"], unique=False)
    op.create_table(
        "merged_accounts",
        sa.Column("absorbed_id", sa.Uuid(), nullable=False),
        sa.Column("into_id", sa.Uuid(), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["into_id"],
            ["people.id"],
            name=op.f("fk_merged_accounts_into_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("absorbed_id", name=op.f("pk_merged_accounts")),
    )
    with op.batch_alter_table("merged_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merged_accounts_into_id"), ["into_id"], unique=False)
    # Every account's address so far is its one verified, primary address.
    op.execute(
        sa.text(
            "INSERT INTO person_emails (id, person_id, email, origin, created_at) "
            "SELECT id, id, email, 'signup', created_at FROM people"
        )
    )


def downgrade() -> None:
    # Accounts keep their primary address (people.email); the others are forgotten.
    with op.batch_alter_table("merged_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merged_accounts_into_id"))
    op.drop_table("merged_accounts")
    with op.batch_alter_table("merge_proofs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merge_proofs_keeper_id"))
        batch_op.drop_index(batch_op.f("ix_merge_proofs_absorbed_id"))
    op.drop_table("merge_proofs")
    with op.batch_alter_table("person_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_emails_person_id"))
    op.drop_table("person_emails")
