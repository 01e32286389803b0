"""The console's and the workspace's menus: each feature registers its own entries.

A blueprint module calls ``menu_entry("workspace", "listings.index", _l("Services and locations"),
permission=Permission.LISTINGS_VIEW, order=30, current=("listings.",))`` when it is imported;
the menu templates list ``menu("workspace")``: the entries the actor's permissions allow, in
order, the one for the page shown marked current. No template names another blueprint's pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request

from app.permissions import Permission, can

AREAS = ("console", "workspace")


@dataclass(frozen=True)
class MenuEntry:
    """One link of a menu: where it goes, what it says, who sees it, which pages it stands for."""

    endpoint: str
    label: object  # a lazy string, translated when shown
    permission: Permission | None
    order: int
    current: tuple[str, ...]  # endpoints; "listings." names a whole blueprint, "console.user*" a prefix

    def is_current(self, endpoint: str | None) -> bool:
        if not endpoint:
            return False
        return any(endpoint.startswith(name.rstrip("*")) if name.endswith((".", "*")) else endpoint == name
                   for name in self.current)


_menus: dict[str, dict[str, MenuEntry]] = {area: {} for area in AREAS}


def menu_entry(area: str, endpoint: str, label, *, permission: Permission | None = None, order: int = 100,
               current: tuple[str, ...] = ()) -> None:
    """Add (or replace) the entry for ``endpoint`` in the ``area`` menu."""
    if area not in _menus:
        raise ValueError(f"no menu called {area!r}")
    _menus[area][endpoint] = MenuEntry(endpoint, label, permission, order, current or (endpoint,))


def menu(area: str) -> list[MenuEntry]:
    """The entries of ``area`` the current actor may open, in order."""
    return sorted((entry for entry in _menus[area].values() if entry.permission is None or can(entry.permission)),
                  key=lambda entry: (entry.order, entry.endpoint))


def current_entry(area: str) -> MenuEntry | None:
    """The entry standing for the page shown, if any."""
    return next((entry for entry in menu(area) if entry.is_current(request.endpoint)), None)


def register(app: Flask) -> None:
    """Let the templates draw the menus."""
    app.jinja_env.globals.update(menu=menu)
