"""Payments in the department's console: tranches scheduled, approved and paid, returns recorded, monthly
statements approved or returned."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("payments_console", __name__, url_prefix="/console/agreements", template_folder="templates")
