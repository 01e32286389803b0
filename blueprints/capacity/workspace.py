"""Capacity in the organisation's workspace: its units with their counts, updated from a phone in two taps (open the
page, tap +1), each unit's description and places, and its history."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from app.extensions import db
from app.localtime import local_today
from app.menus import menu_entry
from app.models import (
    CapacityKind,
    CapacityUnit,
    Location,
    OccupancyChange,
    OccupancyDay,
    OccupancyUpdate,
    Service,
    utcnow,
)
from app.permissions import Permission, can, current_actor, requires
from app.services.capacity import occupancy
from app.services.capacity import units as unit_service
from app.tenancy import get_or_404
from blueprints.capacity.workspace_forms import SetOccupiedForm, UnitForm
from blueprints.forms import BaseForm, attempt, form_status, submit
from blueprints.paging import paginate

bp = Blueprint("capacity_workspace", __name__, url_prefix="/workspace/capacity", template_folder="templates")
menu_entry("workspace", "capacity_workspace.units", _l("Capacity"), permission=Permission.CAPACITY_VIEW, order=35,
           current=("capacity_workspace.",))

HISTORY_DAYS = 14
COUNT_CHANGES = {"plus": OccupancyChange.PLUS, "minus": OccupancyChange.MINUS,
                 "confirmed": OccupancyChange.CONFIRMED, "set": OccupancyChange.SET}


def _organisation_id() -> int:
    """The organisation the member acts for; the department keeps no units of its own (it has the board)."""
    return g.membership.organisation_id


def _unit(capacity_unit_id: int) -> CapacityUnit:
    """One unit, read through the actor's scope: another organisation's is a 404."""
    return get_or_404(CapacityUnit, capacity_unit_id)


def _department_elsewhere():
    """The department keeps no units of its own and changes none of the organisations': it reads the board."""
    flash(_("The department keeps no places of its own: organisations describe and count theirs."), "info")
    return redirect(url_for(".units"), code=303)


def _choices(form: UnitForm, organisation_id: int) -> None:
    services = db.session.execute(select(Service).where(Service.organisation_id == organisation_id)
                                  .order_by(Service.name_pl)).unique().scalars().all()
    locations = db.session.execute(select(Location).where(Location.organisation_id == organisation_id)
                                   .order_by(Location.name)).unique().scalars().all()
    kinds = db.session.execute(select(CapacityKind).where(CapacityKind.is_active.is_(True))
                               .order_by(CapacityKind.position, CapacityKind.label_pl)).scalars().all()
    form.fill_choices(services, locations, kinds)


def _list_page(errors: dict | None = None, typed: dict | None = None, status: int = 200):
    organisation_id = _organisation_id()
    now = utcnow()
    return render_template("capacity/workspace/units.html", units=unit_service.units_of(organisation_id), now=now,
                           errors=errors or {}, typed=typed or {},
                           manages=can(Permission.CAPACITY_MANAGE) and not current_actor().in_department), status


@bp.get("/")
@requires(Permission.CAPACITY_VIEW)
def units():
    """Organisation members: the organisation's units with free, occupied, held and out-of-service places, who
    counted them last and when, stale ones marked, and +1 / −1 / counted / set buttons for each."""
    return _list_page()


@bp.post("/<int:capacity_unit_id>/count")
@requires(Permission.CAPACITY_UPDATE)
def count(capacity_unit_id: int):
    """Organisation members: +1 taken, −1 freed, counted with no change, or the occupied places set after a head
    count; back to the list at the unit with what changed (a refusal says why and changes nothing)."""
    unit = _unit(capacity_unit_id)
    change = COUNT_CHANGES.get(request.form.get("change", ""))
    form = SetOccupiedForm()
    if change is OccupancyChange.SET:
        if not form.validate_on_submit():
            return _list_page({unit.id: [*form.occupied.errors, *form.form_errors] or [_("Try again.")]},
                              {unit.id: request.form.get("occupied", "")}, 400)
        value = form.occupied.data
    else:
        if change is None or not BaseForm().validate_on_submit():  # a form from elsewhere, or a token run out
            return _list_page({unit.id: [_("Choose one of the buttons and try again.")]}, status=400)
        value = None
    done = attempt(lambda: occupancy.change_occupancy(current_actor(), unit.id, change, value), form=form,
                   default_field="occupied")
    if not done:  # beside the unit, with what was typed (the page comes back at the unit: the form's #anchor)
        typed = {unit.id: request.form.get("occupied", "")} if change is OccupancyChange.SET else {}
        return _list_page({unit.id: [*form.occupied.errors, *form.form_errors]}, typed, 400)
    unit = done.value
    if change is OccupancyChange.CONFIRMED:
        message = ngettext("%(name)s: counted, no change — %(occupied)d of %(num)d place occupied.",
                           "%(name)s: counted, no change — %(occupied)d of %(num)d places occupied.", unit.total,
                           name=unit.name, occupied=unit.occupied)
    else:
        message = ngettext("%(name)s: %(occupied)d of %(num)d place occupied.",
                           "%(name)s: %(occupied)d of %(num)d places occupied.", unit.total, name=unit.name,
                           occupied=unit.occupied)
    flash(message, "success")
    return redirect(url_for(".units", _anchor=f"unit-{unit.id}"), code=303)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.CAPACITY_MANAGE)
