"""Small helpers for building SQL that behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func


def escape_like(word: str) -> str:
    """``word`` for a LIKE pattern with ``escape="\\"``: its %, _ and \\ taken literally."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text: str):
    """``column`` contains ``text``, case-insensitively, with LIKE's wildcards in ``text`` taken literally."""
    return func.lower(column).like(f"%{escape_like(text.lower())}%", escape="\\")


def starts_with(column, text: str):
    """``column`` starts with ``text`` (case-sensitive), wildcards in ``text`` taken literally."""
    return column.like(f"{escape_like(text)}%", escape="\\")
