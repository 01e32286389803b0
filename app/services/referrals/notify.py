"""E-mails about a referral, after the commit, to the other side's admins and coordinators.

The other side may be another organisation than the actor's, so its people are read in the named scope
``referrals.mail`` (tests/security/test_scope_discipline.py lists it): only their addresses and languages. A
message names the reference, the service and a link — never the case code nor any other personal field.
"""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l

from app.mail import send_mail
from app.models import Referral
from app.services.moderation.review import organisation_contacts
from app.tenancy import system_scope


def _link(referral: Referral, organisation_id: int) -> str | None:
    if not has_request_context():
        return None
    return url_for("account.act_for", organisation=organisation_id,
                   next=url_for("referrals_workspace.detail", referral_id=referral.id), _external=True)


def tell(referral: Referral, event: str, organisation_id: int) -> None:
    """E-mail ``organisation_id``'s admins and coordinators that the referral was ``event`` (sent, accepted…)."""
    with system_scope("referrals.mail"):
        people = [(user.email, user.locale or "pl") for user in organisation_contacts(organisation_id)]
    link = _link(referral, organisation_id)
    service = referral.service
    for email, locale in people:
        send_mail(email, _subject(event, referral.reference), "referral_changed", locale,
                  referral=referral, event=event, service_name=service.text("name", locale), link=link)


def _subject(event: str, reference: str):
    return {
        "sent": _l("New referral %(reference)s", reference=reference),
        "accepted": _l("Referral %(reference)s accepted", reference=reference),
        "declined": _l("Referral %(reference)s declined", reference=reference),
        "completed": _l("Referral %(reference)s completed", reference=reference),
        "cancelled": _l("Referral %(reference)s cancelled", reference=reference),
    }[event]
