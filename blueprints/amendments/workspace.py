"""Amendments in the organisation's workspace: its admin proposes one, approves or rejects the department's."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("amendments_workspace", __name__, url_prefix="/workspace/agreements", template_folder="templates")