def new():
    """Organisation admin or coordinator: add a unit of places (its service and location are the organisation's
    own)."""
    if current_actor().in_department:
        return _department_elsewhere()
    organisation_id = _organisation_id()
    form = UnitForm() if request.method == "POST" else UnitForm(data={"kind": "", "serves": []})
    _choices(form, organisation_id)
    done = submit(form, lambda: unit_service.create_unit(current_actor(), organisation_id, form.data_for_service()))
    if done:
        flash(_("“%(name)s” was added with %(num)d places.", name=done.value.name, num=done.value.total), "success")
        return redirect(url_for(".units", _anchor=f"unit-{done.value.id}"), code=303)
    return render_template("capacity/workspace/form.html", form=form, unit=None), form_status()


@bp.route("/<int:capacity_unit_id>/edit", methods=["GET", "POST"])
@requires(Permission.CAPACITY_MANAGE)
def edit(capacity_unit_id: int):
    """Organisation admin or coordinator: change a unit — its name, kind, whom it serves, its places and those out
    of service (with the reason), what residents see; take it out of use or back."""
    if current_actor().in_department:
        return _department_elsewhere()
    unit = _unit(capacity_unit_id)
    if request.method == "POST":
        form = UnitForm()
    else:
        form = UnitForm(data={"name": unit.name, "kind": unit.kind.value,
                              "custom_kind_id": str(unit.custom_kind_id or ""), "service_id": str(unit.service_id),
                              "location_id": str(unit.location_id), "counted_by": unit.counted_by.value,
                              "serves": unit.serves_list, "total": unit.total, "out_of_service": unit.out_of_service,
                              "out_of_service_reason": unit.out_of_service_reason or "",
                              "public_availability": unit.public_availability.value})
    _choices(form, unit.organisation_id)
    done = submit(form, lambda: unit_service.update_unit(current_actor(), unit, form.data_for_service()))
    if done:
        flash(_("“%(name)s” was saved.", name=unit.name) if done.value else _("Nothing was changed."), "success")
        return redirect(url_for(".units", _anchor=f"unit-{unit.id}"), code=303)
    return render_template("capacity/workspace/form.html", form=form, unit=unit,
                           action_form=BaseForm()), form_status()


@bp.post("/<int:capacity_unit_id>/retire")
@requires(Permission.CAPACITY_MANAGE)
def retire(capacity_unit_id: int):
    """Organisation admin or coordinator: take a unit out of use (its history stays; residents no longer see it)."""
    if current_actor().in_department:
        return _department_elsewhere()
    unit = _unit(capacity_unit_id)
    if BaseForm().validate_on_submit() and attempt(lambda: unit_service.retire_unit(current_actor(), unit)):
        flash(_("“%(name)s” is no longer in use.", name=unit.name), "success")
    return redirect(url_for(".edit", capacity_unit_id=unit.id), code=303)


@bp.post("/<int:capacity_unit_id>/reinstate")
@requires(Permission.CAPACITY_MANAGE)
def reinstate(capacity_unit_id: int):
    """Organisation admin or coordinator: put a unit back in use."""
    if current_actor().in_department:
        return _department_elsewhere()
    unit = _unit(capacity_unit_id)
    if BaseForm().validate_on_submit() and attempt(lambda: unit_service.reinstate_unit(current_actor(), unit)):
        flash(_("“%(name)s” is in use again.", name=unit.name), "success")
    return redirect(url_for(".edit", capacity_unit_id=unit.id), code=303)


@bp.get("/<int:capacity_unit_id>")
@requires(Permission.CAPACITY_VIEW)
def history(capacity_unit_id: int):
    """Organisation members: a unit's history, newest first (what changed, the counts after it, who and when),
    and its last 14 days."""
    unit = _unit(capacity_unit_id)
    page = paginate(select(OccupancyUpdate).where(OccupancyUpdate.unit_id == unit.id)
                    .order_by(OccupancyUpdate.at.desc(), OccupancyUpdate.id.desc()), per_page=30)
    since = local_today() - timedelta(days=HISTORY_DAYS - 1)
    days = db.session.execute(select(OccupancyDay).where(OccupancyDay.unit_id == unit.id, OccupancyDay.day >= since)
                              .order_by(OccupancyDay.day.desc())).scalars().all()
    return render_template("capacity/workspace/history.html", unit=unit, page=page, days=days, now=utcnow())
