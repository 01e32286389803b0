"""Schema-driven fuzzing of the HSDS API with schemathesis: requests generated from the served OpenAPI document,
valid (positive) and invalid (negative) ones, sent to the app in-process (WSGI) over a seeded directory.

Every answer must be documented and match its schema, and none may be a server error (DESIGN.md: bad input never
gives a 500). Bounded: ``EXAMPLES`` cases per operation and mode, without a deadline per case, well under a minute
in all. schemathesis is a test dependency (requirements-dev.txt): without it this module fails, never skips.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.functional.test_directory import listings  # noqa: F401 - the fixture

EXAMPLES = int(os.environ.get("HSDS_FUZZ_EXAMPLES", "25"))  # more for a deeper run by hand
RANDOM = os.environ.get("HSDS_FUZZ_RANDOM") == "1"  # new inputs each run (by default the same ones, for CI)


# An invalid request must get one of the API's documented refusals (a long invalid value may make the URL too long).
CONFIG = {"checks": {"negative_data_rejection": {"expected-statuses": ["400", "404", "414"]}}}


def _operations(app):
    config = schemathesis.config.SchemathesisConfig.from_dict(CONFIG)
    schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", app, config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11  # every path but the document itself, which schemathesis leaves out
    return operations


def _published_ids(app) -> dict[str, str]:
    """An id each detail endpoint publishes, so generated requests reach its 200 answer as well as its 404."""
    client = app.test_client()
    ids = {}
    for listing in ("services", "taxonomies", "taxonomy_terms", "organizations", "service_at_locations"):
        [first, *_] = client.get(f"/api/hsds/{listing}").get_json()["contents"]
        ids[f"/{listing}/{{id}}"] = first["id"]
    return ids


def _fuzz(operation, mode: GenerationMode, seen: list, path_parameters: dict | None = None) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call_and_validate()
        seen.append((case.path, response.status_code))

    run()


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda mode: mode.value)
def test_the_api_answers_every_generated_request_as_documented(app, listings, mode):  # noqa: F811
    from app.extensions import limiter

    app.config["API_RATE_LIMIT"] = "100000 per minute"  # 429 has its own test: here every case reaches the API
    limiter.reset()
    seen = []
    published = _published_ids(app)
    operations = [operation for operation in _operations(app)  # the root takes nothing that could be made invalid
                  if mode is GenerationMode.POSITIVE or list(operation.iter_parameters())]
    try:
        for operation in operations:
            _fuzz(operation, mode, seen)
            if operation.path in published:
                _fuzz(operation, mode, seen, {"id": published[operation.path]})
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"
        limiter.reset()
    statuses = {status for _, status in seen}
    assert statuses >= ({200, 404} if mode is GenerationMode.POSITIVE else {400, 404}), statuses
    assert {path for path, _ in seen} == {operation.path for operation in operations}
