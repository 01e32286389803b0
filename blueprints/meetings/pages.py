"""The pages of network meetings, shared by the workspace and the console (``audience``): the list, convening,
one meeting with the answers, its calendar file, changing, cancelling, answering.

Each handler loads what it shows through app/services/networks (an organisation that may not see a meeting gets
404), checks that the actor coordinates the network before a change (403 for a member that does not), and calls one
service through ``submit``/``attempt``.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from app.i18n import current_language
from app.localtime import to_local
from app.permissions import current_actor
from app.services.networks import access, invitations, meetings
from app.services.networks.privacy import PERSONAL_DATA_WARNING
from app.tenancy import parse_id
from blueprints.forms import attempt, form_status, submit
from blueprints.meetings.forms import AnswerForm, CancelForm, MeetingForm

WORKSPACE, CONSOLE = "workspace", "console"


def endpoint(audience: str, name: str) -> str:
    """The endpoint of a page for the audience (``meetings_workspace.detail``)."""
    return f"meetings_{audience}.{name}"


def wrong_audience(audience: str) -> str | None:
    """The other audience when the actor belongs there: the department reads meetings in its console, an
    organisation in its workspace (a GET is sent there; a POST is handled where it came)."""
    department = current_actor().in_department
    if audience == WORKSPACE and department:
        return CONSOLE
    if audience == CONSOLE and not department:
        return WORKSPACE
    return None


def _elsewhere(audience: str, name: str, **values):
    """A GET of the other audience's page sent there (303), else None."""
    other = wrong_audience(audience)
    if other is None or request.method != "GET":
        return None
    return redirect(url_for(endpoint(other, name), **values), 303)


# -- the list ----------------------------------------------------------------------------------------------------

def list_page(audience: str):
    """The meetings the actor sees, upcoming first then past, optionally of one network (``?network=``; junk is
    ignored)."""
    network_id = parse_id(request.args.get("network"))
    if moved := _elsewhere(audience, "meetings", **({"network": network_id} if network_id else {})):
        return moved
    actor = current_actor()
    networks = access.networks_of(actor)
    if network_id not in {network.id for network in networks}:
        network_id = None
    found = meetings.list_meetings(actor, network_id)
    return render_template("meetings/list.html", audience=audience, meetings=found, networks=networks,
                           network_id=network_id, convenable=meetings.networks_to_convene(actor),
                           names=_invitee_answers(actor, found))


def _invitee_answers(actor, found) -> dict[int, object]:
    """{meeting id: the actor's organisation's invitation} for the list's "your answer" column."""
    return {meeting.id: meetings.own_invitation(actor, meeting) for meeting in [*found.upcoming, *found.past]}


# -- convening and changing --------------------------------------------------------------------------------------

def _organisations(network, extra=()) -> dict[int, str]:
    """{id: name} of the network's organisations (and ``extra``), by name: the invitees to choose from."""
    return invitations.organisation_names(access.member_organisation_ids(network) | set(extra))


