"""The demo city: the department and a dozen organisations from the seed documents.

Everything made here is marked ``is_demo``. Loading twice changes nothing the second time.
Never available in production (config ``DEMO_ALLOWED``).
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Membership, Organisation, OrganisationKind, Role, User, utcnow
from app.services.accounts.users import create_user, find_user_by_email
from app.services.audit.log import record_event
from app.services.organisations.registry import register_organisation
from app.validators import with_nip_checksum, with_regon_checksum

DEFAULT_DEMO_PASSWORD = "kawa-rower-latarnia-26"
DEMO_TOTP_SECRETS = {
    "admin@demo.example": "ONUWKYZNMRSW23ZNMFSG22LOFV2G65DQ",
    "officer@demo.example": "ONUWKYZNMRSW23ZNN5TGM2LDMVZC25DP",
    "analyst@demo.example": "ONUWKYZNMRSW23ZNMFXGC3DZON2C25DP",
}


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    short_name: str
    kind: OrganisationKind
    street: str
    description_pl: str
    description_uk: str | None = None
    description_en: str | None = None
    verified: bool = True
    krs: bool = True


ORGANISATIONS = (
    DemoOrganisation(
        "department", "Wydział Zdrowia i Pomocy Społecznej Urzędu Miasta", "Wydział Zdrowia i PS",
        OrganisationKind.DEPARTMENT, "ul. Rynek 1",
        "Koordynuje pomoc społeczną w mieście: programy, otwarte konkursy ofert, dotacje i usługi zlecane.",
        "Координує соціальну допомогу в місті: програми, відкриті конкурси, гранти та замовлені послуги.",
        "Coordinates social welfare in the city: programmes, open calls, grants and contracted services.",
        krs=False),
    DemoOrganisation(
        "family", "Stowarzyszenie na Rzecz Rodziny", "SnRR", OrganisationKind.ASSOCIATION, "ul. Wolności 12",
        "Prowadzi Ośrodek Psychoterapii i Promocji Rodziny: bezpłatne porady prawne i psychologiczno-"
        "pedagogiczne, terapia rodzin, punkt konsultacyjny ds. narkomanii i sekt, doradztwo zawodowe.",
        "Веде Центр психотерапії та підтримки сім'ї: безкоштовні юридичні та психологічні консультації, "
        "сімейна терапія, консультаційний пункт щодо наркоманії.",
        "Runs the Family Psychotherapy and Support Centre: free legal and psychological advice, family "
        "therapy, a drug and cult counselling point, career advice."),
    DemoOrganisation(
        "crisis", "Ośrodek Interwencji Kryzysowej", "OIK", OrganisationKind.CRISIS_CENTRE, "ul. Siemianowicka 30",
        "Całodobowa pomoc w kryzysie, miejsca hotelowe dla osób doznających przemocy w rodzinie oraz dwa "
        "mieszkania chronione.",
        "Цілодобова допомога в кризі, місця для проживання для постраждалих від домашнього насильства та "
        "дві захищені квартири.",
        "Round-the-clock crisis help, hotel places for people experiencing domestic violence and two "
        "protected flats."),
    DemoOrganisation(
        "tpd", "Towarzystwo Przyjaciół Dzieci – Oddział Miejski", "TPD", OrganisationKind.ASSOCIATION,
        "ul. Katowicka 45",
        "Prowadzi świetlice środowiskowe z programami opiekuńczo-wychowawczymi i socjoterapeutycznymi dla "
        "dzieci z rodzin z problemem alkoholowym; ferie i wypoczynek letni."),
    DemoOrganisation(
        "dayclub", "Świetlica Środowiskowa „Promyk”", "Promyk", OrganisationKind.DAY_CLUB, "ul. Hajducka 8",
        "Zajęcia po szkole, pomoc w lekcjach i ciepły posiłek dla dzieci w wieku 6–15 lat.", verified=False,
        krs=False),
    DemoOrganisation(
        "caritas", "Parafialny Zespół Caritas przy parafii św. Jadwigi", "Caritas św. Jadwigi",
        OrganisationKind.CHURCH, "ul. Kościelna 3",
        "Paczki żywnościowe, spotkania świąteczne dla osób samotnych i ubogich, pomoc rzeczowa.",
        "Продуктові набори, святкові зустрічі для самотніх і малозабезпечених, речова допомога.",
        "Food parcels, holiday gatherings for lonely and poor people, material aid."),
    DemoOrganisation(
        "disability", "Fundacja Osób Niepełnosprawnych „Razem”", "Fundacja Razem", OrganisationKind.FOUNDATION,
        "ul. Czysta 5",
        "Rehabilitacja, doradztwo i likwidacja barier architektonicznych dla osób z niepełnosprawnościami."),
    DemoOrganisation(
        "childrenshome", "Dom Dziecka – filia w Ośrodku Wsparcia Rodziny", "Filia Domu Dziecka",
        OrganisationKind.PUBLIC_INSTITUTION, "ul. Słowackiego 21",
        "Samodzielne mieszkania, w których wychowankowie pod opieką opiekuna przygotowują się do "
        "samodzielnego życia.", krs=False),
    DemoOrganisation(
        "ops", "Ośrodek Pomocy Społecznej", "OPS", OrganisationKind.PUBLIC_INSTITUTION, "ul. Dąbrowskiego 2",
        "Praca socjalna, asystenci rodziny, usługi opiekuńcze, bezpłatna pomoc prawna i psychologiczna.",
        "Соціальна робота, сімейні асистенти, послуги догляду, безкоштовна юридична та психологічна допомога.",
        "Social work, family assistants, care services, free legal and psychological help.", krs=False),
    DemoOrganisation(
        "welfarehome", "Dom Pomocy Społecznej dla Osób Starszych", "DPS", OrganisationKind.WELFARE_HOME,
        "ul. Parkowa 14", "Całodobowa opieka dla osób starszych i przewlekle chorych.", krs=False),
    DemoOrganisation(
        "shelter", "Towarzystwo Pomocy im. św. Brata Alberta – Koło Miejskie", "Schronisko Brata Alberta",
        OrganisationKind.SHELTER, "ul. Przemysłowa 40",
        "Schronisko i noclegownia dla osób w kryzysie bezdomności, łaźnia, ogrzewalnia zimą.",
        "Притулок і нічліжка для людей у кризі бездомності, лазня, обігрівальня взимку.",
        "Shelter and night shelter for people experiencing homelessness, showers, a warming room in winter."),
    DemoOrganisation(
        "inclusion", "Stowarzyszenie na Rzecz Przeciwdziałania Wykluczeniu Społecznemu", "SPWS",
        OrganisationKind.NGO, "ul. Legnicka 9",
        "Aktywizacja zawodowa i społeczna, wolontariat, warsztaty dla rodziców „Być dobrym rodzicem”."),
    DemoOrganisation(
        "selfhelp", "Grupa wsparcia „Promyk nadziei”", "Promyk nadziei", OrganisationKind.SELF_HELP_GROUP,
        "ul. Wolności 12", "Grupa wsparcia dla osób doznających przemocy; spotkania co tydzień.",
        verified=False, krs=False),
)

# (email, full name, organisation key, role)
PEOPLE = (
    ("admin@demo.example", "Anna Administratorka", "department", Role.ADMIN),
    ("officer@demo.example", "Olgierd Urzędnik", "department", Role.OFFICER),
    ("analyst@demo.example", "Alicja Analityczka", "department", Role.ANALYST),
    ("coordinator@demo.example", "Celina Koordynatorka", "family", Role.ADMIN),
    ("coordinator@demo.example", "Celina Koordynatorka", "tpd", Role.COORDINATOR),
    ("staff@demo.example", "Stefan Pracownik", "shelter", Role.STAFF),
    ("family.staff@demo.example", "Fryderyk Terapeuta", "family", Role.STAFF),
    ("crisis.admin@demo.example", "Krystyna Interwencja", "crisis", Role.ADMIN),
    ("crisis.coordinator@demo.example", "Kamil Dyżurny", "crisis", Role.COORDINATOR),
    ("tpd.admin@demo.example", "Teresa Wychowawczyni", "tpd", Role.ADMIN),
    ("shelter.admin@demo.example", "Szymon Albertyn", "shelter", Role.ADMIN),
    ("caritas.admin@demo.example", "ks. Karol Charytatywny", "caritas", Role.ADMIN),
    ("disability.admin@demo.example", "Dorota Razem", "disability", Role.ADMIN),
    ("ops.admin@demo.example", "Olga Socjalna", "ops", Role.ADMIN),
    ("welfarehome.admin@demo.example", "Wiesław Opiekun", "welfarehome", Role.ADMIN),
    ("childrenshome.admin@demo.example", "Dominika Wychowawca", "childrenshome", Role.ADMIN),
    ("inclusion.admin@demo.example", "Igor Aktywny", "inclusion", Role.ADMIN),
    ("dayclub.admin@demo.example", "Paulina Promyk", "dayclub", Role.ADMIN),
    ("selfhelp.admin@demo.example", "Halina Nadzieja", "selfhelp", Role.ADMIN),
)


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


def load_demo(password: str | None = None, city: str = "Miasto Demo") -> dict:
    """Create what is missing of the demo city; return counts of what was created."""
    password = password or os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
    created = {"organisations": 0, "users": 0, "memberships": 0}
    by_key: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        slug = f"demo-{spec.key}"
        organisation = db.session.execute(select(Organisation).where(Organisation.slug == slug)).scalar_one_or_none()
        if organisation is None:
            data = {
                "name": spec.name, "short_name": spec.short_name, "kind": spec.kind, "street": spec.street,
                "postal_code": "41-500", "city": city,
                "phone": f"+48 32 {zlib.crc32(spec.key.encode()) % 900 + 100} 00 00",
                "email": f"{spec.key}@demo.example", "website": f"https://{spec.key}.demo.example",
                "description_pl": spec.description_pl, "description_uk": spec.description_uk,
                "description_en": spec.description_en, **_identifiers(spec.key, spec.krs),
            }
            organisation = register_organisation(data, actor=None, is_demo=True)
            organisation.slug = slug
            if spec.verified:
                organisation.is_verified = True
                organisation.verified_at = utcnow()
            created["organisations"] += 1
        by_key[spec.key] = organisation
    db.session.flush()
    for email, full_name, key, role in PEOPLE:
        user = find_user_by_email(email)
        if user is None:
            user = create_user(email, full_name, password, locale=None, is_demo=True)
            if email in DEMO_TOTP_SECRETS:
                user.totp_secret = DEMO_TOTP_SECRETS[email]
                user.totp_enabled_at = utcnow()
            created["users"] += 1
        organisation = by_key[key]
        exists = db.session.execute(
            select(Membership.id).where(Membership.user_id == user.id, Membership.organisation_id == organisation.id)
        ).first()
        if not exists:
            db.session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
            created["memberships"] += 1
    from app.demo_listings import load_pending_change, load_services

    created["services"] = load_services(by_key)
    from app.demo_activities import load_activities

    created.update(load_activities(by_key))
    created["changes_waiting"] = load_pending_change(by_key)
    if any(created.values()):
        record_event("demo.loaded", details=dict(created))
    db.session.flush()
    return created


def department() -> Organisation | None:
    """The department organisation, if there is one."""
    return db.session.execute(
        select(Organisation).where(Organisation.kind == OrganisationKind.DEPARTMENT).limit(1)
    ).scalar_one_or_none()


__all__ = ["DEFAULT_DEMO_PASSWORD", "DEMO_TOTP_SECRETS", "User", "department", "load_demo"]
