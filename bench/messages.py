"""Messages bench: one message to 300 organisations — the request that sends it, then the e-mail after the response.

    .venv/bin/python bench/messages.py                      # SQLite in a temporary folder, 300 organisations
    .venv/bin/python bench/messages.py --organisations 50   # a quick check
    .venv/bin/python bench/messages.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/siec_messages

Builds the schema (the migrations), the department with one officer and ``--organisations`` (300) shelters, each
with an admin and a coordinator (600 addresses, a third of them reading Ukrainian, a tenth English), all members
of one network "Akcja zima" coordinated by the department. Then, in this process with Flask's test client (the
portal's own work, without a web server in front), the officer opens the compose form and sends one message to
the network, ``--runs`` (3) times with a fresh form each time: it times the request that sends (the message, 300
deliveries, the audit entry, one commit — target under 1 s) and then the delivery the server starts once the
response has been sent (``response.close()`` runs it as a WSGI server does: 600 mails rendered in each person's
language and written to the outbox folder, each organisation's ``emailed_at`` recorded). It checks that every
delivery was recorded and that the sender's page says "e-mailed 300 of 300", and prints the figures as a table
and as JSON. On PostgreSQL the database named in the URL must exist and be empty.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SEND_S = 1.0
NO_PASSWORD = "!"  # noqa: S105 - no password hash matches it: these people never sign in with a password


def build(app, organisations: int) -> dict[str, int]:
    """The department, its officer, the shelters with two people each and the network of them all."""
    import pyotp
    from flask_migrate import upgrade

    from app.extensions import db
    from app.models import Membership, Network, NetworkMember, Organisation, OrganisationKind, Role, User, utcnow
    from app.tenancy import system_scope

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with system_scope("bench.messages"):
            department = Organisation(slug="messages-bench-department", name="Wydział Polityki Społecznej",
                                      kind=OrganisationKind.DEPARTMENT)
            db.session.add(department)
            db.session.flush()
            officer = User(email="officer@messages.bench.example", full_name="Urzędniczka (bench)", locale="pl",
                           password_hash=NO_PASSWORD, totp_secret=pyotp.random_base32(), totp_enabled_at=utcnow())
            db.session.add(officer)
            db.session.flush()
            db.session.add(Membership(user_id=officer.id, organisation_id=department.id, role=Role.OFFICER))
            network = Network(organisation_id=department.id, name="Akcja zima",
                              coordinator_organisation_id=department.id)
            db.session.add(network)
            db.session.flush()
            for number in range(1, organisations + 1):
                org = Organisation(slug=f"messages-bench-{number}", name=f"Schronisko {number:03d} (bench)",
                                   kind=OrganisationKind.SHELTER)
                db.session.add(org)
                db.session.flush()
                for role, locale in ((Role.ADMIN, "uk" if number % 3 == 0 else "pl"),
                                     (Role.COORDINATOR, "en" if number % 10 == 0 else "pl")):
                    person = User(email=f"{role.value}{number}@messages.bench.example",
                                  full_name=f"Osoba {number} ({role.value})", locale=locale, password_hash=NO_PASSWORD)
                    db.session.add(person)
                    db.session.flush()
                    db.session.add(Membership(user_id=person.id, organisation_id=org.id, role=role))
                db.session.add(NetworkMember(organisation_id=org.id, network_id=network.id))
            db.session.commit()
            return {"officer": officer.id, "network": network.id}


def signed_in_client(app, user_id: int):
    """A test client with a live session for the officer (the password and code steps are another bench's)."""
    from app.extensions import db
    from app.models import User
    from app.services.accounts import sessions
    from app.tenancy import system_scope

    client = app.test_client()
    with app.app_context(), system_scope("bench.messages"):
        raw = sessions.start_session(db.session.get(User, user_id))
        db.session.commit()
    with client.session_transaction() as session:
        session["sid"] = raw
    return client


def send_once(app, client, network_id: int, run: int) -> dict[str, float]:
    """Open the form, send the message, then let the response close (the delivery runs); the timings."""
    opened = client.get("/console/messages/new")
    if opened.status_code != 200:
        raise SystemExit(f"the form did not open: {opened.status_code} {opened.headers.get('Location')}")
    form = opened.get_data(as_text=True)
    key = re.search(r'name="submission_key"[^>]*value="([^"]+)"', form) or re.search(
        r'value="([^"]+)"[^>]*name="submission_key"', form)
    data = {"submission_key": key.group(1), "action": "send", "networks": [str(network_id)],
            "subject_pl": f"Akcja zima {run}: zaktualizujcie wolne miejsca do 18:00",
            "body_pl": "Prosimy o aktualizację liczby wolnych miejsc do godziny 18:00.",
            "subject_uk": "Зимова акція: оновіть вільні місця до 18:00",
            "body_uk": "Просимо оновити кількість вільних місць до 18:00.",
            "subject_en": "Winter action: update free places by 18:00",
            "body_en": "Please update the number of free places by 18:00."}
    if "csrf_token" in form:
        data["csrf_token"] = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    started = time.perf_counter()
    response = client.post("/console/messages/new", data=data)
    sent = time.perf_counter() - started
    if response.status_code != 303:
        raise SystemExit(f"the message was not sent: {response.status_code} {response.get_data(as_text=True)[:2000]}")
    started = time.perf_counter()
    response.close()  # what the WSGI server does once the response has gone: the e-mails go out now
    delivered = time.perf_counter() - started
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return {"send_s": sent, "delivery_s": delivered, "location": response.headers["Location"], "page": page}


def check(app, message_path: str, page: str, organisations: int) -> dict[str, int]:
    """Every delivery recorded, and the sender told so."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import MessageDelivery
    from app.tenancy import system_scope

    message_id = int(message_path.rstrip("/").rsplit("/", 1)[1])
    with app.app_context(), system_scope("bench.messages"):
        total, emailed, addresses = db.session.execute(select(
            func.count(MessageDelivery.id), func.count(MessageDelivery.emailed_at),
            func.coalesce(func.sum(MessageDelivery.emailed_to), 0)).where(
            MessageDelivery.message_id == message_id)).one()
    if not total == emailed == organisations:
        raise SystemExit(f"{emailed} of {total} deliveries recorded, {organisations} expected")
    if f"{organisations} of {organisations}" not in page:
        raise SystemExit("the sender's page does not show every delivery")
    return {"deliveries": total, "emailed": emailed, "addresses": int(addresses)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    from app import create_app
    from app.i18n import LANGUAGE_COOKIE

    with tempfile.TemporaryDirectory(prefix="messages-bench-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'messages.db'}"
        outbox = Path(folder) / "outbox"
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "MAIL_BACKEND": "outbox",
                                     "MAIL_OUTBOX_DIR": str(outbox), "SERVER_NAME": "portal.bench",
                                     "SQLALCHEMY_ECHO": False})
        made = build(app, args.organisations)
        client = signed_in_client(app, made["officer"])
        client.set_cookie(LANGUAGE_COOKIE, "en", domain="portal.bench")
        runs = []
        for run in range(1, args.runs + 1):
            before = len(list(outbox.glob("*.eml"))) if outbox.exists() else 0
            timing = send_once(app, client, made["network"], run)
            figures = check(app, timing["location"], timing["page"], args.organisations)
            mails = len(list(outbox.glob("*.eml"))) - before
            runs.append({"run": run, "send_ms": round(timing["send_s"] * 1000, 1),
                         "delivery_s": round(timing["delivery_s"], 3), "mails": mails, **figures})
        print(f"{'run':>3} {'send (ms)':>10} {'delivery (s)':>13} {'mails':>6} {'emailed':>8}")
        for one in runs:
            print(f"{one['run']:>3} {one['send_ms']:>10} {one['delivery_s']:>13} {one['mails']:>6} "
                  f"{one['emailed']:>4}/{one['deliveries']}")
        worst = max(one["send_ms"] for one in runs) / 1000
        summary = {"organisations": args.organisations, "addresses": runs[0]["addresses"],
                   "send_ms_median": statistics.median(one["send_ms"] for one in runs),
                   "send_ms_max": worst * 1000,
                   "delivery_s_median": statistics.median(one["delivery_s"] for one in runs),
                   "target_send_s": TARGET_SEND_S, "ok": worst < TARGET_SEND_S, "runs": runs}
        print(json.dumps(summary))
        return 0 if summary["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
