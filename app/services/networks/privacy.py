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


def check_free_text(texts: dict[str, str | None], *, confirmed: bool = False, can_confirm: bool = True) -> None:
    """Refuse every field holding a PESEL number; hold each field seeming to give a date of birth until ``confirmed``.

    ``texts`` maps each form field's name to what was typed. Every problem is raised at once
    (``CombinedServiceError``), each beside its own field; a form that offers the ``CONFIRM_FIELD`` check box
    (``can_confirm``) is also told there how to go on. Where nothing can be confirmed (a network's purpose, a
    contact) a date of birth is simply refused.
    """
    problems = Problems()
    birth = False
    for field, text in texts.items():
        if contains_pesel(text):
            problems.errors.append(ServiceError(
                _l("This looks like a PESEL number. Remove it: the network's records must not identify a person."),
                field))
        elif not confirmed and looks_like_birth_date(text):
            birth = True
            problems.errors.append(ServiceError(
                _l("This seems to give a date of birth. The network's records must not identify a person.")
                if can_confirm else
                _l("This seems to give a date of birth. Remove it: the network's records must not identify a person."),
                field))
    if birth and can_confirm:
        problems.errors.append(ServiceError(
            _l("This text seems to give a date of birth. Remove it, or confirm that it is not a person's data."),
            CONFIRM_FIELD))
    problems.raise_any()
