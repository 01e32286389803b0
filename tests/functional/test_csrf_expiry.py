"""Form tokens have a lifetime: one older than WTF_CSRF_TIME_LIMIT is refused and nothing changes; the long forms
(an offer's draft) show what was typed again with a clear message, and a fresh token then saves it."""

from __future__ import annotations

import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from app.models import Offer, Organisation
from tests.functional.support import form_token, location, page
from tests.functional.test_offers import _form, call, draft, money  # noqa: F401 - the offers' fixtures

EXPIRED = "The form has expired. Please send it again."




def _aged(app, token: str, seconds: int) -> str:
    """The same session's token, signed as if the page had been shown ``seconds`` ago."""
    raw = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").loads(token)

    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=Earlier).dumps(raw)


def test_the_lifetime_is_the_sessions_absolute_limit(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] == app.config["SESSION_ABSOLUTE_HOURS"] * 3600


def test_an_expired_offer_form_keeps_what_was_typed_and_saves_nothing(app, browser, city, call, draft, rows,  # noqa: F811
                                                                       csrf_on):
    coordinator = browser(city.a_coordinator)
    address = f"/workspace/offers/{draft}/edit"
    token = form_token(coordinator.get(address).get_data(as_text=True))
    limit = app.config["WTF_CSRF_TIME_LIMIT"]

    shown = page(coordinator.post(address, data={**_form(call), "csrf_token": _aged(app, token, limit + 60)}))
    assert shown.status == 400
    assert EXPIRED in shown.text and "The CSRF token" not in shown.text
    assert 'value="Rodzinne popołudnia"' in shown.html and "Warsztaty" in shown.html  # what was typed stays
    assert rows.one(Offer).title == ""

    response = coordinator.post(address, data={**_form(call), "csrf_token": form_token(shown.html)})
    assert location(response) == address  # the form shown again carries a fresh token: sending it saves
    assert rows.one(Offer).title == "Rodzinne popołudnia"


def test_a_token_within_the_lifetime_is_accepted(app, browser, city, call, draft, rows, csrf_on):  # noqa: F811
    coordinator = browser(city.a_coordinator)
    address = f"/workspace/offers/{draft}/edit"
    token = form_token(coordinator.get(address).get_data(as_text=True))
    recent = _aged(app, token, app.config["WTF_CSRF_TIME_LIMIT"] - 60)
    response = coordinator.post(address, data={**_form(call), "csrf_token": recent})
    assert location(response) == address
    assert rows.one(Offer).title == "Rodzinne popołudnia"


def test_another_sessions_expired_token_gets_the_error_page(app, browser, city, call, draft, rows,  # noqa: F811
                                                            csrf_on):
    coordinator, stranger = browser(city.a_coordinator), browser(city.a_coordinator)
    address = f"/workspace/offers/{draft}/edit"
    coordinator.get(address)
    foreign = form_token(stranger.get(address).get_data(as_text=True))
    shown = page(coordinator.post(address, data={**_form(call), "csrf_token": _aged(
        app, foreign, app.config["WTF_CSRF_TIME_LIMIT"] + 60)}))
    assert shown.status == 400 and "The form had expired" in shown.text
    assert 'value="Rodzinne popołudnia"' not in shown.html
    assert rows.one(Offer).title == ""


def test_an_expired_token_elsewhere_is_refused_and_changes_nothing(app, browser, city, rows, csrf_on):
    client = browser(city.dept_admin)
    token = form_token(client.get("/console/organisations/new").get_data(as_text=True))
    response = client.post("/console/organisations/new", data={
        "csrf_token": _aged(app, token, app.config["WTF_CSRF_TIME_LIMIT"] + 60), "name": "Fundacja Spóźniona",
        "kind": "foundation"}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert rows.count(Organisation, name="Fundacja Spóźniona") == 0
