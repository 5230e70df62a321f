"""a plain public name for each pathway ("Somewhere to live"); the board keeps the official one

Revision ID: i13b_plain_pathway_names
Revises: i13b_text_message_sends
"""
import sqlalchemy as sa
from alembic import op

revision = "i13b_plain_pathway_names"
down_revision = "i13b_text_message_sends"
branch_labels = None
depends_on = None

# The N-Compass pathways' plain names; another area's own pathways keep their names until the
# board gives them plain ones in the taxonomy admin.
PLAIN_NAMES = {
    "accommodation": "Somewhere to live",
    "attitudes-thinking-behaviour": "Thinking and behaviour",
    "domestic-abuse": "Abuse at home",
    "drugs-alcohol": "Drink and drugs",
    "education-training-employment": "Work, learning and training",
    "finance-benefits-debt": "Money, benefits and debt",
    "health": "Health and feelings",
    "sex-workers-support": "Help for sex workers",
    "social-networks": "Family and friends",
}


def upgrade():
    with op.batch_alter_table("pathway", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plain_name", sa.String(length=120), nullable=False,
                                      server_default=""))
    pathway = sa.table("pathway", sa.column("slug", sa.String), sa.column("plain_name", sa.String))
    for slug, plain_name in PLAIN_NAMES.items():
        op.execute(pathway.update().where(pathway.c.slug == slug)
                   .values(plain_name=plain_name))


def downgrade():
    with op.batch_alter_table("pathway", schema=None) as batch_op:
        batch_op.drop_column("plain_name")
