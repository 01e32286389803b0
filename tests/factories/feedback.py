"""Residents' feedback: a report about a listing."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Feedback, ListingKind
from app.services.feedback.inbox import LISTING_MODELS
from tests.factories.base import FactoryBase


class Feedbacks(FactoryBase):
    def feedback(self, listing: int, *, kind: ListingKind | str = ListingKind.SERVICE,
                 message: str = "Zły numer telefonu.", **fields) -> int:
        """A new report about the listing ``listing`` (an id of ``kind``), for the listing's organisation (its id).

        ``fields``: ``reporter_email``, ``status``, ``locale``…
        """
        kind = ListingKind(kind)
        model = LISTING_MODELS[kind]
        with self._writing():
            organisation_id = db.session.execute(select(model.organisation_id).where(model.id == listing)).scalar_one()
            return self._add(Feedback(organisation_id=organisation_id, kind=kind, object_id=listing, message=message,
                                      **fields)).id
