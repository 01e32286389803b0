"""The application factory: a short list of named steps."""

from __future__ import annotations

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

import config as settings
from app import (  # noqa: F401 - tenancy installs the query scope
    actor,
    csrf_expiry,
    database,
    errors,
    i18n,
    labels,
    lazy_migrate,
    observability,
    page_cache,
    page_chrome,
    tenancy,
    unit_of_work,
)
from app.extensions import babel, csrf, db, limiter, login_manager
from app.security import set_security_headers


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    """Build the portal for ``config_name`` (or APP_ENV), with optional setting overrides."""
    config = settings.load(config_name)
    app = Flask(__name__, instance_path=str(settings.INSTANCE_DIR), instance_relative_config=False)
    app.config.from_object(config)
    if overrides:
        app.config.update(overrides)
    settings.require_shared_store(app.config)  # production with several workers shares its limits through Redis
    if app.testing:
        from app.passwords import use_cheapest_hashing

        use_cheapest_hashing()
    register_extensions(app)
    register_tenancy(app)
    register_i18n(app)
    register_blueprints(app)
    register_permissions(app)
    register_commands(app)
    register_errorhandlers(app)
    register_security(app)
    page_cache.register(app)
    page_chrome.register(app)
    unit_of_work.register(app)  # its commit comes before the other after-request hooks
    observability.register(app)  # last: the request id and timing first, the access line and metrics at the very end
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions; SQLite gets WAL, a busy timeout and real transactions (app/database.py)."""
    db.init_app(app)
    lazy_migrate.register(app)  # Flask-Migrate and Alembic imported only when used (app/lazy_migrate.py)
    csrf.init_app(app)
    csrf_expiry.register(app)  # the token check, first of all before-request hooks
    configure_rate_limit_store(app.config)
    limiter.init_app(app)
    # Run after Flask-Limiter's own headers (the first registered runs last): it puts Retry-After on every answer
    # of a limited route, which tells a client whose request was merely wrong (400, 414) to wait.
    app.after_request_funcs.setdefault(None, []).insert(0, _retry_after_only_when_waiting)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.session_protection = None  # the server-side session already binds the user
    database.configure(app)
    if app.config.get("TRUSTED_PROXY_COUNT"):
        count = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _retry_after_only_when_waiting(response):
    """``Retry-After`` only on the answers that ask to wait: 429 and 503."""
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


def configure_rate_limit_store(config) -> None:
    """Flask-Limiter counts in Redis when ``REDIS_URL`` is set, in this process's memory otherwise.

    Redis not answering never fails a request: the limits go on being enforced from each process's memory
    (``RATELIMIT_IN_MEMORY_FALLBACK_ENABLED``, logged as a warning by Flask-Limiter), and Redis is asked again
    within half a minute. A Redis that hangs instead of refusing costs a request at most a second.
    """
    config.setdefault("RATELIMIT_STORAGE_URI", config.get("REDIS_URL") or "memory://")
    config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://", "unix://")):
        config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_timeout": 1, "socket_connect_timeout": 1})


def register_tenancy(app: Flask) -> None:
    """Load the actor and set the tenant scope on every request."""
    actor.register(app)


def register_i18n(app: Flask) -> None:
    """Babel with the documented locale order, and locale-aware filters."""
    i18n.check_languages(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=lambda: "Europe/Warsaw")
    i18n.register_filters(app)
    labels.register(app)


def register_blueprints(app: Flask) -> None:
    """The web capabilities: one blueprint per capability and audience (docs/ARCHITECTURE.md)."""
    from blueprints.account.routes import bp as account_bp
    from blueprints.activities.public import bp as activities_bp
    from blueprints.activities.workspace import bp as activities_workspace_bp
    from blueprints.agreements.console import bp as agreements_console_bp
    from blueprints.agreements.document import bp as agreement_document_bp
    from blueprints.agreements.workspace import bp as agreements_workspace_bp
    from blueprints.alerts.routes import bp as alerts_bp
    from blueprints.amendments.console import bp as amendments_console_bp
    from blueprints.amendments.workspace import bp as amendments_workspace_bp
    from blueprints.auth.routes import bp as auth_bp
    from blueprints.calls.awards import bp as awards_bp
    from blueprints.calls.console import bp as calls_console_bp
    from blueprints.calls.public import bp as calls_bp
    from blueprints.capacity.console import bp as capacity_console_bp
    from blueprints.capacity.public import bp as capacity_bp
    from blueprints.capacity.workspace import bp as capacity_workspace_bp
    from blueprints.console.routes import bp as console_bp
    from blueprints.dashboards.console import bp as dashboards_bp
    from blueprints.dashboards.public import bp as results_bp
    from blueprints.directory.routes import bp as directory_bp
    from blueprints.evaluation.console import bp as evaluation_console_bp
    from blueprints.evaluation.evaluator import bp as evaluation_bp
    from blueprints.feedback.console import bp as feedback_console_bp
    from blueprints.feedback.public import bp as feedback_bp
    from blueprints.feedback.workspace import bp as feedback_workspace_bp
    from blueprints.funding.routes import bp as funding_bp
    from blueprints.indicators.console import bp as indicators_console_bp
    from blueprints.indicators.public import bp as indicators_bp
    from blueprints.listings.routes import bp as listings_bp
    from blueprints.moderation.routes import bp as moderation_bp
    from blueprints.offers import bp as offers_bp
    from blueprints.open_data.funding import bp as open_data_funding_bp
    from blueprints.open_data.routes import bp as open_data_bp
    from blueprints.ops.routes import bp as ops_bp
    from blueprints.payments.console import bp as payments_console_bp
    from blueprints.payments.workspace import bp as payments_workspace_bp
    from blueprints.public.routes import bp as public_bp
    from blueprints.recipients.public import bp as recipients_bp
    from blueprints.referrals.console import bp as referrals_console_bp
    from blueprints.referrals.workspace import bp as referrals_workspace_bp
    from blueprints.reminders.routes import bp as reminders_bp
    from blueprints.reports.console import bp as reports_console_bp
    from blueprints.reports.workspace import bp as reports_workspace_bp
    from blueprints.small_grants.console import bp as small_grants_console_bp
    from blueprints.small_grants.public import bp as small_grants_bp
    from blueprints.small_grants.workspace import bp as small_grants_workspace_bp
    from blueprints.suggestions.routes import bp as suggestions_bp
    from blueprints.taxonomy.routes import bp as taxonomy_bp
    from blueprints.workspace.routes import bp as workspace_bp

    app.register_blueprint(ops_bp)  # /healthz, /readyz, /metrics
    for blueprint in (public_bp, directory_bp, open_data_bp, auth_bp, account_bp, console_bp, workspace_bp,
                      activities_bp, activities_workspace_bp, feedback_bp, feedback_workspace_bp, feedback_console_bp,
                      alerts_bp, taxonomy_bp, listings_bp, moderation_bp, funding_bp, calls_bp, calls_console_bp,
                      awards_bp, small_grants_bp, small_grants_workspace_bp, small_grants_console_bp, offers_bp):
        app.register_blueprint(blueprint)
    for blueprint in (evaluation_console_bp, evaluation_bp):  # the formal check and the commission's work
        app.register_blueprint(blueprint)
    for blueprint in (agreements_console_bp, agreements_workspace_bp, payments_console_bp, payments_workspace_bp,
                      amendments_console_bp, amendments_workspace_bp, recipients_bp, open_data_funding_bp,
                      agreement_document_bp):
        app.register_blueprint(blueprint)  # agreements: their money, amendments and who received what
    for blueprint in (dashboards_bp, results_bp):
        app.register_blueprint(blueprint)  # what the money achieved: the department's dashboards, public results
    for blueprint in (indicators_console_bp, indicators_bp):  # the city's own indicators over years
        app.register_blueprint(blueprint)
    for blueprint in (reports_console_bp, reports_workspace_bp, reminders_bp):
        app.register_blueprint(blueprint)  # outcome reports, and the log of the reminders sent about them
    app.register_blueprint(capacity_bp)  # capacity: places tonight for residents
    app.register_blueprint(suggestions_bp)  # suggestions while typing in the directory's search box
    for blueprint in (referrals_workspace_bp, referrals_console_bp):
        app.register_blueprint(blueprint)  # referrals between organisations, and the department's figures
    app.register_blueprint(capacity_workspace_bp)  # the organisation's places and their counts
    from blueprints.networks.console import bp as networks_console_bp
    from blueprints.networks.workspace import bp as networks_workspace_bp

    for blueprint in (networks_console_bp, networks_workspace_bp):
        app.register_blueprint(blueprint)  # networks of partner organisations: the department's and the members'
    for blueprint in (capacity_console_bp,):
        app.register_blueprint(blueprint)  # capacity: the department's board of places
    from blueprints.search_insights.routes import bp as search_insights_bp

    app.register_blueprint(search_insights_bp)  # search queries that found little; testing a query
    from blueprints.meetings.console import bp as meetings_console_bp
    from blueprints.meetings.workspace import bp as meetings_workspace_bp

    for blueprint in (meetings_workspace_bp, meetings_console_bp):
        app.register_blueprint(blueprint)  # network meetings: convening, invitations with iCalendar, answers
    from blueprints.actions.console import bp as actions_console_bp
    from blueprints.actions.workspace import bp as actions_workspace_bp
    from blueprints.minutes.console import bp as minutes_console_bp
    from blueprints.minutes.workspace import bp as minutes_workspace_bp

    for blueprint in (minutes_workspace_bp, minutes_console_bp, actions_workspace_bp, actions_console_bp):
        app.register_blueprint(blueprint)  # a network meeting's minutes, and the actions followed up
    from blueprints.messages.console import bp as messages_console_bp
    from blueprints.messages.workspace import bp as messages_workspace_bp

    for blueprint in (messages_console_bp, messages_workspace_bp):
        app.register_blueprint(blueprint)  # messages to the network: written by the department and coordinators
    if app.config.get("OUTBOX_VIEW_ENABLED"):
        from blueprints.devmail.routes import bp as devmail_bp

        app.register_blueprint(devmail_bp)

    from app.permissions import Permission, can
    from app.services.directory.listing import crisis_results

    app.add_template_global(crisis_results, "crisis_results")  # search results that carry the quick exit

    @app.context_processor
    def _template_globals():
        return {
            "can": can,
            "Permission": Permission,
            "memberships": g.get("memberships", []),
            "active_membership": g.get("membership"),
            "language_names": i18n.LANGUAGE_NAMES,
            "current_language": i18n.current_language(),
            "city_name": app.config["CITY_NAME"],
        }


def register_permissions(app: Flask) -> None:
    """Views that declare no access are refused; templates may ask ``may(check, object)`` and draw the menus."""
    from app import menus, permissions

    permissions.register(app)
    menus.register(app)


def register_commands(app: Flask) -> None:
    """flask demo …, flask users …, flask i18n …"""
    from app import cli

    cli.register(app)


def register_errorhandlers(app: Flask) -> None:
    """Translated error pages without internals (logging is set up in app/logs.py, by observability.register)."""
    errors.register(app)


def register_security(app: Flask) -> None:
    """Security headers on every response."""
    app.after_request(lambda response: set_security_headers(app, response))
