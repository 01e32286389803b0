"""gunicorn's settings for the portal: ``gunicorn -c gunicorn_config.py wsgi:app`` (docs/DEPLOYMENT.md).

Every value comes from the environment, with a default fit for one host behind a reverse proxy on the same host.
Command-line options given after ``-c`` still win (``make run`` passes its port and workers).

Not named ``gunicorn.conf.py`` on purpose: gunicorn reads a file of that name from the folder it starts in without
being asked, and the benches and browser tests start their own gunicorns in the checkout with their own options.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Processes, and threads in each: a worker per CPU core is a good start; the app's limits are shared between them
# only through Redis, so production refuses more than one worker without REDIS_URL (config.require_shared_store).
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 1)  # above 1 gunicorn runs the gthread worker; keep DB_POOL_SIZE >= threads
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{_int('PORT', 8000)}"

# A request that runs longer than `timeout` seconds gets its worker restarted; a stopping worker finishes the requests
# it has for `graceful_timeout` seconds; an idle kept-alive connection from the proxy is closed after `keepalive`
# (threaded workers only: the sync worker closes every connection after its answer).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Workers are replaced after this many requests (a slow leak never grows for weeks), not all at once (jitter).
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)

# The workers' heartbeat files in memory, not on a disk that may stall (Linux; elsewhere gunicorn's default).
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own advice for worker_tmp_dir, not a file we create
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY

# Forwarded headers: the app reads X-Forwarded-For/-Proto/-Host only behind TRUSTED_PROXY_COUNT proxies
# (werkzeug's ProxyFix in app/__init__.py); gunicorn trusts X-Forwarded-Proto from the same proxies only —
# FORWARDED_ALLOW_IPS (the proxy's addresses, default the proxy on this host), none without a proxy.
if _int("TRUSTED_PROXY_COUNT", 0) > 0:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
else:
    forwarded_allow_ips = ""

# gunicorn's own access log would write every query string (a resident's search can be sensitive): off unless
# asked for; the app writes one access line per request with the path only (app/logs.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
proc_name = "siec-wsparcia"

# Each worker builds its own app after the fork (wsgi.py, which then freezes what it made for the cycle collector);
# nothing of the database is opened in the master.
preload_app = False


def on_starting(server):
    """Before any worker: a folder for the workers' metrics, so that ``/metrics`` adds up every worker's counts
    whichever worker answers the scrape — ``PROMETHEUS_MULTIPROC_DIR`` if given (emptied: what it holds is the last
    run's), else a new folder in memory. The workers inherit the variable and import the app after it is set."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))
    else:
        import tempfile

        parent = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="siec-metrics-", dir=parent)


def on_exit(server):
    """The folder made by ``on_starting`` goes with the server."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(folder).startswith("siec-metrics-"):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def post_fork(server, worker):
    """In the new worker: tell the app how many workers run (``WEB_CONCURRENCY``, also when ``--workers`` set it),
    and, if the app was loaded in the master (``preload_app``), drop the database connections inherited from it."""
    os.environ["WEB_CONCURRENCY"] = str(server.num_workers)  # --workers and TTIN/TTOU too
    app = getattr(server.app, "callable", None)
    if app is not None:
        from app.database import dispose_after_fork

        dispose_after_fork(app)


def child_exit(server, worker):
    """A worker has gone: drop its live metrics from the multi-process folder (``PROMETHEUS_MULTIPROC_DIR``)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from app.metrics import mark_process_dead

        mark_process_dead(worker.pid)
