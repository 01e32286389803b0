"""Where a public page's time goes: cProfile over repeated requests through the test client.

    .venv/bin/python bench/profile_pages.py sqlite:////tmp/catalogue.db                  # every public page
    .venv/bin/python bench/profile_pages.py sqlite:////tmp/catalogue.db /events --top 40

Runs each path once (the first request: connections, templates, per-worker caches), then ``--repeat`` (20) times
timing the CPU without the profiler (what a loaded machine distorts least), then ``--repeat`` times under cProfile,
with the page cache off. Prints per page the first request's time, the CPU per request, the time under the
profiler, SQL statements per request and the database's share, and the functions with the most cumulative time.
The service page's id is the first public service's, unless a path is given. ``--as EMAIL`` profiles signed-in
pages: the client gets a live server-side session of that user (the password and code steps are skipped), e.g.
``bench/profile_pages.py sqlite:////tmp/c.db /workspace/actions/ --as coordinator1@coordination.bench.example``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PATHS = ("/services/{service_id}", "/events", "/volunteering", "/events.ics", "/directory.csv",
                 "/search?q=pomoc&district=centrum")


def sign_in(app, client, email: str) -> None:
    """Give the test client a live server-side session of the user with this e-mail."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import User
    from app.services.accounts import sessions

    with app.app_context():
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        raw = sessions.start_session(user)
        db.session.commit()
    with client.session_transaction() as session:
        session["sid"] = raw


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime)")
    parser.add_argument("--as", dest="email", default=None, help="profile signed in as this user")
    args = parser.parse_args(argv)

    from sqlalchemy import event, select

    from app import create_app
    from app.extensions import db
    from app.models import Service
    from app.tenancy import public_scope

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": args.database_url, "PAGE_CACHE_SECONDS": 0,
                                     "SQLALCHEMY_ECHO": False})
    with app.app_context():
        with public_scope():
            service_id = db.session.execute(select(Service.id).order_by(Service.id).limit(1)).scalar()
        db.session.remove()
        seen = {"count": 0, "seconds": 0.0}

        @event.listens_for(db.engine, "before_cursor_execute")
        def _start(conn, cursor, statement, parameters, context, executemany):
            conn.info["started"] = time.perf_counter()

        @event.listens_for(db.engine, "after_cursor_execute")
        def _stop(conn, cursor, statement, parameters, context, executemany):
            seen["count"] += 1
            seen["seconds"] += time.perf_counter() - conn.info["started"]

    client = app.test_client()
    if args.email:
        sign_in(app, client, args.email)
    for template in args.paths or DEFAULT_PATHS:
        path = template.format(service_id=service_id)
        first = time.perf_counter()
        response = client.get(path)
        first_ms = (time.perf_counter() - first) * 1000
        size = len(response.get_data())
        cpu_started = time.process_time()
        for _ in range(args.repeat):
            client.get(path).get_data()
        cpu_ms = (time.process_time() - cpu_started) * 1000 / args.repeat
        seen.update(count=0, seconds=0.0)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(path).get_data()
        profiler.disable()
        per_request = (time.perf_counter() - started) * 1000 / args.repeat
        print(f"=== {path}: HTTP {response.status_code}, {size:,} bytes; first {first_ms:.1f} ms, then "
              f"{cpu_ms:.1f} ms of CPU per request ({per_request:.1f} ms each under the profiler), "
              f"{seen['count'] / args.repeat:.1f} statements "
              f"and {seen['seconds'] * 1000 / args.repeat:.1f} ms in the database per request")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
