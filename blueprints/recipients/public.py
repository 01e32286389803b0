"""The public "who received what" page: every signed agreement by year, programme and organisation, with totals
and downloads."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _

from app.fragment_cache import cached_fragment, cached_value
from app.i18n import current_language
from app.labels import AGREEMENT_KIND_LABELS
from app.models import AgreementKind
from app.page_cache import cacheable
from app.permissions import public
from app.services.agreements import versions
from app.services.open_data import recipients
from app.services.open_data.recipients import FilterOptions, RecipientFilter
from blueprints.paging import page_number
from blueprints.recipients.forms import RecipientFilterForm

bp = Blueprint("recipients", __name__, template_folder="templates")


def _filter_form(options: FilterOptions) -> RecipientFilterForm:
    """The filters read from the URL and validated (a value not offered is shown beside its field and ignored)."""
    form = RecipientFilterForm(request.args)
    form.year.choices = [("", _("Any year"))] + [(str(year), str(year)) for year in options.years]
    form.programme.choices = [("", _("Any programme"))] + [(str(key), name) for key, name in options.programmes]
    form.organisation.choices = [("", _("Any organisation"))] + [(str(key), name)
                                                                for key, name in options.organisations]
    form.kind.choices = [("", _("Any kind"))] + [(kind.value, str(label))
                                                 for kind, label in AGREEMENT_KIND_LABELS.items()]
    form.validate()
    return form


def _chosen(form: RecipientFilterForm) -> RecipientFilter:
    def valid(name: str) -> str | None:
        return None if form[name].errors else (form[name].data or None)

    year, programme, organisation, kind = (valid(name) for name in ("year", "programme", "organisation", "kind"))
    return RecipientFilter(year=int(year) if year else None, programme_id=int(programme) if programme else None,
                           organisation_id=int(organisation) if organisation else None,
                           kind=AgreementKind(kind) if kind else None)


def _arguments(chosen: RecipientFilter) -> dict:
    """The valid filters as URL arguments (for the downloads and the pages)."""
    values = {"year": chosen.year, "programme": chosen.programme_id, "organisation": chosen.organisation_id,
              "kind": chosen.kind.value if chosen.kind else None}
    return {name: value for name, value in values.items() if value is not None}


def _filters(version: int | None = None) -> tuple[RecipientFilterForm, RecipientFilter]:
    """The filter form and what it validly chose; with the agreements' data ``version``, the choices a worker
    keeps under it."""
    locale = current_language()
    if version is None:
        options = recipients.filter_options(locale)
    else:
        options = cached_value(("recipient-filters", version, locale), lambda: recipients.filter_options(locale))
    form = _filter_form(options)
    return form, _chosen(form)


@bp.get("/who-received-what")
@public
@cacheable(with_query=True)
def recipient_list():
    """Anyone: every signed grant agreement and service contract of the city, filtered by year, programme,
    organisation and kind, with totals and links to the downloads and open data. Reads only; changes nothing."""
    version, locale, page = versions.version(), current_language(), page_number()
    form, chosen = _filters(version)
    arguments = _arguments(chosen)
    results = cached_fragment(("recipients", version, locale, chosen, page),
                              lambda: _results(chosen, page, locale, arguments))
    return render_template("recipients/list.html", form=form, results=results, arguments=arguments)


def _results(chosen: RecipientFilter, page: int, locale: str, arguments: dict) -> str:
    """The count, totals, one page of rows and the pager, drawn (kept per worker under the data version)."""
    return render_template("recipients/_results.html", found=recipients.recipient_page(chosen, page=page,
                                                                                        locale=locale),
                           totals=recipients.recipient_totals(chosen), arguments=arguments)


@bp.get("/who-received-what.csv")
@public
def recipient_csv():
    """Anyone: the filtered rows as CSV for spreadsheets (UTF-8 with BOM, ``;``, decimal comma), headers in the
    reader's language. Reads only."""
    chosen = _filters()[1]
    return Response("".join(recipients.csv_chunks(chosen, current_language())), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="who-received-what.csv"'})


@bp.get("/who-received-what.xlsx")
@public
def recipient_xlsx():
    """Anyone: the filtered rows as an Excel workbook, headers in the reader's language. Reads only."""
    chosen = _filters()[1]
    return Response(recipients.xlsx_bytes(chosen, current_language()),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": 'attachment; filename="who-received-what.xlsx"'})
