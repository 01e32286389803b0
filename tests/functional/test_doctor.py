"""``flask doctor``: one line per item, OK or FAIL, and a non-zero exit when anything failed (app/doctor.py)."""

from __future__ import annotations

import socket
import socketserver
import threading
from contextlib import contextmanager
from datetime import timedelta
from email.message import EmailMessage

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import update

from app import create_app, doctor, mail_queue, secret_box
from app.extensions import db
from app.models import OutgoingMail, User, utcnow
from app.unit_of_work import unit_of_work


def _run(app):
    result = app.test_cli_runner().invoke(args=["doctor"])
    return result, result.output.splitlines()


def _line(lines, item):
    """The one line about ``item``."""
    found = [line for line in lines if line.split(maxsplit=1)[1].startswith(f"{item}:")]
    assert len(found) == 1, lines
    return found[0]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _SmtpGreeter(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server to greet, answer EHLO and QUIT; records the commands it got."""

    def handle(self):
        self.wfile.write(b"220 doctor.test ESMTP\r\n")
        for raw in self.rfile:
            command = raw.strip().split(b" ")[0].upper().decode()
            self.server.commands.append(command)
            if command == "EHLO":
                self.wfile.write(b"250-doctor.test\r\n250 8BITMIME\r\n")
            elif command == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"502 not here\r\n")


@contextmanager
def _smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpGreeter)
    server.daemon_threads = True
    server.commands = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_a_sound_deployment_passes_every_check(app, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    monkeypatch.setitem(app.config, "SECRET_KEY", "s" * 48)  # the test app's own is short
    with _smtp_server() as smtp:
        for name, value in {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp.server_address[1],
                            "SMTP_STARTTLS": False, "SMTP_USERNAME": None}.items():
            monkeypatch.setitem(app.config, name, value)
        result, lines = _run(app)
        commands = list(smtp.commands)
    assert result.exit_code == 0, result.output
    assert all(line.startswith("OK    ") for line in lines[:-1]), result.output
    assert lines[-1] == f"All {len(lines) - 1} checks passed."
    assert _line(lines, "SECRET_KEY") == "OK    SECRET_KEY: set, 48 characters"
    assert "answers" in _line(lines, "database")
    with app.app_context():
        head = ", ".join(sorted(doctor.code_heads()))
    assert _line(lines, "migrations") == f"OK    migrations: at head {head}"
    assert "one worker" in _line(lines, "Redis") or "answers PING" in _line(lines, "Redis")  # TEST_REDIS_URL in CI
    assert _line(lines, "SMTP").startswith(f"OK    SMTP: 127.0.0.1:{smtp.server_address[1]} answered (EHLO")
    assert commands == ["EHLO", "QUIT"]  # greeted, and no mail sent
    for name in doctor.UPLOAD_FOLDERS:
        assert _line(lines, name) == f"OK    {name}: {app.config[name]} writable"


def test_each_problem_is_a_fail_line_and_the_command_fails(app, monkeypatch, tmp_path):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    missing = tmp_path / "not-mounted"
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    for name, value in {"SECRET_KEY": "short", "REDIS_URL": None, "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1",
                        "SMTP_PORT": _closed_port(), "OFFER_ATTACHMENT_FOLDER": str(missing),
                        "AGREEMENT_DOCUMENT_FOLDER": str(not_a_folder), "ENV_NAME": "production",
                        "PUBLIC_BASE_URL": "http://wsparcie.city.example"}.items():
        monkeypatch.setitem(app.config, name, value)
    monkeypatch.setattr(doctor, "database_heads", lambda connection: {"0001_foundation"})

    result, lines = _run(app)

    assert result.exit_code == 1
    assert _line(lines, "SECRET_KEY") == "FAIL  SECRET_KEY: 5 characters, needs at least 32"
    assert _line(lines, "database").startswith("OK    database:")
    assert _line(lines, "migrations").startswith("FAIL  migrations: database at 0001_foundation, code at ")
    assert _line(lines, "migrations").endswith("run `flask db upgrade`")
    assert _line(lines, "Redis").startswith("FAIL  Redis: REDIS_URL not set with 4 workers: rate limits")
    assert _line(lines, "SMTP").startswith(f"FAIL  SMTP: 127.0.0.1:{app.config['SMTP_PORT']}: ConnectionRefusedError")
    assert _line(lines, "OFFER_ATTACHMENT_FOLDER") == (f"FAIL  OFFER_ATTACHMENT_FOLDER: {missing} missing (create it, "
                                                       "or mount the shared folder, writable by the service user)")
    assert not missing.exists()  # the doctor changes nothing
    assert _line(lines, "AGREEMENT_DOCUMENT_FOLDER") == f"FAIL  AGREEMENT_DOCUMENT_FOLDER: {not_a_folder} not a folder"
    assert _line(lines, "PUBLIC_BASE_URL") == ("FAIL  PUBLIC_BASE_URL: http://wsparcie.city.example: production is "
                                               "served over https")
    assert _line(lines, "TOTP_ENCRYPTION_KEYS").startswith("FAIL  TOTP_ENCRYPTION_KEYS: not set: production needs it")
    assert lines[-1] == f"8 of {len(lines) - 1} checks failed."


def test_unreachable_redis_and_missing_public_address_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://:s3cret@127.0.0.1:{_closed_port()}/0")
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", None)
    result, lines = _run(app)
    assert result.exit_code == 1
    redis_line = _line(lines, "Redis")
    assert redis_line.startswith("FAIL  Redis: cannot reach redis://:***@127.0.0.1:") and "s3cret" not in result.output
    assert _line(lines, "PUBLIC_BASE_URL").startswith("FAIL  PUBLIC_BASE_URL: not set")


def test_an_unreachable_database_fails_both_database_lines(app, tmp_path, monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    broken = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}",
                                    "MAIL_OUTBOX_DIR": str(tmp_path), "SECRET_KEY": "s" * 48,
                                    "OFFER_ATTACHMENT_FOLDER": app.config["OFFER_ATTACHMENT_FOLDER"],
                                    "AGREEMENT_DOCUMENT_FOLDER": app.config["AGREEMENT_DOCUMENT_FOLDER"]})
    try:
        result, lines = _run(broken)
    finally:
        with broken.app_context():
            db.engine.dispose()
    assert result.exit_code == 1
    assert _line(lines, "database").startswith("FAIL  database: cannot reach sqlite:///")
    assert "OperationalError" in _line(lines, "database")
    assert _line(lines, "migrations") == "FAIL  migrations: not checked: the database cannot be reached"
    # (the outbox's line reads the tests' shared connection, not this app's database: not asserted here)
    assert lines[-1] == f"2 of {len(lines) - 1} checks failed."


@pytest.mark.parametrize(("key", "finding"), [
    ("", "FAIL  SECRET_KEY: not set"),
    ("k" * 32, "OK    SECRET_KEY: set, 32 characters"),
])
def test_secret_key_lines(app, monkeypatch, key, finding):
    monkeypatch.setitem(app.config, "SECRET_KEY", key)
    with app.app_context():
        assert [f.line() for f in doctor.check_secret_key()] == [finding]


def _findings(app, check) -> list[str]:
    with app.app_context():
        return [finding.line() for finding in check()]


def test_totp_keys_are_checked_against_the_stored_secrets(app, make, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "TOTP_ENCRYPTION_KEYS", old)
    person = make.user(totp_secret=pyotp.random_base32())
    assert _findings(app, doctor.check_totp_keys) == [
        "OK    TOTP_ENCRYPTION_KEYS: 1 key; all 1 stored secrets under the newest key"]

    monkeypatch.setitem(app.config, "TOTP_ENCRYPTION_KEYS", f"{new},{old}")  # a new key in front: rotation due
    assert _findings(app, doctor.check_totp_keys) == [
        "WARN  TOTP_ENCRYPTION_KEYS: 2 keys; 1 of 1 stored secrets not under the newest key: run "
        "`flask users rotate-totp-key`"]

    monkeypatch.setitem(app.config, "TOTP_ENCRYPTION_KEYS", new)  # the old key removed too early
    [line] = _findings(app, doctor.check_totp_keys)
    assert line.startswith("FAIL  TOTP_ENCRYPTION_KEYS: 1 key; 1 of 1 stored secrets open with none of them")
    with app.app_context():
        assert db.session.get(User, person.id).totp_secret_stored.startswith(secret_box.TOKEN_PREFIX)  # unchanged


@pytest.mark.parametrize(("env_name", "value", "finding"), [
    ("production", "not-a-key", "FAIL  TOTP_ENCRYPTION_KEYS: key 1 of TOTP_ENCRYPTION_KEYS is not a Fernet key"),
    ("production", None, "FAIL  TOTP_ENCRYPTION_KEYS: not set: production needs it"),
    ("testing", None, "OK    TOTP_ENCRYPTION_KEYS: not set: a key derived from SECRET_KEY"),
])
def test_totp_keys_setting(app, monkeypatch, env_name, value, finding):
    monkeypatch.setitem(app.config, "ENV_NAME", env_name)
    monkeypatch.setitem(app.config, "TOTP_ENCRYPTION_KEYS", value)
    [line] = _findings(app, doctor.check_totp_keys)
    assert line.startswith(finding)


def _queue_mail(app, recipient: str) -> None:
    message = EmailMessage()
    message["To"], message["Subject"] = recipient, "Doctor"
    message.set_content("A mail for the doctor's test.")
    with app.app_context(), unit_of_work():
        mail_queue.queue(message)


def test_the_outbox_fails_on_an_old_unsent_mail_and_on_a_given_up_one(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "outbox")
    monkeypatch.setattr(mail_queue, "send_queued", lambda app, ids: mail_queue.Outcome())  # left queued
    assert _findings(app, doctor.check_mail_outbox) == ["OK    mail outbox: queued 0, failing 0, given up 0"]

    _queue_mail(app, "fresh@example.org")
    assert _findings(app, doctor.check_mail_outbox) == ["OK    mail outbox: queued 1, failing 0, given up 0"]

    with app.app_context(), unit_of_work():
        db.session.execute(update(OutgoingMail).values(created_at=utcnow() - timedelta(minutes=90)))
    [line] = _findings(app, doctor.check_mail_outbox)
    assert line.startswith("FAIL  mail outbox: queued 1, failing 0, given up 0; the oldest unsent mail was queued "
                           "90 minutes ago: is `flask mail send` scheduled")

    with app.app_context(), unit_of_work():
        db.session.execute(update(OutgoingMail).values(created_at=utcnow(), attempts=9, next_attempt_at=None))
    [line] = _findings(app, doctor.check_mail_outbox)
    assert line.startswith("FAIL  mail outbox: queued 0, failing 0, given up 1: mails given up")


def test_the_metrics_folder_is_checked_only_when_set(app, monkeypatch, tmp_path):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    assert _findings(app, doctor.check_metrics_folder) == []
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert _findings(app, doctor.check_metrics_folder) == [f"OK    PROMETHEUS_MULTIPROC_DIR: {tmp_path} writable"]
    missing = tmp_path / "gone"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(missing))
    [line] = _findings(app, doctor.check_metrics_folder)
    assert line.startswith(f"WARN  PROMETHEUS_MULTIPROC_DIR: {missing} missing: the workers cannot start")
    assert not missing.exists()


def test_a_warning_does_not_fail_the_command(app, monkeypatch, tmp_path):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    monkeypatch.setitem(app.config, "SECRET_KEY", "s" * 48)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "gone"))
    result, lines = _run(app)
    assert result.exit_code == 0, result.output
    assert _line(lines, "PROMETHEUS_MULTIPROC_DIR").startswith("WARN  ")
    assert lines[-1] == f"All {len(lines) - 1} checks passed (1 with a warning)."


def test_the_row_security_line_fails_a_role_that_could_get_past_the_policies(app, monkeypatch):
    """PostgreSQL: the portal's role (tests/conftest.py connects as one like production's) is held by the policies;
    connected as the tables' owner, a superuser here, production FAILs. SQLite says it has the ORM's scope alone."""
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    with app.app_context():
        dialect = db.engine.dialect.name
    line = _line(_run(app)[1], "row security")
    if dialect != "postgresql":
        assert line == "OK    row security: sqlite has none: the tenant scope of the ORM alone"
        return
    assert line == "OK    row security: the portal's role siec_app_test is held by the policies"
    from sqlalchemy import create_engine

    monkeypatch.setattr(doctor, "_probe_engine", lambda: create_engine(app.config["DATABASE_OWNER_URL"]))
    result, lines = _run(app)
    assert result.exit_code == 1
    line = _line(lines, "row security")
    assert line.startswith("FAIL  row security: the portal's role postgres is a superuser and has BYPASSRLS and has "
                           "CREATEROLE (it could make itself a member of the owner), owns ")
    assert "(it could turn the policies off)" in line
    assert ': ALTER ROLE "postgres" NOSUPERUSER NOBYPASSRLS NOCREATEROLE; give them to an owner role and run the ' \
           "migrations as it (DATABASE_OWNER_URL" in line
