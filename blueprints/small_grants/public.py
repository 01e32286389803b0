"""Small grants as anyone reads them: offers open for 7 days of comments, with a comment form, and those
recently decided (/calls/small-grants)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.models import Offer, OfferKind
from app.permissions import public
from app.services.feedback.intake import issue_form_token
from app.services.funding import small_grants
from app.tenancy import get_or_404, public_scope
from blueprints.forms import form_status, submit
from blueprints.small_grants.forms import CommentForm

bp = Blueprint("small_grants", __name__, template_folder="templates")


@bp.app_template_global()
def small_grant_limits() -> dict:
    """The statutory limits pages quote, formatted where they are read (``|money`` in the reader's language)."""
    return {"max_grant": small_grants.MAX_GRANT, "max_days": small_grants.MAX_DAYS,
            "organisation_cap": small_grants.ORGANISATION_CAP}


@bp.get("/calls/small-grants")
@public
def grant_list():
    """Anyone: small grant offers open for comments, those waiting for the decision, and those decided lately."""
    with public_scope():
        groups = small_grants.public_small_grants()
        awards = small_grants.awards_by_offer(offer.id for offer in groups["decided"])
        return render_template("small_grants/public_list.html", groups=groups, awards=awards)


@bp.route("/calls/small-grants/<int:grant_id>", methods=["GET", "POST"])
@public
def grant_page(grant_id: int):
    """Anyone: a small grant offer as published, and (during its 7 days) a comment for the department, past the
    spam checks of "report a mistake"."""
    with public_scope():
        offer = get_or_404(Offer, grant_id)
        if offer.kind != OfferKind.SMALL_GRANT:
            abort(404)
        form = CommentForm()
        if submit(form, lambda: small_grants.add_comment(
                offer, message=form.message.data, author=form.author.data, email=form.email.data,
                honeypot=form.subject.data, token=form.started.data), default_field="message"):
            flash(_("Thank you: your comment has been sent to the department, which reads it before deciding."),
                  "success")
            return redirect(url_for("small_grants.grant_page", grant_id=offer.id), code=303)
        form.started.data = issue_form_token(small_grants.COMMENT_FORM, offer.id)
        award = small_grants.awards_by_offer([offer.id]).get(offer.id)
        return render_template("small_grants/public_page.html", offer=offer, form=form, award=award,
                               stage=small_grants.stage_of(offer, funded=award is not None),
                               open=small_grants.accepts_comments(offer)), form_status()
