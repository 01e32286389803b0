"""The rules every side of a referral shares: deadlines by urgency, the reference, what a case code may be."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.database import lock
from app.extensions import db
from app.models import Organisation, Referral
from app.models.referrals import Urgency
from app.models.tenancy import OrganisationKind

ANSWER_WITHIN = {
    Urgency.IMMEDIATE: timedelta(hours=4),
    Urgency.URGENT: timedelta(hours=24),
    Urgency.ROUTINE: timedelta(days=5),
}
CASE_CODE = re.compile(r"[A-Za-z0-9/-]{3,40}")
PESEL = re.compile(r"\d{11}")
FULL_NAME = re.compile(r"\b[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+ [A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+\b")
CASE_CODE_HELP = _l("3 to 40 letters, digits, hyphens or slashes, e.g. MOPS-2026/145 — never a name or a PESEL.")


def respond_by(sent_at: datetime, urgency: Urgency) -> datetime:
    """When the receiving organisation must answer: 4 hours (immediate), 24 hours (urgent), 5 days (routine)."""
    return sent_at + ANSWER_WITHIN[Urgency(urgency)]


def case_code_problem(value: str | None):
    """Why ``value`` cannot be a case code (a message), or None when it can."""
    value = (value or "").strip()
    if not value:
        return _l("Enter the case code your organisation uses for this person.")
    if FULL_NAME.search(value):
        return _l("This looks like a person's name. Enter your organisation's case code, never a name.")
    if PESEL.search(value):
        return _l("This looks like a PESEL number. Enter your organisation's case code, never a PESEL.")
    if not CASE_CODE.fullmatch(value):
        return _l("A case code has 3 to 40 letters, digits, hyphens or slashes, with no spaces.")
    if not any(character.isdigit() for character in value):  # "Kowalski", "Anna-Nowak": a name, not a code
        return _l("A case code has at least one digit (e.g. MOPS-2026/145): a word alone may be a name.")
    return None


def next_reference(year: int) -> str:
    """The next reference of ``year`` ("S/2026/000123"), taken under the department's row lock (else the first
    organisation's) so two referrals sent at once never get one reference twice (the unique index backs it)."""
    holder = db.session.execute(select(Organisation.id).order_by(
        (Organisation.kind != OrganisationKind.DEPARTMENT), Organisation.id).limit(1)).scalar_one()
    lock(Organisation, holder)
    prefix = f"S/{year}/"
    last = db.session.execute(select(func.max(Referral.reference)).where(Referral.reference.like(prefix + "%"))
                              ).scalar_one()
    sequence = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"
