"""between conferences: now lines, asks with replies and mutes, the weekly digest (its
setting, the weeks sent, a list mail's unsubscribe address)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 21:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _person(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["people.id"], name=op.f(f"fk_{table}_{column}_people"), ondelete="CASCADE"
    )


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("now_text", sa.String(length=280), nullable=True))
        batch_op.add_column(sa.Column("now_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("digest", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "now_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.String(length=280), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _person("person_id", "now_lines"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_now_lines")),
    )
    op.create_index(
        "ix_now_lines_person_created", "now_lines", ["person_id", "created_at"], unique=False
    )
    op.create_table(
        "asks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("asker_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _person("asker_id", "asks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asks")),
    )
    op.create_index("ix_asks_asker_created", "asks", ["asker_id", "created_at"], unique=False)
    op.create_index(op.f("ix_asks_expires_on"), "asks", ["expires_on"], unique=False)
    op.create_table(
        "ask_replies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ask_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ask_id"], ["asks.id"], name=op.f("fk_ask_replies_ask_id_asks"), ondelete="CASCADE"
        ),
        _person("author_id", "ask_replies"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ask_replies")),
    )
    op.create_index(op.f("ix_ask_replies_ask_id"), "ask_replies", ["ask_id"], unique=False)
    op.create_index(op.f("ix_ask_replies_author_id"), "ask_replies", ["author_id"], unique=False)
    op.create_table(
        "ask_mutes",
        sa.Column("muter_id", sa.Uuid(), nullable=False),
        sa.Column("muted_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _person("muter_id", "ask_mutes"),
        _person("muted_id", "ask_mutes"),
        sa.PrimaryKeyConstraint("muter_id", "muted_id", name=op.f("pk_ask_mutes")),
    )
    op.create_index(op.f("ix_ask_mutes_muted_id"), "ask_mutes", ["muted_id"], unique=False)
    op.create_table(
        "digests_sent",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        _person("person_id", "digests_sent"),
        sa.PrimaryKeyConstraint("person_id", "week", name=op.f("pk_digests_sent")),
    )
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unsubscribe_url", sa.String(length=500), nullable=True))
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ask_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_introductions_ask_id"), ["ask_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_introductions_ask_id_asks"),
            "asks",
            ["ask_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_introductions_ask_id_asks"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_introductions_ask_id"))
        batch_op.drop_column("ask_id")
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.drop_column("unsubscribe_url")
    op.drop_table("digests_sent")
    op.drop_index(op.f("ix_ask_mutes_muted_id"), table_name="ask_mutes")
    op.drop_table("ask_mutes")
    op.drop_index(op.f("ix_ask_replies_author_id"), table_name="ask_replies")
    op.drop_index(op.f("ix_ask_replies_ask_id"), table_name="ask_replies")
    op.drop_table("ask_replies")
    op.drop_index(op.f("ix_asks_expires_on"), table_name="asks")
    op.drop_index("ix_asks_asker_created", table_name="asks")
    op.drop_table("asks")
    op.drop_index("ix_now_lines_person_created", table_name="now_lines")
    op.drop_table("now_lines")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("digest")
        batch_op.drop_column("now_at")
        batch_op.drop_column("now_text")
