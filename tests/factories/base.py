"""What every factory shares: its own app context in the system scope, one commit, plain values back.

Requests must not run inside a test's app context (Flask would reuse it, and with it the
signed-in user), so a factory opens its own and returns ids or small frozen values, never
live ORM objects (they would be detached, and expired, by the time the test reads them).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from app.extensions import db
from app.tenancy import system_scope


def id_of(value) -> int | None:
    """The id of a value a factory returned (``Org``, ``Person``), or the id itself; None stays None."""
    return getattr(value, "id", value)


class FactoryBase:
    """Holds the app and a counter that makes default names unique within a test."""

    def __init__(self, app):
        self.app = app
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """An app context in the system scope whose work is committed at the end of the block."""
        with self.app.app_context(), system_scope("tests"):
            yield
            db.session.commit()

    @staticmethod
    def _add(row):
        """Add a row and flush it, so that its id is known."""
        db.session.add(row)
        db.session.flush()
        return row
