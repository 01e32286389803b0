"""The category tree of the directory, kept by the department.

Two levels: top categories and their sub-categories (search by a top category finds its
sub-categories' services too). Labels and synonyms in pl/uk/en feed every service's search
text, so a change to them rebuilds the search text of the services in the category and in
its sub-categories at once. A code is fixed once created: search links and the HSDS API use
it. A category a service uses cannot be deleted.

The city's reference tree (app/data/taxonomy.json) is loaded by ``load_terms``, from
``flask taxonomy load`` and from the demo: it adds what is missing and never overrides the
department's changes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.models import Service, ServiceTaxonomy, TaxonomyTerm
from app.models.directory import LOCALES
from app.services import ServiceError
from app.services.audit.log import record_event
from app.services.directory.index import refresh_search_text
from app.tenancy import parse_id, require_department_view

CODE = re.compile(r"^[a-z0-9]+(?:[.\-_][a-z0-9]+)*$")
CODE_MAX = 60
LABEL_MAX = 120
SYNONYMS_MAX = 2000
TEXT_FIELDS = tuple(f"{kind}_{locale}" for kind in ("label", "synonyms") for locale in LOCALES)
EDIT_FIELDS = ("parent_id", "is_crisis", *TEXT_FIELDS)
CREATE_FIELDS = ("code", "position", *EDIT_FIELDS)
SHOWN_USERS = 5
REFERENCE_TREE = Path(__file__).resolve().parents[2] / "data" / "taxonomy.json"


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
    """How many services (published or not, of every organisation) are in each category or any category below
    it, each service once (department view); categories no service is in are left out.

    One query: a recursive CTE pairs each category with itself and every descendant, and the
    services linked to any of them are counted per category without duplicates.
    """
    require_department_view()
    below = aliased(TaxonomyTerm)
    subtree = select(TaxonomyTerm.id.label("category_id"), TaxonomyTerm.id.label("term_id")).cte(
        "subtree", recursive=True)
    subtree = subtree.union(  # UNION, not UNION ALL: a loop in the tree ends instead of repeating
        select(subtree.c.category_id, below.id).where(below.parent_id == subtree.c.term_id))
    rows = db.session.execute(
        select(subtree.c.category_id, func.count(ServiceTaxonomy.service_id.distinct()))
        .join(ServiceTaxonomy, ServiceTaxonomy.taxonomy_term_id == subtree.c.term_id)
        .group_by(subtree.c.category_id)
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
    require_department_view()
    term_ids = [term.id, *db.session.execute(
        select(TaxonomyTerm.id).where(TaxonomyTerm.parent_id == term.id)).scalars()]
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
    """How many services use the category, and the names of the first few (department view)."""
    require_department_view()
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


def read_tree(path: str | Path | None = None) -> list[dict]:
    """A category tree from a JSON file (UTF-8); the city's reference tree by default."""
    path = Path(path) if path else REFERENCE_TREE
    try:
        tree = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable JSON file ({error})") from None
    check_tree(tree)
    return tree


def check_tree(tree) -> None:
    """Refuse a tree that the console would refuse: bad or repeated codes, no Polish name, a third level.

    A tree is a list of categories: ``{"code", "is_crisis", "label": {"pl", "uk", "en"},
    "synonyms": {"pl", "uk", "en"}, "children": [...]}`` (only code and the Polish label required).
    """
    seen: set[str] = set()

    def check(spec, depth: int) -> None:
        if not isinstance(spec, dict):
            raise ValueError(f"a category must be an object, not {spec!r}")
        code = spec.get("code")
        if not isinstance(code, str) or len(code) > CODE_MAX or not CODE.fullmatch(code):
            raise ValueError(f"category code {code!r}: use lower-case letters, digits, and . - _ between them")
        if code in seen:
            raise ValueError(f"category code {code!r} appears twice")
        seen.add(code)
        for kind, limit in (("label", LABEL_MAX), ("synonyms", SYNONYMS_MAX)):
            texts = spec.get(kind) or {}
            if not isinstance(texts, dict) or set(texts) - set(LOCALES):
                raise ValueError(f"category {code}: {kind} must be an object with keys {', '.join(LOCALES)}")
            for locale, text in texts.items():
                if text is not None and (not isinstance(text, str) or len(text) > limit):
                    raise ValueError(f"category {code}: {kind}.{locale} must be text of at most {limit} characters")
        if not (spec.get("label") or {}).get("pl"):
            raise ValueError(f"category {code}: the Polish label is missing")
        children = spec.get("children") or []
        if children and depth:
            raise ValueError(f"category {code}: a sub-category cannot have sub-categories")
        if not isinstance(children, list):
            raise ValueError(f"category {code}: children must be a list")
        for child in children:
            check(child, depth + 1)

    if not isinstance(tree, list):
        raise ValueError("the category tree must be a list of categories")
    for spec in tree:
        check(spec, 0)


def load_terms(tree: list[dict], *, actor=None) -> int:
    """Add the categories of ``tree`` that are missing (by code) and fill labels and synonyms that are empty.

    Never deletes, renames, moves or re-flags a category: what the department changed in the
    console stays. A new category goes last among its siblings; a new sub-category goes under
    its parent's top category if the department made the parent a sub-category. Returns how
    many categories were added; writes one audit entry when anything changed.
    """
    check_tree(tree)
    terms = list(db.session.execute(select(TaxonomyTerm)).scalars())
    by_code = {term.code.lower(): term for term in terms}
    by_id = {term.id: term for term in terms}
    last: dict[str | None, int] = {}  # the last position among the siblings, by the parent's code
    for term in terms:
        parent_code = by_id[term.parent_id].code.lower() if term.parent_id in by_id else None
        last[parent_code] = max(last.get(parent_code, -1), term.position)
    added, filled = 0, []

    def texts(spec) -> dict:
        return {f"{kind}_{locale}": (spec.get(kind) or {}).get(locale) for kind in ("label", "synonyms")
                for locale in LOCALES}

    def load(spec: dict, parent: TaxonomyTerm | None) -> None:
        nonlocal added
        term = by_code.get(spec["code"].lower())
        if term is None:
            if parent is not None and parent.parent is not None:
                parent = parent.parent
            parent_code = parent.code.lower() if parent is not None else None
            last[parent_code] = last.get(parent_code, -1) + 1
            term = TaxonomyTerm(code=spec["code"], parent=parent, position=last[parent_code],
                                is_crisis=bool(spec.get("is_crisis", False)), **texts(spec))
            db.session.add(term)
            by_code[term.code.lower()] = term
            added += 1
        else:
            missing = {name: value for name, value in texts(spec).items() if value and not getattr(term, name)}
            for name, value in missing.items():
                setattr(term, name, value)
            if missing:
                filled.append(term)
        for child in spec.get("children") or ():
            load(child, term)

    for spec in tree:
        load(spec, None)
    db.session.flush()
    refreshed = sum(refresh_services_in(term) for term in filled)
    if added or filled:
        record_event("taxonomy_term.loaded", actor=actor, details={
            "added": added, "filled": [term.code for term in filled], "services_refreshed": refreshed})
    return added
