"""Agreements in the web: the department's console (``console.py``) and the organisation's workspace
(``workspace.py``); the terms of an agreement are drawn by one partial (``templates/agreements/_terms.html``)."""
