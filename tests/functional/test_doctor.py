"""``flask doctor``: one line per item, OK or FAIL, and a non-zero exit when anything failed (app/doctor.py)."""

from __future__ import annotations

import socket
import socketserver
import threading
from contextlib import contextmanager

import pytest

from app import create_app, doctor
from app.extensions import db


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
    assert lines[-1] == f"7 of {len(lines) - 1} checks failed."


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
    assert lines[-1] == f"2 of {len(lines) - 1} checks failed."


@pytest.mark.parametrize(("key", "finding"), [
    ("", "FAIL  SECRET_KEY: not set"),
    ("k" * 32, "OK    SECRET_KEY: set, 32 characters"),
])
def test_secret_key_lines(app, monkeypatch, key, finding):
    monkeypatch.setitem(app.config, "SECRET_KEY", key)
    with app.app_context():
        assert [f.line() for f in doctor.check_secret_key()] == [finding]
