"""Agreement numbers: one sequence per year, shaped by the configurable pattern (``AGREEMENT_NUMBER_PATTERN``).

The pattern takes ``{sequence}`` and ``{year}`` (default ``WZ.526.{sequence}.{year}``, so the 14th
agreement of 2027 is "WZ.526.14.2027"). The next sequence is read under the department's row lock,
so two officers creating agreements at once get two numbers, never one twice.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app.database import lock
from app.extensions import db
from app.models import Agreement, Organisation

DEFAULT_PATTERN = "WZ.526.{sequence}.{year}"


def pattern() -> str:
    """The number pattern in force."""
    return current_app.config.get("AGREEMENT_NUMBER_PATTERN") or DEFAULT_PATTERN


def format_number(sequence: int, year: int) -> str:
    """The number of the ``sequence``-th agreement of ``year``."""
    return pattern().format(sequence=sequence, year=year)


def next_number(department_id: int, year: int) -> tuple[int, str]:
    """(sequence, number) for a new agreement of ``year``, taken under the department's row lock."""
    lock(Organisation, department_id)
    last = db.session.execute(select(func.max(Agreement.sequence)).where(Agreement.year == year)).scalar_one()
    sequence = (last or 0) + 1
    return sequence, format_number(sequence, year)
