"""Referrals in the department's console: the city's figures (by kind of target, state, outcome, decline reason,
response time, month) with a chart, data tables and downloads; the list without personal fields; and, for the
department's admin and officers only, one referral with its details (audited)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.charts import Series, bar_chart
from app.labels import CAPACITY_KIND_LABELS, DECLINE_REASON_LABELS, REFERRAL_OUTCOME_LABELS, REFERRAL_STATUS_LABELS
from app.localtime import local_today
from app.menus import menu_entry
from app.models import utcnow
from app.models.capacity import CapacityKindCode
from app.models.referrals import DeclineReason, ReferralOutcome, ReferralStatus
from app.permissions import Permission, current_actor, requires
from app.services.referrals import access, overview
from app.table_export import Column, Table, csv_response, xlsx_response
from app.tenancy import parse_id
from blueprints.referrals.forms import CancelForm, CompleteForm, DeclineForm

bp = Blueprint("referrals_console", __name__, url_prefix="/console/referrals", template_folder="templates")
menu_entry("console", "referrals_console.referrals", _l("Referrals"), permission=Permission.REFERRALS_VIEW,
           order=36, current=("referrals_console.",))

def month_name(month: int, year: int | None = None) -> str:
    """The month's name in the reader's language ("marzec 2026", or "marzec" without a year)."""
    return format_date(date(year or 2000, month, 1), "LLLL yyyy" if year else "LLLL")


def _kind_label(code: str) -> str:
    if code == overview.SERVICE_ONLY:
        return _("Service without places")
    return str(CAPACITY_KIND_LABELS.get(CapacityKindCode(code), code))


def _period() -> tuple[int | None, int | None]:
    """The year and month asked for (junk is ignored: all years)."""
    year = parse_id(request.args.get("year"))
    year = year if year and 2000 <= year <= 2100 else None
    month = parse_id(request.args.get("month"))
    month = month if year and month and 1 <= month <= 12 else None
    return year, month


def _tables(figures: overview.Aggregates) -> list[Table]:
    count = lambda key: Column(key, _("Referrals"), "int")  # noqa: E731 - one column used four times
    kinds = Table("by-kind", _("Referrals by kind of place"), [Column("label", _("Kind of place")), count("count")],
                  [{"label": _kind_label(code), "count": number} for code, number in figures.by_kind.most_common()],
                  totals={"count": figures.total})
    statuses = Table("by-status", _("Referrals by state"), [Column("label", _("State")), count("count")],
                     [{"label": str(REFERRAL_STATUS_LABELS[status]), "count": figures.by_status.get(status.value, 0)}
                      for status in ReferralStatus], totals={"count": figures.total})
    outcomes = Table("by-outcome", _("Completed referrals by outcome"),
                     [Column("label", _("Outcome")), count("count")],
                     [{"label": str(REFERRAL_OUTCOME_LABELS[outcome]),
                       "count": figures.by_outcome.get(outcome.value, 0)} for outcome in ReferralOutcome],
                     totals={"count": sum(figures.by_outcome.values())})
    declines = Table("declines", _("Declined referrals by reason"), [Column("label", _("Reason")), count("count")],
                     [{"label": str(DECLINE_REASON_LABELS[reason]), "count": figures.by_decline.get(reason.value, 0)}
                      for reason in DeclineReason], totals={"count": sum(figures.by_decline.values())})
    months = Table("by-month", _("Referrals sent by month"), [Column("label", _("Month")), count("count")],
                   [{"label": month_name(month, year), "count": number}
                    for (year, month), number in sorted(figures.by_month.items())], totals={"count": figures.total})
    times = Table("response-time", _("Time to answer (hours)"),
                  [Column("label", _("Measure")), Column("hours", _("Hours"), "number")],
                  [{"label": _("Answered referrals"), "hours": len(figures.response_hours)},
                   {"label": _("Median"), "hours": figures.median_hours},
                   {"label": _("90th percentile"), "hours": figures.p90_hours}])
    return [kinds, statuses, outcomes, declines, months, times]


@bp.get("/")
@requires(Permission.REFERRALS_VIEW)
def referrals():
    """Department staff: the city's referrals in figures — by kind of place, state, outcome, decline reason, month,
    and the time to answer — with a chart, tables and downloads; and the list without personal fields."""
    if not current_actor().in_department:
        return redirect(url_for("referrals_workspace.referrals"), 303)  # an organisation's are in its workspace
    year, month = _period()
    figures = overview.aggregates(year, month)
    tables = _tables(figures)
    kind = request.args.get("format")
    if kind in ("csv", "xlsx"):
        name = request.args.get("table")
        if kind == "xlsx" and not name:
            return xlsx_response(tables, "referrals")
        table = next((one for one in tables if one.name == name), None)
        if table is None:
            abort(404)
        return (csv_response if kind == "csv" else lambda one, file: xlsx_response([one], file))(
            table, f"referrals-{name}")
    kinds = tables[0]
    chart = bar_chart(title=_("Referrals by kind of place"), labels=[row["label"] for row in kinds.rows],
                      series=[Series(_("Referrals"), [row["count"] for row in kinds.rows])],
                      summary=ngettext("%(num)d referral in all.", "%(num)d referrals in all.", figures.total)
                      ) if kinds.rows else None
    arguments = {key: value for key, value in (("year", year), ("month", month)) if value}
    return render_template("referrals/console.html", figures=figures, tables=tables, chart=chart, year=year,
                           month=month, arguments=arguments, rows=overview.department_list(year, month),
                           years=range(local_today().year, local_today().year - 5, -1), month_name=month_name,
                           kind_label=_kind_label)


@bp.get("/<int:referral_id>")
@requires(Permission.REFERRALS_INSPECT)
def detail(referral_id: int):
    """Department admin or officer: one referral with its personal fields (every view audited)."""
    actor = current_actor()
    referral, side = access.read_for(actor, referral_id)  # audited: referral.viewed
    return render_template("referrals/detail.html", referral=referral, side=side, now=utcnow(), audience="console",
                           personal=True, decline_form=DeclineForm(), complete_form=CompleteForm(),
                           cancel_form=CancelForm())
