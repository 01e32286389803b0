"""Show the query plans and timings of a search's statements on a bench database.

    .venv/bin/python bench/explain.py sqlite:////tmp/bench.db "q=pomoc&category=family&district=centrum"
    .venv/bin/python bench/explain.py postgresql+psycopg://postgres@127.0.0.1:5432/bench "q=terapia" --analyze

Runs the /search page once through the test client with every statement recorded, then prints
each SELECT with its plan (SQLite ``EXPLAIN QUERY PLAN``; PostgreSQL ``EXPLAIN``, or
``EXPLAIN ANALYZE`` with --analyze) and how long it took.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("query_string", help="the search's query string, e.g. q=pomoc&district=centrum")
    parser.add_argument("--analyze", action="store_true", help="PostgreSQL: EXPLAIN ANALYZE (runs the statement)")
    args = parser.parse_args(argv)

    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": args.database_url, "PAGE_CACHE_SECONDS": 0})
    statements: list[tuple[str, object, float]] = []
    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def _start(conn, cursor, statement, parameters, context, executemany):
            conn.info["started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _stop(conn, cursor, statement, parameters, context, executemany):
            statements.append((statement, parameters, (time.perf_counter() - conn.info["started"]) * 1000))

        client = app.test_client()
        client.get(f"/search?{args.query_string}")  # warm: caches, connection
        statements.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(f"/search?{args.query_string}")
        total, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000
        event.remove(engine, "before_cursor_execute", _start)
        event.remove(engine, "after_cursor_execute", _stop)
        print(f"HTTP {response.status_code}, {total:.1f} ms for the page ({cpu:.1f} ms CPU here), "
              f"{len(statements)} statements, "
              f"{sum(ms for *_, ms in statements):.1f} ms in the database\n")
        prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else (
            "EXPLAIN (ANALYZE, BUFFERS) " if args.analyze else "EXPLAIN ")
        with engine.connect() as connection:
            for statement, parameters, ms in statements:
                print(f"--- {ms:.2f} ms\n{statement}\n{parameters}")
                plan = connection.exec_driver_sql(prefix + statement, parameters).all()
                print("\n".join(" | ".join(str(c) for c in row) for row in plan), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
