"""Calls for offers as anyone reads them: the list (open, in evaluation, decided), each announcement
with its history, and a calendar of deadlines."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _

from app.i18n import current_language
from app.labels import CALL_STAGE_LABELS, PUBLIC_SPHERE_LABELS
from app.models import Call
from app.permissions import public
from app.services.funding import calls, results
from app.tenancy import get_or_404, public_scope
from blueprints.calendars import uid_domain
from blueprints.calls.forms import CallFilterForm

bp = Blueprint("calls", __name__, template_folder="templates")


def _filter_form(programmes) -> CallFilterForm:
    """The filter form read from the URL and validated (a bad value is shown beside its field and ignored)."""
    form = CallFilterForm(request.args)
    form.programme.choices = [("", _("Any programme"))] + [(str(p.id), p.text("name", current_language()))
                                                          for p in programmes]
    form.stage.choices = [("", _("Any stage"))] + [(key, label) for key, label in CALL_STAGE_LABELS.items()
                                                   if key != "draft"]
    form.sphere.choices = [("", _("Any sphere"))] + [(s.value, label) for s, label in PUBLIC_SPHERE_LABELS.items()]
    form.validate()
    return form


@bp.get("/calls")
@public
def call_list():
    """Anyone: the calls for offers, open ones first, filtered by stage, programme and sphere."""
    with public_scope():
        form = _filter_form(calls.programmes_with_calls())
        chosen = {name: None if form[name].errors else form[name].data for name in ("stage", "programme", "sphere")}
        items = calls.public_calls(stage=chosen["stage"] or None,
                                   programme_id=int(chosen["programme"]) if chosen["programme"] else None,
                                   sphere=chosen["sphere"] or None)
        return render_template("calls/list.html", form=form, calls=items, stage_of=calls.stage_of)


@bp.get("/calls/<int:call_id>")
@public
def call_page(call_id: int):
    """Anyone: a published call's announcement, where it stands, how it changed, and its results once decided."""
    with public_scope():
        call = get_or_404(Call, call_id)
        return render_template("calls/page.html", call=call, stage=calls.stage_of(call),
                               history=calls.history(call), outcome=results.public_results(call))


@bp.get("/calls.ics")
@public
def deadlines_feed():
    """Anyone: the deadlines of published calls as a calendar to subscribe to."""
    with public_scope():
        items = calls.public_calls()
        locale = current_language()
        body = calls.deadlines_calendar(
            items, title_of=lambda call: _("Deadline for offers: %(title)s", title=call.text("title", locale)),
            url_of=lambda call: url_for("calls.call_page", call_id=call.id, _external=True),
            name=_("Calls for offers: deadlines"), uid_domain=uid_domain())
    return Response(body, content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="calls-deadlines.ics"'})
