"""The Polish words of the printable agreement, which is in Polish whatever the reader's language (the model contract
of Dz.U. 2018 poz. 2057 is a Polish legal text): the parties' names, the units of a contract in their grammatical
forms, the funding sources, and an amount in words ("słownie")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from app.models import AgreementKind, CostKind, FundingSource, GrantMode, ServiceUnit

# A unit of a service contract: (the price "za 1 …", how many "liczba …").
UNITS = {
    ServiceUnit.PLACE_DAY: ("osobodzień (miejsce przez jedną dobę)", "osobodni"),
    ServiceUnit.FLAT_MONTH: ("mieszkanie przez jeden miesiąc", "mieszkaniomiesięcy"),
    ServiceUnit.PLACE_MONTH: ("miejsce przez jeden miesiąc", "miejscomiesięcy"),
    ServiceUnit.HOUR: ("godzinę usługi", "godzin usługi"),
    ServiceUnit.MEAL: ("posiłek", "posiłków"),
    ServiceUnit.SERVICE: ("wykonaną usługę", "wykonanych usług"),
}

SOURCES = {
    FundingSource.CITY_BUDGET: "budżet miasta",
    FundingSource.EU_FUNDS: "środki Unii Europejskiej",
    FundingSource.STATE_BUDGET: "budżet państwa",
    FundingSource.STATE_FUND: "państwowe fundusze celowe (np. PFRON)",
    FundingSource.SPONSOR: "środki sponsorów",
}

# How the contract names its two sides, in the cases the text needs: (the city's side, the organisation's side).
PARTIES = {
    AgreementKind.GRANT: ({"nom": "Zleceniodawca", "gen": "Zleceniodawcy", "dat": "Zleceniodawcy",
                           "acc": "Zleceniodawcę", "ins": "Zleceniodawcą"},
                          {"nom": "Zleceniobiorca", "gen": "Zleceniobiorcy", "dat": "Zleceniobiorcy",
                           "acc": "Zleceniobiorcę", "ins": "Zleceniobiorcą", "plural_nom": "Zleceniobiorcy"}),
    AgreementKind.SERVICE_CONTRACT: ({"nom": "Zamawiający", "gen": "Zamawiającego", "dat": "Zamawiającemu",
                                      "acc": "Zamawiającego", "ins": "Zamawiającym"},
                                     {"nom": "Wykonawca", "gen": "Wykonawcy", "dat": "Wykonawcy", "acc": "Wykonawcę",
                                      "ins": "Wykonawcą", "plural_nom": "Wykonawcy"}),
}

COST_KINDS = {
    CostKind.ACTIVITY: "koszty realizacji działań",
    CostKind.ADMINISTRATIVE: "koszty administracyjne",
}

# The heading's words for a grant agreement in each mode (art. 16 ust. 1 of the Act).
MODES = {
    GrantMode.ENTRUSTING: "o powierzenie realizacji zadania publicznego",
    GrantMode.SUPPORT: "o wsparcie realizacji zadania publicznego",
}

_ONES = ("", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć")
_TEENS = ("dziesięć", "jedenaście", "dwanaście", "trzynaście", "czternaście", "piętnaście", "szesnaście",
          "siedemnaście", "osiemnaście", "dziewiętnaście")
_TENS = ("", "", "dwadzieścia", "trzydzieści", "czterdzieści", "pięćdziesiąt", "sześćdziesiąt", "siedemdziesiąt",
         "osiemdziesiąt", "dziewięćdziesiąt")
_HUNDREDS = ("", "sto", "dwieście", "trzysta", "czterysta", "pięćset", "sześćset", "siedemset", "osiemset",
             "dziewięćset")
_GROUPS = (("", "", ""), ("tysiąc", "tysiące", "tysięcy"), ("milion", "miliony", "milionów"),
           ("miliard", "miliardy", "miliardów"))
_ZLOTY = ("złoty", "złote", "złotych")


def plural_form(number: int, forms: tuple[str, str, str]) -> str:
    """The Polish form of a noun after ``number``: 1 złoty, 2–4 złote (but 12–14 złotych), 5 złotych."""
    if number == 1:
        return forms[0]
    if number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        return forms[1]
    return forms[2]


def _below_thousand(number: int) -> list[str]:
    words = [_HUNDREDS[number // 100]]
    rest = number % 100
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        words += [_TENS[rest // 10], _ONES[rest % 10]]
    return [word for word in words if word]


def number_in_words(number: int) -> str:
    """A whole number from 0 to 999 999 999 999 in Polish words: 24 000 → "dwadzieścia cztery tysiące"."""
    if number == 0:
        return "zero"
    words: list[str] = []
    for power in range(len(_GROUPS) - 1, -1, -1):
        group = (number // 1000 ** power) % 1000
        if not group:
            continue
        if power and group == 1:
            words.append(_GROUPS[power][0])  # "tysiąc", not "jeden tysiąc"
            continue
        words += _below_thousand(group)
        if power:
            words.append(plural_form(group, _GROUPS[power]))
    return " ".join(words)


def amount_in_words(amount) -> str:
    """An amount in złoty as a contract writes it out: 24 000,50 → "dwadzieścia cztery tysiące złotych 50/100"."""
    value = Decimal(amount or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    zloty, grosze = int(value), int((value - int(value)) * 100)
    return f"{number_in_words(zloty)} {plural_form(zloty, _ZLOTY)} {grosze:02d}/100"
