"""Fill a database for the coordination bench: 300 organisations in 40 networks, 2,000 meetings, 20,000 actions.

    .venv/bin/python bench/generate_coordination.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_coord
    .venv/bin/python bench/generate_coordination.py sqlite:////tmp/coordination.db --organisations 30 \\
        --networks 4 --meetings 100 --actions 1000 --messages 20

The schema is brought to the latest migration first; the database must hold no network yet. Creates the department
with one officer (two-factor sign-in) and ``--organisations`` (300) organisations of the partner kinds and NGOs,
each with an admin and a coordinator (one password for all, random each run). The first organisation, the city's
social welfare centre, is the hub: a member of every network, the coordinator of the first and of every eighth,
and — being the one most actions fall to — the organisation whose action list the bench measures.

``--networks`` (40) networks of the department, each with a coordinating organisation and 10 to 40 members (the
first has 40: the network page the bench measures). ``--meetings`` (2,000) meetings spread over the past two years
and the coming two months, more for the bigger networks: the past ones mostly approved (a few held, a few
cancelled), the coming ones planned; each with 3 to 6 agenda items (minutes and decisions once held) and an
invitation to every member with its answer (attendance recorded after the meeting). ``--actions`` (20,000) actions
decided at the past meetings, each owned by the responsible organisation (a member of the network; the hub and the
coordinator more often), due 1 to 16 weeks after the meeting, so the due dates run up to a few months from today:
the old ones nearly all done or dropped, the recent ones open or in progress, some overdue. ``--messages`` (300)
messages from the department (to a network, an organisation kind or every organisation) or from a network's
coordinator (to its members), with a delivery per recipient organisation, e-mailed, about two thirds read.

The bulk rows go in with COPY on PostgreSQL (Core ``executemany`` in batches elsewhere: ``_copy`` of
bench/generate_capacity.py), ids assigned by the database, in the system scope: a generator, not the portal's
services. It ends with ``ANALYZE``. Prints (and returns) as JSON what the bench needs: the officer's e-mail, the
password and TOTP secret, the measured organisation and network with their coordinators' e-mails, and the row
counts. The same ``--seed`` gives the same data.
"""

from __future__ import annotations

import random
import secrets
import sys
import time as clock
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generating
from generate_capacity import _copy

ROOT = generating.ROOT

WARSAW = ZoneInfo("Europe/Warsaw")
DOMAIN = "coordination.bench.example"
OFFICER_EMAIL = f"officer@{DOMAIN}"
# (kind, name) of the organisations, cycled; the first is the hub.
KINDS = (
    ("social_welfare_centre", "Ośrodek Pomocy Społecznej"), ("police", "Komisariat Policji"),
    ("court", "Zespół Kuratorskiej Służby Sądowej"), ("school", "Szkoła Podstawowa"),
    ("health_clinic", "Poradnia Zdrowia Psychicznego"), ("ngo", "Stowarzyszenie Pomocy"),
    ("city_guard", "Straż Miejska, rewir"), ("school", "Zespół Szkół"), ("foundation", "Fundacja Wsparcia"),
    ("library", "Biblioteka Publiczna, filia"), ("culture_centre", "Dom Kultury"), ("shelter", "Schronisko"),
    ("sports_centre", "Ośrodek Sportu"), ("municipal_commission", "Komisja Rozwiązywania Problemów Alkoholowych"),
    ("association", "Stowarzyszenie Sąsiedzkie"), ("crisis_centre", "Ośrodek Interwencji Kryzysowej"),
    ("day_club", "Klub Dzienny"), ("church", "Parafialny Zespół Caritas"),
)
NETWORK_NAMES = ("Zespół interdyscyplinarny", "Akcja zima", "Partnerzy programu alkoholowego",
                 "Grupa robocza ds. przemocy", "Sieć wsparcia seniorów", "Partnerzy programu dla młodzieży",
                 "Zespół ds. bezdomności", "Sieć pomocy żywnościowej")
AGENDA = ("Przegląd otwartych zadań", "Informacja o sytuacji w dzielnicy", "Plan działań na kolejny miesiąc",
          "Sprawy bieżące", "Akcja zima: dyżury i wolne miejsca", "Procedura Niebieskiej Karty: współpraca",
          "Szkolenie dla partnerów", "Wnioski z poprzedniego posiedzenia", "Harmonogram dyżurów",
          "Informacja o programie profilaktyki")
