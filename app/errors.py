"""Error pages for 400, 403, 404, 405, 413, 414, 429, 500 and 503, translated, with no internals.

A database that is not answering is a 503 (app/database_outage.py), never a 500."""

from __future__ import annotations

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app import database_outage
from app.models import Role
from app.unit_of_work import mark_failed

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("No access"), _l("Your role does not allow this. If you think it should, ask your organisation's admin.")),
    404: (_l("Page not found"), _l("There is no such page, or it is not available to you.")),
    405: (_l("Not allowed"), _l("This address does not accept this kind of request.")),
    413: (_l("Too large"), _l("What you sent is larger than the portal accepts.")),
    414: (_l("Address too long"), _l("The address of this request is longer than the portal accepts.")),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (_l("Something went wrong"), _l("We could not finish this. Nothing was changed. Try again in a moment.")),
    503: (_l("The portal is briefly unavailable"),
          _l("The portal cannot reach its data just now. Nothing you sent was saved. Try again in a minute.")),
}
CSRF_MESSAGE = _l("The form had expired. Go back, reload the page and send it again.")
# Whom to ask when a page is refused (403) depends on who is asking.
FORBIDDEN_MESSAGES = {
    "department": _l("Your role in the department does not allow this. If you think it should, ask the "
                     "department's portal administrator."),
    "organisation": _l("Your role does not allow this. If you think it should, ask your organisation's "
                       "administrator."),
    "organisation_admin": _l("Your role does not allow this, even as your organisation's administrator. If you "
                             "think it should, write to the city's Department of Health and Social Welfare."),
    "workspace": _l("The organisation workspace is for the members of organisations. Your work as department "
                    "staff is in the department console."),
    "console": _l("The department console is for the staff of the city's Department of Health and Social "
                  "Welfare only. Your organisation's work on the portal is in its workspace."),
    "no_organisation": _l("Your account does not belong to any organisation, so it cannot open this page. If you "
                          "work for one, ask its administrator to invite you."),
    "anonymous": _l("This page is for the staff of organisations and of the city's department. If you are one of "
                    "them, sign in first."),
}


# The API's errors: a fixed code a program can test (never translated), and the message in the reader's language.
API_ERROR_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                   413: "too_large", 414: "uri_too_long", 429: "too_many_requests", 500: "server_error",
                   503: "unavailable"}


def api_error(code: int, message) -> tuple:
    """The JSON body of an API error: ``{"error": <fixed code>, "message": <in the reader's language>}``."""
    return jsonify(error=API_ERROR_CODES.get(code, "server_error"), message=str(message)), code


def render_error(code: int, message=None):
    """The error page (or JSON under /api/) for ``code``."""
    title, default = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/api/"):
        return api_error(code, message or default)
    return render_template("errors/error.html", code=code, title=title, message=message or default), code


def forbidden_message():
    """What the 403 page tells this reader: whom to ask, by where they stand (department, organisation, nobody)."""
    if not current_user.is_authenticated:
        return FORBIDDEN_MESSAGES["anonymous"]
    membership = g.get("membership")
    if membership is None:
        return FORBIDDEN_MESSAGES["no_organisation"]
    if membership.organisation.is_department:
        in_workspace = request.path.startswith("/workspace/") or request.path == "/workspace"
        return FORBIDDEN_MESSAGES["workspace" if in_workspace else "department"]
    if request.path.startswith("/console/") or request.path == "/console":
        return FORBIDDEN_MESSAGES["console"]
    if membership.role == Role.ADMIN:
        return FORBIDDEN_MESSAGES["organisation_admin"]
    return FORBIDDEN_MESSAGES["organisation"]


def handle_http_error(error: HTTPException):
    """Render any HTTP error with our page; the request's changes are rolled back."""
    mark_failed()
    code = error.code or 500
    if code not in MESSAGES:
        code = 500 if code >= 500 else 400
    response = make_response(render_error(code, forbidden_message() if code == 403 else None))
    if getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)
    if getattr(error, "valid_methods", None):  # 405 says which methods the address takes, as HTTP requires
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_csrf_error(_error: CSRFError):
    """A missing or stale CSRF token: explain, change nothing."""
    mark_failed()
    return render_error(400, CSRF_MESSAGE)


def handle_unexpected(error: Exception):
    """Anything unexpected: roll back, log, and show the 500 page without internals."""
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return handle_http_error(error)
    if database_outage.is_outage(error):
        return database_outage.answer(error)
    database_outage.discard_transaction()
    mark_failed()
    from flask import current_app

    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return render_error(500)


def register(app: Flask) -> None:
    """Install the handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
    database_outage.register(app)
