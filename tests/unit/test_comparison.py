"""A longer text is compared word by word: only what changed is marked, and everything else is escaped text."""

from __future__ import annotations

import re

from markupsafe import Markup

from app.services.workflow.comparison import line_changes, word_changes

HIDDEN = re.compile(r'<span class="visually-hidden">[^<]*</span>')
OLD = "Noclegownia przyjmuje mężczyzn w kryzysie bezdomności. Prosimy o wcześniejszy telefon."


def _seen(marked: Markup) -> str:
    """The markup as a sighted reader meets it (the screen readers' prefixes left out)."""
    return HIDDEN.sub("", str(marked))


def test_one_added_sentence_is_the_only_thing_marked(ctx):
    new = OLD.replace("bezdomności. ", "bezdomności. Od grudnia także kobiety. ")
    marked = _seen(word_changes(OLD, new))
    assert re.findall(r"<ins>(.*?)</ins>", marked) == ["Od grudnia także kobiety."]
    assert "<del>" not in marked
    assert marked == ("Noclegownia przyjmuje mężczyzn w kryzysie bezdomności. <ins>Od grudnia także kobiety.</ins> "
                      "Prosimy o wcześniejszy telefon.")


def test_a_changed_word_reads_removed_then_added(ctx):
    marked = word_changes("Punkt jest czynny od poniedziałku do piątku w godzinach porannych.",
                          "Punkt jest czynny od poniedziałku do soboty w godzinach porannych.")
    assert _seen(marked) == ("Punkt jest czynny od poniedziałku do <del>piątku</del><ins>soboty</ins> "
                             "w godzinach porannych.")
    assert ('<del><span class="visually-hidden">removed: </span>piątku</del>'
            '<ins><span class="visually-hidden">added: </span>soboty</ins>') in marked  # said, not only shown


def test_a_removed_sentence_is_struck_through_and_the_spaces_stay_outside(ctx):
    marked = _seen(word_changes("Usuwamy to zdanie. Zostaje reszta tekstu, która jest dość długa.",
                                "Zostaje reszta tekstu, która jest dość długa."))
    assert marked == "<del>Usuwamy to zdanie.</del> Zostaje reszta tekstu, która jest dość długa."


def test_html_in_the_text_is_escaped_never_markup(ctx):
    marked = word_changes('Opis <script>alert("x")</script> i <b>pogrubienie</b> oraz kilka innych słów.',
                          'Opis <script>alert("y")</script> i <b>pogrubienie</b> oraz kilka innych słów & znak.')
    assert isinstance(marked, Markup)
    assert "<script>" not in marked and "<b>" not in marked
    assert "&lt;script&gt;alert(&#34;y&#34;)&lt;/script&gt;" in marked and "&lt;b&gt;pogrubienie&lt;/b&gt;" in marked
    assert "&amp; znak." in marked
    tags = set(re.findall(r"</?([a-z]+)", str(marked)))
    assert tags == {"del", "ins", "span"}  # the only markup is the marks


def test_line_breaks_are_kept_and_a_new_paragraph_is_marked_alone(ctx):
    marked = _seen(word_changes("Pierwszy akapit.\n\nDrugi akapit zostaje.",
                                "Pierwszy akapit.\n\nNowy akapit w środku.\n\nDrugi akapit zostaje."))
    assert marked == "Pierwszy akapit.\n\n<ins>Nowy akapit w środku.</ins>\n\nDrugi akapit zostaje."


def test_short_values_and_rewritten_texts_stay_before_and_after(ctx):
    assert word_changes("Stary opis usługi.", "Nowy opis: dyżur prawnika w każdą środę.") is None  # short
    assert word_changes("jeden dwa trzy cztery pięć sześć siedem osiem",
                        "zupełnie inny tekst o czymś całkiem innym niż wcześniej") is None  # rewritten whole


def test_adding_a_day_to_the_opening_hours_marks_that_day_only():
    week = "\n".join(f"{day} 08:00–16:00" for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))
    marked = str(line_changes(week, week + "\nSaturday 10:00–14:00"))
    assert marked.count("<ins>") == 1 and "<del>" not in marked
    assert "<ins><span class=\"visually-hidden\">added: </span>Saturday 10:00–14:00</ins>" in marked
    assert marked.startswith("Monday 08:00–16:00<br>Tuesday")
    changed = str(line_changes("Monday 08:00–16:00\nTuesday <b>08:00</b>", "Monday 09:00–16:00\nTuesday <b>08:00</b>"))
    assert "<del><span class=\"visually-hidden\">removed: </span>Monday 08:00–16:00</del>" in changed
    assert "<ins><span class=\"visually-hidden\">added: </span>Monday 09:00–16:00</ins>" in changed
    assert "Tuesday &lt;b&gt;08:00&lt;/b&gt;" in changed  # escaped, never markup
