"""Public pages: home with helplines, language switch, accessibility statement."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from wtforms import ValidationError

from app.extensions import csrf, db
from app.i18n import LANGUAGE_COOKIE
from app.models import TaxonomyTerm, utcnow
from app.page_cache import cacheable, keep_at_most
from app.permissions import public
from app.security import safe_next, same_origin_post
from app.services.accounts.users import remember_language
from app.services.directory.alerts import active_alerts, next_change
from app.tenancy import public_scope
from blueprints.directory.forms import SearchForm

bp = Blueprint("public", __name__, template_folder="templates")

@bp.get("/")
@public
@cacheable
def home():
    """The public home: emergency and helpline numbers, and the way in for organisations."""
    with public_scope():
        categories = db.session.execute(
            select(TaxonomyTerm).where(TaxonomyTerm.parent_id.is_(None)).order_by(TaxonomyTerm.position)
        ).scalars().all()
        now = utcnow()
        change = next_change(now)
        if change is not None:  # an alert starting at 22:00 is on the page at 22:00, not when the page expires
            keep_at_most((change - now).total_seconds())
        return render_template("public/home.html", categories=categories, form=SearchForm(formdata=None),
                               alerts=active_alerts(now))


@bp.post("/language")
@public
@csrf.exempt
def set_language():
    """Remember the visitor's language choice (and save it for a signed-in user).

    Exempt from the session CSRF token so that anonymous visitors get no session cookie;
    instead a cross-site POST is refused by its Origin, and a signed-in person's form (which
    also changes their saved preference) must carry the token as every other form does.
    """
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        if not same_origin_post():
            raise CSRFError("The request did not come from this site.")
        if current_user.is_authenticated:
            try:
                validate_csrf(request.form.get("csrf_token"))
            except ValidationError as error:
                raise CSRFError(str(error)) from error
    choice = request.form.get("lang", "")
    target = safe_next(request.form.get("next"), url_for("public.home"))
    response = redirect(target, code=303)
    if choice in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE, choice, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        if current_user.is_authenticated and current_user.locale != choice:
            remember_language(current_user, choice)
    return response


@bp.get("/accessibility")
@public
def accessibility():
    """The accessibility statement required of public bodies' sites."""
    return render_template("public/accessibility.html")
