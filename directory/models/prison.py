"""Prisons as places: services delivered inside name the prison, and families can find
support at the prison where someone is held, wherever they live."""

import uuid

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.common import uuid_pk
from directory.models.taxonomy import Area


class Prison(db.Model):
    __tablename__ = "prison"

    id: Mapped[uuid.UUID] = uuid_pk()
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Who it holds, in plain words: "Men", "Women", "Men aged 18 and over".
    holds: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # The district it is in; none for a prison outside the directory's county.
    area_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("area.id"))
    # What the data holds about booking a visit.
    visits_booking: Mapped[str] = mapped_column(Text, default="")
    visits_phone: Mapped[str] = mapped_column(String(40), default="")
    visits_email: Mapped[str] = mapped_column(String(200), default="")
    visits_url: Mapped[str] = mapped_column(String(300), default="")
    visiting_times: Mapped[str] = mapped_column(Text, default="")

    area: Mapped[Area | None] = relationship()

    def __repr__(self) -> str:
        return f"<Prison {self.slug}>"
