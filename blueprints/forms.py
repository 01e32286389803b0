"""Helpers shared by the forms of every blueprint: running a service, showing its refusal, clean input."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from babel import support
from flask import flash, request
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError
from wtforms import DateField, DateTimeLocalField, FieldList, FormField, SelectField, SelectMultipleField, StringField
from wtforms.i18n import messages_path
from wtforms.widgets import CheckboxInput, ListWidget, Select
from wtforms.widgets import core as wtforms_widgets

from app import unit_of_work
from app.extensions import db
from app.i18n import current_language
from app.localtime import WARSAW
from app.money import AmountError, parse_amount
from app.services import ServiceError


@dataclass(frozen=True)
class Attempt:
    """What ``attempt`` and ``submit`` give back: true when the service did its work (``value`` is what it returned).

    False when the form was not sent or not valid (its messages are beside its fields), or
    when the service refused (``error``, shown beside the field or flashed).
    """

    ok: bool
    value: Any = None
    error: ServiceError | None = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(action: Callable[[], Any], *, form: FlaskForm | None = None, default_field: str | None = None) -> Attempt:
    """Run one service call as the request's change; on a refusal undo everything and say why.

    The request commits at its end (app/unit_of_work.py). The action runs in a savepoint, which
    also flushes it, so a constraint the database checks answers here. When the service
    refuses — a ``ServiceError``, or a unique constraint with a registered message — what the
    action did is undone at once, the request will commit nothing, and the message is shown
    beside the form's field (``form``), or flashed when there is no form.
    """
    try:
        with db.session.begin_nested():  # a savepoint: a refusal undoes the action, not what was read before
            value = action()
    except ServiceError as error:
        return _refused(error, form, default_field)
    except IntegrityError as error:
        rule = unit_of_work.unique_rule_for(error)
        if rule is None:
            raise
        return _refused(ServiceError(rule.message, field=rule.field), form, default_field)
    return Attempt(True, value)


def submit(form: FlaskForm, action: Callable[[], Any], *, default_field: str | None = None) -> Attempt:
    """A sent, valid form runs ``action`` through ``attempt``; an unsent or invalid one gives a false Attempt."""
    if not form.validate_on_submit():
        return Attempt(False)
    return attempt(action, form=form, default_field=default_field)


def _refused(error: ServiceError, form: FlaskForm | None, default_field: str | None) -> Attempt:
    unit_of_work.refuse()
    for one in getattr(error, "errors", None) or [error]:  # CombinedServiceError: every problem at once
        if form is not None:
            apply_service_error(form, one, default_field=default_field)
        else:
            flash(one.message, "error")
    return Attempt(False, error=error)


def form_status() -> int:
    """The status of a form page: 400 when a sent form comes back with its errors, 200 when it is simply shown."""
    return 400 if request.method == "POST" else 200


def apply_service_error(form: FlaskForm, error: ServiceError, *, default_field: str | None = None) -> None:
    """Show a service's refusal beside the field it concerns (or the form's first field)."""
    name = error.field if error.field and error.field in form else default_field
    if name and name in form:
        add_error(form[name], error.message)
    else:
        form.form_errors.append(error.message)


def add_error(field, message) -> None:
    """Show ``message`` beside ``field`` (WTForms leaves ``errors`` a tuple until validation ran).

    The message is said now, in the reader's language: a list of rows (FieldList) keeps its own
    messages among the rows' errors, and only a plain string is told apart from those.
    """
    message = str(message)
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


def typed_query(name: str, limit: int = 100) -> str:
    """A search typed into a GET form outside WTForms (``?q=``): trimmed, cut at ``limit`` characters, without
    control characters (PostgreSQL refuses NUL), "" when absent."""
    return _drop_control_characters(request.args.get(name) or "").strip()[:limit]


@functools.lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' own messages ("Not a valid integer value.") in the page's language.

    Flask-WTF reads WTForms' catalogue from disk on every request; a catalogue per language,
    read once per worker, is the same text for a tenth of a page's rendering time.
    """

    def gettext(self, string: str) -> str:
        return _wtforms_catalogue(current_language()).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalogue(current_language()).ungettext(singular, plural, n)


