"""Fixtures for the unit tests: a request context in English for direct service calls.

Unit tests make no client requests, so holding a context for the whole test is safe here.
"""

from __future__ import annotations

import pytest
from flask_babel import force_locale


@pytest.fixture
def ctx(app):
    """An app and request context, in English, for calling services and rendering directly."""
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "192.0.2.10"}), force_locale("en"):
        yield app
