"""What people searched for, kept to find unmet demand. Holds no IP, cookie or user:
only the normalised words, the filters, how many results and the day."""

import uuid
from datetime import date

from sqlalchemy import JSON, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import db
from directory.models.common import uuid_pk


class SearchLog(db.Model):
    __tablename__ = "search_log"

    id: Mapped[uuid.UUID] = uuid_pk()
    query: Mapped[str] = mapped_column(String(500), default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    result_count: Mapped[int] = mapped_column(Integer)
    searched_on: Mapped[date] = mapped_column(Date, index=True)
