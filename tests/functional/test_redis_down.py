"""Redis not answering: sign-in, public pages and the API go on working, every limit still holds (the sign-in
throttle in the database, the API's and the residents' reports' limits in each process's memory), and the log says
so. First with ``REDIS_URL`` at a port where nothing listens; then, when the local Redis runs, with a Redis that
goes away in the middle of the run (a small TCP proxy in front of it, closed and opened again by the test — the
shared Redis itself is never stopped)."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest
from limits import parse

from app import create_app, rate_limits
from app.extensions import limiter
from app.services.accounts import counters
from tests.functional.support import location, post_sign_in

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LOCAL_REDIS = ("127.0.0.1", 6379)
REDIS_DATABASE = 14  # the proxied tests' own database of the local Redis, emptied before and after


def _worker(app, redis_url: str):
    """Another portal process on the test database whose ``REDIS_URL`` is ``redis_url``."""
    return create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": redis_url,
        "MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"], "SEARCH_LEMMAS_PATH": app.config["SEARCH_LEMMAS_PATH"],
        "SERVER_NAME": app.config["SERVER_NAME"],
    })


@pytest.fixture
def fresh_limits(app):
    """Every store asked afresh; afterwards the one Flask-Limiter (an extension shared by all apps of the process)
    counts again in the session app's memory."""
    counters._redis_down_until.clear()
    rate_limits.forget()
    yield
    counters._redis_down_until.clear()
    rate_limits.forget()
    limiter.init_app(app)
    limiter._storage_dead = False  # Flask-Limiter would notice the store is back by itself within half a minute
    limiter.reset()


@pytest.fixture
def redis_unreachable(app, fresh_limits):
    return _worker(app, CLOSED_PORT_URL)


def _warnings(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelname == "WARNING")


def test_sign_in_public_pages_and_the_api_work_and_the_log_says_redis_is_down(redis_unreachable, city, caplog):
    portal = redis_unreachable
    client = portal.test_client()
    with caplog.at_level("WARNING"):
        assert client.get("/").status_code == 200
        assert client.get("/sign-in").status_code == 200
        signed_in = post_sign_in(client, city.a_staff.email, city.a_staff.password)
        assert signed_in.status_code == 303
        assert client.get(location(signed_in)).status_code == 200
        assert portal.test_client().get("/api/hsds/services").status_code == 200
    said = _warnings(caplog)
    assert "Redis is not answering" in said and "counted in the database" in said  # the sign-in throttle
    assert "falling back to in-memory storage" in said  # Flask-Limiter


def test_the_sign_in_throttle_still_holds(redis_unreachable, city, app):
    client = redis_unreachable.test_client()
    for _ in range(app.config["LOGIN_PAIR_FREE_FAILURES"]):
        assert post_sign_in(client, city.a_admin.email, "wrong password here").status_code == 200
    assert post_sign_in(client, city.a_admin.email, city.a_admin.password).status_code == 429


def test_the_api_limit_still_holds_in_memory(redis_unreachable):
    redis_unreachable.config["API_RATE_LIMIT"] = "3 per minute"
    client = redis_unreachable.test_client()
    codes = [client.get("/api/hsds/").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_the_residents_report_limit_still_holds_in_memory(redis_unreachable, caplog):
    with redis_unreachable.app_context(), caplog.at_level("WARNING"):
        allowed = [rate_limits.hit(parse("2 per minute"), "feedback", "10.0.0.9") for _ in range(3)]
    assert allowed == [True, True, False]
    said = _warnings(caplog)
    assert said.count("the rate-limit store is not answering") == 1  # once, then memory without asking again


# -- a real Redis going away in the middle of the run ----------------------------------------------------------------

class Proxy:
    """A TCP proxy to the local Redis that the test closes (every connection cut, nothing listening) and opens
    again on the same port."""

    def __init__(self):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.listener: socket.socket | None = None
        self.sockets: list[socket.socket] = []

    def open(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                near, _ = listener.accept()
            except OSError:
                return
            far = socket.create_connection(LOCAL_REDIS, timeout=2)
            self.sockets += [near, far]
            for source, target in ((near, far), (far, near)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        if self.listener is not None:
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close() alone would not
            self.listener.close()
            self.listener = None
        for one in self.sockets:
            with contextlib.suppress(OSError):
                one.shutdown(socket.SHUT_RDWR)
            one.close()
        self.sockets = []


def _local_redis_runs() -> bool:
    try:
        socket.create_connection(LOCAL_REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def proxied_redis(fresh_limits):
    if not _local_redis_runs():
        pytest.skip("no Redis at 127.0.0.1:6379")
    import redis

    direct = redis.Redis(*LOCAL_REDIS, db=REDIS_DATABASE, socket_timeout=2)
    direct.flushdb()
    proxy = Proxy()
    proxy.open()
    try:
        yield proxy, direct
    finally:
        proxy.close()
        direct.flushdb()
        counters._redis_clients.pop(f"redis://127.0.0.1:{proxy.port}/{REDIS_DATABASE}", None)


def test_redis_going_away_mid_run_changes_nothing_a_person_sees(app, city, proxied_redis, caplog):
    proxy, direct = proxied_redis
    portal = _worker(app, f"redis://127.0.0.1:{proxy.port}/{REDIS_DATABASE}")
    portal.config["API_RATE_LIMIT"] = "3 per minute"
    client = portal.test_client()
    assert post_sign_in(client, city.a_admin.email, "wrong password here").status_code == 200
    assert direct.keys(counters.REDIS_PREFIX + "signin-*")  # counted in Redis while it answers
    assert client.get("/api/hsds/").status_code == 200
    assert direct.keys("LIMITS:*")  # Flask-Limiter counts there too

    proxy.close()  # Redis goes away: every connection cut, nothing listening
    with caplog.at_level("WARNING"):
        assert client.get("/").status_code == 200
        assert post_sign_in(portal.test_client(), city.a_staff.email, city.a_staff.password).status_code == 303
        codes = [client.get("/api/hsds/").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429  # the limit held, counted in memory
    said = _warnings(caplog)
    assert "Redis is not answering" in said and "falling back to in-memory storage" in said

    proxy.open()  # Redis is back; once the throttle's pause is over, it counts in Redis again
    counters._redis_down_until.clear()
    direct.flushdb()
    assert post_sign_in(portal.test_client(), city.a_admin.email, "wrong password here").status_code == 200
    assert direct.keys(counters.REDIS_PREFIX + "signin-*")
