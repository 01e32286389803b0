"""Messages to the network: the department (or a network's coordinator) writes to chosen organisations.

Who writes to whom. The department's admins and officers (``MESSAGES_SEND`` in the department) write to any
active organisation, chosen by network, kind, district (a location of theirs in it), category of their services
(a category includes its sub-categories) and programme (an agreement in it, not a draft, or an offer submitted in
one of its calls): the kinds of criteria are combined with AND, the choices within one with OR. A network's
coordinating organisation (its admins and coordinators, ``access.coordinates``) writes only to that network's
members: its audience is the network, nothing else (a crafted form with anything else is refused). The sender's
own organisation and the department are never recipients (the department reads its console).

What is kept. One ``NetworkMessage`` (the sender organisation's row) in Polish and, when given, Ukrainian and
English, with the audience as chosen (JSON) and ``search_text`` (every subject and body folded: no diacritics,
lower case) for search; one ``MessageDelivery`` per recipient organisation (the recipient's row: the department
writes it in its scope, a coordinating organisation through ``widened_scope``). The form's one-time
``submission_key`` makes a double-submitted form send one message: the second submit finds the first
(``SendResult.created`` false). The texts are checked for personal data (``privacy.check_free_text``).
Audited: ``message.sent`` with the number of organisations.

E-mail. After the commit — never for a refused or rolled-back message — and after the response has been sent
(``response.call_on_close``; at once after the commit outside a request), ``deliver_message`` e-mails each
recipient organisation's active admins and coordinators, each in their own language (the translation when given,
else Polish), one organisation after another, then records on each ``MessageDelivery`` when (``emailed_at``) and
to how many addresses (``emailed_to``) in short transactions of their own, in the named system scope
``messages.delivery``. The request that sends only writes the rows (a message to 300 organisations is queued in a
few tens of milliseconds: bench/messages.py); what takes time — rendering ~600 mails and handing them over — runs
after the response. A delivery whose mail failed keeps no ``emailed_at`` and the sender sees "not delivered by
e-mail"; ``deliver_pending`` (``flask messages deliver``) sends what a stopped worker left.

Reading. A recipient reads its deliveries and their messages (the sender's rows) in the named scope
``messages.received``, always through its own ``MessageDelivery`` (``received_query``); opening a message marks
its delivery read — the first member who opened it and when — in a short write transaction of its own beside the
GET's read-only one (``record_read``; no audit entry: a receipt is the message's state, not a view of personal
data). The sender reads its messages in its own scope
and their deliveries (the recipients' rows) in the named scope ``messages.receipts``, always through its own
``NetworkMessage`` (``receipts_query``); the department reads every message and receipt in its scope. Another
organisation's message is a 404. The recipients' people (addresses and languages only) are read in the named
scope ``messages.recipients``.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import abort, after_this_request, current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.routing import BuildError

from app.extensions import db
from app.mail import batch_sender, build_message
from app.models import (
    Agreement,
    Call,
    District,
    Location,
    Membership,
    MessageDelivery,
    NetworkMessage,
    Offer,
    Organisation,
    OrganisationKind,
    Programme,
    Role,
    Service,
    ServiceTaxonomy,
    TaxonomyTerm,
    User,
    utcnow,
)
from app.models.agreements import AgreementStatus
from app.models.directory import ServiceStatus
from app.models.networks import Network
from app.models.offers import OfferStatus
from app.permissions import Permission
from app.services import Problems, ServiceError, clean_text
from app.services.audit.log import record_event, widened_scope
from app.services.directory.index import fold
from app.services.networks import access
from app.services.networks.privacy import CONFIRM_FIELD, check_free_text
from app.tenancy import organisation_scope, parse_id, system_scope
from app.unit_of_work import after_commit, unique, unit_of_work

log = logging.getLogger(__name__)

LANGUAGES = ("pl", "uk", "en")
SUBJECT_MAX = 200
BODY_MAX = 10_000
CRITERIA = ("networks", "kinds", "districts", "categories", "programmes")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
RECORD_BATCH = 50  # deliveries recorded per short transaction after their mails went out
LIST_LIMIT = 200

unique("uq_network_message_submission_key",
       _l("This form was sent already. Open the list of sent messages to see the message."), field="subject_pl")


def new_submission_key() -> str:
    """A one-time key for a compose form: the message it sends is sent once, however often it is submitted."""
    return secrets.token_urlsafe(24)


# -- who may write ------------------------------------------------------------------------------------

def coordinated_networks(actor) -> list[Network]:
    """The active networks the actor may write to: every one for the department, those its organisation
    coordinates for a coordinating organisation's admins and coordinators."""
    if actor.membership is None or not actor.has(Permission.MESSAGES_SEND):
        return []
    return [network for network in access.networks_of(actor)
            if network.is_active and access.coordinates(actor, network)]