ACTIONS = ("Przekazać listę dyżurów", "Zorganizować spotkanie z pedagogami", "Przygotować informację o wolnych "
           "miejscach", "Uzgodnić harmonogram patroli", "Rozesłać ulotki partnerom", "Zebrać dane o liczbie "
           "interwencji", "Przygotować salę na szkolenie", "Opracować plan działań", "Wyznaczyć osobę kontaktową",
           "Przekazać sprawozdanie z akcji")
SUBJECTS = ("Akcja zima: zaktualizujcie wolne miejsca do 18:00", "Zmiana terminu posiedzenia",
            "Nowe zasady zgłaszania interwencji", "Szkolenie dla partnerów sieci", "Przypomnienie o zadaniach",
            "Dyżury w okresie świątecznym", "Informacja o programie profilaktyki")


def generate(database_url: str, *, organisations: int, networks: int, meetings: int, actions: int, messages: int,
             seed: int) -> dict[str, object]:
    import pyotp
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import (
        AgendaItem,
        Meeting,
        MeetingAction,
        MeetingInvitation,
        Membership,
        MessageDelivery,
        Network,
        NetworkMember,
        NetworkMessage,
        Organisation,
        OrganisationKind,
        Role,
        User,
    )
    from app.passwords import hash_password
    from app.services.directory.index import fold
    from app.tenancy import system_scope

    rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
    password_text, totp_secret = secrets.token_urlsafe(18), pyotp.random_base32()
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    today = now.astimezone(WARSAW).date()
    app = generating.portal_app(database_url)
    counts: dict[str, int] = {}
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with system_scope("bench.generate_coordination"):
            if db.session.execute(select(func.count()).select_from(Network)).scalar_one():
                raise SystemExit("the database already holds networks: give an empty one")
            password_hash = hash_password(password_text)
            department, officer = generating.department_and_officer(
                slug="coordination-bench-department", name="Wydział Spraw Społecznych (bench)", email=OFFICER_EMAIL,
                password_hash=password_hash, totp_secret=totp_secret, at=now)
            orgs = []
            for number in range(1, organisations + 1):
                kind, name = KINDS[(number - 1) % len(KINDS)]
                orgs.append(Organisation(slug=f"coordination-bench-{number}", name=f"{name} nr {number} (bench)",
                                         kind=OrganisationKind(kind), email=f"biuro{number}@{DOMAIN}",
                                         is_verified=True))
            db.session.add_all(orgs)
            people = []
            for number in range(1, organisations + 1):
                people.append(User(email=f"admin{number}@{DOMAIN}", full_name=f"Administrator {number}",
                                   locale="uk" if number % 10 == 3 else "pl", password_hash=password_hash))
                people.append(User(email=f"coordinator{number}@{DOMAIN}", full_name=f"Koordynator {number}",
                                   locale="pl", password_hash=password_hash))
            db.session.add_all(people)
            db.session.flush()
            db.session.add_all(Membership(user_id=user.id, organisation_id=orgs[index // 2].id,
                                          role=Role.ADMIN if index % 2 == 0 else Role.COORDINATOR)
                               for index, user in enumerate(people))
            department_id, officer_id = department.id, officer.id
            org_ids = [org.id for org in orgs]
            kind_of = {org.id: org.kind.value for org in orgs}
            coordinator_of = {org.id: people[2 * index + 1].id for index, org in enumerate(orgs)}
            admin_of = {org.id: people[2 * index].id for index, org in enumerate(orgs)}
            hub = org_ids[0]

            # Networks: the first the biggest (40 members); the hub in every one.
            sizes = [min(40, organisations)] + [rng.randint(min(10, organisations), min(40, organisations))
                                                for _ in range(networks - 1)]
            made_networks = []
            for number, size in enumerate(sizes):
                members = [hub, *rng.sample(org_ids[1:], size - 1)]
                coordinator = hub if number % 8 == 0 else rng.choice(members[1:] or members)
                network = Network(organisation_id=department_id, coordinator_organisation_id=coordinator,
                                  name=f"{NETWORK_NAMES[number % len(NETWORK_NAMES)]} {number + 1} (bench)",
                                  purpose="Wspólne planowanie i przegląd działań partnerów.")
                db.session.add(network)
                made_networks.append((network, members))
            db.session.flush()
            nets = [{"id": network.id, "name": network.name, "coordinator": network.coordinator_organisation_id,
                     "members": members} for network, members in made_networks]
            db.session.commit()
            counts.update(organisation=organisations + 1, user=2 * organisations + 1, network=networks)

            started = clock.monotonic()
            connection = db.session.connection()
            counts["network_member"] = _copy(
                connection, NetworkMember.__table__,
                ["organisation_id", "network_id", "contact_name", "contact_email", "contact_phone", "role_in_network",
                 "created_at", "updated_at"],
                ((member, net["id"], f"Koordynator {member}", f"siec{member}@{DOMAIN}", f"+48 74 {member:03d} 00 00",
                  "koordynator sieci" if member == net["coordinator"] else None, now, now)
                 for net in nets for member in net["members"]))

            # Meetings: more for the bigger networks; the past two years and the coming two months.
            weights = [len(net["members"]) for net in nets]
            plan = [rng.choices(nets, weights)[0] for _ in range(meetings)]
            meeting_rows, meta = [], []
            for sequence, net in enumerate(plan):
                day_offset = rng.randint(-730, 60)
                local = datetime.combine(today + timedelta(days=day_offset), datetime.min.time(), WARSAW)
                starts = (local + timedelta(hours=rng.choice((9, 10, 11, 12, 13)))).astimezone(UTC)
                if starts > now:
                    status = "planned"
                elif starts > now - timedelta(days=2) or (starts > now - timedelta(days=14) and rng.random() < 0.5):
                    status = "held"
                else:
                    status = "cancelled" if rng.random() < 0.04 else "approved"
                uid = f"coordination-bench-{seed}-{sequence}@{DOMAIN}"
                approved = starts + timedelta(days=rng.randint(1, 10)) if status == "approved" else None
                meeting_rows.append((
                    net["coordinator"], net["id"], f"Posiedzenie: {net['name']}", starts, starts + timedelta(hours=2),
                    "ul. Rynek 1, sala 12" if rng.random() < .8 else None,
                    None if rng.random() < .8 else "https://meet.example.org/siec", status,
                    "Brak kworum" if status == "cancelled" else None, uid, rng.choice((0, 0, 0, 1)),
                    coordinator_of[net["coordinator"]],
                    "Posiedzenie odbyło się zgodnie z porządkiem obrad." if status in ("held", "approved") else None,
                    min(approved, now) if approved else None,
                    coordinator_of[net["coordinator"]] if approved else None, min(starts - timedelta(days=14), now),
                    min(approved or starts, now)))
                meta.append({"uid": uid, "net": net, "starts": starts, "status": status})
            counts["meeting"] = _copy(
                connection, Meeting.__table__,
                ["organisation_id", "network_id", "title", "starts_at", "ends_at", "place", "call_link", "status",
                 "cancel_reason", "ical_uid", "sequence", "convened_by_id", "minutes_notes", "minutes_approved_at",
                 "minutes_approved_by_id", "created_at", "updated_at"], meeting_rows)
            ids = dict(connection.execute(select(Meeting.__table__.c.ical_uid, Meeting.__table__.c.id)).all())
            for item in meta:
                item["id"] = ids[item["uid"]]
            sequence_of = {row[9]: row[10] for row in meeting_rows}

            def agenda_rows():
                for item in meta:
                    held = item["status"] in ("held", "approved")
                    for position, title in enumerate(rng.sample(AGENDA, rng.randint(3, 6)), start=1):
                        yield (item["net"]["coordinator"], item["id"], position, title,
                               rng.choice(item["net"]["members"]) if rng.random() < .7 else None,
                               "Omówiono sytuację; partnerzy przedstawili informacje." if held else None,
                               "Ustalono zadania i terminy." if held else None,
                               min(item["starts"] - timedelta(days=14), now), min(item["starts"], now))

            counts["agenda_item"] = _copy(
                connection, AgendaItem.__table__,
                ["organisation_id", "meeting_id", "position", "title", "presenter_organisation_id", "minutes",
                 "decisions", "created_at", "updated_at"], agenda_rows())

            def invitation_rows():
                for item in meta:
                    past = item["status"] in ("held", "approved")
                    for member in item["net"]["members"]:
                        roll = rng.random()
                        if item["status"] == "planned":
                            answer = "pending" if roll < .5 else "attending" if roll < .85 else "tentative" \
                                if roll < .92 else "declined"
                        else:
                            answer = "attending" if roll < .8 else "declined" if roll < .9 else "tentative" \
                                if roll < .95 else "pending"
                        answered = min(item["starts"] - timedelta(days=rng.randint(1, 10)), now) \
                            if answer != "pending" else None
                        invited = min(item["starts"] - timedelta(days=14), now)
                        yield (member, item["id"], answer, "koordynator, pedagog" if answer == "attending" else None,
                               answered, coordinator_of[member] if answered else None,
                               (answer == "attending") if past else None,
                               sequence_of[item["uid"]], invited, answered or invited)

            counts["meeting_invitation"] = _copy(
                connection, MeetingInvitation.__table__,
                ["organisation_id", "meeting_id", "answer", "attendees", "answered_at", "answered_by_id", "attended",
                 "sent_sequence", "created_at", "updated_at"], invitation_rows())
            agenda_of: dict[int, list[int]] = {}
            table = AgendaItem.__table__
            for agenda_id, meeting_id in connection.execute(select(table.c.id, table.c.meeting_id)).all():
                agenda_of.setdefault(meeting_id, []).append(agenda_id)

            held = [item for item in meta if item["status"] in ("held", "approved")]
            if actions and not held:
                raise SystemExit("no past meeting to decide actions at: give more meetings")
            actions_of: dict[int, list[int]] = {}  # organisation: [actions, open or in progress]

            def action_rows():
                for number in range(actions):
                    item = rng.choice(held)
                    net = item["net"]
                    owners = net["members"]
                    weights = [4 if org == hub else 2 if org == net["coordinator"] else 1 for org in owners]
                    owner = rng.choices(owners, weights)[0]
                    counted = actions_of.setdefault(owner, [0, 0])
                    counted[0] += 1
                    decided = item["starts"] + timedelta(hours=2)
                    due = decided.astimezone(WARSAW).date() + timedelta(days=rng.randint(7, 112))
                    roll = rng.random()
                    if due < today - timedelta(days=60):  # long past: nearly all closed, a few forgotten
                        status = "done" if roll < .88 else "dropped" if roll < .97 else "in_progress" if roll < .99 \
                            else "open"
                    elif due < today:
                        status = "done" if roll < .45 else "in_progress" if roll < .7 else "open" if roll < .9 \
                            else "dropped"
                    else:
                        status = "open" if roll < .55 else "in_progress" if roll < .9 else "done"
                    changed = None if status == "open" else min(
                        decided + timedelta(days=rng.randint(1, max(1, (due - decided.date()).days + 10))), now)
                    counted[1] += status in ("open", "in_progress")
                    note = {"dropped": "Nieaktualne po zmianie harmonogramu.",
                            "in_progress": "W toku: uzgodniono szczegóły z partnerami."}.get(status)
                    yield (owner, item["id"], net["id"], rng.choice(agenda_of[item["id"]]),
                           f"{ACTIONS[number % len(ACTIONS)]} ({number + 1})",
                           "Szczegóły w protokole posiedzenia." if rng.random() < .3 else None, due, status, note,
                           changed, coordinator_of[owner] if changed else None, decided, changed or decided)

            counts["meeting_action"] = _copy(
                connection, MeetingAction.__table__,
                ["organisation_id", "meeting_id", "network_id", "agenda_item_id", "title", "details", "due_on",
                 "status", "status_note", "status_changed_at", "status_changed_by_id", "created_at", "updated_at"],
                action_rows())

            # Messages: the department's (a network, a kind or everyone) and the coordinators' (their members).
            message_rows, recipients = [], {}
            kinds = sorted(set(kind_of.values()))
            for number in range(messages):
                sent = now - timedelta(minutes=rng.randint(60, 730 * 24 * 60))
                subject = SUBJECTS[number % len(SUBJECTS)]
                body = f"{subject}. Prosimy o informację zwrotną. (Wiadomość {number + 1})"
                net = rng.choice(nets)
                roll = rng.random()
                if roll < .3:
                    sender, by, network_id, audience = net["coordinator"], coordinator_of[net["coordinator"]], \
                        net["id"], f"sieć: {net['name']}"
                    chosen = [org for org in net["members"] if org != sender]
                elif roll < .7:
                    sender, by, network_id, audience = department_id, officer_id, net["id"], f"sieć: {net['name']}"
                    chosen = list(net["members"])
                elif roll < .9:
                    kind = rng.choice(kinds)
                    sender, by, network_id, audience = department_id, officer_id, None, f"rodzaj: {kind}"
                    chosen = [org for org in org_ids if kind_of[org] == kind]
                else:
                    sender, by, network_id, audience = department_id, officer_id, None, "wszystkie organizacje"
                    chosen = list(org_ids)
                key = f"coordination-bench-{seed}-{number}"
                recipients[key] = (chosen, sent)
                message_rows.append((sender, subject, body, f"{subject} (UA)" if number % 2 else None,
                                     f"{body} (UA)" if number % 2 else None, None, None, network_id, audience, sent,
                                     by, key, fold(f"{subject} {body}"), sent, sent))
            counts["network_message"] = _copy(
                connection, NetworkMessage.__table__,
                ["organisation_id", "subject_pl", "body_pl", "subject_uk", "body_uk", "subject_en", "body_en",
                 "network_id", "audience", "sent_at", "sent_by_id", "submission_key", "search_text", "created_at",
                 "updated_at"], message_rows)
            table = NetworkMessage.__table__
            message_ids = dict(connection.execute(select(table.c.submission_key, table.c.id)).all())

            def delivery_rows():
                for key, (chosen, sent) in recipients.items():
                    for org in chosen:
                        emailed = sent + timedelta(seconds=rng.randint(5, 120))
                        read = rng.random() < .65
                        yield (org, message_ids[key], emailed, 2,
                               emailed + timedelta(hours=rng.randint(1, 72)) if read else None,
                               rng.choice((admin_of[org], coordinator_of[org])) if read else None, sent, emailed)

            counts["message_delivery"] = _copy(
                connection, MessageDelivery.__table__,
                ["organisation_id", "message_id", "emailed_at", "emailed_to", "read_at", "read_by_id", "created_at",
                 "updated_at"], delivery_rows())
            db.session.commit()
            print(f"  generated in {clock.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        generating.analyze()
    measured_org = max(actions_of, key=lambda org: actions_of[org][0]) if actions_of else hub
    total_actions, open_actions = actions_of.get(measured_org, (0, 0))
    biggest = nets[0]
    number_of = {org_id: index + 1 for index, org_id in enumerate(org_ids)}
    return {
        "officer": OFFICER_EMAIL, "password": password_text, "totp_secret": totp_secret, "counts": counts,
        "department_id": department_id, "officer_id": officer_id, "organisation_ids": org_ids,
        "actions_organisation": {"id": measured_org, "actions": total_actions, "open_actions": open_actions,
                                 "coordinator": f"coordinator{number_of[measured_org]}@{DOMAIN}"},
        "network": {"id": biggest["id"], "name": biggest["name"], "members": len(biggest["members"]),
                    "meetings": sum(1 for item in meta if item["net"] is biggest),
                    "coordinator": f"coordinator{number_of[biggest['coordinator']]}@{DOMAIN}"},
    }


def main(argv=None) -> int:
    parser = generating.make_parser(__doc__, "coordination")
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--networks", type=int, default=40)
    parser.add_argument("--meetings", type=int, default=2_000)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args(argv)
    if args.organisations < 10 or args.networks < 1 or args.meetings < 1:
        parser.error("need ten organisations, one network and one meeting at least")
    started = clock.monotonic()
    made = generate(args.database_url, organisations=args.organisations, networks=args.networks,
                    meetings=args.meetings, actions=args.actions, messages=args.messages, seed=args.seed)
    generating.print_made(made, started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
