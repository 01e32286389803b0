"""What the organisation's and the department's feedback inboxes share: the list, one item, handling it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models import Feedback, FeedbackStatus
from app.permissions import authorize
from app.services.directory.listing import public_ids
from app.services.feedback import (
    access,  # noqa: F401 - registers feedback.handle
    inbox,
)
from blueprints.feedback.forms import FeedbackFilterForm, HandleFeedbackForm
from blueprints.forms import submit
from blueprints.paging import paginate


def filtered(form: FeedbackFilterForm, organisation_id: int | None):
    """One page of feedback by the form's status (and organisation), with the listings' titles."""
    form.validate()
    page = paginate(inbox.feedback_query(status=form.chosen_status(), organisation_id=organisation_id))
    return page, inbox.listing_titles(page.items)


def render_item(area: str, item: Feedback, form: HandleFeedbackForm, status: int = 200):
    """One piece of feedback, with the handling form when the reader may handle it (``feedback.handle``).

    The listing it is about links to where the reader can act on it: the listing's editor in the
    workspace (for those who may edit listings), the organisation's page in the console, and the
    public page while residents can open it.
    """
    listing = inbox.listing_of(item)
    public = listing is not None and listing.id in public_ids(type(listing), [listing.id])
    return render_template("feedback/detail.html", area=area, report=item, form=form, listing=listing,
                           public=public, title=inbox.listing_title(listing) if listing is not None else None), status


def handle(area: str, item: Feedback, *, as_department: bool):
    """Validate the handling form, apply it, and go back to the item (or show what is wrong)."""
    if item.status != FeedbackStatus.NEW:  # handled meanwhile, or the form was sent twice
        flash(_("This report has already been handled."), "info")
        return redirect(url_for(f"feedback_{area}.detail", feedback_id=item.id), code=303)
    authorize("feedback.handle", item)
    form = HandleFeedbackForm()
    if submit(form, lambda: inbox.handle_feedback(item, form.status.data, form.note.data, actor=current_user,
                                                  as_department=as_department), default_field="status"):
        flash(_("The report is marked as resolved.") if item.status == FeedbackStatus.RESOLVED
              else _("The report is dismissed."), "success")
        return redirect(url_for(f"feedback_{area}.detail", feedback_id=item.id), code=303)
    return render_item(area, item, form, status=400)
