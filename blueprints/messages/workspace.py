"""Messages in the organisation's workspace: the inbox (unread marked and counted, searchable), one message in
the reader's language (opening it tells the sender the organisation has read it), and for a network's
coordinating organisation, writing to its network and the messages it sent with their receipts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import current_language
from app.menus import menu_entry
from app.permissions import Permission, current_actor, requires
from app.services.networks import messages
from blueprints.forms import typed_query
from blueprints.messages.compose import compose_page
from blueprints.messages.console import _sent_page

bp = Blueprint("messages_workspace", __name__, url_prefix="/workspace/messages", template_folder="templates")
menu_entry("workspace", "messages_workspace.inbox", _l("Messages"), permission=Permission.MESSAGES_VIEW, order=38,
           current=("messages_workspace.",))


@bp.app_template_global()
def unread_messages() -> int:
    """How many messages the active organisation has not opened (0 without ``MESSAGES_VIEW`` or in the department),
    for the workspace's home page."""
    actor = current_actor()
    return messages.unread_count(actor) if actor.has(Permission.MESSAGES_VIEW) else 0


@bp.get("/")
@requires(Permission.MESSAGES_VIEW)
def inbox():
    """Organisation members: the messages sent to the organisation, newest first, unread marked and counted;
    ``?q=`` finds messages with every word typed. The department is sent to its console."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("messages_console.sent"), 303)
    query = typed_query("q")
    return render_template("messages/inbox.html", rows=messages.inbox(actor, query), query=query,
                           unread=messages.unread_count(actor), may_send=messages.may_send(actor),
                           has_sent=bool(messages.sent_messages(actor)), locale=current_language())


@bp.get("/<int:message_id>")
@requires(Permission.MESSAGES_VIEW)
def message(message_id: int):
    """Organisation members: one message sent to the organisation, in the reader's language (the translation
    given, else Polish). The first member to open it marks it read for the organisation: the sender sees who
    read it and when (a receipt: the one thing this GET writes, in a short transaction of its own, with no audit
    entry — ``messages.record_read``). Another organisation's message is a 404; the department is sent to the
    console's page of the message."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("messages_console.message", sent_message_id=message_id), 303)
    received = messages.open_message(actor, message_id)
    return render_template("messages/message.html", received=received, locale=current_language())


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MESSAGES_SEND)
def new():
    """A network's coordinating organisation's admin or coordinator: write to the members of a network it
    coordinates (nothing else may be chosen); "Preview" lists whom it reaches, "Send" sends it once. An
    organisation that coordinates no network is told so; the department is sent to its console's form."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("messages_console.new"), 303)
    if not messages.may_send(actor):
        flash(_("Only the coordinator of a network writes to its members. Your organisation coordinates no "
                "network."), "info")
        return redirect(url_for(".inbox"), 303)
    return compose_page(actor, sent_endpoint="messages_workspace.sent_message", template_base="workspace")


@bp.get("/sent")
@requires(Permission.MESSAGES_VIEW)
def sent():
    """Organisation members: the messages the organisation sent to its networks, with "read by N of M";
    ``?q=`` searches them. The department is sent to its console."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("messages_console.sent"), 303)
    query = typed_query("q")
    return render_template("messages/sent_list.html", rows=messages.sent_messages(actor, query), query=query,
                           audience="workspace", may_send=messages.may_send(actor))


@bp.get("/sent/<int:sent_message_id>")
@requires(Permission.MESSAGES_VIEW)
def sent_message(sent_message_id: int):
    """Organisation members: one message the organisation sent, with each recipient's receipt. Another
    organisation's is a 404; the department is sent to the console's page."""
    actor = current_actor()
    if actor.in_department:
        return redirect(url_for("messages_console.message", sent_message_id=sent_message_id), 303)
    return _sent_page(actor, messages.load_sent(actor, sent_message_id), "workspace")
