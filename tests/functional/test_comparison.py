"""The department compares a changed description word by word (issue 8): only what changed is marked."""

from __future__ import annotations

import re

from app.models import Revision
from tests.functional.listing_support import service_data
from tests.functional.support import page

OLD = ("Noclegownia przyjmuje mężczyzn w kryzysie bezdomności. Wydajemy ciepły posiłek i odzież. "
       "Prosimy o wcześniejszy telefon.")
ADDED = "Od grudnia przyjmujemy także kobiety z dziećmi."


def _row(shown, label: str) -> str:
    return next(row for row in shown.html.split("<tr") if label in row.split("</th>", 1)[0])


def _changed_page(browser, city, make, rows, new_description: str):
    service = make.service(city.org_a, "Noclegownia Przystań", description_pl=OLD, audience_pl="Dorośli.")
    client = browser(city.a_coordinator)
    assert client.post(f"/workspace/listings/services/{service}", data=service_data(
        name_pl="Noclegownia Przystań", description_pl=new_description, audience_pl="Dorośli.")).status_code == 303
    change = rows.one(Revision)
    shown = page(browser(city.dept_officer).get(f"/console/moderation/changes/{change.id}"))
    assert shown.status == 200
    return shown


def test_one_added_sentence_is_the_only_text_marked_as_added(browser, city, make, rows):
    new = OLD.replace("odzież. ", f"odzież. {ADDED} ")
    shown = _changed_page(browser, city, make, rows, new)
    row = _row(shown, "Description in Polish")
    assert "Changed" in row and 'colspan="2"' in row
    added = [re.sub(r'<span class="visually-hidden">added: </span>', "", text)
             for text in re.findall(r"<ins>(.*?)</ins>", row, re.S)]
    assert added == [ADDED] and "<del>" not in row  # the rest of the paragraph is not struck through
    assert "Wydajemy ciepły posiłek i odzież." in row and "Prosimy o wcześniejszy telefon." in row
    assert "what is added is underlined, what is removed is struck through" in shown
    name_row = _row(shown, "Name in Polish")  # a short value stays before and after
    assert "<ins>" not in name_row


def test_a_changed_word_and_html_typed_into_the_text(browser, city, make, rows):
    new = OLD.replace("ciepły posiłek", "gorący posiłek") + ' <img src=x onerror="alert(1)">'
    row = _row(_changed_page(browser, city, make, rows, new), "Description in Polish")
    visible = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", row)
    assert "<del>ciepły</del><ins>gorący</ins>" in visible
    assert "<img" not in row and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in row
