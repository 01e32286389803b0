"""Open data of the city's funding: grants as 360Giving 1.4 and the contracting processes as an OCDS 1.1 release
package, streamed."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("open_data_funding", __name__, url_prefix="/open-data")