def new_page(audience: str):
    """Convene a meeting of a network the actor coordinates (``network`` in the query or the form; without one, the
    networks to choose from). The agenda starts with the network's open actions. Another network in the query is a
    404; sent in the form, a refusal (400) with the networks to choose from."""
    source = request.form if request.method == "POST" else request.args
    network_id = parse_id(source.get("network"))
    if moved := _elsewhere(audience, "new", **({"network": network_id} if network_id else {})):
        return moved
    actor = current_actor()
    if network_id is None:
        if request.method == "POST":
            flash(_("Choose the network whose meeting you convene."), "error")
        return render_template("meetings/choose_network.html", audience=audience,
                               networks=meetings.networks_to_convene(actor)), form_status()
    network = _visible_network(actor, network_id)
    if network is None and request.method == "POST":  # a network the actor does not see, sent in the form
        flash(_("Choose a network your organisation coordinates."), "error")
        return render_template("meetings/choose_network.html", audience=audience,
                               networks=meetings.networks_to_convene(actor)), 400
    if network is None:
        abort(404)
    if not access.coordinates(actor, network):
        abort(403)
    organisations = _organisations(network)
    form = MeetingForm(organisations=organisations.items())
    if request.method == "GET":
        form.network.data = str(network.id)
        form.invitees.data = [str(key) for key in organisations]
        for item in meetings.agenda_from_open_actions(network):
            presenter = item["presenter_id"] if item["presenter_id"] in organisations else None
            form.add_agenda_row(item["title"], presenter)
    done = submit(form, lambda: meetings.convene_meeting(actor, network, form.plan()), default_field="title")
    if done:
        flash(_("Meeting convened. The invited organisations have been sent the invitation by e-mail."), "success")
        return redirect(url_for(endpoint(audience, "detail"), meeting_id=done.value.id), 303)
    form.add_blank_rows()
    return render_template("meetings/form.html", audience=audience, form=form, network=network, meeting=None,
                           warning=PERSONAL_DATA_WARNING), form_status()


def _visible_network(actor, network_id):
    """The network as the actor may see it, or None."""
    try:
        return access.load_network(actor, network_id)
    except NotFound:
        return None


def _coordinated(audience: str, meeting_id):
    """The meeting, for its coordinator: 404 for those who may not see it, 403 for a member that does not
    coordinate; a meeting that can no longer change sends the coordinator back to its page with why."""
    actor = current_actor()
    meeting = meetings.load_meeting(actor, meeting_id)
    if not access.coordinates(actor, meeting.network):
        abort(403)
    return actor, meeting


def edit_page(audience: str, meeting_id: int):
    """Change a planned meeting still to come: time, place, link, agenda, invitees (everyone invited is sent the
    change; a removed organisation a cancellation)."""
    actor, meeting = _coordinated(audience, meeting_id)
    if moved := _elsewhere(audience, "edit", meeting_id=meeting.id):
        return moved
    if not meetings.may_change(actor, meeting):
        flash(_("This meeting can no longer be changed."), "error")
        return redirect(url_for(endpoint(audience, "detail"), meeting_id=meeting.id), 303)
    organisations = _organisations(meeting.network, (row.organisation_id for row in meeting.invitations))
    if request.method == "GET":
        starts, ends = to_local(meeting.starts_at), to_local(meeting.ends_at)
        form = MeetingForm(organisations=organisations.items(), data={
            "network": str(meeting.network_id), "title": meeting.title, "day": starts.date(),
            "start_time": starts.time().replace(tzinfo=None), "end_time": ends.time().replace(tzinfo=None),
            "place": meeting.place, "call_link": meeting.call_link,
            "invitees": [str(row.organisation_id) for row in meeting.invitations]})
        for item in meeting.agenda_items:
            form.add_agenda_row(item.title, item.presenter_organisation_id)
        form.add_blank_rows()
    else:
        form = MeetingForm(organisations=organisations.items())
    done = submit(form, lambda: meetings.change_meeting(actor, meeting, form.plan()), default_field="title")
    if done:
        flash(_("Meeting changed. Every invited organisation has been sent the change by e-mail.") if done.value
              else _("Nothing was changed."), "success")
        return redirect(url_for(endpoint(audience, "detail"), meeting_id=meeting_id), 303)
    if request.method == "POST":
        form.add_blank_rows()
        meeting = meetings.load_meeting(actor, meeting_id)  # read again: the refused change was undone
    return render_template("meetings/form.html", audience=audience, form=form, network=meeting.network,
                           meeting=meeting, warning=PERSONAL_DATA_WARNING), form_status()


