"""Open data of the city's funding: grants as 360Giving 1.4 and the contracting processes as an OCDS 1.1 release
package, streamed.

The body is produced while it is sent, a batch of agreements at a time, in an application context of its
own: ``stream_with_context`` would keep the request's context pushed until the body is read, and a
client that reads only the start — the test client reads the first piece with the headers — would leave
it behind. Everything the body needs from the request (the addresses, the settings) is taken before the
stream starts, and its first piece (the package's metadata) needs no database, so nothing is held until
the rest is asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import Blueprint, Response, current_app, url_for

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


@bp.get("/360giving.json")
@public
def grants_360giving():
    """Anyone: every signed grant agreement as a 360Giving 1.4 package (streamed). Reads only."""
    return _json_stream(grants360.stream_package, _publisher("open_data_funding.grants_360giving"))


@bp.get("/ocds.json")
@public
def ocds_release_package():
    """Anyone: the calls with published results and the signed agreements as an OCDS 1.1 release package
    (streamed). Reads only."""
    return _json_stream(ocds.stream_package, _publisher("open_data_funding.ocds_release_package"))
