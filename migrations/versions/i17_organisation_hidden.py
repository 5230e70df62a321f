"""organisation.archived is named for what it means: hidden from the public

Revision ID: i17_organisation_hidden
Revises: i13b_plain_pathway_names
"""
import sqlalchemy as sa
from alembic import op

revision = "i17_organisation_hidden"
down_revision = "i13b_plain_pathway_names"
branch_labels = None
depends_on = None

audit = sa.table("audit_entry", sa.column("id", sa.Uuid()), sa.column("record_type", sa.String),
                 sa.column("changes", sa.JSON()), sa.column("snapshot", sa.JSON()))


def _rename_in_history(old: str, new: str) -> None:
    """The organisations' history names the field too, so old versions still restore."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(audit.c.id, audit.c.changes, audit.c.snapshot)
                              .where(audit.c.record_type == "organisation")).all()
    for entry_id, changes, snapshot in rows:
        if old in changes or old in snapshot:
            renamed = [{(new if key == old else key): value for key, value in part.items()}
                       for part in (changes, snapshot)]
            connection.execute(audit.update().where(audit.c.id == entry_id)
                               .values(changes=renamed[0], snapshot=renamed[1]))


def upgrade():
    with op.batch_alter_table("organisation") as batch:
        batch.alter_column("archived", new_column_name="hidden", existing_type=sa.Boolean())
    _rename_in_history("archived", "hidden")


def downgrade():
    _rename_in_history("hidden", "archived")
    with op.batch_alter_table("organisation") as batch:
        batch.alter_column("hidden", new_column_name="archived", existing_type=sa.Boolean())
