"""Settings for each environment, read from environment variables.

Secrets have no default: production refuses to start without ``SECRET_KEY`` and
``DATABASE_URL``. Development and testing get throw-away values so that a fresh clone
runs with nothing but Python.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


class ConfigurationError(RuntimeError):
    """Raised at start-up when a required setting is missing or wrong."""


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:  # a bad setting must fail at start, not at first use
        raise ConfigurationError(f"{name} must be a whole number, got {value!r}") from exc


def worker_count(default: int = 1) -> int:
    """How many processes serve the portal on this host: ``WEB_CONCURRENCY``, which gunicorn_config.py reads for its
    workers and sets in each worker to the number it runs (``default`` when unset: one process, as ``flask``)."""
    return _env_int("WEB_CONCURRENCY", default)


def require_shared_store(app_config) -> None:
    """Production with several workers must share its limits through Redis: raise ConfigurationError otherwise.

    Rate limits, the sign-in throttle, the page cache's invalidation and revoked sessions are held per process
    without ``REDIS_URL``: with two workers the API's limit would let twice as many requests through."""
    workers = worker_count()
    if app_config.get("ENV_NAME") == "production" and workers > 1 and not app_config.get("REDIS_URL"):
        raise ConfigurationError(
            f"Production with {workers} workers (WEB_CONCURRENCY) needs REDIS_URL: rate limits, the sign-in "
            "throttle, the page cache's invalidation and revoked sessions must be shared by every worker "
            "(set REDIS_URL, or run one worker with WEB_CONCURRENCY=1)")


def _engine_options(url: str | None) -> dict:
    """The database pool: connections checked before use, and on a server database its sizes from the environment
    (each worker process has a pool of its own; see docs/DEPLOYMENT.md). PostgreSQL gives up connecting after
    ``DB_CONNECT_TIMEOUT`` seconds (libpq's ``connect_timeout``; 0 waits for ever): a host that does not answer
    makes a request — and /readyz — fail within that time instead of hanging until the worker is killed."""
    # query_cache_size: the compiled statements a worker keeps (SQLAlchemy's default is 500; a search's statement
    # takes about 60 kB, so 500 shapes would hold ~30 MB per worker; 200 keeps every shape a bench of 300 distinct
    # searches meets and bounds the rest — docs/PERFORMANCE.md)
    options: dict = {"pool_pre_ping": True, "query_cache_size": _env_int("DB_STATEMENT_CACHE", 200)}
    if url and not url.startswith("sqlite"):
        options.update(pool_size=_env_int("DB_POOL_SIZE", 5), max_overflow=_env_int("DB_MAX_OVERFLOW", 5),
                       pool_timeout=_env_int("DB_POOL_TIMEOUT", 10), pool_recycle=_env_int("DB_POOL_RECYCLE", 1800))
    if url and url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": _env_int("DB_CONNECT_TIMEOUT", 5)}
    return options


