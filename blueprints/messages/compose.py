"""The compose page shared by the console and the workspace: choose the audience, preview whom it reaches, send.

The audience's choices are what the actor may use: the department every network, kind, district, category and
programme; a coordinating organisation only the networks it coordinates. "Preview" (a POST that changes nothing)
lists the organisations and counts the addresses; "Send" calls ``messages.send_message`` once. The form carries a
one-time key: submitted twice, it lands on the message sent the first time, with a notice.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from app.extensions import db
from app.i18n import current_language
from app.labels import KIND_LABELS
from app.models import District, OrganisationKind, Programme, TaxonomyTerm
from app.services.networks import messages
from app.services.networks.privacy import PERSONAL_DATA_WARNING
from app.tenancy import parse_id
from blueprints.forms import attempt, form_status
from blueprints.messages.forms import MessageForm


def _categories(locale: str) -> list[tuple[str, str]]:
    """Categories as a tree flattened: a sub-category's label after its parent's ("Housing › Night shelter")."""
    terms = list(db.session.scalars(select(TaxonomyTerm).order_by(TaxonomyTerm.position, TaxonomyTerm.id)))
    by_parent: dict[int | None, list[TaxonomyTerm]] = {}
    for term in terms:
        by_parent.setdefault(term.parent_id, []).append(term)
    choices: list[tuple[str, str]] = []

    def walk(parent_id, prefix):
        for term in by_parent.get(parent_id, []):
            label = f"{prefix}{term.text('label', locale)}"
            choices.append((str(term.id), label))
            walk(term.id, f"{label} › ")

    walk(None, "")
    return choices


def choices_for(actor) -> dict[str, list[tuple[str, str]]]:
    """What the actor may choose from, per criterion."""
    networks = [(str(network.id), network.name) for network in messages.coordinated_networks(actor)]
    if not actor.in_department:
        return {"networks": networks}
    locale = current_language()
    return {
        "networks": networks,
        "kinds": [(kind.value, str(KIND_LABELS[kind])) for kind in OrganisationKind
                  if kind is not OrganisationKind.DEPARTMENT],
        "districts": [(str(id_), name) for id_, name in db.session.execute(
            select(District.id, District.name).order_by(District.position, District.name))],
        "categories": _categories(locale),
        "programmes": [(str(programme.id), programme.text("name", locale)) for programme in db.session.scalars(
            select(Programme).order_by(Programme.first_year.desc(), Programme.name_pl))],
    }


def compose_page(actor, *, sent_endpoint: str, template_base: str):
    """The compose page: GET shows the form (a network given by ``?network=`` chosen), POST previews or sends."""
    form = MessageForm(choices=choices_for(actor))
    preview = None
    if request.method == "GET":
        form.submission_key.data = messages.new_submission_key()
        network = parse_id(request.args.get("network"))
        if network is not None and str(network) in {value for value, _label in form.networks.choices}:
            form.networks.data = [str(network)]
        elif len(form.networks.choices) == 1 and not actor.in_department:
            form.networks.data = [form.networks.choices[0][0]]
    elif form.validate_on_submit():
        if not form.submission_key.data:
            form.submission_key.data = messages.new_submission_key()
        if request.form.get("action") == "preview":
            done = attempt(lambda: messages.preview(actor, form.data_for_service()), form=form,
                           default_field="networks")
            if done:
                return _render(form, done.value, template_base, 200)
        else:
            done = attempt(lambda: messages.send_message(actor, form.data_for_service()), form=form,
                           default_field="subject_pl")
            if done:
                result = done.value
                if result.created:
                    flash(ngettext("Message sent to %(num)d organisation. The e-mails go out now; below you see "
                                   "who has received and read it.",
                                   "Message sent to %(num)d organisations. The e-mails go out now; below you see "
                                   "who has received and read it.", result.recipients), "success")
                else:
                    flash(_("This form had been sent already: the message was sent once. Here it is."), "info")
                return redirect(url_for(sent_endpoint, sent_message_id=result.message.id), 303)
    return _render(form, preview, template_base, form_status())


def _render(form, preview, template_base: str, status: int):
    return render_template("messages/compose.html", form=form, preview=preview, base_nav=template_base,
                           warning=PERSONAL_DATA_WARNING, kind_labels=KIND_LABELS), status
