"""lists sent by text message: when and a keyed hash of the sender, for the rate limit

Revision ID: i13b_text_message_sends
Revises: i14_signed_in_sessions
"""
import sqlalchemy as sa
from alembic import op

revision = "i13b_text_message_sends"
down_revision = "i14_signed_in_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "text_message_send",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sender_key", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_message_send")),
    )
    with op.batch_alter_table("text_message_send", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_text_message_send_sender_key"), ["sender_key"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_text_message_send_sent_at"), ["sent_at"],
                              unique=False)


def downgrade():
    op.drop_table("text_message_send")
