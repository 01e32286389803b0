"""No personal data in what a network writes down: agenda items, minutes, decisions, actions and messages.

The portal coordinates institutions, never cases (DESIGN.md §5). Free text is refused when it holds a PESEL
number (11 digits with a valid checksum) and held for the writer's confirmation when it seems to give a date
of birth. A case is referred to, if at all, by the organisation's own code.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.services import Problems, ServiceError
from app.validators import contains_pesel, looks_like_birth_date

PERSONAL_DATA_WARNING = _l("Write about institutions and what they agreed, never about a person: no names, PESEL "
                           "numbers, dates of birth or addresses of the people helped. Refer to a case, if at all, "
                           "by your organisation's case code.")
CONFIRM_FIELD = "no_personal_data"  # the check box a form shows when a text seems to give a date of birth


def check_free_text(texts: dict[str, str | None], *, confirmed: bool) -> None:
    """Refuse every field holding a PESEL number; hold one seeming to give a date of birth until ``confirmed``.

    ``texts`` maps each form field's name to what was typed. Every problem is raised at once
    (``CombinedServiceError``); a date of birth is reported beside ``CONFIRM_FIELD``'s check box as well.
    """
    problems = Problems()
    for field, text in texts.items():
        if contains_pesel(text):
            problems.errors.append(ServiceError(
                _l("This looks like a PESEL number. Remove it: the network's records must not identify a person."),
                field))
    if not confirmed and any(looks_like_birth_date(text) for text in texts.values()):
        problems.errors.append(ServiceError(
            _l("This text seems to give a date of birth. Remove it, or confirm that it is not a person's data."),
            CONFIRM_FIELD))
    problems.raise_any()
