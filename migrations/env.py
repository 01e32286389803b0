"""Alembic environment: runs inside the Flask app, against the app's own engine — or, on PostgreSQL with
DATABASE_OWNER_URL set, as the tables' owner, granting the app's own role its rights afterwards (app/row_security.py).
"""

import logging

from alembic import context
from flask import current_app
from sqlalchemy import create_engine, make_url

from app import row_security

config = context.config
logger = logging.getLogger("alembic.env")
target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def get_metadata():
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Write the UTC column type as the plain timezone-aware DateTime it stores."""
    from app.models.base import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline():
    """Emit SQL to the script output instead of running it."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=get_metadata(),
                      literal_binds=True, render_item=render_item)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations on a live connection."""

    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    owner_url = current_app.config.get("DATABASE_OWNER_URL")
    engine = create_engine(owner_url) if owner_url else target_db.engine
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=get_metadata(), render_item=render_item,
                              **conf_args)
            with context.begin_transaction():
                if connection.dialect.name == "postgresql":
                    # a migration that moves rows sees every row, as the role it connected as (never a scope's role:
                    # the tables are its to change)
                    row_security.set_system_scope(connection)
                context.run_migrations()
            application_role = target_db.engine.url.username
            if owner_url and connection.dialect.name == "postgresql" and application_role \
                    and application_role != make_url(owner_url).username:
                with connection.begin():
                    missing = row_security.grant_application_role(connection, application_role)
                if missing:
                    logger.warning("%s is not a member of %s, and the owner may not make it one: the public and the "
                                   "department's pages on PostgreSQL are read slower until a database administrator "
                                   "runs GRANT %s TO %s (docs/DEPLOYMENT.md, section 3)", application_role,
                                   ", ".join(missing), ", ".join(missing), application_role)
    finally:
        if owner_url:
            engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
