"""Agreements in the department's console: the register by programme, organisation, status, kind and year with its
money; a new service contract (two steps, without JavaScript) or the grant agreement of an award; a draft edited
and sent; the signing recorded with its scan; an agreement terminated.

Organisation members hold AGREEMENTS_VIEW for their own agreements and read them in their workspace: a console
page sends them there (another organisation's agreement is a 404 first, as everywhere)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.csrf_expiry import expired_form, keeps_typed_input
from app.errors import render_error
from app.fragment_cache import cached_fragment, cached_value
from app.i18n import current_language
from app.localtime import local_today
from app.menus import menu_entry
from app.models import (
    Agreement,
    AgreementDocument,
    AgreementKind,
    AgreementStatus,
    Award,
    ReportKind,
)
from app.permissions import Permission, current_actor, requires
from app.services import ServiceError
from app.services.agreements import documents, lifecycle, money, register, versions
from app.services.capacity import performance
from app.services.funding.attachments import max_bytes
from app.services.funding.programmes import list_programmes
from app.services.listings.editor import district_choices
from app.tenancy import get_child_or_404, get_or_404
from blueprints.agreements.forms import (
    ROW_LISTS,
    ContractForm,
    FilterForm,
    GrantTermsForm,
    SigningForm,
    StartForm,
    TerminateForm,
    line_label,
)
from blueprints.forms import BaseForm, add_error, attempt, form_status
from blueprints.paging import paginate

bp = Blueprint("agreements_console", __name__, url_prefix="/console/agreements", template_folder="templates")
menu_entry("console", "agreements_console.agreement_list", _l("Agreements"), permission=Permission.AGREEMENTS_VIEW,
           order=28, current=("agreements_console.", "payments_console.", "amendments_console.",
                              "agreement_document.console_document"))

TERMINABLE = (AgreementStatus.SENT, AgreementStatus.ACCEPTED, AgreementStatus.IN_FORCE)


@bp.app_template_global("agreement_tabs")
def _agreement_tabs(audience: str):
    """The tabs of an agreement's pages, for ``agreements/_tabs.html``."""
    from blueprints.agreements import agreement_tabs

    return agreement_tabs(audience)


# -- helpers -----------------------------------------------------------------------------------------------------

def _agreement(agreement_id: int) -> Agreement:
    """The agreement through the reader's scope (another organisation's is a 404)."""
    return get_or_404(Agreement, agreement_id)


def _to_workspace(agreement: Agreement | None = None):
    """An organisation member reads their agreements in the workspace: the page there that shows this one."""
    if agreement is not None and "agreements_workspace.detail" in current_app.view_functions:
        return redirect(url_for("agreements_workspace.detail", agreement_id=agreement.id), code=303)
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.startswith("agreements_workspace.") and not rule.arguments and "GET" in rule.methods:
            return redirect(url_for(rule.endpoint), code=303)
    return redirect(url_for("workspace.dashboard"), code=303)


def _back(agreement: Agreement, anchor: str | None = None):
    return redirect(url_for("agreements_console.detail", agreement_id=agreement.id, _anchor=anchor), code=303)


def _problems(error: ServiceError | None) -> list[ServiceError]:
    if error is None:
        return []
    return list(getattr(error, "errors", None) or [error])


def _run(form, action):
    """``attempt`` the service with its refusals beside the form's fields (rows as the form numbers them); a field
    the form itself could not read keeps only the form's own message."""
    refused = form.refused_fields() if hasattr(form, "refused_fields") \
        else {name for name in form.errors if name and name != "csrf_token"}
    said = {name: list(form[name].errors) for name in refused}

    done = attempt(action, form=form)
    for name, errors in said.items():
        form[name].errors = errors
    return done


