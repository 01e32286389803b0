"""What the console and the workspace share: loading an agreement and its amendments, the pages, the actions.

Each audience (``CONSOLE``, ``WORKSPACE``) names its blueprint, the side it acts for and the permission that
proposes and decides; the routes in ``console.py`` and ``workspace.py`` check the permission and call these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.i18n import current_language, format_day, money
from app.labels import FUNDING_SOURCE_LABELS
from app.models import Agreement, AgreementStatus, Amendment, AmendmentStatus, FundingSource, Side
from app.permissions import Permission, can
from app.services.agreements import amendments
from app.tenancy import get_child_or_404, get_or_404
from blueprints.amendments.forms import AmendmentForm, RejectForm
from blueprints.forms import attempt, form_status, submit

SIDE_LABELS = {Side.DEPARTMENT: _l("The department"), Side.ORGANISATION: _l("The organisation")}


@dataclass(frozen=True)
class Audience:
    """One audience of the amendments' pages: its blueprint, the side it acts for, who proposes and decides."""

    name: str  # "console" or "workspace" (the agreement's tabs and the page's menu)
    blueprint: str
    side: Side
    decides: Permission


CONSOLE = Audience("console", "amendments_console", Side.DEPARTMENT, Permission.AGREEMENTS_MANAGE)
WORKSPACE = Audience("workspace", "amendments_workspace", Side.ORGANISATION, Permission.AGREEMENTS_ACCEPT)


def agreement_for(audience: Audience, agreement_id: int) -> Agreement:
    """The agreement through the reader's scope; a draft is the department's alone (404 to the organisation)."""
    agreement = get_or_404(Agreement, agreement_id)
    if audience is WORKSPACE and agreement.status == AgreementStatus.DRAFT:
        abort(404)
    return agreement


def amendment_for(agreement: Agreement, amendment_id: int) -> Amendment:
    """An amendment of this agreement (another agreement's is a 404)."""
    return get_child_or_404(agreement, Amendment, amendment_id)


# -- the terms in words -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One term of an agreement as people read it; ``polish`` says the value is the parties' own Polish text."""

    key: str
    label: str
    before: str
    after: str
    changed: bool
    note: str = ""  # words after the label (a budget line's task, in the reader's language when it has one)
    polish: bool = False
    note_polish: bool = True


def _day(value) -> str:
    try:
        return format_day(date.fromisoformat(value)) if value else "—"
    except (TypeError, ValueError):
        return "—"


def _line_label(row: dict) -> str:
    try:
        source = str(FUNDING_SOURCE_LABELS[FundingSource(row.get("source"))])
    except ValueError:
        source = ""
    return _("Budget line %(year)s · %(source)s", year=row.get("year") or "", source=source)


def _target_text(target: dict | None) -> str:
    if not target:
        return "—"
    if target.get("target_value") is not None:
        value = format_decimal(target["target_value"])
        value = f"{value} {target['unit']}" if target.get("unit") else value
    else:
        value = target.get("target_text") or "–"
    text = f"{target.get('name') or ''}: {value}"
    return f"{text} ({target['monitoring']})" if target.get("monitoring") else text


def _task(row: dict) -> str:
    """A budget line's task in the reader's language (kept with each version since this was added), else Polish."""
    return row.get(f"task_{current_language()}") or row.get("task") or ""


def _terms_cells(terms: dict) -> dict[str, tuple[str, str, str, bool]]:
    """{key: (label, note, value, Polish value)} of one version's terms, in reading order."""
    cells = {"period": (_("Period"), "", f"{_day(terms.get('starts_on'))} – {_day(terms.get('ends_on'))}", False),
             "value": (_("Total value"), "", money(terms.get("value")), False)}
    for row in terms.get("funding", []):
        cells[f"line-{row['budget_line_id']}"] = (_line_label(row), _task(row), money(row.get("amount")), False)
    for number, target in enumerate(terms.get("targets", []), start=1):
        cells[f"target-{number}"] = (_("Indicator target %(num)d", num=number), "", _target_text(target), True)
    partial = terms.get("partial_reports") or []
    cells["partial"] = (_("Partial reports due"), "", ", ".join(_day(day) for day in partial) or "—", False)
    cells["final"] = (_("Final report due"), "", _day(terms.get("final_report")), False)
    return cells


