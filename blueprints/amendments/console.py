"""Amendments in the department's console: propose one, approve or reject the organisation's, read every version."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("amendments_console", __name__, url_prefix="/console/agreements", template_folder="templates")
