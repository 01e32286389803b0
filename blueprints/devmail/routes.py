"""Development only: read the e-mails the portal wrote to the outbox folder."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from app.mail import read_outbox
from app.permissions import public

bp = Blueprint("devmail", __name__, url_prefix="/dev/outbox", template_folder="templates")


@bp.get("/")
@public
def outbox():
    """Anyone, in development only: the newest messages in the outbox."""
    return render_template("devmail/outbox.html", messages=read_outbox())


@bp.get("/<message_id>")
@public
def message(message_id: str):
    """Anyone, in development only: one message from the outbox."""
    for item in read_outbox(limit=500):
        if item["id"] == message_id:
            return render_template("devmail/message.html", message=item)
    abort(404)
