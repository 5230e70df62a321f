"""crisis help panel lines and the daily count of crisis searches

Revision ID: i13a_crisis
Revises: i13a_prisons
"""
import sqlalchemy as sa
from alembic import op

revision = "i13a_crisis"
down_revision = "i13a_prisons"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "crisis_line",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.Column("for_abuse", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crisis_line")),
    )
    op.create_table(
        "crisis_search_day",
        sa.Column("searched_on", sa.Date(), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("searched_on", name=op.f("pk_crisis_search_day")),
    )


def downgrade():
    op.drop_table("crisis_search_day")
    op.drop_table("crisis_line")
