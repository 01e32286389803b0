"""Agreements in the department's console: the list by programme, organisation, status and year; service
contracts and grant agreements drafted, sent, signed and terminated."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("agreements_console", __name__, url_prefix="/console/agreements", template_folder="templates")


@bp.app_template_global("agreement_tabs")
def _agreement_tabs(audience: str):
    """The tabs of an agreement's pages, for ``agreements/_tabs.html``."""
    from blueprints.agreements import agreement_tabs

    return agreement_tabs(audience)
