"""The four taxonomies a board can rename, re-order, add to and retire.

They are rows, never enums: another area may want other pathways.
"""

import uuid

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import db
from directory.models.common import uuid_pk


class TaxonomyTerm:
    """Columns every taxonomy term has."""

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"

    @property
    def public_name(self) -> str:
        """The name people looking for help see (a pathway may have a plainer one)."""
        return self.name


class Pathway(TaxonomyTerm, db.Model):
    """A pathway. `name` is the official one the board uses ("Accommodation"); the public
    pages use `plain_name` ("Somewhere to live") when it is set."""

    __tablename__ = "pathway"
    label = "Pathway"
    plain_name: Mapped[str] = mapped_column(String(120), default="")

    @property
    def public_name(self) -> str:
        return self.plain_name or self.name


class Area(TaxonomyTerm, db.Model):
    """A district, or the whole county (`county_wide`), that a service covers. A `national`
    area ("Anywhere in England") is county-wide too: its services can be used from anywhere,
    so they are what a person outside the county is shown."""

    __tablename__ = "area"
    label = "Area"
    county_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    national: Mapped[bool] = mapped_column(Boolean, default=False)


class ClientGroup(TaxonomyTerm, db.Model):
    """Who a service is for. A service with none is for anyone."""

    __tablename__ = "client_group"
    label = "Who it is for"


class Stage(TaxonomyTerm, db.Model):
    """Stage of the journey through the justice system."""

    __tablename__ = "stage"
    label = "Stage"


def service_link_table(name: str, term_table: str) -> Table:
    return Table(
        name,
        db.metadata,
        Column("service_id", Uuid, ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
        Column(
            "term_id", Uuid, ForeignKey(f"{term_table}.id", ondelete="CASCADE"), primary_key=True
        ),
    )


service_pathways = service_link_table("service_pathway", "pathway")
service_areas = service_link_table("service_area", "area")
service_client_groups = service_link_table("service_client_group", "client_group")
service_stages = service_link_table("service_stage", "stage")

# Name used in URLs and forms -> (model, link table, Service attribute).
TAXONOMIES = {
    "pathway": (Pathway, service_pathways, "pathways"),
    "area": (Area, service_areas, "areas"),
    "client_group": (ClientGroup, service_client_groups, "client_groups"),
    "stage": (Stage, service_stages, "stages"),
}
