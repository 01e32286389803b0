"""A worker that serves pages does not import what only a few pages or the command line need (issue 13 §3).

Each of these would add to every gunicorn worker's memory (docs/PERFORMANCE.md): they are imported inside the
functions that use them. Checked in a fresh interpreter, since the test session has imported them all.
"""

import json
import subprocess
import sys

import config as settings

LAZY = ("zxcvbn", "cryptography", "flask_migrate", "alembic", "icalendar", "segno", "weasyprint", "openpyxl",
        "rapidfuzz", "simplemma", "schemathesis")

PROBE = """
import json, sys
from app import create_app
create_app("testing")
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_building_the_app_imports_none_of_the_lazy_libraries():
    """``create_app`` leaves WeasyPrint, openpyxl, zxcvbn, cryptography, Alembic, icalendar, segno… unimported."""
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True,  # noqa: S603
                          timeout=120, check=True)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert loaded.isdisjoint(LAZY), sorted(loaded & set(LAZY))
    assert "flask" in loaded  # the probe did build the app
