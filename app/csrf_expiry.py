"""Forms' tokens with a lifetime (WTF_CSRF_TIME_LIMIT), and long forms that keep what was typed when theirs expired.

Every POST is checked before anything else runs, as Flask-WTF's own check does (this replaces it: the app sets
WTF_CSRF_CHECK_DEFAULT off). A missing, forged or foreign token is refused with the "form had expired" page. A token
that is only too old — signed by this app for this very session — is let through to a view marked
``@keeps_typed_input``: its form then fails its own token check, and the view shows the form again with what was
typed and ``EXPIRED_MESSAGE``, saving nothing (``expired_form``). Such a view must save nothing unless
``validate_on_submit`` passed.
"""

from __future__ import annotations

import hmac

from flask import Flask, current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from itsdangerous import BadData, URLSafeTimedSerializer

from app.extensions import csrf

EXPIRED_REASON = "The CSRF token has expired."  # Flask-WTF's reason
EXPIRED_MESSAGE = _l("The form has expired. Please send it again.")  # as the forms' error summary says it
_KEEPING: set[str] = set()


def keeps_typed_input(view):
    """Mark a view whose form shows what was typed again when its token expired (see the module's note)."""
    _KEEPING.add(f"{view.__module__}.{view.__name__}")
    return view


def _keeps_typed_input() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return view is not None and f"{view.__module__}.{view.__name__}" in _KEEPING


def _genuine_for_this_session() -> bool:
    """True when the request's token was signed by this app for this session (only its age is wrong)."""
    field = current_app.config["WTF_CSRF_FIELD_NAME"]
    sent = request.form.get(field)
    if not sent or field not in session:
        return False
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    try:
        raw = URLSafeTimedSerializer(secret, salt="wtf-csrf-token").loads(sent)
    except BadData:
        return False
    return hmac.compare_digest(session[field], raw)


def protect() -> None:
    """Check the token of a state-changing request; an expired genuine one goes on to a view that keeps input."""
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return
    try:
        csrf.protect(apply_exemptions=True)
    except CSRFError as error:
        if error.description == EXPIRED_REASON and _keeps_typed_input() and _genuine_for_this_session():
            g.csrf_expired = True  # the view's form fails its own token check and saves nothing
            return
        raise


def expired_form(form) -> bool:
    """True when the form's token was refused; its message becomes ``EXPIRED_MESSAGE`` in the reader's language."""
    errors = form.errors.get("csrf_token")
    if not errors:
        return False
    errors[:] = [EXPIRED_MESSAGE]
    return True


def register(app: Flask) -> None:
    """Put ``protect`` in place of Flask-WTF's check (call right after ``csrf.init_app``: it runs first)."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(protect)
