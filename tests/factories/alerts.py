"""Home-page alerts of the department."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.models import Alert, AlertLevel, utcnow
from tests.factories.base import FactoryBase


class Alerts(FactoryBase):
    def alert(self, message_pl: str = "Komunikat", *, starts_at: datetime | None = None,
              ends_at: datetime | None = None, level: AlertLevel | str = AlertLevel.INFO, **fields) -> int:
        """An alert (its id), shown from now (or ``starts_at``) for a day (or until ``ends_at``)."""
        starts_at = starts_at or utcnow()
        with self._writing():
            return self._add(Alert(message_pl=message_pl, starts_at=starts_at,
                                   ends_at=ends_at or starts_at + timedelta(days=1), level=AlertLevel(level),
                                   **fields)).id