def _dev_secret_key() -> str:
    """A per-checkout random key kept in instance/, so development sessions survive restarts."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Base:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "query_cache_size": 200}

    # Languages: Polish is the default; the order of choice is documented in app/i18n.py.
    LANGUAGES = ("pl", "uk", "en")
    BABEL_DEFAULT_LOCALE = "pl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Warsaw"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Sessions: the cookie only carries a random id; the session lives server-side.
    SESSION_COOKIE_NAME = "sw_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 30)
    SESSION_ABSOLUTE_HOURS = _env_int("SESSION_ABSOLUTE_HOURS", 12)
    SESSION_REMEMBER_DAYS = _env_int("SESSION_REMEMBER_DAYS", 14)
    PERMANENT_SESSION_LIFETIME = timedelta(days=SESSION_REMEMBER_DAYS)

    WTF_CSRF_ENABLED = True
    # A form's token lasts as long as a session may (from when the page was shown); an older one is refused with
    # "the form had expired", and the long forms show what was typed again (app/csrf_expiry.py).
    WTF_CSRF_TIME_LIMIT = SESSION_ABSOLUTE_HOURS * 3600
    # Offers' attachments: the largest file, and where files are kept (outside the web root).
    OFFER_ATTACHMENT_MAX_BYTES = _env_int("OFFER_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    OFFER_ATTACHMENT_FOLDER = os.environ.get("OFFER_ATTACHMENT_FOLDER", str(INSTANCE_DIR / "uploads" / "offers"))
    # A request may carry the largest attachment and its form (a larger one is answered beside the file field).
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", OFFER_ATTACHMENT_MAX_BYTES + 512 * 1024)

    # Sign-in throttle (app/services/accounts/throttle.py). Per account and address pair: free failures in the
    # pair's window, then a wait from the last failure that doubles with each further one, up to the cap.
    LOGIN_PAIR_WINDOW_SECONDS = _env_int("LOGIN_PAIR_WINDOW_SECONDS", 60 * 60)
    LOGIN_PAIR_FREE_FAILURES = _env_int("LOGIN_PAIR_FREE_FAILURES", 3)
    LOGIN_PAIR_BASE_DELAY_SECONDS = _env_int("LOGIN_PAIR_BASE_DELAY_SECONDS", 30)
    LOGIN_PAIR_MAX_DELAY_SECONDS = _env_int("LOGIN_PAIR_MAX_DELAY_SECONDS", 15 * 60)
    # Failures in the window per account (the ceiling: addresses that failed wait, others may still sign in,
    # and the holder is told at most once per LOGIN_NOTICE_SECONDS) and per address (that address waits).
    LOGIN_THROTTLE_WINDOW_SECONDS = _env_int("LOGIN_THROTTLE_WINDOW_SECONDS", 15 * 60)
    LOGIN_THROTTLE_PER_ACCOUNT = _env_int("LOGIN_THROTTLE_PER_ACCOUNT", 10)
    LOGIN_THROTTLE_PER_ADDRESS = _env_int("LOGIN_THROTTLE_PER_ADDRESS", 30)
    LOGIN_NOTICE_SECONDS = _env_int("LOGIN_NOTICE_SECONDS", 24 * 60 * 60)
    # Password-reset and invitation e-mails per recipient and per requesting address in the window.
    MAIL_LIMIT_WINDOW_SECONDS = _env_int("MAIL_LIMIT_WINDOW_SECONDS", 60 * 60)
    MAIL_LIMIT_PER_ACCOUNT = _env_int("MAIL_LIMIT_PER_ACCOUNT", 3)
    MAIL_LIMIT_PER_ADDRESS = _env_int("MAIL_LIMIT_PER_ADDRESS", 10)
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # PostgreSQL: the tables' owner, for the migrations and backups (app/row_security.py). The portal itself connects
    # as DATABASE_URL's role, which owns nothing and cannot get past the row-level security; unset, the migrations
    # run as that role too (a development database).
    DATABASE_OWNER_URL = os.environ.get("DATABASE_OWNER_URL") or None

    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    # Longest URL (path and query) the API answers; longer ones get its 414 in JSON. Keep it under the server's own
    # request-line limit (gunicorn's limit_request_line, 4094 by default), or the server answers first, in HTML.
    API_MAX_URL_LENGTH = _env_int("API_MAX_URL_LENGTH", 2048)
    # Seconds a public page is kept as anonymous visitors see it (app/page_cache.py); 0 = off.
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 30)
    # How often each worker reads the data versions its kept pages depend on (alerts, categories, listings): a
    # change made through any worker or host is on every worker's pages within this many seconds.
    PAGE_CACHE_CHECK_SECONDS = 1.0
    # Queries that found little are counted in each worker and written at most this often, or once this many
    # distinct ones are held (app/services/directory/insights.py): a search itself never writes.
    SEARCH_COUNT_FLUSH_SECONDS = _env_int("SEARCH_COUNT_FLUSH_SECONDS", 60)
    SEARCH_QUERY_WEEKS_KEPT = 52  # weeks of counted queries kept; `flask maintenance prune` deletes older ones
    SEARCH_COUNT_FLUSH_ENTRIES = _env_int("SEARCH_COUNT_FLUSH_ENTRIES", 200)
    FRAGMENT_CACHE = True  # app/fragment_cache.py: a closed commission's ranking table, rendered once per worker
    # Residents' "report a mistake" forms accepted per address (shared through Redis when configured).
    REPORT_RATE_LIMIT = os.environ.get("REPORT_RATE_LIMIT", "10 per hour; 30 per day")
    RATELIMIT_HEADERS_ENABLED = True
    PASSWORD_RESET_HOURS = 2
    INVITATION_DAYS = 7

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "outbox")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Sieć Wsparcia <no-reply@localhost>")
    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = _env_int("SMTP_PORT", 587)
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME") or None
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD") or None
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "1") != "0"
    # The outbox table (app/mail_queue.py): a mail the server refused is tried again after 1, 2, 4 … minutes (at
    # most an hour apart) for MAIL_RETRY_HOURS, then given up (kept, logged); sent rows are deleted by
    # `flask maintenance prune` after MAIL_SENT_KEPT_DAYS.
    MAIL_RETRY_HOURS = _env_int("MAIL_RETRY_HOURS", 48)
    MAIL_SENT_KEPT_DAYS = _env_int("MAIL_SENT_KEPT_DAYS", 7)
    # A request's mails are tried once its response is out (the reader never waits for the mail server).
    MAIL_SEND_AFTER_RESPONSE = True
    OUTBOX_VIEW_ENABLED = False

    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or None
    TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 0)
    HSTS_ENABLED = False
    DEMO_ALLOWED = True
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Sieć Wsparcia")
    # Fernet keys encrypting the authenticator secrets, comma-separated, newest first (app/secret_box.py,
    # docs/SECRETS.md). Required in production; elsewhere, when unset, a key derived from SECRET_KEY.
    TOTP_ENCRYPTION_KEYS = os.environ.get("TOTP_ENCRYPTION_KEYS") or None
    CITY_NAME = os.environ.get("CITY_NAME", "Miasto Demo")
    # Agreements: the number pattern ({sequence}, {year}), the allowed shift of money between budget lines by an
    # amendment (per cent of the value), and where the signed scans are kept (outside the web root).
    AGREEMENT_NUMBER_PATTERN = os.environ.get("AGREEMENT_NUMBER_PATTERN", "WZ.526.{sequence}.{year}")
    AGREEMENT_SHIFT_PERCENT = _env_int("AGREEMENT_SHIFT_PERCENT", 10)
    AGREEMENT_DOCUMENT_FOLDER = os.environ.get("AGREEMENT_DOCUMENT_FOLDER",
                                               str(INSTANCE_DIR / "uploads" / "agreements"))
    # Backups (`flask backup`, app/backup/): where they are written, and how many are kept there.
    BACKUP_FOLDER = os.environ.get("BACKUP_FOLDER", str(INSTANCE_DIR / "backups"))
    BACKUP_KEEP = _env_int("BACKUP_KEEP", 14)
    # Open data: the city's registered identifier prefixes (360Giving: "360G-…", OCDS: "ocds-xxxxxx") and the
    # city as funder and buyer (an org-id.guide identifier, e.g. "PL-REGON-000000000").
    THREESIXTYGIVING_PREFIX = os.environ.get("THREESIXTYGIVING_PREFIX", "360G-siecwsparcia")
    OCDS_PREFIX = os.environ.get("OCDS_PREFIX", "ocds-sw0000")
    CITY_ORG_ID = os.environ.get("CITY_ORG_ID", "PL-REGON-000000000")
    # Referrals: the personal fields of a closed referral are deleted this many days after it closed
    # (`flask retention purge`, run daily by cron).
    REFERRAL_RETENTION_DAYS = _env_int("REFERRAL_RETENTION_DAYS", 90)

    # Operations (app/logs.py, app/metrics.py): logs as readable text or one JSON object per line, and at which
    # level; X-Request-ID taken from the request when a proxy in front sets it (None: trusted exactly when
    # TRUSTED_PROXY_COUNT is set); who may read /metrics (addresses or networks, and/or a bearer token).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    TRUST_REQUEST_ID_HEADER = {"1": True, "0": False}.get(os.environ.get("TRUST_REQUEST_ID_HEADER", ""))
    METRICS_ALLOWED_NETWORKS = os.environ.get("METRICS_ALLOWED_NETWORKS", "127.0.0.0/8, ::1/128")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None

    @classmethod
    def validate(cls) -> None:
        """Check the settings before the app starts; raise ConfigurationError if unusable."""


class Development(Base):
    """A developer's machine: SQLite in instance/, mail to the outbox folder."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or None  # filled from instance/ in create_app
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'siec.db'}"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    OUTBOX_VIEW_ENABLED = True
    # The outbox folder is written at once: a request's mails are there when its page is (the browser tests open
    # /dev/outbox/ next).
    MAIL_SEND_AFTER_RESPONSE = False


