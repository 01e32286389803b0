"""Business rules: verb-first functions taking the actor and the tenant explicitly.

A service changes rows, writes the audit entry in the same transaction and flushes; the
request (or the command) commits once.
"""

from flask_babel import lazy_gettext as _l


class ServiceError(Exception):
    """A rule refused the change. ``field`` names the form field the message belongs beside."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class CombinedServiceError(ServiceError):
    """Several rules refused the change at once: each error names its own field (a form shows them all)."""

    def __init__(self, errors: list[ServiceError]):
        super().__init__(errors[0].message, errors[0].field)
        self.errors = errors


class Problems:
    """Collects the refusals of independent checks, so that a form can show every problem in one answer.

        problems = Problems()
        pool = problems.check(_pool, data)      # None when the check refused
        problems.raise_any()                     # ServiceError (one) or CombinedServiceError (several)
    """

    def __init__(self):
        self.errors: list[ServiceError] = []

    def check(self, rule, *args, **kwargs):
        """Run one check; its value, or None when it refused (the refusal is kept)."""
        try:
            return rule(*args, **kwargs)
        except CombinedServiceError as refused:
            self.errors.extend(refused.errors)
        except ServiceError as refused:
            self.errors.append(refused)
        return None

    def raise_any(self) -> None:
        """Raise what was collected: nothing, the one error, or all of them."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise CombinedServiceError(self.errors)


def clean_text(value, limit: int, field: str, *, one_line: bool = False) -> str | None:
    """What a person typed, trimmed (``one_line``: its runs of spaces and line breaks made one space); None when
    empty; refused beside ``field`` when longer than ``limit``."""
    text = str(value or "").strip()
    if one_line:
        text = " ".join(text.split())
    if len(text) > limit:
        raise ServiceError(_l("Write at most %(max)d characters.", max=limit), field=field)
    return text or None

