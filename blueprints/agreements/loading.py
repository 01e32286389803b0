"""Loading an agreement for the pages of both audiences, each in the reader's own scope."""

from __future__ import annotations

from flask import abort, current_app, url_for

from app.models import Agreement
from app.permissions import current_actor
from app.services.agreements import reading
from app.tenancy import get_or_404


def in_department() -> bool:
    """Whether the reader acts for the department (who reads every agreement, in the console)."""
    return current_actor().in_department


def console_page(endpoint: str, fallback: str, **values) -> str:
    """A console page for the department's reader: ``endpoint`` when it exists, else ``fallback``."""
    return url_for(endpoint if endpoint in current_app.view_functions else fallback, **values)


def load_agreement(agreement_id: int) -> Agreement:
    """The agreement read through the reader's scope: another organisation's is a 404, and so is a draft to the
    organisation (the department is still writing it; the organisation sees it once it is sent)."""
    agreement = get_or_404(Agreement, agreement_id)
    if not in_department() and not reading.shown_to_organisation(agreement):
        abort(404)
    return agreement
