"""Sending a referral: the allow-listed fields, the consent, the deadline, the reference, the e-mail.

The referral belongs to the receiving organisation, so the sender writes it through ``widened_scope``
("referrals.send"), which writes why in the audit log.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.localtime import to_local
from app.models import Referral, utcnow
from app.models.referrals import AgeBand, ConsentGivenBy, ConsentMethod, Need, ReferralStatus, Urgency
from app.services import CombinedServiceError, ServiceError
from app.services.audit.log import record_event, widened_scope
from app.services.referrals import notify, rules, targets

NO_CONSENT = _l("A referral needs the person's consent: record who gave it, how and when.")
CHILDREN_MAX = 20


def _clean(data: dict) -> dict:
    """The fields checked and normalised; every problem at once, each beside its field."""
    errors: list[ServiceError] = []
    problem = rules.case_code_problem(data.get("case_code"))
    if problem:
        errors.append(ServiceError(problem, field="case_code"))
    needs = [code for code in (data.get("needs") or []) if code in {need.value for need in Need}]
    if not needs:
        errors.append(ServiceError(_l("Choose at least one need."), field="needs"))
    if not data.get("consent") or not data.get("consent_given_by") or not data.get("consent_method") \
            or not data.get("consent_at"):
        errors.append(ServiceError(NO_CONSENT, field="consent"))
    consent_at = data.get("consent_at")
    if isinstance(consent_at, datetime) and consent_at > utcnow():
        errors.append(ServiceError(_l("The consent cannot be given in the future."), field="consent_at"))
    with_children = bool(data.get("with_children"))
    children = data.get("children_count") if with_children else None
    if with_children and (children is None or not 1 <= children <= CHILDREN_MAX):
        errors.append(ServiceError(_l("Enter how many children come along (1 to 20)."), field="children_count"))
    if errors:
        raise CombinedServiceError(errors)
    return {"case_code": data["case_code"].strip(), "needs": needs, "with_children": with_children,
            "children_count": children, "consent_at": consent_at}


def send_referral(actor, data: dict) -> Referral:
    """Refer a person from the actor's organisation to another's service (and, when named, one of its units).

    ``data``: service_id, capacity_unit_id (optional), case_code, needs, age_band, with_children, children_count,
    urgency, consent (bool), consent_given_by, consent_method, consent_at (UTC), contact_name/phone/email.
    Refused with the reasons beside their fields, changing nothing: no consent, a name or a PESEL as the case code,
    no need, one's own organisation, a service or unit one may not refer to.
    """
    if actor.membership is None or actor.in_department:
        raise ServiceError(_l("Only an organisation can send a referral."))
    service_id, unit_id = data.get("service_id"), data.get("capacity_unit_id")
    target = _target(actor, service_id, unit_id)
    clean = _clean(data)
    service, unit = target
    urgency = Urgency(data["urgency"])
    now = utcnow()
    with widened_scope("referrals.send", actor=actor.user, organisation_id=service.organisation_id):
        referral = Referral(
            organisation_id=service.organisation_id, referring_organisation_id=actor.organisation_id,
            reference=rules.next_reference(to_local(now).year), service_id=service.id,
            capacity_unit_id=unit.id if unit else None, status=ReferralStatus.SENT, urgency=urgency,
            case_code=clean["case_code"], age_band=AgeBand(data["age_band"]) if data.get("age_band") else None,
            with_children=clean["with_children"], children_count=clean["children_count"],
            consent_given_by=ConsentGivenBy(data["consent_given_by"]),
            consent_method=ConsentMethod(data["consent_method"]), consent_at=clean["consent_at"],
            consent_recorded_by_id=actor.user.id,
            contact_name=(data.get("contact_name") or "").strip()[:120] or None,
            contact_phone=(data.get("contact_phone") or "").strip()[:40] or None,
            contact_email=(data.get("contact_email") or "").strip()[:254] or None,
            sent_at=now, sent_by_id=actor.user.id, respond_by=rules.respond_by(now, urgency))
        referral.need_list = clean["needs"]
        db.session.add(referral)
        db.session.flush()
        record_event("referral.sent", actor=actor.user, organisation_id=referral.organisation_id, target=referral,
                     details={"reference": referral.reference, "urgency": urgency.value,
                              "from": actor.organisation_id})
        notify.tell(referral, "sent", referral.organisation_id)
    return referral


def _target(actor, service_id, unit_id):
    """The service (and unit) the actor may refer to, else a refusal beside the choice."""
    found = targets.find_target(actor, service_id, unit_id)
    if found is None:
        if service_id is not None and targets.is_own_service(actor, service_id):
            raise ServiceError(_l("You cannot refer a person to your own organisation."), field="service_id")
        raise ServiceError(_l("Choose a service of another organisation to refer to."), field="service_id")
    return found
