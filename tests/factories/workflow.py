"""The workflow: a change of a live listing waiting for the department."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import ChangeAction, Event, ListingKind, Location, Organisation, Service, User, VolunteerOpportunity
from app.services.activities.events import event_values
from app.services.activities.volunteering import opportunity_values
from app.services.listings.values import location_values, service_values
from app.services.workflow import revisions
from tests.factories.base import FactoryBase, id_of

VALUES = {ListingKind.SERVICE: (Service, service_values), ListingKind.LOCATION: (Location, location_values),
          ListingKind.EVENT: (Event, event_values),
          ListingKind.VOLUNTEERING: (VolunteerOpportunity, opportunity_values)}  # kind → (model, its values)


class Workflow(FactoryBase):
    def revision(self, listing: int, *, kind: ListingKind | str = ListingKind.SERVICE, changes: dict | None = None,
                 actor=None) -> int:
        """A pending revision (its id) updating the live listing ``listing`` (an id of ``kind``).

        Submitted through ``app.services.workflow.revisions.submit`` as an unverified organisation's
        edit is: ``before`` is the listing's values now, ``proposed`` the same with ``changes``;
        ``actor`` (a ``Person`` or a user id) is who sent it.
        """
        kind = ListingKind(kind)
        model, values = VALUES[kind]
        with self._writing():
            live = db.session.execute(select(model).where(model.id == listing)).unique().scalar_one()
            before = values(live)
            return revisions.submit(
                str(kind), ChangeAction.UPDATE, organisation=db.session.get(Organisation, live.organisation_id),
                object_id=live.id, before=before, proposed={**before, **(changes or {})},
                actor=None if actor is None else db.session.get(User, id_of(actor))).id
