"""Home-page alerts: short, time-limited messages from the department (a frost night, a closed shelter).

Times are typed in Europe/Warsaw and stored in UTC. An alert shows from ``starts_at`` until
just before ``ends_at`` unless withdrawn; residents see it in their language or in Polish.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.localtime import WARSAW
from app.models import Alert, AlertLevel, utcnow
from app.security import safe_next
from app.services import ServiceError
from app.services.audit.log import record_event

MAX_DURATION = timedelta(days=90)
MESSAGE_MAX = 500
LINK_MAX = 300
HOME_PAGE_LIMIT = 3
PAST_LIMIT = 50
SEVERITY = {AlertLevel.DANGER: 0, AlertLevel.WARNING: 1, AlertLevel.INFO: 2}
FIELDS = ("level", "message_pl", "message_uk", "message_en", "link_url", "starts_at", "ends_at")


def as_utc(moment: datetime | None) -> datetime | None:
    """A typed moment in UTC; a naive one is read as Europe/Warsaw time."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WARSAW)
    return moment.astimezone(UTC)


def check_link(url: str | None) -> str | None:
    """A link residents may follow: https:// elsewhere, or a path on this site."""
    url = (url or "").strip()
    if not url:
        return None
    if len(url) > LINK_MAX:
        raise ServiceError(_l("Write at most %(max)d characters.", max=LINK_MAX), field="link_url")
    if url.startswith("/"):
        if safe_next(url, "") != url:
            raise ServiceError(_l("Enter an address starting with https:// or a path on this site such as /search."),
                               field="link_url")
        return url
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname or any(
            ch.isspace() or ord(ch) < 32 for ch in url):
        raise ServiceError(_l("Enter an address starting with https:// or a path on this site such as /search."),
                           field="link_url")
    return url


def _clean(data: dict, *, now: datetime) -> dict:
    """Check and normalise what the department typed; raise ServiceError beside the field."""
    try:
        level = AlertLevel(data.get("level") or AlertLevel.INFO)
    except ValueError:
        raise ServiceError(_l("Choose one of the levels in the list."), field="level") from None
    messages = {}
    for locale in ("pl", "uk", "en"):
        text = " ".join((data.get(f"message_{locale}") or "").split())
        if len(text) > MESSAGE_MAX:
            raise ServiceError(_l("Write at most %(max)d characters.", max=MESSAGE_MAX), field=f"message_{locale}")
        messages[f"message_{locale}"] = text or None
    if not messages["message_pl"]:
        raise ServiceError(_l("Write the message in Polish; the other languages are optional."), field="message_pl")
    starts_at, ends_at = as_utc(data.get("starts_at")), as_utc(data.get("ends_at"))
    if starts_at is None:
        raise ServiceError(_l("Enter when the alert starts."), field="starts_at")
    if ends_at is None:
        raise ServiceError(_l("Enter when the alert ends."), field="ends_at")
    if ends_at <= starts_at:
        raise ServiceError(_l("The end must be after the start."), field="ends_at")
    if ends_at <= now:
        raise ServiceError(_l("The end must be in the future."), field="ends_at")
    if ends_at - starts_at > MAX_DURATION:
        raise ServiceError(_l("An alert may last at most %(days)d days.", days=MAX_DURATION.days), field="ends_at")
    return {"level": level, **messages, "link_url": check_link(data.get("link_url")),
            "starts_at": starts_at, "ends_at": ends_at}


def _details(alert: Alert) -> dict:
    return {"level": alert.level.value, "starts_at": alert.starts_at.isoformat(),
            "ends_at": alert.ends_at.isoformat()}


def create_alert(data: dict, *, actor, now: datetime | None = None) -> Alert:
    """Put a new alert on the home page for its time window."""
    alert = Alert(**_clean(data, now=now or utcnow()), created_by_id=getattr(actor, "id", None))
    db.session.add(alert)
    db.session.flush()
    record_event("alert.created", actor=actor, target=alert, details=_details(alert))
    return alert


def update_alert(alert: Alert, data: dict, *, actor, now: datetime | None = None) -> list[str]:
    """Change an alert that has not been withdrawn; returns the names of the changed fields."""
    if alert.is_withdrawn:
        raise ServiceError(_l("This alert has been withdrawn. Create a new one instead."), field="message_pl")
    values = _clean(data, now=now or utcnow())
    changed = [name for name, value in values.items() if getattr(alert, name) != value]
    for name in changed:
        setattr(alert, name, values[name])
    if changed:
        record_event("alert.updated", actor=actor, target=alert, details={**_details(alert), "fields": changed})
    db.session.flush()
    return changed


def withdraw_alert(alert: Alert, *, actor) -> bool:
    """Take an alert off the home page at once; False when it already was."""
    if alert.is_withdrawn:
        return False
    alert.is_withdrawn = True
    record_event("alert.withdrawn", actor=actor, target=alert, details=_details(alert))
    db.session.flush()
    return True


def active_alerts(now: datetime | None = None, limit: int = HOME_PAGE_LIMIT) -> list[Alert]:
    """What the home page shows now: the most serious first, then the newest."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Alert).where(Alert.is_withdrawn.is_(False), Alert.starts_at <= now, Alert.ends_at > now)
        .order_by(Alert.starts_at.desc()).limit(50)
    ).scalars().all()
    return sorted(rows, key=lambda alert: (SEVERITY[alert.level], -alert.starts_at.timestamp()))[:limit]


def next_change(now: datetime | None = None) -> datetime | None:
    """When the home page's alerts next change by the clock alone — one starts or ends — or None (one statement).

    The page cache keeps the home page no longer than that (a change by a person raises the alerts' data version).
    """
    now = now or utcnow()
    live = Alert.is_withdrawn.is_(False)
    starts = select(func.min(Alert.starts_at)).where(live, Alert.starts_at > now).scalar_subquery()
    ends = select(func.min(Alert.ends_at)).where(live, Alert.ends_at > now).scalar_subquery()
    moments = [moment for moment in db.session.execute(select(starts, ends)).one() if moment is not None]
    return min(moments, default=None)


def alerts_for_console(now: datetime | None = None) -> dict:
    """Alerts on the home page now, those to come, and the latest past or withdrawn ones."""
    now = now or utcnow()
    live = db.session.execute(
        select(Alert).where(Alert.is_withdrawn.is_(False), Alert.ends_at > now).order_by(Alert.starts_at)
    ).scalars().all()
    past = db.session.execute(
        select(Alert).where((Alert.is_withdrawn.is_(True)) | (Alert.ends_at <= now))
        .order_by(Alert.ends_at.desc()).limit(PAST_LIMIT)
    ).scalars().all()
    shown = {alert.id for alert in active_alerts(now)}
    return {
        "current": [a for a in live if a.starts_at <= now],
        "upcoming": [a for a in live if a.starts_at > now],
        "past": list(past),
        "shown_ids": shown,
    }
