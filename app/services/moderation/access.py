"""Who may decide a change that waits for the department (object checks, app/permissions.py)."""

from __future__ import annotations

from app.models import Revision, RevisionStatus
from app.permissions import YES, Actor, Permission, no, object_check


@object_check("change_request.decide")
def may_decide(actor: Actor, change: Revision):
    """Department admins and officers, while the change waits."""
    if not actor.in_department:
        return no("only the department decides changes", hidden=True)
    if not actor.has(Permission.DIRECTORY_MODERATE):
        return no("the role cannot moderate")
    if change.status != RevisionStatus.PENDING:
        return no("already decided")
    return YES