def cancel_page(audience: str, meeting_id: int):
    """Cancel a planned meeting still to come, with a reason (every invitee is sent the cancellation)."""
    actor, meeting = _coordinated(audience, meeting_id)
    if moved := _elsewhere(audience, "cancel", meeting_id=meeting.id):
        return moved
    if not meetings.may_change(actor, meeting):
        flash(_("This meeting can no longer be cancelled."), "error")
        return redirect(url_for(endpoint(audience, "detail"), meeting_id=meeting.id), 303)
    form = CancelForm()
    done = submit(form, lambda: meetings.cancel_meeting(actor, meeting, form.reason.data,
                                                        confirmed=form.no_personal_data.data),
                  default_field="reason")
    if done:
        flash(_("Meeting cancelled. Every invited organisation has been sent the cancellation by e-mail."),
              "success")
        return redirect(url_for(endpoint(audience, "detail"), meeting_id=meeting_id), 303)
    if request.method == "POST":
        meeting = meetings.load_meeting(actor, meeting_id)
    return render_template("meetings/cancel.html", audience=audience, form=form, meeting=meeting,
                           warning=PERSONAL_DATA_WARNING), form_status()


# -- one meeting -------------------------------------------------------------------------------------------------

def detail_page(audience: str, meeting_id: int, *, answer_form: AnswerForm | None = None, status: int = 200):
    """One meeting: when, where, the link, the agenda with who brings each item, the invitees with their answers;
    the invited organisation's answer form; the coordinator's change and cancel buttons; the calendar file."""
    actor = current_actor()
    meeting = meetings.load_meeting(actor, meeting_id)
    if moved := _elsewhere(audience, "detail", meeting_id=meeting.id):
        return moved
    invitation = meetings.own_invitation(actor, meeting)
    if answer_form is None:
        answer_form = AnswerForm(data={"answer": invitation.answer.value if invitation and invitation.answered_at
                                       else None, "attendees": invitation.attendees if invitation else None})
    return render_template("meetings/detail.html", audience=audience, meeting=meeting, invitation=invitation,
                           may_change=meetings.may_change(actor, meeting),
                           coordinates=access.coordinates(actor, meeting.network),
                           may_answer=invitations.may_answer(actor, invitation, meeting), answer_form=answer_form,
                           warning=PERSONAL_DATA_WARNING,
                           past=meetings.is_past(meeting)), status


def calendar_download(audience: str, meeting_id: int):
    """The meeting as an iCalendar file (the same UID and SEQUENCE as the e-mailed invitations)."""
    meeting = meetings.load_meeting(current_actor(), meeting_id)
    link = url_for(endpoint(audience, "detail"), meeting_id=meeting.id, _external=True)
    data = invitations.calendar_file(meeting, "PUBLISH", locale=current_language(), link=link)
    return Response(data, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{invitations.ics_filename(meeting)}"'})


def answer(meeting_id: int):
    """The invited organisation's admin or coordinator answers: attending, maybe, not attending, and who will come.
    A member of the network that was not invited may read the meeting but has nothing to answer (403)."""
    actor = current_actor()
    meeting = meetings.load_meeting(actor, meeting_id)
    invitation = meetings.own_invitation(actor, meeting)
    if invitation is None:
        abort(403)
    if not invitations.may_answer(actor, invitation, meeting):
        flash(_("This meeting is no longer waiting for answers."), "error")
        return redirect(url_for(endpoint(WORKSPACE, "detail"), meeting_id=meeting_id), 303)
    form = AnswerForm()
    if not form.validate_on_submit():
        return detail_page(WORKSPACE, meeting_id, answer_form=form, status=400)
    done = attempt(lambda: invitations.answer_invitation(actor, invitation, form.answer.data, form.attendees.data,
                                                         confirmed=form.no_personal_data.data), form=form,
                   default_field="answer")
    if not done:
        return detail_page(WORKSPACE, meeting_id, answer_form=form, status=400)
    flash(_("Your answer has been saved. The coordinator sees it on the meeting's page."), "success")
    return redirect(url_for(endpoint(WORKSPACE, "detail"), meeting_id=meeting_id), 303)
