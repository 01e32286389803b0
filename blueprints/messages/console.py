"""Messages in the department's console: every message sent in the city (searchable), writing a new one with a
preview of whom it reaches, and one message with its receipts (e-mailed when, read when and by whom)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from app.i18n import current_language
from app.menus import menu_entry
from app.permissions import Permission, current_actor, requires
from app.services.networks import messages
from blueprints.forms import typed_query
from blueprints.messages.compose import compose_page

bp = Blueprint("messages_console", __name__, url_prefix="/console/messages", template_folder="templates")
menu_entry("console", "messages_console.sent", _l("Messages"), permission=Permission.MESSAGES_VIEW, order=38,
           current=("messages_console.",))


@bp.get("/")
@requires(Permission.MESSAGES_VIEW)
def sent():
    """Department members: every message sent to organisations (by the department and by networks' coordinators),
    newest first, with "read by N of M"; ``?q=`` finds messages with every word typed. Organisation members are
    sent to their workspace's messages."""
    actor = current_actor()
    if not actor.in_department:
        return redirect(url_for("messages_workspace.inbox"), 303)
    query = typed_query("q")
    return render_template("messages/sent_list.html", rows=messages.sent_messages(actor, query), query=query,
                           audience="console", may_send=actor.has(Permission.MESSAGES_SEND))


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MESSAGES_SEND)
def new():
    """Department admin or officer: write to organisations chosen by network, kind, district, category and
    programme; "Preview" lists whom it reaches (nothing changes), "Send" sends it once (e-mailed after the
    response). Organisation members are sent to their workspace's form."""
    actor = current_actor()
    if not actor.in_department:
        return redirect(url_for("messages_workspace.new"), 303)
    return compose_page(actor, sent_endpoint="messages_console.message", template_base="console")


@bp.get("/<int:sent_message_id>")
@requires(Permission.MESSAGES_VIEW)
def message(sent_message_id: int):
    """Department members: one message with its audience and each recipient organisation's receipt (e-mailed
    when and to how many addresses, read when and by whom). An organisation's own sent message opens in its
    workspace; any other is a 404."""
    actor = current_actor()
    sent = messages.load_sent(actor, sent_message_id)
    if not actor.in_department:
        return redirect(url_for("messages_workspace.sent_message", sent_message_id=sent.message.id), 303)
    return _sent_page(actor, sent, "console")


def _sent_page(actor, sent, audience: str):
    return render_template("messages/sent_message.html", sent=sent, receipts=messages.receipts(actor, sent.message),
                           audience_words=messages.describe_audience(actor, sent.message, current_language()),
                           audience=audience)