class Testing(Base):
    """The test suite: a database named by TEST_DATABASE_URL, SQLite otherwise."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-not-a-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False  # switched back on by the CSRF tests
    PAGE_CACHE_SECONDS = 0  # switched on by tests/functional/test_page_cache.py
    FRAGMENT_CACHE = False  # switched on by tests/functional/test_evaluation_queries.py
    OUTBOX_VIEW_ENABLED = True
    REDIS_URL = os.environ.get("TEST_REDIS_URL") or None
    # The test client closes no response (a server does once it has sent it): a request's mails are tried right after
    # its commit instead, so a test reads them as soon as the request returns (switched on by test_mail_outbox.py).
    MAIL_SEND_AFTER_RESPONSE = False


class Production(Base):
    """Production: PostgreSQL, SMTP, secure cookies, HSTS; no defaults for secrets."""

    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or None
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    HSTS_ENABLED = True
    DEMO_ALLOWED = False

    @classmethod
    def validate(cls) -> None:
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "TOTP_ENCRYPTION_KEYS")
                   if not os.environ.get(name)]
        if missing:
            raise ConfigurationError(
                "Production needs these environment variables: " + ", ".join(missing)
            )
        if len(os.environ["SECRET_KEY"]) < 32:
            raise ConfigurationError("SECRET_KEY must be at least 32 characters long")
        if os.environ.get("MAIL_BACKEND", "smtp") not in ("smtp", "outbox"):
            raise ConfigurationError("MAIL_BACKEND must be 'smtp' or 'outbox'")
        from app.secret_box import parse_keys

        try:
            parse_keys(os.environ["TOTP_ENCRYPTION_KEYS"])
        except ValueError as error:
            raise ConfigurationError(str(error)) from None
        cls.SECRET_KEY = os.environ["SECRET_KEY"]
        cls.TOTP_ENCRYPTION_KEYS = os.environ["TOTP_ENCRYPTION_KEYS"]
        cls.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
        cls.SQLALCHEMY_ENGINE_OPTIONS = _engine_options(cls.SQLALCHEMY_DATABASE_URI)


CONFIGS = {"development": Development, "testing": Testing, "production": Production}


def load(name: str | None = None) -> type[Base]:
    """Return the settings class for ``name`` or for the APP_ENV variable (default development)."""
    name = name or os.environ.get("APP_ENV", "development")
    try:
        config = CONFIGS[name]
    except KeyError as exc:
        raise ConfigurationError(f"APP_ENV must be one of {', '.join(CONFIGS)}, got {name!r}") from exc
    config.validate()
    if config is Development and not config.SECRET_KEY:
        config.SECRET_KEY = _dev_secret_key()
    return config
