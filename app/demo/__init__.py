"""The demo city: content in app/demo/data/ (JSON), loaded by ``flask demo load``.

``content`` reads the data files; ``loader`` makes the organisations and people and loads
the rest (``load_demo``); ``listings`` the districts, services and one change waiting for
moderation; ``activities`` the events and volunteering opportunities. The category tree is
the city's reference data (app/data/taxonomy.json), loaded by the same function as
``flask taxonomy load``.
"""

from app.demo.loader import DEFAULT_DEMO_PASSWORD, DEMO_TOTP_SECRETS, department, load_demo

__all__ = ["DEFAULT_DEMO_PASSWORD", "DEMO_TOTP_SECRETS", "department", "load_demo"]
