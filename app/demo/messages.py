"""The demo city's messages to the network: the department's winter-action message to the members of the network
"Akcja zima" (sent this afternoon, read by some members and not yet by others, in Polish, Ukrainian and English),
and an older message to every shelter, chosen by kind, read by all but one.

Runs after the networks (app/demo/networks.py makes "Akcja zima"); without that network the winter message is
skipped quietly. Written as the service would have left them — each delivery e-mailed to the organisation's admins
and coordinators — without sending any e-mail. Idempotent: each message has its own one-time key.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Membership,
    MessageDelivery,
    NetworkMember,
    NetworkMessage,
    Organisation,
    OrganisationKind,
    Role,
    utcnow,
)
from app.models.networks import Network
from app.services.directory.index import fold
from app.services.networks.messages import Audience

WINTER_KEY = "demo-winter-action-free-places"
SHELTERS_KEY = "demo-shelters-winter-preparations"
WINTER_NETWORK = "Akcja zima"

WINTER = {
    "subject_pl": "Akcja zima: zaktualizujcie wolne miejsca do 18:00",
    "body_pl": "Dzień dobry,\n\nzapowiadany jest mróz do −15°C. Prosimy wszystkie placówki sieci „Akcja zima” o "
               "aktualizację liczby wolnych miejsc w portalu do godziny 18:00, tak aby straż miejska i patrole "
               "wiedziały, dokąd kierować osoby w kryzysie bezdomności.\n\nDziękujemy — Wydział Polityki Społecznej",
    "subject_uk": "Зимова акція: оновіть кількість вільних місць до 18:00",
    "body_uk": "Добрий день,\n\nпрогнозують мороз до −15°C. Просимо всі заклади мережі «Akcja zima» оновити кількість "
               "вільних місць на порталі до 18:00, щоб міська варта й патрулі знали, куди направляти людей у кризі "
               "бездомності.\n\nДякуємо — Відділ соціальної політики",
    "subject_en": "Winter action: update your free places by 18:00",
    "body_en": "Good afternoon,\n\nfrost down to −15°C is forecast. We ask every member of the \"Akcja zima\" network "
               "to update its free places in the portal by 18:00, so that the city guard and the patrols know where "
               "to bring people sleeping rough.\n\nThank you — Social Policy Department",
}
SHELTERS = {
    "subject_pl": "Przygotowania do zimy: dyżury i kontakty na okres świąteczny",
    "body_pl": "Prosimy schroniska i noclegownie o przesłanie do 15 grudnia grafiku dyżurów na okres świąteczny oraz "
               "numeru telefonu dyżurnego, czynnego także w nocy. Numery przekażemy straży miejskiej i policji.",
    "subject_uk": "Підготовка до зими: чергування і контакти на святковий період",
    "body_uk": "Просимо притулки й нічліжки надіслати до 15 грудня графік чергувань на святковий період і номер "
               "чергового телефону, доступного також уночі. Ми передамо номери міській варті й поліції.",
}


def load_messages(organisations: dict[str, Organisation]) -> int:
    """The demo messages not made yet; returns how many were made."""
    department = organisations.get("department")
    if department is None:
        return 0
    made = 0
    now = utcnow()
    shelters = list(db.session.scalars(select(Organisation.id).where(
        Organisation.kind == OrganisationKind.SHELTER, Organisation.is_active.is_(True)).order_by(Organisation.id)))
    if _message(department, SHELTERS_KEY, SHELTERS, Audience(kinds=[OrganisationKind.SHELTER.value]), None,
                shelters, sent_at=now - timedelta(days=18), unread=shelters[-1:]):
        made += 1
    network = db.session.execute(select(Network).where(Network.name == WINTER_NETWORK)).scalar_one_or_none()
    if network is not None:
        members = set(db.session.scalars(select(NetworkMember.organisation_id)
                                          .where(NetworkMember.network_id == network.id)))
        members.add(network.coordinator_organisation_id)
        members.discard(department.id)
        recipients = sorted(members)
        if _message(department, WINTER_KEY, WINTER, Audience(networks=[network.id]), network.id, recipients,
                    sent_at=now - timedelta(hours=3), unread=recipients[1::2]):
            made += 1
    db.session.flush()
    return made


def _message(department: Organisation, key: str, texts: dict, audience: Audience, network_id: int | None,
             recipients: list[int], *, sent_at, unread: list[int]) -> bool:
    """One message from the department's first admin or officer, e-mailed to each recipient's contacts and read
    by one of its members except for ``unread``; False when it exists already or reaches nobody."""
    if not recipients or db.session.execute(
            select(NetworkMessage.id).where(NetworkMessage.submission_key == key)).first():
        return False
    sender = db.session.execute(select(Membership.user_id).where(
        Membership.organisation_id == department.id, Membership.role.in_([Role.ADMIN, Role.OFFICER]))
        .order_by(Membership.id).limit(1)).scalar_one_or_none()
    message = NetworkMessage(organisation_id=department.id, audience=audience.to_json(), sent_at=sent_at,
                             sent_by_id=sender, submission_key=key, network_id=network_id,
                             search_text=fold(" ".join(texts.values())), **texts)
    db.session.add(message)
    db.session.flush()
    for position, organisation_id in enumerate(recipients):
        people = list(db.session.execute(select(Membership.user_id, Membership.role).where(
            Membership.organisation_id == organisation_id).order_by(Membership.id)))
        contacts = [user_id for user_id, role in people if role in (Role.ADMIN, Role.COORDINATOR)]
        read = organisation_id not in unread and people
        read_at = min(sent_at + timedelta(minutes=25 + 17 * position), utcnow() - timedelta(minutes=5))
        db.session.add(MessageDelivery(
            organisation_id=organisation_id, message_id=message.id,
            emailed_at=sent_at + timedelta(seconds=20 + position), emailed_to=len(contacts),
            read_at=read_at if read else None,
            read_by_id=people[0][0] if read else None))
    return True
