"""Helpers shared by the forms of every blueprint."""

from __future__ import annotations

from flask_wtf import FlaskForm

from app.services import ServiceError


def apply_service_error(form: FlaskForm, error: ServiceError, *, default_field: str | None = None) -> None:
    """Show a service's refusal beside the field it concerns (or the form's first field)."""
    name = error.field if error.field and error.field in form else default_field
    if name and name in form:
        field = form[name]
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        form.form_errors.append(error.message)


def form_data(form: FlaskForm, names) -> dict:
    """The cleaned values of the named fields, with blank strings stripped."""
    data = {}
    for name in names:
        value = form[name].data
        data[name] = value.strip() if isinstance(value, str) else value
    return data
