"""The category tree of the directory, kept by the department.

Two levels: top categories and their sub-categories (search by a top category finds its
sub-categories' services too). Labels and synonyms in pl/uk/en feed every service's search
text, so a change to them rebuilds the search text of the services in the category and in
its sub-categories at once. A code is fixed once created: search links and the HSDS API use
it. A category a service uses cannot be deleted.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Service, ServiceTaxonomy, TaxonomyTerm
from app.models.directory import LOCALES
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.directory.index import refresh_search_text
from app.tenancy import department_scope, parse_id

CODE = re.compile(r"^[a-z0-9]+(?:[.\-_][a-z0-9]+)*$")
CODE_MAX = 60
LABEL_MAX = 120
SYNONYMS_MAX = 2000
TEXT_FIELDS = tuple(f"{kind}_{locale}" for kind in ("label", "synonyms") for locale in LOCALES)
EDIT_FIELDS = ("parent_id", "is_crisis", *TEXT_FIELDS)
CREATE_FIELDS = ("code", "position", *EDIT_FIELDS)
SHOWN_USERS = 5


def term_tree() -> list[tuple[TaxonomyTerm, list[TaxonomyTerm]]]:
    """Top categories in order, each with its sub-categories in order."""
    terms = db.session.execute(select(TaxonomyTerm).order_by(TaxonomyTerm.position, TaxonomyTerm.id)).scalars().all()
    children: dict[int, list[TaxonomyTerm]] = {}
    for term in terms:
        if term.parent_id is not None:
            children.setdefault(term.parent_id, []).append(term)
    return [(term, children.get(term.id, [])) for term in terms if term.parent_id is None]


def top_terms(exclude_id: int | None = None) -> list[TaxonomyTerm]:
    """The categories a sub-category may belong to."""
    query = select(TaxonomyTerm).where(TaxonomyTerm.parent_id.is_(None))
    if exclude_id is not None:
        query = query.where(TaxonomyTerm.id != exclude_id)
    return list(db.session.execute(query.order_by(TaxonomyTerm.position, TaxonomyTerm.id)).scalars())


def usage_counts() -> dict[int, int]:
    """How many services (published or not, of every organisation) use each category."""
    with department_scope():
        rows = db.session.execute(
            select(ServiceTaxonomy.taxonomy_term_id, func.count(ServiceTaxonomy.service_id))
            .group_by(ServiceTaxonomy.taxonomy_term_id)
        ).all()
    return dict(rows)


def clean_synonyms(text: str | None) -> str | None:
    """Synonyms separated by commas or new lines, trimmed, each once: "nocleg, noclegownia"."""
    seen, words = set(), []
    for word in re.split(r"[,;\n]", text or ""):
        word = " ".join(word.split())
        if word and word.lower() not in seen:
            seen.add(word.lower())
            words.append(word)
    return ", ".join(words) or None


def _texts(data: dict) -> dict:
    values = {}
    for locale in LOCALES:
        label = " ".join((data.get(f"label_{locale}") or "").split())
        if len(label) > LABEL_MAX:
            raise ServiceError(_l("Write at most %(max)d characters.", max=LABEL_MAX), field=f"label_{locale}")
        values[f"label_{locale}"] = label or None
        synonyms = clean_synonyms(data.get(f"synonyms_{locale}"))
        if synonyms and len(synonyms) > SYNONYMS_MAX:
            raise ServiceError(_l("Write at most %(max)d characters.", max=SYNONYMS_MAX), field=f"synonyms_{locale}")
        values[f"synonyms_{locale}"] = synonyms
    if not values["label_pl"]:
        raise ServiceError(_l("Enter the name in Polish."), field="label_pl")
    return values


def _parent(parent_id, term: TaxonomyTerm | None = None) -> TaxonomyTerm | None:
    """The chosen parent: none, or a top category other than the term itself."""
    if parent_id in (None, "", 0, "0"):
        return None
    parent_id = parse_id(parent_id)
    if parent_id is None:
        raise ServiceError(_l("Choose a category from the list."), field="parent_id")
    parent = db.session.execute(select(TaxonomyTerm).where(TaxonomyTerm.id == parent_id)).scalar_one_or_none()
    if parent is None or parent.parent_id is not None or (term is not None and parent.id == term.id):
        raise ServiceError(_l("Choose a category from the list."), field="parent_id")
    if term is not None and term.children:
        raise ServiceError(_l("This category has sub-categories, so it stays a top category."), field="parent_id")
    return parent


def _siblings(parent_id: int | None) -> list[TaxonomyTerm]:
    query = select(TaxonomyTerm).where(
        TaxonomyTerm.parent_id.is_(None) if parent_id is None else TaxonomyTerm.parent_id == parent_id)
    return list(db.session.execute(query.order_by(TaxonomyTerm.position, TaxonomyTerm.id)).scalars())


def create_term(data: dict, *, actor) -> TaxonomyTerm:
    """Add a category (top or sub-category) with a unique code."""
    code = (data.get("code") or "").strip().lower()
    if not code:
        raise ServiceError(_l("Enter a code."), field="code")
    if len(code) > CODE_MAX or not CODE.fullmatch(code):
        raise ServiceError(_l("Use lower-case letters, digits, and . - _ between them, at most %(max)d characters "
                              "(for example crisis.shelter).", max=CODE_MAX), field="code")
    if db.session.execute(select(TaxonomyTerm.id).where(func.lower(TaxonomyTerm.code) == code)).first():
        raise ServiceError(_l("Another category already has this code."), field="code")
    texts = _texts(data)
    parent = _parent(data.get("parent_id"))
    siblings = _siblings(parent.id if parent else None)
    position = data.get("position")
    if position is None or position == "":
        position = (max((s.position for s in siblings), default=-1) + 1)
    elif not isinstance(position, int) or not 0 <= position <= 10_000:
        raise ServiceError(_l("Enter a whole number from 0 to 10000."), field="position")
    term = TaxonomyTerm(code=code, parent=parent, position=position, is_crisis=bool(data.get("is_crisis")), **texts)
    db.session.add(term)
    db.session.flush()
    record_event("taxonomy_term.created", actor=actor, target=term, details={"term": code})
    return term


def update_term(term: TaxonomyTerm, data: dict, *, actor) -> list[str]:
    """Change names, synonyms, the crisis flag or the parent; rebuild search text when words changed."""
    values = _texts(data)
    parent = _parent(data.get("parent_id"), term)
    values["is_crisis"] = bool(data.get("is_crisis"))
    changed = [name for name, value in values.items() if getattr(term, name) != value]
    for name in changed:
        setattr(term, name, values[name])
    if (parent.id if parent else None) != term.parent_id:
        term.parent = parent
        term.position = max((s.position for s in _siblings(parent.id if parent else None)), default=-1) + 1
        changed.append("parent_id")
    if not changed:
        return []
    db.session.flush()
    refreshed = 0
    if set(changed) & {*TEXT_FIELDS, "parent_id"}:
        refreshed = refresh_services_in(term)
    record_event("taxonomy_term.updated", actor=actor, target=term,
                 details={"term": term.code, "fields": changed, "services_refreshed": refreshed})
    return changed


def refresh_services_in(term: TaxonomyTerm) -> int:
    """Rebuild the search text of every service in the category or its sub-categories (all organisations)."""
    term_ids = [term.id, *db.session.execute(
        select(TaxonomyTerm.id).where(TaxonomyTerm.parent_id == term.id)).scalars()]
    with department_scope():
        services = db.session.execute(
            select(Service).where(Service.id.in_(
                select(ServiceTaxonomy.service_id).where(ServiceTaxonomy.taxonomy_term_id.in_(term_ids))))
            .options(selectinload(Service.taxonomy_links), selectinload(Service.search_words))
        ).unique().scalars().all()
        for service in services:
            refresh_search_text(service)
        db.session.flush()
    return len(services)


def move_term(term: TaxonomyTerm, direction: str, *, actor) -> None:
    """Move a category one place up or down among its siblings."""
    if direction not in ("up", "down"):
        raise ServiceError(_l("Choose up or down."))
    siblings = _siblings(term.parent_id)
    index = next(i for i, sibling in enumerate(siblings) if sibling.id == term.id)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        raise ServiceError(_l("This category is already first.") if direction == "up"
                           else _l("This category is already last."))
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    record_event("taxonomy_term.moved", actor=actor, target=term, details={"term": term.code, "direction": direction})
    db.session.flush()


def services_using(term: TaxonomyTerm) -> tuple[int, list[str]]:
    """How many services use the category, and the names of the first few."""
    with department_scope():
        query = select(Service.name_pl).where(Service.id.in_(
            select(ServiceTaxonomy.service_id).where(ServiceTaxonomy.taxonomy_term_id == term.id)))
        names = list(db.session.execute(query.order_by(Service.name_pl).limit(SHOWN_USERS)).scalars())
        total = db.session.execute(
            select(func.count()).select_from(ServiceTaxonomy).where(ServiceTaxonomy.taxonomy_term_id == term.id)
        ).scalar_one()
    return total, names


def delete_term(term: TaxonomyTerm, *, actor) -> None:
    """Remove a category no service uses and that has no sub-categories; say why not otherwise."""
    if term.children:
        raise ServiceError(_l("This category has sub-categories. Delete them or move them elsewhere first."))
    total, names = services_using(term)
    if total:
        raise ServiceError(lazy_ngettext(
            "%(num)d service uses this category (%(names)s). Give it another category first.",
            "%(num)d services use this category (%(names)s). Give them another category first.",
            total, names=", ".join(names) + (", …" if total > len(names) else "")))
    record_event("taxonomy_term.deleted", actor=actor, target=term, details={"term": term.code})
    db.session.delete(term)
    db.session.flush()