def term_rows(terms: dict) -> list[Row]:
    """One version's terms, a row each."""
    return [Row(key, label, "", value, False, note, polish, _note_polish(note, terms, key))
            for key, (label, note, value, polish) in _terms_cells(terms).items()]


def _note_polish(note: str, terms: dict, key: str) -> bool:
    """Whether a row's note is the Polish original (and is marked so for screen readers)."""
    if not note:
        return False
    rows = {f"line-{row['budget_line_id']}": row for row in terms.get("funding", [])}
    return current_language() == "pl" or not rows.get(key, {}).get(f"task_{current_language()}")


def comparison_rows(before: dict, after: dict) -> list[Row]:
    """Each term before and after, changed ones marked (a term only one side has shows "—" on the other)."""
    old, new = _terms_cells(before), _terms_cells(after)
    found = list(old) + [key for key in new if key not in old]
    group = {"partial": 2, "final": 3}
    keys = sorted(found, key=lambda key: (group.get(key, 1 if key.startswith("target-") else 0), found.index(key)))
    rows = []
    for key in keys:
        label, note, before_value, polish = old.get(key) or new[key]
        after_value = new[key][2] if key in new else "—"
        before_value = before_value if key in old else "—"
        rows.append(Row(key, label, before_value, after_value, before_value != after_value, note, polish,
                        _note_polish(note, before if key in old else after, key)))
    return rows


# -- the pages --------------------------------------------------------------------------------------------------

def _may_decide(audience: Audience) -> bool:
    return can(audience.decides)


def list_page(audience: Audience, agreement: Agreement):
    """The agreement's amendments and every version of it."""
    return render_template("amendments/list.html", audience=audience.name, blueprint=audience.blueprint,
                           agreement=agreement, amendments=list(agreement.amendments),
                           versions=amendments.versions(agreement), term_rows=term_rows, side_labels=SIDE_LABELS,
                           may_propose=_may_decide(audience) and agreement.status in amendments.AMENDABLE,
                           waiting=amendments.open_proposal(agreement))


def _line_choices(agreement: Agreement) -> list[tuple[str, str]]:
    """The programme's lines an amendment may add: those of a year within the agreement's current period (the
    proposal refuses a line of another year)."""
    first, last = _period_years(agreement)
    language = current_language()
    return [(str(line.id), f"{line.year} · {FUNDING_SOURCE_LABELS[line.source]} · {line.text('task', language)}")
            for line in amendments.programme_lines(agreement) if first <= line.year <= last]


def _period_years(agreement: Agreement) -> tuple[int, int]:
    """The first and last year of the agreement's current period."""
    return agreement.starts_on.year, agreement.ends_on.year


def _years_label(agreement: Agreement) -> str:
    first, last = _period_years(agreement)
    return str(first) if first == last else f"{first}–{last}"


def _plain(value: str | None) -> str:
    """A stored number as a person would type it ("20.00" → "20", "12.50" → "12.5")."""
    if value is None:
        return ""
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _prefilled(agreement: Agreement) -> AmendmentForm:
    terms = amendments.terms_of(agreement)
    return AmendmentForm(data={
        "starts_on": agreement.starts_on, "ends_on": agreement.ends_on,
        "funding": [{"budget_line_id": str(row["budget_line_id"]), "amount": Decimal(row["amount"])}
                    for row in terms["funding"]],
        "targets": [{**target, "target_value": _plain(target["target_value"])} for target in terms["targets"]],
        "partial_reports": [date.fromisoformat(day) for day in terms["partial_reports"]]})


