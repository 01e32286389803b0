"""``/readyz`` reads the migrations' head without Alembic (app/readiness.py): it must find what Alembic finds."""

from alembic.script import ScriptDirectory

import config as settings
from app import readiness


def test_heads_read_without_alembic_are_alembics():
    """The head of migrations/ as ``readiness.migration_heads`` reads it is Alembic's."""
    alembic_heads = frozenset(ScriptDirectory(str(settings.BASE_DIR / "migrations")).get_heads())
    readiness.migration_heads.cache_clear()
    assert readiness.migration_heads() == alembic_heads


def test_a_merge_and_a_branch_are_read_as_alembic_reads_them():
    """A merge follows two revisions; a script with no ``down_revision`` starts a branch."""
    assert readiness._revision_links("revision = 'c'\ndown_revision = ('a', 'b')\n") == ("c", ("a", "b"))
    assert readiness._revision_links("revision: str = 'a'\ndown_revision: str | None = None\n") == ("a", ())
    assert readiness._revision_links('"""doc"""\nrevision = "b"\ndown_revision = "a"\n') == ("b", ("a",))
