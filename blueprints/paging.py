"""Paging of list pages, safe against any page number in the URL."""

from __future__ import annotations

from flask import request

from app.extensions import db

MAX_PAGE = 10_000


def page_number(name: str = "page") -> int:
    """The ``page`` (or ``name``) query parameter, clamped to 1…MAX_PAGE (junk means 1)."""
    page = request.args.get(name, 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)


def paginate(query, per_page: int = 25):
    """One page of ``query``; a page past the end shows as empty, never as an error."""
    return db.paginate(query, page=page_number(), per_page=per_page, error_out=False, count=True)
