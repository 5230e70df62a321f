"""The crisis help panel's lines (an admin edits them) and how many crisis searches a day
there were (a count only: the words are never kept)."""

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import db
from directory.models.common import uuid_pk


class CrisisLine(db.Model):
    """One line of the panel: "In danger now?" [Call 999](tel:999)."""

    __tablename__ = "crisis_line"

    id: Mapped[uuid.UUID] = uuid_pk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    question: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(300), default="")
    # Shown only for abuse words and on the domestic abuse pathway.
    for_abuse: Mapped[bool] = mapped_column(Boolean, default=False)


class CrisisSearchDay(db.Model):
    __tablename__ = "crisis_search_day"

    searched_on: Mapped[date] = mapped_column(Date, primary_key=True)
    searches: Mapped[int] = mapped_column(Integer, default=0)
