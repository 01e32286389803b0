"""How many times a set of tables has changed: the version under which pages drawn from them are kept.

One row per watched set (``app.data_versions``), raised in the same transaction as the change itself, so
that every worker of every host sees a new version the moment the change is visible. Nothing tenant-owned
is stored here: a name and a number.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class DataVersion(db.Model):
    """The version of one watched set of tables (e.g. ``agreements``: agreements and their money)."""

    __tablename__ = "data_version"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
