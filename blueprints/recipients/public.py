"""The public "who received what" page: every signed agreement by year, programme and organisation, with totals
and downloads."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("recipients", __name__, template_folder="templates")