WTFORMS_MESSAGES = _WTFormsMessages()


class BaseForm(FlaskForm):
    """Every form of the portal: typed text is cleaned of control characters before validation."""

    class Meta:
        def get_translations(self, form):
            """WTForms' own messages in the page's language, from a catalogue kept per worker."""
            return WTFORMS_MESSAGES

        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", [])
            options["filters"] = [_drop_control_characters, *filters]
            return unbound_field.bind(form=form, **options)


class RowsForm(BaseForm):
    """A form with lists of rows (``FieldList`` of ``FormField``): ``form["costs-0-units"]`` and ``in`` find a
    row's field, so a service's refusal naming it is put and shown beside that field."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if unbound_field.field_class in (FieldList, FormField):
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    def row_fields(self):
        """Every field of every row, list by list."""
        for field in self:
            if field.type == "FieldList":
                for entry in field:
                    yield from getattr(entry, "form", ())

    def _nested(self, name: str):
        return next((sub for sub in self.row_fields() if sub.name == name), None)

    def __contains__(self, name):
        return name in self._fields or self._nested(name) is not None

    def __getitem__(self, name):
        if name in self._fields:
            return self._fields[name]
        found = self._nested(name)
        if found is None:
            raise KeyError(name)
        return found

    def rows(self, name: str) -> list[dict]:
        """The rows of one list as typed (blank rows included: the service skips them)."""
        return [dict(entry.data) for entry in self[name]]

    def refused_fields(self) -> set[str]:
        """The names of the fields (a row's too: ``costs-0-units``) whose value the form could not read."""
        names = {sub.name for sub in self.row_fields() if sub.errors}
        names.update(field.name for field in self
                     if field.type not in ("FieldList", "CSRFTokenField") and field.errors)
        return names


class CheckedByService:
    """A field the service refuses to leave empty, with its own message beside it: the form marks it "(required)"
    and the browser's required state, and leaves the refusal to the service (which says every problem at once)."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        """Nothing to check here: the service checks."""


class AmountField(StringField):
    """An amount of money in złoty as people type it (``64 500,00``); ``data`` is a Decimal or None.

    What was typed stays in the field when it is refused (app/money.py says what is accepted).
    """

    MESSAGES = {
        "negative": _l("Give an amount without a minus sign."),
        "too_large": _l("This amount is too large."),
        "shape": _l("Write the amount in złoty, such as 64 500,00."),
    }

    def process_formdata(self, valuelist):
        self.raw_text = valuelist[0] if valuelist else ""
        try:
            self.data = parse_amount(self.raw_text)
        except AmountError as error:
            self.data = None
            raise ValueError(str(self.MESSAGES.get(str(error), self.MESSAGES["shape"]))) from None

    def _value(self):
        if getattr(self, "raw_text", None) is not None:
            return self.raw_text
        return self.example(self.data) if self.data is not None else ""

    @staticmethod
    def example(value) -> str:
        """An amount as the field shows it in the reader's language (``12 500,00``, ``12,500.00``): for hints."""
        return format_decimal(value, format="#,##0.00")


DATE_MESSAGE = _l("Give the date like 2026-05-01.")


class DayField(DateField):
    """A date typed as the browser's date field sends it (2026-05-01); an impossible date (2027-02-30) or junk gets
    the portal's own message in the reader's language, not WTForms' English one."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", DATE_MESSAGE)
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(DATE_MESSAGE)) from None


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
BAD_TIME = _l("Enter a date and time like 2026-01-31 18:00.")


class WarsawDateTimeField(DateTimeLocalField):
    """A date and time typed in Europe/Warsaw; a blank is left to InputRequired, junk gets one clear message."""

    def __init__(self, label, **kwargs):
        super().__init__(label, format=DATETIME_FORMATS, tz=WARSAW, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not " ".join(valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata([" ".join(valuelist).strip()])
        except ValueError:
            self.data = None
            raise ValueError(str(BAD_TIME)) from None


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (the template puts them in a fieldset named by the label); a value that is
    not among them gets "Choose from the list." (never the typed junk echoed back)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", _l("Choose from the list."))
        kwargs.setdefault("invalid_value_message", _l("Choose from the list."))
        super().__init__(label, validators, **kwargs)


_QUOTE, _ESCAPED_QUOTE = Markup('"'), Markup("&quot;")


def html_params(**kwargs) -> Markup:
    """WTForms' ``html_params`` — the same attributes, in the same order, escaped the same — without a
    ``Markup.format`` per attribute: a search page draws some 25 fields, and the formatter was a tenth of its
    time. Installed in place of WTForms' own below, so every widget uses it (tests/unit/test_forms_html.py
    compares the two)."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = wtforms_widgets.clean_key(key)
        if value is True:
            params.append(escape(key))
        elif value is not False:
            params.append(Markup(f'{escape(key)}="{escape(value).replace(_QUOTE, _ESCAPED_QUOTE)}"'))  # noqa: S704
    return Markup(" ").join(params)


