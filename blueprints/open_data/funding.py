"""Open data of the city's funding: grants as 360Giving 1.4 and the contracting processes as an OCDS 1.1 release
package, streamed.

The body is produced while it is sent, a batch of agreements at a time, in an application context of its
own: ``stream_with_context`` would keep the request's context pushed until the body is read, and a
client that reads only the start — the test client reads the first piece with the headers — would leave
it behind. Everything the body needs from the request (the addresses, the settings) is taken before the
stream starts, and its first piece (the package's metadata) needs no database, so nothing is held until
the rest is asked for."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from flask import Blueprint, Response, current_app, url_for
from flask_babel import gettext as _

from app.permissions import public
from app.services.open_data import grants360, ocds
from app.services.open_data.public_agreements import Publisher

bp = Blueprint("open_data_funding", __name__, url_prefix="/open-data")


def _publisher(endpoint: str) -> Publisher:
    return Publisher.from_config(current_app.config, home_url=url_for("public.home", _external=True),
                                 package_url=url_for(endpoint, _external=True))


def _json_stream(produce: Callable[[Publisher], Iterator[str]], publisher: Publisher) -> Response:
    app = current_app._get_current_object()

    def body() -> Iterator[str]:
        pieces = produce(publisher)
        yield next(pieces)  # the metadata, before any context is taken
        with app.app_context():
            yield from pieces

    return Response(body(), mimetype="application/json")


def _nothing_yet(message: str) -> Response:
    """404 in JSON: both standards forbid an empty package, so none is served before there is something in it."""
    return Response(json.dumps({"error": message}, ensure_ascii=False), status=404, mimetype="application/json")


@bp.get("/360giving.json")
@public
def grants_360giving():
    """Anyone: every signed grant agreement as a 360Giving 1.4 package (streamed); before the first grant agreement
    is signed, a 404 that says so (the standard allows no empty package). Reads only."""
    if not grants360.has_grants():
        return _nothing_yet(_("No grant agreement has been signed yet: this file appears with the first one."))
    return _json_stream(grants360.stream_package, _publisher("open_data_funding.grants_360giving"))


@bp.get("/ocds.json")
@public
def ocds_release_package():
    """Anyone: the calls with published results and the signed agreements as an OCDS 1.1 release package
    (streamed); before the first results or agreement, a 404 that says so (the standard allows no empty package).
    Reads only."""
    if not ocds.has_releases():
        return _nothing_yet(_("No call has published results and no agreement has been signed yet: this file "
                              "appears with the first one."))
    return _json_stream(ocds.stream_package, _publisher("open_data_funding.ocds_release_package"))
