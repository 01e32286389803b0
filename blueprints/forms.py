"""Helpers shared by the forms of every blueprint."""

from __future__ import annotations

from flask_wtf import FlaskForm

from app.services import ServiceError


def apply_service_error(form: FlaskForm, error: ServiceError, *, default_field: str | None = None) -> None:
    """Show a service's refusal beside the field it concerns (or the form's first field)."""
    name = error.field if error.field and error.field in form else default_field
    if name and name in form:
        add_error(form[name], error.message)
    else:
        form.form_errors.append(error.message)


def add_error(field, message) -> None:
    """Show ``message`` beside ``field`` (WTForms leaves ``errors`` a tuple until validation ran)."""
    field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]


def form_data(form: FlaskForm, names) -> dict:
    """The cleaned values of the named fields, with blank strings stripped."""
    data = {}
    for name in names:
        value = form[name].data
        data[name] = value.strip() if isinstance(value, str) else value
    return data


def _drop_control_characters(value):
    """NUL and other control characters never belong in typed text (PostgreSQL refuses NUL)."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\n\t" or (ord(ch) >= 32 and ch != "\x7f"))
    return value


class BaseForm(FlaskForm):
    """Every form of the portal: typed text is cleaned of control characters before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", [])
            options["filters"] = [_drop_control_characters, *filters]
            return unbound_field.bind(form=form, **options)
