"""Residents' events calendar (with iCalendar feeds) and volunteering opportunities. Always the public view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from app.extensions import db
from app.fragment_cache import KeptParts, cached_value
from app.i18n import current_language
from app.labels import EVENT_KIND_LABELS
from app.localtime import local_today, to_local
from app.models import Event, utcnow
from app.paging import PageNavigation
from app.permissions import public
from app.services import kept_exports
from app.services.activities import calendar as activities
from app.services.activities import ical
from app.services.activities import volunteering as opportunities
from app.services.activities.calendar import EventFilters, Window
from app.services.directory import versions as directory_versions
from app.tenancy import parse_id, public_scope
from blueprints.activities.forms import EventFilterForm, VolunteeringFilterForm
from blueprints.calendars import uid_domain
from blueprints.paging import page_number

bp = Blueprint("activities", __name__, template_folder="templates")

FILTER_NAMES = ("kind", "district", "group", "free")


def _valid(form, name: str):
    field = form[name]
    return None if field.errors else field.data


def _event_filter_form(taxonomy_version: int) -> EventFilterForm:
    """The filter form read from the URL, with the district list (kept per taxonomy version); validated."""
    form = EventFilterForm(request.args)
    form.district.choices = directory_versions.district_choices(_("Whole city"), taxonomy_version)
    form.validate()
    return form


def _filters(form: EventFilterForm) -> EventFilters:
    return EventFilters(kind=_valid(form, "kind") or "", district=_valid(form, "district") or "",
                        group=_valid(form, "group") or "", free_only=bool(_valid(form, "free")))


def _filter_args(form: EventFilterForm) -> dict:
    """The valid filters as URL arguments (for the feed link and the week paging)."""
    args = {}
    for name in FILTER_NAMES:
        value = _valid(form, name)
        if value:
            args[name] = "y" if value is True else value
    return args


@bp.get("/events")
@public
def events():
    """Anyone: what happens in the coming weeks (six by default), day by day, with filters."""
    with public_scope():
        taxonomy_version, activities_version = directory_versions.activities_versions()
        form = _event_filter_form(taxonomy_version)
        today = local_today()
        window = Window(_valid(form, "start") or today, _valid(form, "weeks") or activities.DEFAULT_WEEKS)
        filters = _filters(form)
        part = _calendar_part(activities_version, filters, window, today)
        args = _filter_args(form)
        if window.weeks != activities.DEFAULT_WEEKS:
            args["weeks"] = window.weeks
        earlier = window.earlier()
        return render_template(
            "activities/events.html", form=form, calendar_part=part, window=window, today=today, filter_args=args,
            filter_fields=_filter_fields(form, taxonomy_version),
            earlier_url=(url_for("activities.events", start=earlier.isoformat(), **args)
                         if activities.start_is_sensible(earlier) else None),
            later_url=(url_for("activities.events", start=window.later().isoformat(), **args)
                       if activities.start_is_sensible(window.later()) else None),
            feed_url=url_for("activities.events_feed", **_filter_args(form)))


def _filter_fields(form: EventFilterForm, taxonomy_version: int) -> Markup:
    """The filter fields, drawn once per language and taxonomy version while the URL names no filter."""
    def draw() -> Markup:
        return Markup(render_template("activities/_event_filters.html", form=form))  # noqa: S704 - autoescaped

    if request.args:
        return draw()
    return cached_value(("event-filters", taxonomy_version, current_language()), draw)


@dataclass(frozen=True)
class DrawnPart:
    """A list drawn once and kept: its HTML, whether it was empty, and its paging."""

    html: Markup
    empty: bool
    total: int = 0
    pages: int = 0


def _calendar_part(activities_version: int, filters: EventFilters, window: Window, today) -> DrawnPart:
    """The calendar's dates, drawn once per activities version, language, filters, window and minute.

    Dates that ended are left out as of the minute's start, so a date may show for up to a minute after it ends;
    a window that starts after today does not depend on the time at all."""
    now = utcnow().replace(second=0, microsecond=0)
    not_before = now if window.first_day <= today else None
    key = ("events", activities_version, current_language(), filters, window, today, not_before)

    def draw() -> DrawnPart:
        found = activities.calendar(filters, window, not_before=not_before)
        html = render_template("activities/_calendar_days.html", calendar=found, window=window, today=today)
        return DrawnPart(Markup(html), empty=not found.days)  # noqa: S704 - an autoescaped template

    return _kept_calendar(key, draw)


MAX_CALENDAR_PARTS = 16  # a part holds up to 300 dates (~200 kB): at most ~3 MB per worker
# Kept apart from the shared fragment LRU, whose bound is a count: 256 calendars of filters and weeks a crawler
# walks through would hold 50 MB.
_calendar_parts = KeptParts(MAX_CALENDAR_PARTS)


def forget_kept_calendars() -> None:
    """Forget every kept calendar part (tests, beside ``fragment_cache.clear()``)."""
    _calendar_parts.clear()


def _kept_calendar(key, draw: Callable[[], DrawnPart]) -> DrawnPart:
    """The calendar part under ``key``, drawn the first time."""
    return _calendar_parts.value(key, draw)


def _event_text(event: Event, locale: str) -> ical.EventText:
    """The texts of an event for a calendar file, in the visitor's language (Polish where missing)."""
    lines = [event.text("description", locale) or ""]
    if event.text("registration", locale):
        lines.append(_("How to sign up: %(how)s", how=event.text("registration", locale)))
    location = None
    if event.location is not None and event.location.public_address:
        location = f"{event.location.name}, {event.location.public_address}"
    elif event.location is not None:
        lines.append(_("The address is confidential. Contact the organiser first."))
        if event.location.text("intake", locale):
            lines.append(event.location.text("intake", locale))
    else:
        location = event.text("place", locale)
    contact = " · ".join(x for x in (event.contact_phone, event.contact_email) if x)
    if contact:
        lines.append(_("Contact: %(contact)s", contact=contact))
    lines.append(_("Organised by %(organisation)s", organisation=event.organisation.name))
    summary = event.text("title", locale) or ""
    if event.is_cancelled:
        summary = _("Cancelled: %(title)s", title=summary)
    return ical.EventText(summary=summary, description="\n\n".join(lines), location=location,
                          url=url_for("activities.event", event_id=event.id, _external=True),
                          category=str(EVENT_KIND_LABELS.get(event.kind, event.kind)))