WTFORMS_HTML_PARAMS = wtforms_widgets.html_params
wtforms_widgets.html_params = html_params  # the selects, text areas and options
wtforms_widgets.Input.html_params = staticmethod(html_params)  # every input (its own copy of the function)
wtforms_widgets.Button.html_params = staticmethod(html_params)

OPTION = Markup('<option value="%s">%s</option>')
SELECTED_OPTION = Markup('<option selected value="%s">%s</option>')


_KEPT_OPTIONS_LIMIT = 2048  # option lists kept per worker (a list of 150 organisations is ~10 kB)
_kept_options: dict[tuple, tuple[tuple, Markup]] = {}


def _options(choices, chosen: str | None) -> Markup:
    """The ``<option>`` elements of plain (value, label) choices with ``chosen`` selected, written once per
    language, list and choice and kept: a translated label (a lazy string) is looked up in the catalogue each time
    it is written, and a search page writes some 120 options. The key holds each label itself when it is text and
    its identity when it is a lazy string (the same constant object on every request), checked again on a hit."""
    labels = tuple(label for _value, label in choices)
    key = (str(get_locale() or ""), chosen,
           tuple((str(value), label if isinstance(label, str) else id(label)) for value, label in choices))
    kept = _kept_options.get(key)
    if kept is not None and all(a is b or a == b for a, b in zip(kept[0], labels, strict=True)):
        return kept[1]
    html = Markup("").join((SELECTED_OPTION if str(value) == chosen else OPTION) % (str(value), label or str(value))
                           for value, label in choices)
    if len(_kept_options) >= _KEPT_OPTIONS_LIMIT:
        _kept_options.clear()
    _kept_options[key] = (labels, html)
    return html


class QuickSelect(Select):
    """The select widget with each plain option written directly: the same HTML as WTForms' own, several times
    faster for the long lists of a filter (150 organisations drawn on every page of a register), and the options
    kept per language, list and choice (``_options``)."""

    def __call__(self, field, **kwargs):
        """Plain (value, label) choices of a field that compares strings are written straight from the list, without
        WTForms' choice objects; anything else (groups, option attributes, another coercion) as WTForms does."""
        choices = field.choices
        plain = field.coerce is str and isinstance(choices, list | tuple) and not self.multiple \
            and all(isinstance(choice, tuple) and len(choice) == 2 for choice in choices)
        if not plain:
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = getattr(flags, name)
        parameters = Markup(html_params(name=field.name, **kwargs))  # noqa: S704 - WTForms escapes every value
        chosen = field.data if isinstance(field.data, str) else None  # None: no option is selected
        return Markup("<select %s>") % parameters + _options(choices, chosen) + Markup("</select>")

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value)
        template = SELECTED_OPTION if choice.selected else OPTION
        return template % (value, choice.label or value)  # Markup's % escapes both


class LongSelectField(SelectField):
    """A select drawn with ``QuickSelect``: long lists (organisations, budget lines) and the filters of pages read
    often (the registers)."""

    widget = QuickSelect()
