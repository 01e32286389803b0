"""What the workspace's and the console's minutes pages share: loading the meeting for the actor, the record page
with its forms, saving, adding an action, approving, the read-only minutes and their PDF.

Each handler takes the ``audience`` ("workspace" or "console") whose pages it links to. A GET in the other audience's
address is sent to the right one after the meeting was loaded (another network's meeting is a 404 either way).
"""

from __future__ import annotations

import re

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.permissions import current_actor
from app.services.networks import actions, minutes
from app.services.networks.privacy import CONFIRM_FIELD, PERSONAL_DATA_WARNING
from blueprints.forms import attempt, form_status, submit
from blueprints.minutes.forms import ActionForm, minutes_data, minutes_form

AUDIENCES = ("workspace", "console")


def right_audience(actor) -> str:
    """The audience whose pages the actor uses: the department's console or an organisation's workspace."""
    return "console" if actor.in_department else "workspace"


def endpoint(audience: str, name: str) -> str:
    """The endpoint ``name`` of the audience's minutes blueprint."""
    return f"minutes_{audience}.{name}"


def _elsewhere(actor, audience: str, name: str, **values):
    """A redirect to the same page of the actor's own audience, or None when already there."""
    own = right_audience(actor)
    if own == audience:
        return None
    return redirect(url_for(endpoint(own, name), **values))


def index(audience: str):
    """The meetings whose minutes the actor writes (started, not approved) or reads (approved)."""
    actor = current_actor()
    if (away := _elsewhere(actor, audience, "index")) is not None:
        return away
    return render_template("minutes/index.html", audience=audience, rows=minutes.minutes_list(actor))


def _action_form(record, **kwargs) -> ActionForm:
    return ActionForm(prefix="action", organisations=list(minutes.member_names(record.network).items()),
                      agenda=actions.agenda_choices(record.meeting), **kwargs)


def _record_page(audience: str, record, *, form=None, action_form=None, status: int = 200):
    return render_template("minutes/record.html", audience=audience, record=record,
                           form=form or minutes_form(record), action_form=action_form or _action_form(record),
                           warning=PERSONAL_DATA_WARNING, confirm_field=CONFIRM_FIELD,
                           status_labels=actions.ACTION_STATUS_LABELS), status


def record(audience: str, meeting_id: int):
    """The coordinator's page: attendance, minutes per agenda item, decisions, general notes (saved), the actions
    (added one per submit) and approval. Approved minutes are read-only: the page sends the reader to them."""
    actor = current_actor()
    loaded = minutes.load_minutes(actor, meeting_id, write=True)
    if request.method == "GET":
        if (away := _elsewhere(actor, audience, "record", meeting_id=loaded.meeting.id)) is not None:
            return away
        if loaded.approved:
            return redirect(url_for(endpoint(audience, "read"), minutes_id=loaded.meeting.id))
        return _record_page(audience, loaded)
    form = minutes_form(loaded)
    confirmed = bool(form[CONFIRM_FIELD].data)
    done = submit(form, lambda: minutes.save_minutes(actor, loaded, minutes_data(form, loaded), confirmed=confirmed),
                  default_field=minutes.NOTES_FIELD)
    if done:
        flash(_("The minutes are saved. Approve them when they are complete: then every member organisation reads "
                "them."), "success")
        return redirect(url_for(endpoint(right_audience(actor), "record"), meeting_id=loaded.meeting.id), 303)
    loaded = minutes.load_minutes(actor, meeting_id, write=True)  # read again: a refusal undid the changes
    return _record_page(audience, loaded, form=form, status=form_status())


def add_action(audience: str, meeting_id: int):
    """The coordinator adds one action at the meeting (the page again with the problems beside the fields)."""
    actor = current_actor()
    loaded = minutes.load_minutes(actor, meeting_id, write=True)
    form = _action_form(loaded)
    confirmed = bool(form.no_personal_data.data)
    done = submit(form, lambda: actions.add_action(actor, loaded, {
        "title": form.title.data, "details": form.details.data, "organisation_id": form.organisation_id.data,
        "due_on": form.due_on.data, "agenda_item_id": form.agenda_item_id.data}, confirmed=confirmed),
        default_field="title")
    if done:
        flash(_("Action added: %(title)s", title=done.value.title), "success")
        return redirect(url_for(endpoint(right_audience(actor), "record"), meeting_id=loaded.meeting.id)
                        + "#actions-heading", 303)
    loaded = minutes.load_minutes(actor, meeting_id, write=True)
    return _record_page(audience, loaded, action_form=form, status=form_status())


def approve(audience: str, meeting_id: int):
    """The coordinator approves the saved minutes: they are frozen and every member organisation reads them."""
    actor = current_actor()
    loaded = minutes.load_minutes(actor, meeting_id, write=True)
    if attempt(lambda: minutes.approve_minutes(actor, loaded)):
        flash(_("The minutes are approved. Every organisation of the network can read them now."), "success")
        return redirect(url_for(endpoint(right_audience(actor), "read"), minutes_id=loaded.meeting.id), 303)
    return redirect(url_for(endpoint(right_audience(actor), "record"), meeting_id=loaded.meeting.id), 303)


def read(audience: str, minutes_id: int):
    """The minutes read-only (a draft only for the coordinator), ready to print (``minutes_id``: the meeting's)."""
    actor = current_actor()
    loaded = minutes.load_minutes(actor, minutes_id)
    if (away := _elsewhere(actor, audience, "read", minutes_id=loaded.meeting.id)) is not None:
        return away
    return render_template("minutes/read.html", audience=audience, record=loaded,
                           status_labels=actions.ACTION_STATUS_LABELS)


def _no_fetching(url: str, *args, **kwargs):
    """WeasyPrint fetches nothing: the document carries its own style and no images."""
    raise ValueError(f"not fetched: {url[:80]}")


def pdf(audience: str, minutes_id: int) -> Response:
    """The minutes as a PDF (WeasyPrint), in the reader's language (``minutes_id``: the meeting's)."""
    import weasyprint  # loaded when a PDF is asked for: it is heavy, and most requests never need it

    actor = current_actor()
    loaded = minutes.load_minutes(actor, minutes_id)
    html = render_template("minutes/minutes_pdf.html", record=loaded, status_labels=actions.ACTION_STATUS_LABELS)
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    day = loaded.meeting.starts_at.strftime("%Y-%m-%d")
    name = "protokol-" + (re.sub(r"[^A-Za-z0-9._-]+", "-", day).strip(".-") or str(loaded.meeting.id)) + ".pdf"
    return Response(document, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
