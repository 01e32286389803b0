"""Agreements in the web: the department's console (``console.py``), the organisation's workspace
(``workspace.py``) and the printable agreement (``document.py``, both audiences). The terms of an agreement are
drawn by one partial (``templates/agreements/_terms.html``); its pages — the agreement, payments
(blueprints/payments), amendments (blueprints/amendments) and the document — are linked by ``_tabs.html``."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

# The pages of one agreement per audience, in order: (endpoint, label).
TABS = {
    "console": (("agreements_console.detail", _l("Agreement")), ("payments_console.payments", _l("Payments")),
                ("amendments_console.amendments", _l("Amendments")),
                ("reports_console.agreement_reports", _l("Reports")),
                ("agreement_document.console_document", _l("Document"))),
    "workspace": (("agreements_workspace.detail", _l("Agreement")), ("payments_workspace.payments", _l("Payments")),
                  ("amendments_workspace.amendments", _l("Amendments")),
                  ("reports_workspace.agreement_reports", _l("Reports")),
                  ("agreement_document.workspace_document", _l("Document"))),
}


def agreement_tabs(audience: str) -> list[tuple[str, object]]:
    """The tabs of an agreement's pages for ``audience`` ("console" or "workspace"), each a page that exists."""
    return [(endpoint, label) for endpoint, label in TABS[audience] if endpoint in current_app.view_functions]
