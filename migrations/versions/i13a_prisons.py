"""prisons as places, and an area for services anyone in England can use

Revision ID: i13a_prisons
Revises: i5_board
"""
import sqlalchemy as sa
from alembic import op

revision = "i13a_prisons"
down_revision = "i5_board"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "prison",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("holds", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("area_id", sa.Uuid(), nullable=True),
        sa.Column("visits_booking", sa.Text(), nullable=False),
        sa.Column("visits_phone", sa.String(length=40), nullable=False),
        sa.Column("visits_email", sa.String(length=200), nullable=False),
        sa.Column("visits_url", sa.String(length=300), nullable=False),
        sa.Column("visiting_times", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], name=op.f("fk_prison_area_id_area")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prison")),
        sa.UniqueConstraint("slug", name=op.f("uq_prison_slug")),
    )
    with op.batch_alter_table("location") as batch:
        batch.add_column(sa.Column("prison_id", sa.Uuid(), nullable=True))
        batch.create_index(batch.f("ix_location_prison_id"), ["prison_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_location_prison_id_prison"), "prison", ["prison_id"], ["id"])
    with op.batch_alter_table("area") as batch:
        batch.add_column(sa.Column("national", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("area") as batch:
        batch.drop_column("national")
    with op.batch_alter_table("location") as batch:
        batch.drop_constraint(batch.f("fk_location_prison_id_prison"), type_="foreignkey")
        batch.drop_index(batch.f("ix_location_prison_id"))
        batch.drop_column("prison_id")
    op.drop_table("prison")