def form_page(audience: Audience, agreement: Agreement):
    """The proposal's form, prefilled with the current terms; sent, it proposes the amendment."""
    form = _prefilled(agreement) if request.method == "GET" else AmendmentForm()
    if request.method == "POST":
        done = submit(form, lambda: amendments.propose(agreement, audience.side, form.terms_data(),
                                                       form.reason.data, actor=current_user))
        if done:
            flash(_("Amendment no. %(number)d is proposed; the other side approves or rejects it.",
                    number=done.value.number), "success")
            return redirect(url_for(f"{audience.blueprint}.amendment_detail", agreement_id=agreement.id,
                                    amendment_id=done.value.id), code=303)
    current = {row.budget_line_id: row for row in agreement.funding}
    form.offer_rows(_line_choices(agreement), set(current))
    labels = {str(line_id): row for line_id, row in
              ((row["budget_line_id"], row) for row in amendments.terms_of(agreement)["funding"])}
    refusal = amendments.NOT_AMENDABLE.get(agreement.status) if request.method == "GET" else None
    return render_template("amendments/form.html", audience=audience.name, blueprint=audience.blueprint,
                           agreement=agreement, form=form, current_lines=labels, line_label=_line_label,
                           line_task=_task, refusal=refusal, waiting=amendments.open_proposal(agreement),
                           shift_percent=amendments.shift_percent(), period_years=_years_label(agreement)), \
        form_status()


def _tables(agreement: Agreement, amendment: Amendment) -> tuple[list[Row], str]:
    """The before/after rows and what they compare: an approved amendment's kept terms; a proposal's current terms
    and the proposal; a rejected or withdrawn one's proposal beside the terms now."""
    if amendment.status == AmendmentStatus.APPROVED and amendment.before and amendment.after:
        return comparison_rows(amendment.before, amendment.after), "approved"
    current = amendments.terms_of(agreement)
    return comparison_rows(current, amendments.proposed_terms(amendment, current)), amendment.status.value


def detail_page(audience: Audience, agreement: Agreement, amendment: Amendment, *,
                reject_form: RejectForm | None = None, status: int = 200):
    """One amendment: who proposed it, why, where it stands, its before/after table and the actions of this side."""
    rows, compared = _tables(agreement, amendment)
    waiting = amendment.status == AmendmentStatus.PROPOSED
    ours = amendment.proposed_by == audience.side
    return render_template("amendments/detail.html", audience=audience.name, blueprint=audience.blueprint,
                           agreement=agreement, amendment=amendment, rows=rows, compared=compared,
                           side_labels=SIDE_LABELS, reject_form=reject_form or RejectForm(), ours=ours,
                           may_decide=waiting and not ours and _may_decide(audience),
                           may_withdraw=waiting and ours and _may_decide(audience)), status


def _to_detail(audience: Audience, agreement: Agreement, amendment: Amendment):
    return redirect(url_for(f"{audience.blueprint}.amendment_detail", agreement_id=agreement.id,
                            amendment_id=amendment.id), code=303)


def approve_action(audience: Audience, agreement: Agreement, amendment: Amendment):
    """Approve the other side's amendment: the agreement takes its terms."""
    if attempt(lambda: amendments.approve(amendment, audience.side, actor=current_user)):
        flash(_("Amendment no. %(number)d is approved: the agreement now reads as amended.",
                number=amendment.number), "success")
    return _to_detail(audience, agreement, amendment)


def reject_action(audience: Audience, agreement: Agreement, amendment: Amendment):
    """Reject the other side's amendment with a reason."""
    form = RejectForm()
    if submit(form, lambda: amendments.reject(amendment, audience.side, form.reason.data, actor=current_user),
              default_field="reason"):
        flash(_("Amendment no. %(number)d is rejected; the agreement stays as it was.", number=amendment.number),
              "success")
        return _to_detail(audience, agreement, amendment)
    return detail_page(audience, agreement, amendment, reject_form=form, status=form_status())


def withdraw_action(audience: Audience, agreement: Agreement, amendment: Amendment):
    """Withdraw this side's own amendment while it waits."""
    if attempt(lambda: amendments.withdraw(amendment, audience.side, actor=current_user)):
        flash(_("Amendment no. %(number)d is withdrawn.", number=amendment.number), "success")
    return _to_detail(audience, agreement, amendment)
