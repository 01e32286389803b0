"""The HSDS 3.0 object schemas bundled into one JSON file, so the API's OpenAPI document carries them itself.

The published per-object files refer to each other by file name (``"$ref": "phone.json"``) and the published
OpenAPI file points at a remote host; the served document must resolve with no network. ``bundle`` reads the
per-object files (the copies in ``../shared/schemas/hsds-3.0``) and rewrites each reference to
``#/components/schemas/<name>``; the result is kept in ``blueprints/open_data/hsds-3.0-schemas.json``.

Regenerate it after the shared schemas change (a test compares the two)::

    python -m app.services.open_data.hsds_bundle ../shared/schemas/hsds-3.0 > blueprints/open_data/hsds-3.0-schemas.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COMPONENTS = "#/components/schemas/"


def _rewrite(node):
    """A copy of ``node`` with every file-name reference turned into a components reference."""
    if isinstance(node, dict):
        copy = {key: _rewrite(value) for key, value in node.items()}
        ref = copy.get("$ref")
        if isinstance(ref, str) and ref.endswith(".json") and "/" not in ref:
            copy["$ref"] = COMPONENTS + ref.removesuffix(".json")
        return copy
    if isinstance(node, list):
        return [_rewrite(value) for value in node]
    return node


def bundle(folder: Path) -> dict[str, dict]:
    """Every HSDS object schema in ``folder`` by name (``service``, ``phone`` …), references made local."""
    return {path.stem: _rewrite(json.loads(path.read_text()))
            for path in sorted(folder.glob("*.json")) if path.name != "openapi.json"}


if __name__ == "__main__":
    json.dump(bundle(Path(sys.argv[1])), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")
