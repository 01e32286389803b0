"""The demo city's department, organisations and people, and ``load_demo``, which loads the whole city.

Content from app/demo/data/organisations.json and people.json. Everything made here is
marked ``is_demo``. Loading twice changes nothing the second time. Never available in
production (config ``DEMO_ALLOWED``). The password and the two-factor secrets are not
content: they are here (and in README).
"""

from __future__ import annotations

import os
import zlib

from sqlalchemy import select

from app.demo.activities import load_activities
from app.demo.agreements import load_agreements
from app.demo.calls import load_calls
from app.demo.capacity import load_capacity, load_referrals
from app.demo.content import read
from app.demo.evaluation import load_evaluation
from app.demo.feedback import load_feedback
from app.demo.funding import load_programmes
from app.demo.indicators import load_indicators
from app.demo.listings import load_pending_change, load_services
from app.demo.meetings import load_meetings
from app.demo.messages import load_messages
from app.demo.networks import load_networks
from app.demo.offers import load_offers
from app.demo.reports import load_reports
from app.demo.results import load_results
from app.demo.search_queries import load_search_queries
from app.demo.small_grants import load_small_grants
from app.extensions import db
from app.models import Membership, Organisation, OrganisationKind, Role, utcnow
from app.services.accounts.users import create_user, find_user_by_email
from app.services.audit.log import record_event
from app.services.directory.taxonomy import load_terms, read_tree
from app.services.organisations.registry import register_organisation
from app.validators import with_nip_checksum, with_regon_checksum

DEFAULT_DEMO_PASSWORD = "kawa-rower-latarnia-26"
DEMO_TOTP_SECRETS = {
    "admin@demo.example": "ONUWKYZNMRSW23ZNMFSG22LOFV2G65DQ",
    "officer@demo.example": "ONUWKYZNMRSW23ZNN5TGM2LDMVZC25DP",
    "analyst@demo.example": "ONUWKYZNMRSW23ZNMFXGC3DZON2C25DP",
    "secretary@demo.example": "ONUWKYZNMRSW23ZNONSWG4TFORQXE6JN",
}


def _identifiers(key: str, with_krs: bool) -> dict:
    """Deterministic legal identifiers with valid checksums (not real organisations' numbers)."""
    seed = zlib.crc32(key.encode())
    nip = None
    offset = 0
    while nip is None:
        nip = with_nip_checksum(f"{(seed + offset) % 10**9:09d}")
        offset += 1
    regon = with_regon_checksum(f"{(seed // 7) % 10**8:08d}")
    return {"nip": nip, "regon": regon, "krs": f"{seed % 10**10:010d}" if with_krs else None}


def load_organisations(city: str) -> tuple[dict[str, Organisation], int]:
    """The demo organisations by key, and how many were created."""
    by_key: dict[str, Organisation] = {}
    created = 0
    for spec in read("organisations"):
        key = spec["key"]
        slug = f"demo-{key}"
        organisation = db.session.execute(select(Organisation).where(Organisation.slug == slug)).scalar_one_or_none()
        if organisation is None:
            description = spec["description"]
            data = {
                "name": spec["name"], "short_name": spec["short_name"], "kind": OrganisationKind(spec["kind"]),
                "street": spec["street"], "postal_code": "41-500", "city": city,
                "phone": f"+48 32 {zlib.crc32(key.encode()) % 900 + 100} 00 00",
                "email": f"{key}@demo.example", "website": f"https://{key}.demo.example",
                "description_pl": description["pl"], "description_uk": description["uk"],
                "description_en": description["en"], **_identifiers(key, spec["krs"]),
            }
            organisation = register_organisation(data, actor=None, is_demo=True)
            organisation.slug = slug
            organisation.followed_spheres = " " + " ".join(spec.get("follows", [])) + " "
            if spec["verified"]:
                organisation.is_verified = True
                organisation.verified_at = utcnow()
            created += 1
        by_key[key] = organisation
    db.session.flush()
    return by_key, created


def load_people(organisations: dict[str, Organisation], password: str) -> tuple[int, int]:
    """The demo accounts and their memberships; returns how many of each were created."""
    users = memberships = 0
    for spec in read("people"):
        email = spec["email"]
        user = find_user_by_email(email)
        if user is None:
            user = create_user(email, spec["full_name"], password, locale=None, is_demo=True)
            if email in DEMO_TOTP_SECRETS:
                user.totp_secret = DEMO_TOTP_SECRETS[email]
                user.totp_enabled_at = utcnow()
            users += 1
        for membership in spec["memberships"]:
            organisation = organisations[membership["organisation"]]
            exists = db.session.execute(select(Membership.id).where(
                Membership.user_id == user.id, Membership.organisation_id == organisation.id)).first()
            if not exists:
                db.session.add(Membership(user_id=user.id, organisation_id=organisation.id,
                                          role=Role(membership["role"])))
                memberships += 1
    return users, memberships


def load_demo(password: str | None = None, city: str = "Miasto Demo") -> dict:
    """Create what is missing of the demo city; return counts of what was created."""
    password = password or os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
    by_key, organisations = load_organisations(city)
    users, memberships = load_people(by_key, password)
    created = {"organisations": organisations, "users": users, "memberships": memberships,
               "categories": load_terms(read_tree())}
    created["services"] = load_services(by_key)
    created.update(load_activities(by_key))
    created["changes_waiting"] = load_pending_change(by_key)
    created["feedback"] = load_feedback(by_key)
    created.update(load_programmes(by_key["department"]))
    created["calls"] = load_calls(by_key["department"])
    created["decided_calls"] = load_results(by_key)
    created["small_grants"] = load_small_grants(by_key)
    created["offers"] = load_offers(by_key)
    created["calls_in_evaluation"] = load_evaluation(by_key)
    created["agreements"] = load_agreements(by_key)
    created["reports"] = load_reports(by_key)
    created.update(load_indicators(by_key["department"]))
    created["capacity_units"] = load_capacity(by_key)
    created["referrals"] = load_referrals(by_key)
    created["networks"] = load_networks(by_key)
    created["meetings"] = load_meetings(by_key)  # after the networks: the interdisciplinary team's meetings
    created["search_queries"] = load_search_queries()
    created["messages"] = load_messages(by_key)  # after the networks: the winter action's message to its members
    if any(created.values()):
        record_event("demo.loaded", details=dict(created))
    db.session.flush()
    return created


def department() -> Organisation | None:
    """The department organisation, if there is one."""
    return db.session.execute(
        select(Organisation).where(Organisation.kind == OrganisationKind.DEPARTMENT).limit(1)
    ).scalar_one_or_none()
