"""``/healthz``, ``/readyz`` and ``/metrics``: for the load balancer, the orchestrator and Prometheus.

All three are declared public in the permission system (no role opens them: ``/metrics`` checks its own
allowed addresses and token, app/metrics.py), and skip what a person's page needs: no session is read
(``BARE_ENDPOINTS``, app/actor.py), no form token, no rate limit, and never the page cache (they are not
``@cacheable``); every answer says ``Cache-Control: no-store``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request

from app import metrics, readiness
from app.extensions import csrf, limiter
from app.permissions import public

bp = Blueprint("ops", __name__)
csrf.exempt(bp)
limiter.exempt(bp)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@public
def healthz():
    """Anyone (the load balancer): 200 "ok" while the process answers; the database is not asked."""
    return _no_store(Response("ok\n", mimetype="text/plain"))


@bp.get("/readyz")
@public
def readyz():
    """Anyone (the orchestrator): 200 with each check's answer when the database answers, its schema is at the
    migrations' head and Redis (when configured) answers; 503 naming the failing checks otherwise."""
    results = readiness.checks()
    failing = readiness.failing(results)
    body = {"status": "not ready" if failing else "ready", "checks": results}
    if failing:
        body["failing"] = failing
    response = jsonify(body)
    response.status_code = 503 if failing else 200
    return _no_store(response)


@bp.get("/metrics", endpoint="metrics")
@public
def metrics_page():
    """Prometheus, from an address in METRICS_ALLOWED_NETWORKS or with the METRICS_TOKEN bearer token: the
    metrics in its text format. Anyone else: 404, as if there were no such page."""
    if not metrics.may_scrape(request):
        abort(404)
    return _no_store(Response(metrics.exposition(), mimetype=None, content_type=metrics.CONTENT_TYPE))
