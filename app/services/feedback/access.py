"""Who may do what with residents' feedback (object checks, app/permissions.py)."""

from __future__ import annotations

from app.models import Feedback, FeedbackStatus
from app.permissions import YES, Actor, Permission, no, object_check


@object_check("feedback.handle")
def may_handle(actor: Actor, item: Feedback):
    """The organisation's admins and coordinators, or the department's moderators, while it waits."""
    if actor.in_department:
        if not actor.has(Permission.DIRECTORY_MODERATE):
            return no("department role without moderation")
    elif actor.organisation_id != item.organisation_id:
        return no("another organisation's feedback", hidden=True)
    elif not actor.has(Permission.LISTINGS_EDIT):
        return no("the role cannot edit listings")
    if item.status != FeedbackStatus.NEW:
        return no("already handled")
    return YES
