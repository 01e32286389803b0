"""The results page as a resident reads it: "help tonight", the time the cards speak of, pages past the
end, unknown categories and districts, organisations written out, listings only in Polish."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from app import fragment_cache
from app.extensions import db
from app.models import (
    District,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
    utcnow,
)
from app.services.directory.index import refresh_search_text
from app.tenancy import system_scope

# Wednesday 23 December 2026, 13:00 in Warsaw: the day centre is open, the office is closed.
WEDNESDAY_1300_UTC = datetime(2026, 12, 23, 12, tzinfo=UTC)


@pytest.fixture
def directory(app, city, monkeypatch):
    """Shelters, a protected flat, a day centre and an office, across organisations A and B, on a Wednesday."""
    from app import localtime

    monkeypatch.setattr(localtime, "utcnow", lambda: WEDNESDAY_1300_UTC)
    with app.app_context(), system_scope("tests"):
        centrum = District(code="centrum", name="Centrum", latitude=Decimal("50.297"), longitude=Decimal("18.954"))
        shelter = TaxonomyTerm(code="shelter", label_pl="Schronienie", label_en="Shelter", label_uk="Притулок",
                               position=0)
        night_term = TaxonomyTerm(code="shelter.night", parent=shelter, label_pl="Noclegownie",
                                  label_en="Night shelters")
        flat_term = TaxonomyTerm(code="shelter.flat", parent=shelter, label_pl="Mieszkania chronione",
                                 label_en="Protected flats")
        day_term = TaxonomyTerm(code="day", label_pl="Pomoc dzienna", label_en="Day help", position=1)
        db.session.add_all([centrum, shelter, night_term, flat_term, day_term])
        org_a = db.session.get(Organisation, city.org_a.id)
        org_a.name, org_a.short_name = "Ośrodek Interwencji Kryzysowej", "OIK"
        org_b = db.session.get(Organisation, city.org_b.id)
        org_b.short_name = "Schronisko"  # a word, not an abbreviation: nothing follows the full name
        db.session.flush()

        def add(org, name, term, *, hours=None, phone_24h=False, phones=True, **fields):
            service = Service(organisation_id=org.id, organisation=org, name_pl=name,
                              description_pl=fields.pop("description_pl", f"Opis: {name}."),
                              last_verified_at=utcnow(), **fields)
            location = Location(organisation_id=org.id, name=name, street="ul. Jasna 1", postal_code="41-500",
                                city="Miasto Demo", district=centrum)
            service.service_at_locations.append(ServiceAtLocation(organisation_id=org.id, location=location))
            service.taxonomy_links.append(ServiceTaxonomy(organisation_id=org.id, term=term))
            if phones:
                service.phones.append(Phone(organisation_id=org.id, number="+48 32 100 20 30", is_24h=phone_24h))
            for weekday in range(7) if hours else ():
                service.schedules.append(Schedule(organisation_id=org.id, weekday=weekday,
                                                  opens_at=time(hours[0]), closes_at=time(hours[1])))
            db.session.add(service)
            refresh_search_text(service)
            return service

        ids = {
            "night": add(org_b, "Noclegownia dla mężczyzn", night_term, always_open=True, walk_in=True,
                         phone_24h=True, name_en="Night shelter for men", description_en="Beds for the night.",
                         name_uk="Нічліжка для чоловіків", description_uk="Ліжка на ніч.").id,
            "flat": add(org_a, "Mieszkanie chronione", flat_term, always_open=True, by_referral=True,
                        phone_24h=True).id,
            "day": add(org_a, "Centrum dzienne", day_term, hours=(9, 17), walk_in=True).id,
            "office": add(org_b, "Biuro porad", day_term, hours=(8, 10), walk_in=True).id,
            "letters": add(org_b, "Punkt listowny", day_term, hours=(9, 17), phones=False).id,  # no walk-in, no phone
            "referral": add(org_a, "Poradnia na skierowanie", day_term, hours=(9, 17), by_referral=True).id,
            "line": add(org_b, "Telefon zaufania", day_term, phone_24h=True).id,  # no hours, a line answered 24 h
        }
        db.session.commit()
        return ids


def _page(client, language="en", **query) -> str:
    response = client.get("/search", query_string=query, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _found(page: str) -> list[str]:
    """The names on the result cards, in order."""
    return re.findall(r'<li class="service-card">\s*<h3><a href="[^"]*"[^>]*>([^<]*)</a>', page)


def _card(page: str, name: str) -> str:
    return page.split(f">{name}</a>", 1)[1].split('<li class="service-card">', 1)[0]


def test_help_tonight_shows_where_to_go_or_call_now_shelters_first(client, directory):
    found = _found(_page(client, tonight="y"))

    # open now and walk-in or by phone, or a line answered 24 hours; the night shelter (another organisation) first
    assert found == ["Night shelter for men", "Centrum dzienne", "Telefon zaufania"]
    assert "Mieszkanie chronione" not in found  # referral-only, though open 24/7 with a 24-hour phone
    assert "Poradnia na skierowanie" not in found  # referral-only, though open now
    assert "Biuro porad" not in found  # walk-in, but closed at 13:00
    assert "Punkt listowny" not in found  # open, but neither walk-in nor a phone
    without = _found(_page(client))
    assert "Mieszkanie chronione" in without and "Biuro porad" in without  # the filter is what removed them


def test_the_home_page_shortcuts_lead_to_help_tonight(client, directory):
    home = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "/search?tonight=y" in home
    bed = re.search(r'href="(/search\?[^"]*)">A bed for the night', home).group(1).replace("&amp;", "&")
    assert "tonight=y" in bed and "category=shelter" in bed
    page = client.get(bed, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert _found(page) == ["Night shelter for men"]  # the protected flat is a shelter, but only by referral
    assert 'class="chip">Can go or call now' in page  # the shortcut's filter shows and can be removed


def test_cards_say_walk_in_or_referral_only(client, directory):
    page = _page(client)
    assert "Walk in" in _card(page, "Centrum dzienne")
    flat = _card(page, "Mieszkanie chronione")
    assert "By referral only – ask a social worker" in flat and "Walk in" not in flat


@pytest.mark.parametrize(("language", "open_text", "closed_text"), [
    ("en", "Open Wed 23 Dec at 13:00", "Closed Wed 23 Dec at 13:00"),
    ("pl", "Otwarte śr. 23 gru o 13:00", "Zamknięte śr. 23 gru o 13:00"),
    ("uk", "Відчинено ср 23 груд. о 13:00", "Зачинено ср 23 груд. о 13:00"),
])
def test_cards_describe_the_day_and_hour_searched_for(client, directory, language, open_text, closed_text):
    chosen = _page(client, language, day="2026-12-23", hour="13")
    assert open_text in _card(chosen, "Centrum dzienne")
    assert re.search(r'class="chip">[^<]*(Wed|śr\.|ср) 23 (Dec|gru|груд\.) 2026', chosen)  # the day's chip, too
    assert "Biuro porad" not in _found(chosen)  # the search itself is for that hour
    everything = _page(client, language, q="biuro", day="2026-12-23", hour="9")
    assert "Biuro porad" in _found(everything)
    only_an_hour = _page(client, language, hour="9")  # an hour without a day: that hour today
    assert open_text.replace("13:00", "09:00") in _card(only_an_hour, "Biuro porad")
    # without a chosen time the cards speak of now (13:00 on that Wednesday): the office is closed now
    now = _page(client, language)
    assert open_text not in now and closed_text not in now
    assert {"en": "Closed now", "pl": "Teraz zamknięte", "uk": "Зараз зачинено"}[language] in _card(now, "Biuro porad")


def test_a_page_beyond_the_last_says_so_and_links_to_the_last(client, directory):
    page = _page(client, per_page="10", page="7")

    assert "There is only 1 page of results." in page
    assert 'href="/search?per_page=10&amp;page=1"' in page
    assert "Nothing matches all of these conditions." not in page
    assert "7 services found" in page
    assert _found(page) == []


def test_an_unknown_category_or_district_says_so_and_shows_everything(client, directory):
    everything = len(_found(_page(client)))
    page = _page(client, category="nonexistent")
    assert "Unknown category “nonexistent” – showing all categories." in page
    assert len(_found(page)) == everything == 7
    assert 'class="chip"' not in page
    assert '<option selected value="">All categories</option>' in page

    page = _page(client, district="atlantis", free="y")
    assert "Unknown district “atlantis” – showing the whole city." in page
    assert len(_found(page)) == everything
    chip = re.search(r'<a href="([^"]*)" class="chip">Free of charge only', page)
    assert chip and "atlantis" not in chip.group(1)  # the chip of another filter forgets the unknown one
    assert '<option selected value="">Whole city</option>' in page
    assert "Unknown category" not in _page(client, category="shelter")


def test_cards_write_the_organisation_out(client, directory):
    page = _page(client)
    assert "Ośrodek Interwencji Kryzysowej (OIK)" in _card(page, "Centrum dzienne")
    shelter = _card(page, "Night shelter for men")
    assert "Schronisko B</span>" in shelter and "(Schronisko)" not in shelter
    assert not re.search(r">\s*OIK\s*<", page)  # never the abbreviation alone


@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_listing_only_in_polish_is_marked_on_its_card(client, directory, language):
    page = _page(client, language)
    marker = {"en": "In Polish", "uk": "Польською мовою"}[language]
    polish = _card(page, "Centrum dzienne")
    assert marker in polish
    assert re.search(r'<a href="/services/\d+" lang="pl">Centrum dzienne</a>', page)
    translated = _card(page, {"en": "Night shelter for men", "uk": "Нічліжка для чоловіків"}[language])
    assert marker not in translated
    assert "Po polsku" not in _page(client, "pl")  # in Polish nothing needs saying


def test_filters_fold_once_a_search_is_made(client, directory):
    assert re.search(r'<details class="filter-panel" data-open-wide open>', _page(client))  # nothing asked yet
    folded = _page(client, tonight="y")
    assert '<details class="filter-panel" data-open-wide>' in folded
    assert folded.index("result-count") < folded.index('class="chip"') < folded.index('class="service-card"')
    assert re.search(r'<details class="filter-panel" data-open-wide open>', _page(client, age="abc"))  # an error
    assert '<details class="filter-panel" data-open-wide>' in _page(client, sort="name")  # a sort is a search too


@pytest.fixture
def kept_cards(app):
    """Result cards kept per worker, as in production, for one test."""
    from blueprints.directory.cards import forget_kept_cards

    app.config["FRAGMENT_CACHE"] = True
    forget_kept_cards()
    fragment_cache.clear()  # parts kept under a data version (the taxonomy) that another test's rollback reuses
    yield
    app.config["FRAGMENT_CACHE"] = False
    forget_kept_cards()
    fragment_cache.clear()


def test_kept_result_cards_are_the_same_and_follow_a_change_at_once(app, client, directory, kept_cards):
    """A card drawn once is shown again without loading its service (fewer statements, the same page); a change
    to the service shows on the next search; a chosen hour keeps cards of its own."""
    from sqlalchemy import event, select

    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        first = _page(client, category="day")
        drawn = len(seen)
        again = _page(client, category="day")
        assert again == first and len(seen) - drawn < drawn
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert "Open now" in _card(first, "Centrum dzienne")

    with app.app_context(), system_scope("tests"):
        day_centre = db.session.execute(select(Service).where(Service.name_pl == "Centrum dzienne")).scalar_one()
        day_centre.walk_in, day_centre.name_pl = False, "Centrum dzienne nowe"
        db.session.commit()
    changed = _page(client, category="day")
    assert "Centrum dzienne nowe" in _found(changed)
    assert "Walk in" not in _card(changed, "Centrum dzienne nowe")

    morning = _page(client, category="day", day="2026-12-23", hour="10")
    assert "Open Wed 23 Dec at 10:00" in _card(morning, "Centrum dzienne nowe")
    assert "Open now" in _card(_page(client, category="day"), "Centrum dzienne nowe")
