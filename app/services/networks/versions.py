"""The networks' data version: raised by the transaction of every change to a network, its members or an
organisation (whose name, kind, phone and e-mail a network's page shows). A network page's members table is kept
per worker under it (``blueprints/networks/page.py``)."""

from __future__ import annotations

from app import data_versions
from app.models import Network, NetworkMember, Organisation

NETWORKS = "networks"

data_versions.watch(NETWORKS, Network, NetworkMember, Organisation)


def current() -> int:
    """The networks' version as this transaction sees it."""
    return data_versions.current(NETWORKS)
