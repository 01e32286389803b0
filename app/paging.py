"""What a pager needs of any page of a list: the neighbours of ``page`` among ``pages`` (the pager macro's names)."""

from __future__ import annotations


class PageNavigation:
    """Mixed into a page of results that has ``page`` (from 1) and ``pages``: previous and next, if any."""

    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