def may_send(actor) -> bool:
    """Whether the actor may write messages at all (the department, or the coordinator of a network)."""
    if actor.membership is None or not actor.has(Permission.MESSAGES_SEND):
        return False
    return actor.in_department or bool(coordinated_networks(actor))


def require_sender(actor) -> None:
    """A 404 for anyone who may not write (an organisation that coordinates no network)."""
    if not may_send(actor):
        abort(404)


# -- the audience ------------------------------------------------------------------------------------

@dataclass
class Audience:
    """The organisations a sender chose: by network, kind, district, category and programme (ids and codes)."""

    networks: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    districts: list[int] = field(default_factory=list)
    categories: list[int] = field(default_factory=list)
    programmes: list[int] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in CRITERIA)

    def to_json(self) -> str:
        return json.dumps({name: getattr(self, name) for name in CRITERIA if getattr(self, name)},
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> Audience:
        try:
            values = json.loads(text or "{}")
        except ValueError:
            return cls()
        if not isinstance(values, dict):
            return cls()
        return cls(**{name: list(values.get(name) or []) for name in CRITERIA})


def _ids(values) -> list[int]:
    if values is None:
        return []
    if isinstance(values, str | int):
        values = [values]
    ids = [parse_id(value) for value in values]
    return sorted({one for one in ids if one is not None})


def _codes(values) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return sorted({str(value) for value in values if str(value)})


def clean_audience(actor, data: dict) -> Audience:
    """The audience the form asks for, checked against what the actor may choose; refused beside its field.

    A coordinating organisation's audience is a network it coordinates (forced when it coordinates one); any
    other criterion is refused.
    """
    audience = Audience(networks=_ids(data.get("networks")), kinds=_codes(data.get("kinds")),
                        districts=_ids(data.get("districts")), categories=_ids(data.get("categories")),
                        programmes=_ids(data.get("programmes")))
    allowed = {network.id for network in coordinated_networks(actor)}
    if not actor.in_department:
        if audience.kinds or audience.districts or audience.categories or audience.programmes:
            raise ServiceError(_l("You may write only to the members of the networks you coordinate."),
                               field="networks")
        if not audience.networks and len(allowed) == 1:
            audience.networks = sorted(allowed)
    problems = Problems()
    if set(audience.networks) - allowed:
        problems.errors.append(ServiceError(_l("Choose networks from the list."), field="networks"))
    kinds = {kind.value for kind in OrganisationKind} - {OrganisationKind.DEPARTMENT.value}
    if set(audience.kinds) - kinds:
        problems.errors.append(ServiceError(_l("Choose kinds of organisation from the list."), field="kinds"))
    if audience.districts and len(_existing(District, audience.districts)) != len(audience.districts):
        problems.errors.append(ServiceError(_l("Choose districts from the list."), field="districts"))
    if audience.categories and len(_existing(TaxonomyTerm, audience.categories)) != len(audience.categories):
        problems.errors.append(ServiceError(_l("Choose categories from the list."), field="categories"))
    if audience.programmes and len(_existing(Programme, audience.programmes)) != len(audience.programmes):
        problems.errors.append(ServiceError(_l("Choose programmes from the list."), field="programmes"))
    problems.raise_any()
    if audience.is_empty():
        raise ServiceError(_l("Choose who receives the message: at least one network, kind, district, category or "
                              "programme."), field="networks")
    return audience


def _existing(model, ids: list[int]) -> set[int]:
    return set(db.session.scalars(select(model.id).where(model.id.in_(ids))))


def _category_with_descendants(term_ids: list[int]) -> set[int]:
    """The chosen categories and every category under them (the taxonomy is small: read once)."""
    children: dict[int | None, list[int]] = {}
    for term_id, parent_id in db.session.execute(select(TaxonomyTerm.id, TaxonomyTerm.parent_id)):
        children.setdefault(parent_id, []).append(term_id)
    found, stack = set(), list(term_ids)
    while stack:
        term_id = stack.pop()
        if term_id not in found:
            found.add(term_id)
            stack.extend(children.get(term_id, []))
    return found


def recipient_ids(actor, audience: Audience) -> list[int]:
    """The active organisations the audience reaches, never the sender's own nor the department.

    The network's members come from ``access.member_organisation_ids``; the other criteria are read in the
    department's scope (only the department may use them).
    """
    statement = select(Organisation.id).where(
        Organisation.is_active.is_(True), Organisation.kind != OrganisationKind.DEPARTMENT,
        Organisation.id != actor.organisation_id)
    if audience.networks:
        members: set[int] = set()
        for network in coordinated_networks(actor):
            if network.id in audience.networks:
                members |= access.member_organisation_ids(network)
        statement = statement.where(Organisation.id.in_(members))
    if audience.kinds:
        statement = statement.where(Organisation.kind.in_([OrganisationKind(kind) for kind in audience.kinds]))
    if actor.in_department:
        if audience.districts:
            statement = statement.where(Organisation.id.in_(set(db.session.scalars(
                select(Location.organisation_id).where(Location.district_id.in_(audience.districts))))))
        if audience.categories:
            terms = _category_with_descendants(audience.categories)
            statement = statement.where(Organisation.id.in_(set(db.session.scalars(
                select(Service.organisation_id).join(ServiceTaxonomy, ServiceTaxonomy.service_id == Service.id)
                .where(ServiceTaxonomy.taxonomy_term_id.in_(terms), Service.status != ServiceStatus.INACTIVE)))))
        if audience.programmes:
            with_agreement = set(db.session.scalars(select(Agreement.organisation_id).where(
                Agreement.programme_id.in_(audience.programmes), Agreement.status != AgreementStatus.DRAFT)))
            with_offer = set(db.session.scalars(select(Offer.organisation_id).join(Call, Offer.call_id == Call.id)
                                                .where(Call.programme_id.in_(audience.programmes),
                                                       Offer.status == OfferStatus.SUBMITTED)))
            statement = statement.where(Organisation.id.in_(with_agreement | with_offer))
    return list(db.session.scalars(statement.order_by(Organisation.id)))


def contacts(organisation_ids) -> dict[int, list[tuple[str, str]]]:
    """Each organisation's active admins and coordinators as (address, language), read in the named scope
    ``messages.recipients`` (addresses and languages only), in one query."""
    found: dict[int, list[tuple[str, str]]] = {}
    ids = sorted(set(organisation_ids))
    with system_scope("messages.recipients"):
        for start in range(0, len(ids), 500):
            rows = db.session.execute(
                select(Membership.organisation_id, User.email, User.locale)
                .join(User, Membership.user_id == User.id)
                .where(Membership.organisation_id.in_(ids[start:start + 500]),
                       Membership.role.in_([Role.ADMIN, Role.COORDINATOR]), User.is_active_account.is_(True))
                .order_by(Membership.organisation_id, User.id))
            for organisation_id, email, locale in rows:
                found.setdefault(organisation_id, []).append((email, locale if locale in LANGUAGES else "pl"))
    return found


@dataclass(frozen=True)
class Reached:
    """One organisation an audience reaches, and how many of its people the e-mail goes to."""

    id: int
    name: str
    kind: OrganisationKind
    addresses: int


@dataclass(frozen=True)
class Preview:
    """Whom a message would reach, before it is sent."""

    audience: Audience
    organisations: list[Reached]

    @property
    def addresses(self) -> int:
        return sum(one.addresses for one in self.organisations)


def preview(actor, data: dict) -> Preview:
    """The organisations (and the number of e-mail addresses) the audience in ``data`` reaches; nothing is
    written. Refused beside the field for an audience the actor may not choose."""
    audience = clean_audience(actor, data)
    ids = recipient_ids(actor, audience)
    people = contacts(ids)
    rows = db.session.execute(select(Organisation.id, Organisation.name, Organisation.kind)
                              .where(Organisation.id.in_(ids)).order_by(Organisation.name)) if ids else []
    return Preview(audience, [Reached(id_, name, kind, len(people.get(id_, []))) for id_, name, kind in rows])


# -- sending --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SendResult:
    """The message; ``created`` false when the form had been submitted before (the first message is given)."""

    message: NetworkMessage
    created: bool
    recipients: int


def _texts(data: dict) -> dict[str, str | None]:
    problems = Problems()
    texts: dict[str, str | None] = {}
    for language in LANGUAGES:
        subject = problems.check(clean_text, data.get(f"subject_{language}"), SUBJECT_MAX, f"subject_{language}",
                                 one_line=True)
        body = problems.check(clean_text, data.get(f"body_{language}"), BODY_MAX, f"body_{language}")
        texts[f"subject_{language}"], texts[f"body_{language}"] = subject, body
        if language == "pl":
            if not subject and f"subject_{language}" not in {e.field for e in problems.errors}:
                problems.errors.append(ServiceError(_l("Write the subject in Polish."), field="subject_pl"))
            if not body and "body_pl" not in {e.field for e in problems.errors}:
                problems.errors.append(ServiceError(_l("Write the message in Polish."), field="body_pl"))
        elif subject and not body:
            problems.errors.append(ServiceError(_l("Write the message in this language too, or leave out its "
                                                   "subject."), field=f"body_{language}"))
        elif body and not subject:
            problems.errors.append(ServiceError(_l("Write the subject in this language too, or leave out its "
                                                   "message."), field=f"subject_{language}"))
    problems.check(check_free_text, texts, confirmed=bool(data.get(CONFIRM_FIELD)))
    problems.raise_any()
    return texts


def find_submitted(actor, key: str | None) -> NetworkMessage | None:
    """The message the actor's organisation already sent with this form's key (a second submit), if any."""
    if not key or actor.membership is None:
        return None
    return db.session.execute(select(NetworkMessage).where(
        NetworkMessage.submission_key == key, NetworkMessage.organisation_id == actor.organisation_id)
    ).scalar_one_or_none()


def send_message(actor, data: dict) -> SendResult:
    """Send a message to the audience in ``data`` (see the module's docstring); a form submitted again gives the
    message it sent the first time. Refuses, each beside its field and all at once: no Polish subject or body,
    a translation without its subject or body, personal data, an audience the actor may not choose or that
    reaches nobody, a missing form key."""
    require_sender(actor)
    key = str(data.get("submission_key") or "")
    if not KEY_PATTERN.match(key):
        raise ServiceError(_l("This form has expired. Open it again and send the message."), field="subject_pl")
    earlier = find_submitted(actor, key)
    if earlier is not None:
        return SendResult(earlier, False, _delivery_count(actor, earlier))
    problems = Problems()
    texts = problems.check(_texts, data)
    audience = problems.check(clean_audience, actor, data)
    problems.raise_any()
    ids = recipient_ids(actor, audience)
    if not ids:
        raise ServiceError(_l("No active organisation matches what you chose. Choose more widely."),
                           field="networks")
    now = utcnow()
    message = NetworkMessage(
        organisation_id=actor.organisation_id, **texts, audience=audience.to_json(), sent_at=now,
        sent_by_id=actor.user.id, submission_key=key,
        network_id=audience.networks[0] if len(audience.networks) == 1 else None,
        search_text=fold(" ".join(text for text in texts.values() if text)))
    db.session.add(message)
    db.session.flush()
    deliveries = [MessageDelivery(organisation_id=org_id, message_id=message.id, emailed_to=0) for org_id in ids]
    if actor.in_department:
        db.session.add_all(deliveries)
        db.session.flush()
    else:
        with widened_scope("messages.deliveries", actor=actor.user, organisation_id=actor.organisation_id):
            db.session.add_all(deliveries)
            db.session.flush()
    record_event("message.sent", actor=actor.user, organisation_id=actor.organisation_id, target=message,
                 details={"organisations": len(ids), "network_id": message.network_id})
    queue_delivery(message.id, ids)
    return SendResult(message, True, len(ids))


def _delivery_count(actor, message: NetworkMessage) -> int:
    with _receipts_scope(actor):
        return db.session.execute(receipts_query(actor, select(func.count(MessageDelivery.id)))
                                  .where(MessageDelivery.message_id == message.id)).scalar_one()


# -- e-mail after the commit and the response -----------------------------------------------------------

def _links(message_id: int, organisation_ids) -> dict[int, str]:
    """Each recipient's link to the message (it first makes a member of several organisations act for it); none
    outside a request unless the portal's address is configured (``SERVER_NAME``)."""
    if not has_request_context() and not current_app.config.get("SERVER_NAME"):
        return {}
    try:
        path = url_for("messages_workspace.message", message_id=message_id)
        return {org_id: url_for("account.act_for", organisation=org_id, next=path, _external=True)
                for org_id in organisation_ids}
    except (RuntimeError, BuildError):  # no address to build a link with: the mail goes without it
        return {}


def queue_delivery(message_id: int, organisation_ids) -> None:
    """Have the message e-mailed once the transaction has committed: after the response in a request (the sender
    does not wait), at once after the commit otherwise. Nothing is sent for a rolled-back message."""
    app = current_app._get_current_object()
    links = _links(message_id, organisation_ids)
    if not has_request_context():
        after_commit(deliver_message, app, message_id, links)
        return
    committed: list[int] = []
    after_commit(committed.append, message_id)

    @after_this_request
    def _after_response(response):
        response.call_on_close(lambda: committed and deliver_message(app, message_id, links))
        return response


def deliver_message(app, message_id: int, links: dict[int, str] | None = None) -> int:
    """E-mail the message's recipients not e-mailed yet, and record each organisation's delivery once all of its
    people's mails went out; returns how many organisations were e-mailed. A failure is logged and the delivery
    stays without ``emailed_at`` (the sender sees "not delivered by e-mail")."""
    try:
        with app.app_context(), system_scope("messages.delivery"), unit_of_work(writes=False):
            message = db.session.execute(select(NetworkMessage).where(NetworkMessage.id == message_id)
                                         ).scalar_one_or_none()
            if message is None:
                return 0
            pending = list(db.session.execute(
                select(MessageDelivery.id, MessageDelivery.organisation_id)
                .where(MessageDelivery.message_id == message_id, MessageDelivery.emailed_at.is_(None))
                .order_by(MessageDelivery.id)))
            people = contacts(org_id for _id, org_id in pending)
            sender = db.session.execute(select(Organisation.name).where(
                Organisation.id == message.organisation_id)).scalar_one()
            texts = {language: (message.subject(language), message.body(language)) for language in LANGUAGES}
            if links is None:
                links = _links(message_id, [org_id for _id, org_id in pending])
    except Exception:
        log.exception("message %s: its recipients could not be read; nothing was e-mailed", message_id)
        return 0
    done: list[tuple[int, int, object]] = []
    delivered = 0
    with app.app_context(), batch_sender() as send:
        for delivery_id, org_id in pending:
            addresses = people.get(org_id, [])
            try:
                for email, language in addresses:
                    subject, body = texts[language]
                    send(build_message(email, subject, "network_message", language, message_subject=subject,
                                       message_body=body, sender=sender, link=links.get(org_id)))
            except Exception:
                log.exception("message %s: the e-mail to organisation %s failed", message_id, org_id)
                continue
            done.append((delivery_id, len(addresses), utcnow()))
            delivered += 1
            if len(done) >= RECORD_BATCH:
                _record(app, done)
                done = []
    _record(app, done)
    return delivered


def _record(app, done: list[tuple[int, int, object]]) -> None:
    """Write when and to how many addresses each delivery was e-mailed, in one short transaction."""
    if not done:
        return
    try:
        with app.app_context(), system_scope("messages.delivery"), unit_of_work():
            rows = {row.id: row for row in db.session.scalars(
                select(MessageDelivery).where(MessageDelivery.id.in_([one[0] for one in done])))}
            for delivery_id, count, when in done:
                row = rows.get(delivery_id)
                if row is not None and row.emailed_at is None:
                    row.emailed_at, row.emailed_to = when, min(count, 32767)
    except Exception:
        log.exception("the e-mail deliveries of %d organisations could not be recorded", len(done))


def deliver_pending(app, *, minutes: int = 10) -> int:
    """E-mail the recipients not e-mailed yet of every message sent more than ``minutes`` ago (left by a worker
    that stopped, or refused by the mail server); returns how many organisations were e-mailed (``flask messages
    deliver``). The wait leaves alone a message whose worker is still sending it."""
    since = utcnow() - timedelta(minutes=max(0, minutes))
    with app.app_context(), system_scope("messages.delivery"), unit_of_work(writes=False):
        message_ids = list(db.session.scalars(
            select(MessageDelivery.message_id).join(NetworkMessage, MessageDelivery.message_id == NetworkMessage.id)
            .where(MessageDelivery.emailed_at.is_(None), NetworkMessage.sent_at <= since).distinct()))
    return sum(deliver_message(app, message_id) for message_id in sorted(message_ids))


def pending_delivery_count() -> int:
    """How many deliveries wait for their e-mail (the mail queue the metrics report; no row leaves it)."""
    with system_scope("messages.delivery"):
        return db.session.scalar(select(func.count(MessageDelivery.id)).where(MessageDelivery.emailed_at.is_(None)))


# -- reading: the recipient --------------------------------------------------------------------------------

def _received_scope():
    """The named scope in which a recipient reads the messages delivered to it (always with ``received_query``)."""
    return system_scope("messages.received")


def received_query(actor, *columns):
    """The messages delivered to the actor's organisation, with its delivery (to run inside the named scope)."""
    columns = columns or (MessageDelivery, NetworkMessage, Organisation.name)
    return (select(*columns).join(NetworkMessage, MessageDelivery.message_id == NetworkMessage.id)
            .join(Organisation, NetworkMessage.organisation_id == Organisation.id)
            .where(MessageDelivery.organisation_id == actor.organisation_id))


def _search(statement, query: str | None):
    for word in fold(query or "").split()[:8]:
        statement = statement.where(NetworkMessage.search_text.contains(word, autoescape=True))
    return statement


@dataclass(frozen=True)
class Received:
    """A message as its recipient lists it."""

    delivery: MessageDelivery
    message: NetworkMessage
    sender: str


def inbox(actor, query: str | None = None) -> list[Received]:
    """The organisation's messages, newest first (at most LIST_LIMIT), those matching every word of ``query``."""
    if actor.membership is None or actor.in_department:
        return []
    with _received_scope():
        rows = db.session.execute(_search(received_query(actor), query)
                                  .order_by(NetworkMessage.sent_at.desc(), NetworkMessage.id.desc())
                                  .limit(LIST_LIMIT)).all()
    return [Received(delivery, message, sender) for delivery, message, sender in rows]


def unread_count(actor) -> int:
    """How many messages the actor's organisation has not opened yet (its own rows)."""
    if actor.membership is None or actor.in_department:
        return 0
    return db.session.execute(select(func.count(MessageDelivery.id)).where(
        MessageDelivery.organisation_id == actor.organisation_id, MessageDelivery.read_at.is_(None))).scalar_one()


def open_message(actor, message_id) -> Received:
    """One message delivered to the actor's organisation (else a 404); the first member to open it marks the
    organisation's delivery read (who and when: ``record_read``)."""
    message_id = parse_id(message_id)
    if message_id is None or actor.membership is None or actor.in_department:
        abort(404)
    with _received_scope():
        row = db.session.execute(received_query(actor).where(NetworkMessage.id == message_id)).one_or_none()
    if row is None:
        abort(404)
    delivery, message, sender = row
    if delivery.read_at is None and actor.user is not None:
        read = record_read(delivery.id, actor.organisation_id, actor.user.id)
        if read is not None:  # shown on this page as read; the request's own transaction writes nothing
            set_committed_value(delivery, "read_at", read[0])
            set_committed_value(delivery, "read_by_id", read[1])
    return Received(delivery, message, sender)


def record_read(delivery_id: int, organisation_id: int, user_id: int) -> tuple[object, int | None] | None:
    """Mark the organisation's delivery read by ``user_id`` now, unless a member has read it already; returns
    when and by whom it was read (None when it could not be written: logged, the page is still shown).

    Opening a message is a GET, so the receipt is written in a short transaction of its own, in the
    organisation's own scope, beside the request's read-only one (on SQLite it takes the write lock at its start,
    never upgrading a reading transaction; the row is locked on PostgreSQL): two members opening it at once give
    one reader, the first. No audit entry: a receipt is the message's state, not a view of personal data.
    """
    app = current_app._get_current_object()
    try:
        with app.app_context(), organisation_scope(organisation_id), unit_of_work():
            delivery = db.session.execute(select(MessageDelivery).where(
                MessageDelivery.id == delivery_id, MessageDelivery.organisation_id == organisation_id)
                .with_for_update()).scalar_one_or_none()
            if delivery is None:
                return None
            if delivery.read_at is None:
                delivery.read_at, delivery.read_by_id = utcnow(), user_id
            return delivery.read_at, delivery.read_by_id
    except Exception:
        log.exception("the receipt of delivery %s could not be written", delivery_id)
        return None


# -- reading: the sender and the department ------------------------------------------------------------

def _receipts_scope(actor):
    """The department reads receipts in its own scope; an organisation in the named scope ``messages.receipts``."""
    if actor.in_department:
        from contextlib import nullcontext

        return nullcontext()
    return system_scope("messages.receipts")


def receipts_query(actor, statement):
    """``statement`` over deliveries, limited to the messages the actor's organisation sent (the department: all)."""
    statement = statement.join(NetworkMessage, MessageDelivery.message_id == NetworkMessage.id)
    if actor.in_department:
        return statement
    return statement.where(NetworkMessage.organisation_id == actor.organisation_id)


@dataclass(frozen=True)
class Sent:
    """A sent message with its figures: organisations reached, read, e-mailed."""

    message: NetworkMessage
    sender: str
    recipients: int
    read: int
    emailed: int


def sent_messages(actor, query: str | None = None) -> list[Sent]:
    """The messages the actor's organisation sent (the department: every message in the city), newest first,
    with "read by N of M"; those matching every word of ``query``."""
    if actor.membership is None:
        return []
    statement = select(NetworkMessage, Organisation.name).join(
        Organisation, NetworkMessage.organisation_id == Organisation.id)
    if not actor.in_department:
        statement = statement.where(NetworkMessage.organisation_id == actor.organisation_id)
    rows = db.session.execute(_search(statement, query).order_by(NetworkMessage.sent_at.desc(),
                                                                 NetworkMessage.id.desc()).limit(LIST_LIMIT)).all()
    figures = _figures(actor, [message.id for message, _name in rows])
    return [Sent(message, name, *figures.get(message.id, (0, 0, 0))) for message, name in rows]


def _figures(actor, message_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    if not message_ids:
        return {}
    with _receipts_scope(actor):
        rows = db.session.execute(receipts_query(actor, select(
            MessageDelivery.message_id, func.count(MessageDelivery.id), func.count(MessageDelivery.read_at),
            func.count(MessageDelivery.emailed_at))).where(MessageDelivery.message_id.in_(message_ids))
            .group_by(MessageDelivery.message_id))
        return {message_id: (total, read, emailed) for message_id, total, read, emailed in rows}


def load_sent(actor, message_id) -> Sent:
    """A message the actor's organisation sent (the department: any message), with its figures; else a 404."""
    message_id = parse_id(message_id)
    if message_id is None or actor.membership is None:
        abort(404)
    statement = select(NetworkMessage, Organisation.name).join(
        Organisation, NetworkMessage.organisation_id == Organisation.id).where(NetworkMessage.id == message_id)
    if not actor.in_department:
        statement = statement.where(NetworkMessage.organisation_id == actor.organisation_id)
    row = db.session.execute(statement).one_or_none()
    if row is None:
        abort(404)
    message, name = row
    return Sent(message, name, *_figures(actor, [message.id]).get(message.id, (0, 0, 0)))


@dataclass(frozen=True)
class Receipt:
    """One recipient organisation of a sent message: e-mailed when and to how many, read when and by whom."""

    organisation: str
    emailed_at: object
    emailed_to: int
    read_at: object
    read_by: str | None


def receipts(actor, message: NetworkMessage) -> list[Receipt]:
    """The message's recipients by name: unread first, then by when they read it."""
    with _receipts_scope(actor):
        rows = db.session.execute(receipts_query(actor, select(
            Organisation.name, MessageDelivery.emailed_at, MessageDelivery.emailed_to, MessageDelivery.read_at,
            User.full_name, User.email))
            .join(Organisation, MessageDelivery.organisation_id == Organisation.id)
            .outerjoin(User, MessageDelivery.read_by_id == User.id)
            .where(MessageDelivery.message_id == message.id)
            .order_by(MessageDelivery.read_at.is_not(None), MessageDelivery.read_at, Organisation.name)).all()
    return [Receipt(name, emailed_at, emailed_to, read_at, full_name or email)
            for name, emailed_at, emailed_to, read_at, full_name, email in rows]


def describe_audience(actor, message: NetworkMessage, locale: str) -> dict[str, list[str]]:
    """The audience as chosen, in words: each criterion's names (networks, kinds, districts…), for its sender and
    the department (networks as the reader sees them: ``access.networks_of``)."""
    from app.labels import KIND_LABELS

    audience = Audience.from_json(message.audience)
    words: dict[str, list[str]] = {}
    if audience.networks:
        words["networks"] = [network.name for network in access.networks_of(actor) if network.id in audience.networks]
    if audience.kinds:
        known = {kind.value for kind in OrganisationKind}
        words["kinds"] = [str(KIND_LABELS[OrganisationKind(kind)]) for kind in audience.kinds if kind in known]
    if audience.districts:
        words["districts"] = list(db.session.scalars(
            select(District.name).where(District.id.in_(audience.districts)).order_by(District.position)))
    if audience.categories:
        words["categories"] = [term.text("label", locale) for term in db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.id.in_(audience.categories)).order_by(TaxonomyTerm.label_pl))]
    if audience.programmes:
        words["programmes"] = [programme.text("name", locale) for programme in db.session.scalars(
            select(Programme).where(Programme.id.in_(audience.programmes)).order_by(Programme.name_pl))]
    return words