def _terms_form(form_class, *, organisation_id: int, programme_id: int, party_ids, leaving_out: int | None = None,
                **kwargs):
    """The terms form with its choices: districts, the services of the organisation and of its joint parties, the
    registry's organisations, and (a contract) the programme's budget lines with what each has left."""
    language = current_language()
    names = {int(organisation_id): name for organisation_id, name in register.organisation_choices()}
    lines = [(str(line.id), line_label(line, free, language))
             for line, free in register.programme_lines(programme_id, leaving_out=leaving_out)] \
        if form_class is ContractForm else []
    wanted = [organisation_id, *[int(value) for value in party_ids if str(value).isdigit()]]
    services = [(service.id, service.text("name", language) if service.organisation_id == organisation_id
                 else f"{service.text('name', language)} ({names.get(service.organisation_id, '')})")
                for service in register.services_of(wanted)]
    parties = [(org_id, name) for org_id, name in names.items() if org_id != organisation_id]
    return form_class(districts=district_choices(), services=services, parties=parties, lines=lines, **kwargs)


def _values(agreement: Agreement) -> dict:
    """A draft's terms as the edit form starts."""
    values = {name: getattr(agreement, name) for name in (
        "title", "subject", "starts_on", "ends_on", "return_days", "procurement_reference", "unit_price",
        "units_planned", "places")}
    values["unit"] = agreement.unit.value if agreement.unit else ""
    values["district_id"] = str(agreement.district_id or "")
    values["funding"] = [{"budget_line_id": str(row.budget_line_id), "amount": row.amount} for row in agreement.funding]
    values["targets"] = [{"name": target.name, "target_value": target.target_value, "unit": target.unit,
                          "monitoring": target.monitoring, "target_text": target.target_text}
                         for target in agreement.targets]
    values["partial_reports"] = [{"due_on": due.due_on} for due in agreement.reports_due
                                 if due.kind == ReportKind.PARTIAL]
    values["services"] = [link.service_id for link in agreement.services]
    values["parties"] = [party.partner_id for party in agreement.parties]
    return values


def _save_terms(form, check, save):
    """A sent terms form: "Add a row" shows it again with one more row; otherwise the service saves it (``save``)
    or, when the form could not read some values, only says what else is wrong (``check``). Gives the Attempt, or
    None when nothing was to be saved."""
    added = request.form.get("add")
    if added in ROW_LISTS:
        form.add_row(added)
        return None
    valid = form.validate_on_submit()
    if expired_form(form):  # nothing is read from it; what was typed is shown again
        return None
    data = form.terms()
    if not valid:
        _run(form, lambda: check(data))
        return None
    return _run(form, lambda: save(data))


def _form_page(form, *, organisation, programme, agreement=None, status=None):
    added = request.form.get("add") if request.method == "POST" else None
    if status is None:
        status = 200 if added in ROW_LISTS else form_status()
    return render_template("agreements/console_form.html", form=form, organisation=organisation,
                           programme=programme, agreement=agreement, added=added if added in ROW_LISTS else None), \
        status


