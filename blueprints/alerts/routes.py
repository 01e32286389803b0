"""Home-page alerts in the department console: list, create, edit, withdraw."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.menus import menu_entry
from app.models import Alert, utcnow
from app.permissions import Permission, requires
from app.services.directory import alerts
from app.tenancy import get_or_404
from blueprints.alerts.forms import AlertForm
from blueprints.forms import form_data, form_status, submit

bp = Blueprint("alerts", __name__, url_prefix="/console/alerts", template_folder="templates")
menu_entry("console", "alerts.alerts_list", _l("Alerts"), permission=Permission.DIRECTORY_VIEW, order=50,
           current=("alerts.",))


@bp.get("/")
@requires(Permission.DIRECTORY_VIEW)
def alerts_list():
    """Department staff: alerts on the home page now, those to come and past ones."""
    return render_template("alerts/list.html", groups=alerts.alerts_for_console(), now=utcnow())


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.DIRECTORY_MANAGE)
def alert_new():
    """Department admin or officer: put an alert on the home page for a time."""
    form = AlertForm()
    if request.method == "GET":
        start = utcnow().replace(second=0, microsecond=0)
        form.starts_at.data, form.ends_at.data = start, start + timedelta(days=1)
    if submit(form, lambda: alerts.create_alert(form_data(form, alerts.FIELDS), actor=current_user)):
        flash(_("The alert has been saved."), "success")
        return redirect(url_for("alerts.alerts_list"), code=303)
    return render_template("alerts/form.html", form=form, alert=None), form_status()


@bp.route("/<int:alert_id>/edit", methods=["GET", "POST"])
@requires(Permission.DIRECTORY_MANAGE)
def alert_edit(alert_id: int):
    """Department admin or officer: correct an alert's text, level, link or time window."""
    alert = get_or_404(Alert, alert_id)
    form = AlertForm(obj=alert) if request.method == "GET" else AlertForm()
    done = submit(form, lambda: alerts.update_alert(alert, form_data(form, alerts.FIELDS), actor=current_user))
    if done:
        flash(_("The alert has been saved.") if done.value else _("Nothing was changed."), "success")
        return redirect(url_for("alerts.alerts_list"), code=303)
    return render_template("alerts/form.html", form=form, alert=alert), form_status()


@bp.post("/<int:alert_id>/withdraw")
@requires(Permission.DIRECTORY_MANAGE)
def alert_withdraw(alert_id: int):
    """Department admin or officer: take an alert off the home page now."""
    alert = get_or_404(Alert, alert_id)
    if alerts.withdraw_alert(alert, actor=current_user):
        flash(_("The alert has been withdrawn."), "success")
    else:
        flash(_("This alert had already been withdrawn."), "info")
    return redirect(url_for("alerts.alerts_list"), code=303)
