"""Business rules: verb-first functions taking the actor and the tenant explicitly.

A service changes rows, writes the audit entry in the same transaction and flushes; the
request (or the command) commits once.
"""


class ServiceError(Exception):
    """A rule refused the change. ``field`` names the form field the message belongs beside."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
