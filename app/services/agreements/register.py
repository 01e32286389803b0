"""The department's register of agreements: every agreement filtered by programme, organisation, status, kind and
year, a page of it with its money, the totals of the whole filtered set (grouped queries, never a loop over the
rows), what waits for the department, and what the console's forms offer to choose from.

Read in the department's scope (the console); the writes go through ``lifecycle`` and ``documents``, except
``record_signing_with_scan``, which keeps the two steps of recording a signing together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.database import lock
from app.extensions import db
from app.localtime import local_today
from app.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Award,
    AwardState,
    BudgetLine,
    Call,
    Organisation,
    OrganisationKind,
    Programme,
    Service,
    User,
    utcnow,
)
from app.services import Problems
from app.services.agreements import documents, lifecycle
from app.services.agreements.money import Figures, figures_where
from app.services.funding.attachments import checked_type, clean_filename, max_bytes, read_upload
from app.unit_of_work import unique

unique("uq_agreement_award", _l("This award already has its agreement."))


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to (None: any)."""

    programme_id: int | None = None
    organisation_id: int | None = None
    status: AgreementStatus | None = None
    kind: AgreementKind | None = None
    year: int | None = None  # the agreement's period overlaps this year


def _criteria(filters: Filters) -> list:
    criteria = []
    if filters.programme_id is not None:
        criteria.append(Agreement.programme_id == filters.programme_id)
    if filters.organisation_id is not None:
        criteria.append(Agreement.organisation_id == filters.organisation_id)
    if filters.status is not None:
        criteria.append(Agreement.status == filters.status)
    if filters.kind is not None:
        criteria.append(Agreement.kind == filters.kind)
    if filters.year is not None:
        criteria.extend([Agreement.starts_on <= date(filters.year, 12, 31),
                         Agreement.ends_on >= date(filters.year, 1, 1)])
    return criteria


def agreements_query(filters: Filters):
    """The agreements the filters select, the newest number first, each with its organisation (for paging)."""
    return (select(Agreement).where(*_criteria(filters)).options(selectinload(Agreement.organisation))
            .order_by(Agreement.year.desc(), Agreement.sequence.desc()))


def filtered_totals(filters: Filters) -> Figures:
    """The money of every agreement the filters select, summed in three grouped queries (``money.figures_where``:
    a terminated or completed agreement's unapproved money is released, not remaining)."""
    return figures_where(select(Agreement.id).where(*_criteria(filters)))


def waiting_for_signing() -> int:
    """How many agreements the organisations accepted whose signing the department has yet to record."""
    return db.session.execute(select(func.count(Agreement.id))
                              .where(Agreement.status == AgreementStatus.ACCEPTED)).scalar_one()


def years() -> list[int]:
    """The years some agreement runs in (and this year), the latest first: the year filter's choices."""
    first, last = db.session.execute(select(func.min(Agreement.starts_on), func.max(Agreement.ends_on))).one()
    this_year = local_today().year
    low = min(first.year, this_year) if first else this_year
    high = max(last.year, this_year) if last else this_year
    return list(range(high, low - 1, -1))


def organisation_choices(*, contracting: bool = False) -> list[tuple[str, str]]:
    """(id, name) of the registry's organisations for a select, by name — plain rows, no objects loaded (the
    register draws 150 of them on every page)."""
    query = (select(Organisation.id, Organisation.name).where(Organisation.kind != OrganisationKind.DEPARTMENT)
             .order_by(Organisation.name))
    if contracting:
        query = query.where(Organisation.is_active.is_(True))
    return [(str(organisation_id), name) for organisation_id, name in db.session.execute(query)]


def organisation_named(organisation_id: int) -> Organisation | None:
    """The registry's organisation with this id (an offer's applicant), or None."""
    return db.session.execute(select(Organisation).where(Organisation.id == organisation_id)).scalar_one_or_none()


def contracting_organisation(organisation_id) -> Organisation | None:
    """The active organisation (not the department) with this id, or None."""
    if not str(organisation_id or "").isdigit():
        return None
    return db.session.execute(select(Organisation).where(
        Organisation.id == int(organisation_id), Organisation.kind != OrganisationKind.DEPARTMENT,
        Organisation.is_active.is_(True))).scalar_one_or_none()


def programme_lines(programme_id: int, *, leaving_out: int | None = None) -> list[tuple[BudgetLine, Decimal]]:
    """The programme's budget lines, each with what it has left for service contracts (``leaving_out``: the
    agreement being edited, whose own funding does not count against it)."""
    lines = db.session.execute(select(BudgetLine).where(BudgetLine.programme_id == programme_id)
                               .order_by(BudgetLine.year, BudgetLine.source, BudgetLine.task_pl)).scalars()
    return [(line, lifecycle.line_free(line, leaving_out=leaving_out)) for line in lines]


