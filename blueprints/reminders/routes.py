"""The reminders' log in the department's console: every reminder ``flask reminders send`` sent, newest first."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from app.menus import menu_entry
from app.permissions import Permission, requires
from app.services.reports import reminders
from blueprints.paging import paginate
from blueprints.reminders.forms import FilterForm

bp = Blueprint("reminders", __name__, url_prefix="/console/reminders", template_folder="templates")
menu_entry("console", "reminders.sent_list", _l("Reminders sent"), permission=Permission.CONSOLE_VIEW, order=85,
           current=("reminders.",))


@bp.get("/")
@requires(Permission.CONSOLE_VIEW)
def sent_list():
    """Department admins, officers and analysts: the reminders sent about reports, newest first, a page at a time,
    filtered by organisation and occasion. Changes nothing."""
    form = FilterForm(request.args, organisations=reminders.organisations_reminded())
    form.validate()
    organisation, kind = form.chosen("organisation"), form.chosen("kind")
    page = paginate(reminders.sent_query(organisation_id=int(organisation) if organisation.isdigit() else None,
                                         kind=kind or None), per_page=50)
    return render_template("reminders/sent_list.html", form=form, page=page, rows=reminders.sent_rows(page.items),
                           filtered=bool(organisation or kind), kind_labels=reminders.KIND_LABELS)
