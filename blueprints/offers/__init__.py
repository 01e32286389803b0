"""Offers in open calls, the organisation's side: drafting, submitting, withdrawing, correcting, the updated
budget within an award, attachments, joint applicants, printing."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("offers", __name__, url_prefix="/workspace", template_folder="templates")

from blueprints.offers import files, partners, routes  # noqa: E402  (the routes attach themselves to bp)

__all__ = ["bp", "files", "partners", "routes"]
