"""An organisation's agreements in its workspace: read them, accept one (its admin) or send it back."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("agreements_workspace", __name__, url_prefix="/workspace/agreements", template_folder="templates")
