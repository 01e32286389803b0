"""Home-page alerts: the department writes them, residents see them only within their window, in their language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.models import Alert, AlertLevel, AuditEvent, utcnow
from app.tenancy import system_scope
from tests.functional.support import page


def _alert(make, *, starts: timedelta = timedelta(hours=-1), ends: timedelta = timedelta(hours=5), **fields) -> int:
    now = utcnow()
    return make.alert(starts_at=now + starts, ends_at=now + ends, **fields)


def _home(browser, lang="en"):
    return page(browser(lang=lang).get("/"))


def test_alert_shows_only_within_its_window(make, browser):
    _alert(make, message_pl="Trwa mróz: noclegownie otwarte całą dobę.")
    _alert(make, message_pl="Jeszcze nie teraz.", starts=timedelta(hours=2))
    _alert(make, message_pl="Już po wszystkim.", starts=timedelta(days=-2), ends=timedelta(minutes=-1))
    _alert(make, message_pl="Wycofany komunikat.", is_withdrawn=True)
    home = _home(browser)
    assert "Trwa mróz" in home and "Important announcements" in home
    for hidden in ("Jeszcze nie teraz", "Już po wszystkim", "Wycofany"):
        assert hidden not in home
    assert 'aria-labelledby="alerts-heading"' in home.html and "Information:" in home  # not colour alone


def test_no_alert_no_region(browser):
    assert "Important announcements" not in _home(browser)


def test_alert_in_the_visitors_language_with_polish_fallback(make, browser):
    _alert(make, message_pl="Zamknięta noclegownia przy ul. Długiej.", message_uk="Нічліжка на вул. Довгій зачинена.",
           level=AlertLevel.WARNING, link_url="/search?category=shelter")
    ukrainian = _home(browser, lang="uk")
    assert "Нічліжка на вул. Довгій зачинена." in ukrainian and "Zamknięta" not in ukrainian
    english = _home(browser, lang="en")
    assert "Zamknięta noclegownia" in english and '<span lang="pl">Zamknięta' in english.html
    assert 'href="/search?category=shelter"' in english.html and "Warning:" in english


def test_at_most_three_alerts_most_serious_first(make, browser):
    for n in range(3):
        _alert(make, message_pl=f"Informacja {n}", starts=timedelta(hours=-n - 1))
    _alert(make, message_pl="Niebezpieczeństwo", level=AlertLevel.DANGER, starts=timedelta(hours=-10))
    home = _home(browser).text
    assert home.index("Niebezpieczeństwo") < home.index("Informacja 0")
    assert "Informacja 2" not in home  # the oldest information gives way


def test_officer_creates_an_alert_in_warsaw_time(app, browser, city, rows):
    officer = browser(city.dept_officer)
    assert officer.get("/console/alerts/new").status_code == 200
    start = datetime.now(UTC) + timedelta(days=1)
    local = f"{start.year}-07-01T10:00" if start.month < 7 else f"{start.year + 1}-07-01T10:00"
    local_end = local.replace("T10:00", "T22:30")
    response = officer.post("/console/alerts/new", data={
        "message_pl": "  Upał:  punkty z wodą   otwarte. ", "message_en": "Heat: water points open.",
        "level": "warning", "link_url": "https://www.example.org/upal", "starts_at": local, "ends_at": local_end})
    assert response.status_code == 303
    alert = rows.one(Alert)
    assert alert.message_pl == "Upał: punkty z wodą otwarte." and alert.level == AlertLevel.WARNING
    assert (alert.starts_at.hour, alert.starts_at.minute) == (8, 0)  # 10:00 in Warsaw in summer is 08:00 UTC
    assert (alert.ends_at.hour, alert.ends_at.minute) == (20, 30)
    assert alert.created_by_id == city.dept_officer.id
    assert rows.actions("alert.") == ["alert.created"]
    listed = page(officer.get("/console/alerts/"))
    assert "Upał" in listed and "Coming" in listed and "Ukrainian" in listed  # not translated into Ukrainian


def _form(**fields):
    now = datetime.now(UTC) + timedelta(hours=2)
    data = {"message_pl": "Komunikat", "level": "info", "link_url": "",
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}
    data.update(fields)
    return data


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"message_pl": ""}, "message_pl", "Write the message in Polish"),
    ({"message_pl": "x" * 501}, "message_pl", "at most 500 characters"),
    ({"ends_at": "2020-01-01T10:00", "starts_at": "2020-01-01T12:00"}, "ends_at", "after the start"),
    ({"starts_at": "2020-01-01T10:00", "ends_at": "2020-01-02T10:00"}, "ends_at", "in the future"),
    ({"ends_at": (datetime.now(UTC) + timedelta(days=120)).strftime("%Y-%m-%dT%H:%M")}, "ends_at", "90 days"),
    ({"starts_at": "tomorrow"}, "starts_at", "Enter a date and time"),
    ({"ends_at": ""}, "ends_at", "Enter when the alert ends"),
    ({"link_url": "javascript:alert(1)"}, "link_url", "https://"),
    ({"link_url": "http://example.org"}, "link_url", "https://"),
    ({"link_url": "//evil.example/x"}, "link_url", "https://"),
    ({"link_url": "https://"}, "link_url", "https://"),
    ({"level": "panic"}, "level", ""),
])
def test_bad_alerts_are_refused_beside_the_field(browser, city, rows, fields, field, message):
    officer = browser(city.dept_officer)
    data = _form(**fields)
    shown = page(officer.post("/console/alerts/new", data=data))
    assert shown.status == 400 and message in shown.field_error(field) and shown.field_error(field)
    assert shown.values()["message_pl"] == data["message_pl"]
    assert rows.count(Alert) == 0


def test_edit_and_withdraw(make, browser, city, rows):
    alert_id = _alert(make, message_pl="Stary tekst")
    officer = browser(city.dept_officer)
    form = page(officer.get(f"/console/alerts/{alert_id}/edit"))
    values = form.values()
    assert values["message_pl"] == "Stary tekst"
    values.update(message_pl="Nowy tekst")
    assert officer.post(f"/console/alerts/{alert_id}/edit", data=values).status_code == 303
    assert "Nowy tekst" in _home(browser)
    assert officer.post(f"/console/alerts/{alert_id}/withdraw").status_code == 303
    assert "Nowy tekst" not in _home(browser)
    assert rows.one(Alert).is_withdrawn
    assert rows.actions("alert.") == ["alert.updated", "alert.withdrawn"]
    refused = page(officer.post(f"/console/alerts/{alert_id}/edit", data=values))
    assert "has been withdrawn" in refused.field_error("message_pl")
    assert "Ended or withdrawn" in page(officer.get("/console/alerts/"))


def test_who_may_do_what(app, make, browser, city):
    alert_id = _alert(make)
    analyst = browser(city.dept_analyst)
    assert analyst.get("/console/alerts/").status_code == 200
    assert "New alert" not in page(analyst.get("/console/alerts/"))
    assert analyst.get("/console/alerts/new").status_code == 403
    assert analyst.post(f"/console/alerts/{alert_id}/withdraw").status_code == 403
    assert browser(city.a_admin).get("/console/alerts/").status_code == 403
    assert browser(city.dept_admin).get(f"/console/alerts/{alert_id + 1000}/edit").status_code == 404
    with app.app_context(), system_scope("tests"):
        assert db.session.query(AuditEvent).filter(AuditEvent.action.like("alert.%")).count() == 0
