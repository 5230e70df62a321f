"""the board's "not a gap" decisions, meetings marked held, and each saved pack's PDF

Revision ID: i15_board_meetings
Revises: i13a_crisis
"""
import sqlalchemy as sa
from alembic import op

revision = "i15_board_meetings"
down_revision = "i13a_crisis"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "gap_dismissal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("gap_key", sa.String(length=400), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=254), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gap_dismissal")),
        sa.UniqueConstraint("gap_key", name=op.f("uq_gap_dismissal_gap_key")),
    )
    with op.batch_alter_table("board_meeting") as batch:
        batch.add_column(sa.Column("marked_held_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("pack_snapshot") as batch:
        batch.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("pack_snapshot") as batch:
        batch.drop_column("pdf")
    with op.batch_alter_table("board_meeting") as batch:
        batch.drop_column("marked_held_at")
    op.drop_table("gap_dismissal")
