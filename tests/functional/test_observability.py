"""Seen from outside (issue 15 §5): /healthz, /readyz, the request id, JSON log lines and /metrics."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import event, update

from app import create_app, readiness
from app.extensions import db
from app.logs import handler
from app.models import MessageDelivery
from app.tenancy import system_scope
from tests.conftest import ROOT

HEX_ID = re.compile(r"[0-9a-f]{16}")
FOREIGN = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture
def statements(app):
    """The SQL statements the portal sends while the test runs."""
    sent = []

    def count(_conn, _cursor, statement, *_args):
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    yield sent
    event.remove(engine, "before_cursor_execute", count)


def test_healthz_answers_ok_without_the_database_or_a_session(client, statements):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"
    assert statements == []
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_names_each_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_naming_the_schema_behind_the_migrations(client, monkeypatch):
    monkeypatch.setattr(readiness, "migration_heads", lambda: frozenset({"a_revision_not_applied"}))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["migrations"] and response.json["checks"]["database"] == "ok"


def test_readyz_is_503_naming_an_unreachable_database_and_redis(app):
    """A portal whose database and Redis listen on a closed port: not ready, and it says which."""
    closed = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                                    "REDIS_URL": "redis://127.0.0.1:1/0",
                                    "MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
                                    # the limiter is one object for every app: its storage must stay the suite's
                                    "RATELIMIT_STORAGE_URI": app.config["RATELIMIT_STORAGE_URI"]})
    client = closed.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "not ready"
    assert response.json["checks"] == {"database": "unreachable", "migrations": "unknown", "redis": "unreachable"}
    assert response.json["failing"] == ["database", "migrations", "redis"]
    assert b"127.0.0.1" not in response.data  # no internals
    assert client.get("/healthz").status_code == 200  # the process itself still answers


# -- the request id --------------------------------------------------------------------------------------------------

def test_a_request_id_is_generated_for_each_request(client):
    first, second = client.get("/healthz"), client.get("/", headers={"X-Request-ID": "from-the-visitor-1"})
    assert HEX_ID.fullmatch(first.headers["X-Request-ID"])
    assert HEX_ID.fullmatch(second.headers["X-Request-ID"])  # no proxy in front: the visitor's header is not taken
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_the_proxys_request_id_is_echoed_when_trusted_and_well_formed(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TRUST_REQUEST_ID_HEADER", True)
    assert client.get("/healthz", headers={"X-Request-ID": "edge-7f3a:01"}).headers["X-Request-ID"] == "edge-7f3a:01"
    for bad in ("two words", "x" * 200, "<script>", "-starts-with-a-dash"):
        assert HEX_ID.fullmatch(client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"])
    monkeypatch.setitem(app.config, "TRUST_REQUEST_ID_HEADER", None)
    monkeypatch.setitem(app.config, "TRUSTED_PROXY_COUNT", 1)  # behind a trusted proxy: taken by default
    assert client.get("/healthz", headers={"X-Request-ID": "edge-2"}).headers["X-Request-ID"] == "edge-2"


# -- JSON log lines --------------------------------------------------------------------------------------------------

@pytest.fixture
def json_log():
    """What production writes on stderr (one JSON object per line), read back as dicts."""
    stream = io.StringIO()
    root = logging.getLogger()
    json_handler = handler("json", stream)
    level = root.level
    root.addHandler(json_handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(json_handler)
    root.setLevel(level)


def test_a_json_access_line_carries_the_request_id_and_no_query_string(client, json_log):
    response = client.get("/search?q=przemoc+w+rodzinie&district=centrum")
    assert response.status_code == 200
    lines = [line for line in json_log() if line["logger"] == "app.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert (line["level"], line["method"], line["path"], line["status"]) == ("INFO", "GET", "/search", 200)
    assert isinstance(line["duration_ms"], float) and line["time"].endswith("+00:00")
    written = json.dumps(json_log())
    assert "przemoc" not in written and "centrum" not in written and "?" not in written


def test_every_record_of_a_request_carries_its_id_and_a_form_body_is_not_logged(client, json_log, monkeypatch):
    monkeypatch.setattr(readiness, "migration_heads", lambda: frozenset({"a_revision_not_applied"}))
    response = client.get("/readyz")
    records = [line for line in json_log() if line["request_id"] == response.headers["X-Request-ID"]]
    assert [(line["logger"], line["level"]) for line in records] == [("app.readiness", "WARNING"),
                                                                     ("app.access", "INFO")]
    client.post("/sign-in", data={"email": "someone@example.org", "password": "a secret phrase"})
    written = json.dumps(json_log())
    assert "someone@example.org" not in written and "a secret phrase" not in written


# -- /metrics --------------------------------------------------------------------------------------------------------

def _value(text: str, name: str, **labels) -> float:
    """A sample's value in the exposition text (0 when absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    pattern = re.escape(f"{name}{{{wanted}}}" if wanted else name) + r" (\S+)"
    found = re.search(r"^" + pattern + r"$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_metrics_are_refused_from_a_foreign_address(client):
    response = client.get("/metrics", environ_base=FOREIGN)
    assert response.status_code == 404 and b"siec_http" not in response.data
    assert client.get("/metrics", environ_base=FOREIGN, headers={"Authorization": "Bearer guess"}).status_code == 404


def test_metrics_answer_a_bearer_token_from_anywhere(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "a-long-random-scrape-token")
    assert client.get("/metrics", environ_base=FOREIGN, headers={"Authorization": "Bearer wrong"}).status_code == 404
    response = client.get("/metrics", environ_base=FOREIGN,
                          headers={"Authorization": "Bearer a-long-random-scrape-token"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_metrics_count_requests_by_endpoint_latency_errors_pool_and_mail_queue(app, client, make, city):
    before = client.get("/metrics").get_data(as_text=True)
    client.get("/")
    client.get("/no-such-page/12345")
    make.message(city.department, [city.org_a, city.org_b])
    with app.app_context(), system_scope("tests"):
        db.session.execute(update(MessageDelivery).values(emailed_at=None))
        db.session.commit()
    after = client.get("/metrics").get_data(as_text=True)
    home = {"endpoint": "public.home", "method": "GET", "status": "2xx"}
    assert _value(after, "siec_http_requests_total", **home) == _value(before, "siec_http_requests_total", **home) + 1
    missing = {"endpoint": "unmatched", "method": "GET", "status": "4xx"}
    assert _value(after, "siec_http_requests_total", **missing) >= 1
    assert "/no-such-page" not in after  # endpoints, never raw URLs
    assert (_value(after, "siec_http_request_duration_seconds_count", endpoint="public.home")
            == _value(before, "siec_http_request_duration_seconds_count", endpoint="public.home") + 1)
    assert "# TYPE siec_http_server_errors_total counter" in after
    assert "siec_db_pool_checked_out " in after and "siec_db_pool_size " in after
    assert _value(after, "siec_mail_pending_deliveries") == 2
    assert 'siec_mail_outbox{state="failing"} 0.0' in after


@pytest.mark.slow
def test_metrics_of_several_processes_are_added_up(tmp_path):
    """Under gunicorn (PROMETHEUS_MULTIPROC_DIR): two workers' counts, read by a scrape of either."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    count = "from app import metrics; metrics.observe('public.home', 'GET', 200, 0.01)"
    scrape = textwrap.dedent("""
        from app import metrics
        print(metrics.exposition().decode())
    """)
    for _worker in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, cwd=ROOT, check=True)  # noqa: S603 - our own code
    text = subprocess.run([sys.executable, "-c", scrape], env=env, cwd=ROOT, check=True,  # noqa: S603 - our own code
                          capture_output=True, text=True).stdout
    assert _value(text, "siec_http_requests_total", endpoint="public.home", method="GET", status="2xx") == 2
