"""imports: where each record came from, long free text, HSDS extras, feeds

Revision ID: i16b_import_sources
Revises: i15_board_meetings
"""
import sqlalchemy as sa
from alembic import op

revision = "i16b_import_sources"
down_revision = "i15_board_meetings"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("organisation", "service", "location"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("source", sa.String(length=200), nullable=True))
    # Ids are unique within one source: two feeds may both number their records 1, 2, 3.
    for table in ("organisation", "service"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_source_id", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_source", ["source", "source_id"])
    # Everything imported so far came from files.
    op.execute("UPDATE organisation SET source = 'files' WHERE source_id IS NOT NULL")
    op.execute("UPDATE service SET source = 'files' WHERE source_id IS NOT NULL")
    op.execute("UPDATE location SET source = 'files' WHERE organisation_id IN "
               "(SELECT id FROM organisation WHERE source_id IS NOT NULL)")
    with op.batch_alter_table("service") as batch:
        batch.alter_column("cost", type_=sa.Text(), existing_type=sa.String(length=300))
        batch.add_column(sa.Column("alternate_name", sa.Text(), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("contact_name", sa.String(length=200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("contact_title", sa.String(length=200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("required_documents", sa.JSON(), nullable=False,
                                   server_default="[]"))
        batch.add_column(sa.Column("cost_options", sa.JSON(), nullable=False,
                                   server_default="[]"))
    with op.batch_alter_table("service_at_location") as batch:
        batch.add_column(sa.Column("schedule", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("schedule_row") as batch:
        batch.alter_column("note", type_=sa.Text(), existing_type=sa.String(length=200))
    with op.batch_alter_table("funding") as batch:
        batch.alter_column("funder", type_=sa.Text(), existing_type=sa.String(length=200))
    op.create_table(
        "feed",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("pull_every_hours", sa.Integer(), nullable=True),
        sa.Column("last_tried_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_ok", sa.Boolean(), nullable=True),
        sa.Column("last_result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed")),
        sa.UniqueConstraint("name", name=op.f("uq_feed_name")),
    )


def downgrade():
    op.drop_table("feed")
    with op.batch_alter_table("funding") as batch:
        batch.alter_column("funder", type_=sa.String(length=200), existing_type=sa.Text())
    with op.batch_alter_table("schedule_row") as batch:
        batch.alter_column("note", type_=sa.String(length=200), existing_type=sa.Text())
    with op.batch_alter_table("service_at_location") as batch:
        batch.drop_column("schedule")
    with op.batch_alter_table("service") as batch:
        for column in ("cost_options", "required_documents", "contact_title", "contact_name",
                       "alternate_name"):
            batch.drop_column(column)
        batch.alter_column("cost", type_=sa.String(length=300), existing_type=sa.Text())
    for table in ("organisation", "service"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_source", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_source_id", ["source_id"])
    for table in ("location", "service", "organisation"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("source")
