"""Payments in the organisation's workspace: what was paid and is due, and the monthly statements its coordinator
prepares and its admin submits."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("payments_workspace", __name__, url_prefix="/workspace/agreements", template_folder="templates")