def services_of(organisation_ids) -> list[Service]:
    """The directory services of these organisations (the lead's and the joint parties'), by name."""
    ids = sorted({int(value) for value in organisation_ids if value})
    if not ids:
        return []
    return list(db.session.execute(select(Service).where(Service.organisation_id.in_(ids))
                                   .order_by(Service.organisation_id, Service.name_pl)).scalars())


def people(*ids) -> dict[int, User]:
    """{user id: user} of the people a page names (who created, accepted, uploaded)."""
    wanted = {value for value in ids if value}
    if not wanted:
        return {}
    return {user.id: user for user in db.session.execute(select(User).where(User.id.in_(wanted))).scalars()}


def agreements_by_award(award_ids) -> dict[int, Agreement]:
    """{award id: its agreement} for the awards that have one (one query)."""
    ids = [value for value in award_ids if value]
    if not ids:
        return {}
    return {agreement.award_id: agreement for agreement in db.session.execute(
        select(Agreement).where(Agreement.award_id.in_(ids))).scalars()}


def award_blocker(award: Award) -> str | None:
    """Why no agreement can be made from the award yet (the reasons ``lifecycle.create_from_award`` refuses
    with), or None."""
    if award.call_id is not None:
        published = db.session.execute(select(Call.results_published_at).where(Call.id == award.call_id)
                                       ).scalar_one_or_none()
        if published is None:
            return str(_l("The agreement is made once the call's results are published."))
    if award.state in (AwardState.UPDATE_REQUESTED, AwardState.UPDATE_SUBMITTED):
        return str(_l("The agreement waits for the updated budget of this reduced award to be accepted."))
    return None


def programme_of(programme_id) -> Programme | None:
    """The department's programme with this id, or None."""
    if not str(programme_id or "").isdigit():
        return None
    return db.session.execute(select(Programme).where(Programme.id == int(programme_id))).scalar_one_or_none()


def check_contract(organisation: Organisation, programme_id: int, data: dict) -> None:
    """Every problem ``lifecycle.create_contract`` would find in ``data``, creating nothing (a form that could not
    read some values shows the other problems too)."""
    draft = Agreement(organisation_id=organisation.id, kind=AgreementKind.SERVICE_CONTRACT, programme_id=programme_id,
                      return_days=15)
    lifecycle.check_draft(draft, data)


TWIN_MINUTES = 10  # a contract form sent again within this long, unchanged, is the same contract


def create_contract_once(organisation: Organisation, programme_id: int, data: dict, *, actor,
                         department_id: int) -> tuple[Agreement, bool]:
    """Department admin or officer: ``lifecycle.create_contract``, except that a form sent twice (the same
    organisation, programme, title and reference by the same person within minutes, still a draft) gives back the
    draft the first sending made. (agreement, True) when it was made now."""
    lock(Organisation, department_id)  # the numbers are taken under this lock too: two sendings wait here in turn
    title = " ".join(str(data.get("title") or "").split())
    reference = " ".join(str(data.get("procurement_reference") or "").split())
    twin = db.session.execute(
        select(Agreement).where(Agreement.organisation_id == organisation.id, Agreement.programme_id == programme_id,
                                Agreement.kind == AgreementKind.SERVICE_CONTRACT,
                                Agreement.status == AgreementStatus.DRAFT, Agreement.title == title,
                                Agreement.procurement_reference == reference,
                                Agreement.created_by_id == getattr(actor, "id", None),
                                Agreement.created_at >= utcnow() - timedelta(minutes=TWIN_MINUTES))
        .order_by(Agreement.id.desc()).limit(1)).scalar_one_or_none()
    if twin is not None and title:
        return twin, False
    return lifecycle.create_contract(organisation, programme_id, data, actor=actor, department_id=department_id), True


def _check_upload(upload) -> None:
    """Refuse a scan that ``documents.add_document`` would refuse, storing nothing."""
    data = read_upload(upload, max_bytes())
    checked_type(data, clean_filename(upload.filename))


def record_signing_with_scan(agreement: Agreement, signed_on, method, upload, *, actor):
    """Department admin or officer: record that the accepted agreement was signed (the date and how) and keep the
    scan of the signed agreement — both or neither; every problem of the date, the method and the file at once."""
    problems = Problems()
    problems.check(lifecycle.record_signing, agreement, signed_on, method, actor=actor)
    if problems.errors:
        problems.check(_check_upload, upload)
        problems.raise_any()
    return documents.add_document(agreement, upload, actor=actor)