def _calendar_response(events: list[Event], *, name: str, filename: str) -> Response:
    locale = current_language()
    body = ical.calendar_file(events, lambda event: _event_text(event, locale), name=name, uid_domain=uid_domain())
    return Response(body, content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/events.ics")
@public
def events_feed():
    """Anyone: the public calendar as an iCalendar feed (the same filters as the page; bad ones are a 400).

    Built once per change of the events, language, filters and day, kept on disk and streamed; a repeat with the
    ETag or the time gets 304 (``app.services.kept_exports``)."""
    with public_scope():
        taxonomy_version, activities_version = directory_versions.activities_versions()
        form = _event_filter_form(taxonomy_version)
        if form.errors:
            abort(400)
        filters, locale, domain = _filters(form), current_language(), uid_domain()
        name = _("Events – %(city)s", city=current_app.config["CITY_NAME"])
        key = (activities_version, locale, filters, domain,
               request.host_url, local_today())

        def write(out) -> None:
            with public_scope():
                ical.write_calendar(out, activities.feed_events(filters), lambda event: _event_text(event, locale),
                                    name=name, uid_domain=domain)

        return kept_exports.send_kept("events", key, ".ics", write, mimetype="text/calendar",
                                      headers={"Content-Disposition": 'attachment; filename="wydarzenia.ics"'})


def _public_event_or_404(event_id: int) -> Event:
    event_id = parse_id(event_id)
    found = activities.public_event(event_id) if event_id is not None else None
    if found is None:
        abort(404)
    return found


@bp.get("/events/<int:event_id>")
@public
def event(event_id: int):
    """Anyone: one event – when, where (never a confidential address), how to sign up, whom to call."""
    with public_scope():
        found = _public_event_or_404(event_id)
        now = utcnow()
        upcoming = activities.next_dates(found, now)
        service = activities.related_service(found)
        return render_template(
            "activities/event.html", event=found, upcoming=upcoming, service=service,
            crisis=activities.needs_quick_exit(found, service),
            local_start=to_local(found.starts_at), local_end=to_local(found.ends_at),
            series_end=activities.series_end(found), ended=not upcoming)


@bp.get("/events/<int:event_id>.ics")
@public
def event_ics(event_id: int):
    """Anyone: one event as an iCalendar file to add to a phone's calendar."""
    with public_scope():
        found = _public_event_or_404(event_id)
        return _calendar_response([found], name=found.text("title", current_language()) or "",
                                  filename=f"wydarzenie-{found.id}.ics")


@bp.get("/volunteering")
@public
def volunteering():
    """Anyone: volunteering opportunities still open, by district."""
    with public_scope():
        taxonomy_version, activities_version = directory_versions.activities_versions()
        form = VolunteeringFilterForm(request.args)
        form.district.choices = directory_versions.district_choices(_("Whole city"), taxonomy_version)
        form.validate()
        district = _valid(form, "district") or ""
        number = page_number()
        key = ("volunteering", activities_version, current_language(), district, number, local_today())

        def draw() -> DrawnPart:
            page = db.paginate(opportunities.current_opportunities(district=district), page=number,
                               per_page=OFFERS_PER_PAGE, error_out=False, count=True)
            html = render_template("activities/_volunteering_list.html", page=page) if page.items else ""
            return DrawnPart(Markup(html), empty=not page.items, total=page.total or 0,  # noqa: S704 - autoescaped
                             pages=page.pages)

        part = cached_value(key, draw)
        return render_template("activities/volunteering.html", form=form, offers_part=part, district=district,
                               page=PageOf(number, part))


OFFERS_PER_PAGE = 20


@dataclass(frozen=True)
class PageOf(PageNavigation):
    """What the page and its pager need of a kept page of offers (the pager macro's names)."""

    page: int
    part: DrawnPart

    @property
    def items(self) -> bool:
        return not self.part.empty

    @property
    def total(self) -> int:
        return self.part.total

    @property
    def pages(self) -> int:
        return self.part.pages


@bp.get("/volunteering/<int:opportunity_id>")
@public
def opportunity(opportunity_id: int):
    """Anyone: one volunteering opportunity – what, requirements, time commitment, whom to contact."""
    opportunity_id = parse_id(opportunity_id)
    with public_scope():
        found = opportunities.public_opportunity(opportunity_id) if opportunity_id is not None else None
        if found is None:
            abort(404)
        return render_template("activities/opportunity.html", opportunity=found,
                               ended=opportunities.has_ended(found))
