"""The data versions of what the public pages kept by the page cache show (``app.page_cache``).

``alerts`` (watched here): the department's home-page alerts — an urgent one must be on the home page at once.
``taxonomy`` and ``directory`` (``app.services.directory.versions``): the categories (the home page's tiles, every
search's category list) and what a search result shows of a service. Each is raised by the transaction that
changes one of its rows (``app.data_versions``); the page cache reads the three in one statement at most once a
second per worker and drops its pages when one moved.
"""

from __future__ import annotations

from app import data_versions
from app.models import Alert
from app.services.directory.versions import DIRECTORY, TAXONOMY

ALERTS = "alerts"
LISTINGS = DIRECTORY  # the directory's version (``app.services.directory.versions``) covers every listing's part
FOLLOWED = (ALERTS, TAXONOMY, LISTINGS)

data_versions.watch(ALERTS, Alert)
