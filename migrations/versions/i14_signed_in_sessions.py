"""signed-in sessions kept on the server, so signing out ends them for good

Revision ID: i14_signed_in_sessions
Revises: i16b_import_sources
"""
import sqlalchemy as sa
from alembic import op

revision = "i14_signed_in_sessions"
down_revision = "i16b_import_sources"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signed_in_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_signed_in_session_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_in_session")),
    )
    with op.batch_alter_table("signed_in_session") as batch_op:
        batch_op.create_index(batch_op.f("ix_signed_in_session_user_id"), ["user_id"])


def downgrade():
    with op.batch_alter_table("signed_in_session") as batch_op:
        batch_op.drop_index(batch_op.f("ix_signed_in_session_user_id"))
    op.drop_table("signed_in_session")
