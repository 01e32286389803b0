"""Flask-Migrate (``flask db``, ``app.extensions["migrate"]``), imported when something first asks for it.

Flask-Migrate imports Alembic, and Alembic Mako and Pygments: some 11 MB and 150 modules that a worker serving pages
never uses (issue 13 §3, docs/PERFORMANCE.md). ``register`` puts two stand-ins in their places: the ``db`` command
group, which hands the command line to Flask-Migrate's own group as soon as it is invoked, listed or completed, and
the ``migrate`` extension, which binds the real Flask-Migrate on its first attribute read (``migrations/env.py``,
``flask_migrate.upgrade()`` in the tests and benches, ``flask doctor``). Both then behave exactly as
``Migrate(app, db, directory=…, compare_type=True, render_as_batch=True)`` made at start-up did.
"""

from __future__ import annotations

import click
from flask import Flask

import config as settings

HELP = "Perform database migrations."  # Flask-Migrate's own help of its group


def _bind(app: Flask):
    """The real Flask-Migrate bound to ``app`` (it replaces both stand-ins); its ``_MigrateConfig``."""
    from flask_migrate import Migrate

    from app.extensions import db

    Migrate().init_app(app, db, directory=str(settings.BASE_DIR / "migrations"), compare_type=True,
                       render_as_batch=True)
    return app.extensions["migrate"]


class _Extension:
    """``app.extensions["migrate"]`` until first used: any attribute binds Flask-Migrate and reads its own."""

    def __init__(self, app: Flask):
        self._app = app

    def __getattr__(self, name: str):
        real = self._app.extensions.get("migrate")
        if real is self or real is None:
            real = _bind(self._app)
        return getattr(real, name)


class _Commands(click.Group):
    """``flask db``: Flask-Migrate's group, imported when the command is invoked, listed in its help or completed."""

    @staticmethod
    def _real() -> click.Group:
        from flask_migrate.cli import db as group

        return group

    def make_context(self, info_name, args, parent=None, **extra):
        """Flask-Migrate's own context: its options (``-d``, ``-x``), callback and commands."""
        return self._real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx):
        """Flask-Migrate's commands."""
        return self._real().list_commands(ctx)

    def get_command(self, ctx, cmd_name):
        """One of Flask-Migrate's commands."""
        return self._real().get_command(ctx, cmd_name)


def register(app: Flask) -> None:
    """``flask db`` and ``app.extensions["migrate"]``, without importing Flask-Migrate yet."""
    app.extensions["migrate"] = _Extension(app)
    app.cli.add_command(_Commands(name="db", help=HELP))