def _detail(agreement: Agreement, *, signing_form: SigningForm | None = None, problems=(), status: int = 200):
    """The agreement's page: where it stands, its money and terms, the scans and the actions its state allows."""
    names = register.people(agreement.created_by_id, agreement.accepted_by_id,
                            *[document.uploaded_by_id for document in agreement.documents])
    return render_template(
        "agreements/console_detail.html", agreement=agreement, figures=money.figures(agreement), people=names,
        signing_form=signing_form or SigningForm(formdata=None), post_form=BaseForm(), problems=list(problems),
        payments_tab="payments_console.payments" in current_app.view_functions,
        max_mb=max(1, max_bytes() // (1024 * 1024)),
        performance=performance.contract_performance(agreement, local_today())), status


def _filters(form: FilterForm) -> register.Filters:
    def number(name: str) -> int | None:
        value = form.chosen(name)
        return int(value) if value.isdigit() else None

    status, kind = form.chosen("status"), form.chosen("kind")
    return register.Filters(programme_id=number("programme"), organisation_id=number("organisation"),
                            status=AgreementStatus(status) if status else None,
                            kind=AgreementKind(kind) if kind else None, year=number("year"))


def _programme_choices() -> list[tuple[str, str]]:
    language = current_language()
    return [(str(programme.id), programme.text("name", language)) for programme in list_programmes()]


# -- the register ------------------------------------------------------------------------------------------------

@bp.get("/")
@requires(Permission.AGREEMENTS_VIEW)
def agreement_list():
    """Department staff: every agreement, filtered by programme, organisation, status, kind and year (its period
    overlaps the year), a page at a time with its money; the totals of the whole filtered set; the agreements whose
    signing waits to be recorded. A filter value that is not among the choices is ignored, with a message."""
    if not current_actor().in_department:
        return _to_workspace()
    version, language, today = versions.version(), current_language(), local_today()
    programmes, organisations, years, waiting = cached_value(
        ("agreement-register-choices", version, language, today),
        lambda: (_programme_choices(), register.organisation_choices(), register.years(),
                 register.waiting_for_signing()))
    form = FilterForm(request.args, programmes=programmes, organisations=organisations, years=years)
    form.validate()
    filters = _filters(form)
    results = cached_fragment(("agreement-register", version, language, today,
                               tuple(sorted(request.args.items(multi=True)))),
                              lambda: _register_results(filters))
    return render_template("agreements/console_list.html", form=form, results=results, waiting=waiting,
                           filtered=filters != register.Filters())


def _register_results(filters: register.Filters) -> str:
    """The totals of the filtered register and its page of agreements with their money, drawn."""
    page = paginate(register.agreements_query(filters))
    return render_template("agreements/_register_results.html", page=page,
                           figures=money.figures_for([agreement.id for agreement in page.items]),
                           totals=register.filtered_totals(filters), filtered=filters != register.Filters())


# -- a new service contract --------------------------------------------------------------------------------------

@bp.route("/new", methods=["GET", "POST"])
@keeps_typed_input
@requires(Permission.AGREEMENTS_MANAGE)
def contract_new():
    """Department admin or officer: a new service contract, saved as a draft. Step 1 chooses the organisation and the
    programme; step 2 (the same address naming both) is the whole contract, checked at once, every problem beside
    its field. Nothing is saved until it passes."""
    chosen = "organisation" in request.values or "programme" in request.values  # the address, or the form's body
    start = StartForm(request.values if chosen else None, programmes=_programme_choices(),
                      organisations=register.organisation_choices(contracting=True))
    if not chosen or not start.validate():
        return render_template("agreements/console_start.html", form=start), form_status()
    organisation = register.contracting_organisation(start.organisation.data)
    programme = register.programme_of(start.programme.data)
    if organisation is None or programme is None:
        abort(404)
    party_ids = request.form.getlist("parties") if request.method == "POST" else []
    form = _terms_form(ContractForm, organisation_id=organisation.id, programme_id=programme.id, party_ids=party_ids,
                       **({} if request.method == "POST" else {"data": {"return_days": 15}}))
    if request.method == "GET":
        form.add_blank_rows()
        return _form_page(form, organisation=organisation, programme=programme)
    department_id = g.membership.organisation_id
    done = _save_terms(
        form, lambda data: register.check_contract(organisation, programme.id, data),
        lambda data: register.create_contract_once(organisation, programme.id, data, actor=current_user,
                                                   department_id=department_id))
    if done:
        agreement, made = done.value
        if made:
            flash(_("The service contract %(number)s has been saved as a draft. Check it, then send it to the "
                    "organisation.", number=agreement.number), "success")
        else:  # the form sent twice
            flash(_("This contract has been saved already as %(number)s.", number=agreement.number), "info")
        return _back(agreement)
    return _form_page(form, organisation=organisation, programme=programme)


# -- a grant agreement from an award -----------------------------------------------------------------------------

@bp.route("/from-award/<int:award_id>", methods=["GET", "POST"])
@requires(Permission.AGREEMENTS_MANAGE)
def from_award(award_id: int):
    """Department admin or officer: the award and what its grant agreement takes from it; sending the page
    prepares the agreement as a draft (sent twice, it finds the agreement made the first time)."""
    award = get_or_404(Award, award_id)
    existing = lifecycle.agreement_of_award(award)
    if request.method == "POST":
        if existing is None:
            form = BaseForm()
            done = attempt(lambda: lifecycle.create_from_award(award, actor=current_user,
                                                               department_id=g.membership.organisation_id),
                           form=form)
            if done:
                flash(_("The grant agreement %(number)s has been prepared as a draft. Schedule its tranches on the "
                        "Payments tab, check its terms, then send it to the organisation.",
                        number=done.value.number), "success")
                return _back(done.value)
            existing = lifecycle.agreement_of_award(award)  # sent twice at once: the other request made it
            if existing is None:
                for message in form.form_errors:
                    flash(message, "error")
                return redirect(url_for("agreements_console.from_award", award_id=award.id), code=303)
        flash(_("This award already has its agreement: %(number)s.", number=existing.number), "info")
        return _back(existing)
    offer, call = award.offer, award.call
    return render_template("agreements/console_from_award.html", award=award, offer=offer, agreement=existing,
                           starts_on=offer.starts_on or (call.task_starts_on if call else None),
                           ends_on=offer.ends_on or (call.task_ends_on if call else None),
                           organisation=register.organisation_named(offer.organisation_id),
                           blocker=register.award_blocker(award), form=BaseForm())


# -- one agreement -----------------------------------------------------------------------------------------------

@bp.get("/<int:agreement_id>")
@requires(Permission.AGREEMENTS_VIEW)
def detail(agreement_id: int):
    """Department staff: one agreement — where it stands and how it got there, its money and terms, the signed
    scans; for admins and officers the actions its state allows (edit and send a draft, record the signing of an
    accepted one, terminate)."""
    agreement = _agreement(agreement_id)
    if not current_actor().in_department:
        return _to_workspace(agreement)
    if request.args.get("too_large"):
        form = SigningForm(formdata=None)
        add_error(form.file, _("The file is larger than %(size)d MB: send a smaller one.",
                               size=max(1, max_bytes() // (1024 * 1024))))
        return _detail(agreement, signing_form=form, status=400)
    return _detail(agreement)


@bp.route("/<int:agreement_id>/edit", methods=["GET", "POST"])
@keeps_typed_input
@requires(Permission.AGREEMENTS_MANAGE)
def edit(agreement_id: int):
    """Department admin or officer: the terms of a draft, saved whole (every problem beside its field, nothing
    changed when one is found). A grant's value and funding are the award's and are not edited here."""
    agreement = _agreement(agreement_id)
    if agreement.status != AgreementStatus.DRAFT:
        flash(lifecycle.CANNOT_EDIT, "error")
        return _back(agreement)
    form_class = GrantTermsForm if agreement.is_grant else ContractForm
    party_ids = request.form.getlist("parties") if request.method == "POST" \
        else [party.partner_id for party in agreement.parties]
    form = _terms_form(form_class, organisation_id=agreement.organisation_id, programme_id=agreement.programme_id,
                       party_ids=party_ids, leaving_out=agreement.id,
                       **({} if request.method == "POST" else {"data": _values(agreement)}))
    page = {"organisation": agreement.organisation, "programme": agreement.programme, "agreement": agreement}
    if request.method == "GET":
        form.add_blank_rows()
        return _form_page(form, **page)
    done = _save_terms(form, lambda data: lifecycle.check_draft(agreement, data),
                       lambda data: lifecycle.save_draft(agreement, data, actor=current_user))
    if done:
        flash(pgettext("agreement", "The draft has been saved."), "success")
        return _back(agreement)
    return _form_page(form, **page)


@bp.route("/<int:agreement_id>/delete", methods=["GET", "POST"])
@requires(Permission.AGREEMENTS_MANAGE)
def delete(agreement_id: int):
    """Department admin or officer: delete a draft that will not be sent (a page that asks, then the deletion);
    its rows go, and the money it held on its budget lines is free again. Its number is not given to another
    agreement. An agreement that is no longer a draft cannot be deleted."""
    agreement = _agreement(agreement_id)
    if agreement.status != AgreementStatus.DRAFT:
        flash(_("Only a draft agreement can be deleted."), "error")
        return _back(agreement)
    form = BaseForm()
    if request.method == "POST":
        number = agreement.number
        done = attempt(lambda: lifecycle.delete_draft(agreement, actor=current_user), form=form)
        if done:
            flash(_("The draft %(number)s has been deleted; its number is not used again.", number=number),
                  "success")
            return redirect(url_for("agreements_console.agreement_list"), code=303)
    return render_template("agreements/console_delete.html", agreement=agreement, form=form,
                           figures=money.figures(agreement)), form_status()


@bp.post("/<int:agreement_id>/send")
@requires(Permission.AGREEMENTS_MANAGE)
def send(agreement_id: int):
    """Department admin or officer: send a complete draft to the organisation, whose admin accepts it (its admins
    and coordinators are told by e-mail); what is missing is listed instead, and nothing changes."""
    agreement = _agreement(agreement_id)
    if agreement.status == AgreementStatus.SENT:  # sent twice
        flash(_("This agreement has been sent already; it waits for the organisation's acceptance."), "info")
        return _back(agreement)
    done = attempt(lambda: lifecycle.send(agreement, actor=current_user), form=BaseForm())
    if done:
        flash(_("The agreement has been sent to %(organisation)s; its admin accepts it in the workspace.",
                organisation=agreement.organisation.name), "success")
        return _back(agreement)
    return _detail(agreement, problems=_problems(done.error), status=400)


@bp.post("/<int:agreement_id>/sign")
@requires(Permission.AGREEMENTS_MANAGE)
def sign(agreement_id: int):
    """Department admin or officer: record that the accepted agreement was signed — the date, how, and the scan of
    the signed document, all or nothing; it is in force from then on."""
    agreement = _agreement(agreement_id)
    if agreement.status == AgreementStatus.IN_FORCE and agreement.signed_on:  # sent twice
        flash(_("The signing of this agreement has been recorded already."), "info")
        return _back(agreement)
    form = SigningForm()
    form.validate_on_submit()
    upload = request.files.get("file")
    done = _run(form, lambda: register.record_signing_with_scan(agreement, form.signed_on.data, form.method.data,
                                                                upload, actor=current_user))
    if done:
        flash(_("The signing has been recorded: the agreement is in force."), "success")
        return _back(agreement)
    return _detail(agreement, signing_form=form, status=400)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    """A scan larger than the portal accepts: back to the agreement with the message beside the file."""
    agreement_id = (request.view_args or {}).get("agreement_id")
    if request.endpoint == "agreements_console.sign" and agreement_id:
        return redirect(url_for("agreements_console.detail", agreement_id=agreement_id, too_large=1,
                                _anchor="signing-heading"), code=303)
    return render_error(413)


@bp.route("/<int:agreement_id>/terminate", methods=["GET", "POST"])
@requires(Permission.AGREEMENTS_MANAGE)
def terminate(agreement_id: int):
    """Department admin or officer: end a sent, accepted or signed agreement early, with its last day and the reason
    the organisation is told by e-mail (a page that says what follows, then the confirmation)."""
    agreement = _agreement(agreement_id)
    if agreement.status == AgreementStatus.TERMINATED:
        flash(_("This agreement has been terminated already."), "info")
        return _back(agreement)
    form = TerminateForm()
    if request.method == "POST":
        form.validate_on_submit()
        done = _run(form, lambda: lifecycle.terminate(agreement, form.ended_on.data, form.reason.data,
                                                      actor=current_user))
        if done:
            flash(_("The agreement has been terminated; the organisation is told by e-mail."), "success")
            return _back(agreement)
    return render_template("agreements/console_terminate.html", agreement=agreement, form=form,
                           figures=money.figures(agreement), terminable=agreement.status in TERMINABLE,
                           payments_tab="payments_console.payments" in current_app.view_functions), form_status()


@bp.get("/<int:agreement_id>/documents/<int:document_id>")
@requires(Permission.AGREEMENTS_VIEW)
def document_download(agreement_id: int, document_id: int):
    """Department staff (and the organisation's own members): a signed scan of the agreement, always as a file with
    its stored type. A scan whose file is gone sends the reader back to the agreement with a message."""
    agreement = _agreement(agreement_id)
    document = get_child_or_404(agreement, AgreementDocument, document_id)
    path, filename, content_type = documents.document_file(document)
    if not path.is_file():
        flash(_("The file of “%(name)s” cannot be found.", name=filename), "error")
        return _back(agreement, "documents-heading") if current_actor().in_department else _to_workspace(agreement)
    return send_file(path, mimetype=content_type, as_attachment=True, download_name=filename, max_age=0)
