"""The forms of the organisation's capacity pages: a unit's description and places, and setting the occupancy."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.labels import CAPACITY_KIND_LABELS, COUNTED_BY_LABELS, PUBLIC_AVAILABILITY_LABELS, SERVES_LABELS
from app.services.capacity.occupancy import NOT_NEGATIVE, PLACES_MAX
from blueprints.forms import BaseForm, CheckedByService, MultiCheckboxField

CHOOSE = _l("Choose from the list.")
WHOLE_NUMBER = _l("Give a whole number, e.g. 12.")


class PlacesField(IntegerField):
    """A number of places; junk gets the portal's message in the reader's language (what was typed stays)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(WHOLE_NUMBER)) from None


def _places(label, *validators):
    return PlacesField(label, validators=[*validators, NumberRange(0, PLACES_MAX, _l(
        "Give a number from %(min)d to %(max)d."))])


class UnitForm(BaseForm):
    """A unit: its name, kind, service and location, whom it serves, its places and what residents see."""

    name = StringField(_l("Name of the unit"), validators=[CheckedByService(), Length(max=120)])
    kind = SelectField(lazy_pgettext("capacity", "Kind of places"), invalid_choice_message=CHOOSE,
                       choices=[(code.value, label) for code, label in CAPACITY_KIND_LABELS.items()])
    custom_kind_id = SelectField(_l("The department's kind (when the kind is “Other”)"), validators=[Optional()],
                                 invalid_choice_message=CHOOSE, choices=[])
    service_id = SelectField(_l("Service"), invalid_choice_message=CHOOSE, choices=[])
    location_id = SelectField(_l("Location"), invalid_choice_message=CHOOSE, choices=[])
    counted_by = SelectField(_l("Places are counted"), invalid_choice_message=CHOOSE,
                             choices=[(code.value, label) for code, label in COUNTED_BY_LABELS.items()])
    serves = MultiCheckboxField(_l("Whom the places are for"),
                                choices=[(code.value, label) for code, label in SERVES_LABELS.items()])
    total = _places(_l("Number of places"), InputRequired(WHOLE_NUMBER))
    out_of_service = _places(_l("Places out of service"), Optional())
    out_of_service_reason = StringField(_l("Why they are out of service"), validators=[Length(max=300)])
    public_availability = SelectField(_l("What residents see"), invalid_choice_message=CHOOSE,
                                      choices=[(code.value, label) for code, label in
                                               PUBLIC_AVAILABILITY_LABELS.items()])

    def fill_choices(self, services, locations, kinds) -> None:
        """The organisation's own services and locations, and the department's active kinds."""
        self.service_id.choices = [("", _l("Choose a service"))] + [(str(s.id), s.name_pl) for s in services]
        self.location_id.choices = [("", _l("Choose a location"))] + [(str(x.id), x.name) for x in locations]
        self.custom_kind_id.choices = [("", _l("None"))] + [(str(k.id), k.label_pl) for k in kinds]

    def data_for_service(self) -> dict:
        """What the service reads (ids as numbers or None)."""
        def number(value):
            try:
                return int(value)
            except (TypeError, ValueError):
                return None
        return {"name": self.name.data, "kind": self.kind.data, "custom_kind_id": number(self.custom_kind_id.data),
                "service_id": number(self.service_id.data), "location_id": number(self.location_id.data),
                "counted_by": self.counted_by.data, "serves": self.serves.data or [], "total": self.total.data,
                "out_of_service": self.out_of_service.data or 0,
                "out_of_service_reason": self.out_of_service_reason.data,
                "public_availability": self.public_availability.data}


class SetOccupiedForm(BaseForm):
    """The number of occupied places after a head count."""

    # Above the places in use the service refuses it and says how the places are taken; below zero is said here.
    occupied = PlacesField(_l("Occupied places"), validators=[InputRequired(WHOLE_NUMBER),
                                                              NumberRange(min=0, message=NOT_NEGATIVE)])
