"""uniqueness that matters lives in the database

Names per organisation (services, locations), the registry's names and numbers, one event
per title and start, one waiting change per listing and one open invitation per address
become unique indexes, so two quick clicks or two officers at once cannot make two rows
where the portal's own checks allow one. Indexes, not table constraints: SQLite adds them
without rebuilding the tables.

Revision ID: 0007_uniqueness
Revises: 0006_feedback
Create Date: 2026-11-30 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_uniqueness'
down_revision = '0006_feedback'
branch_labels = None
depends_on = None

OPEN_INVITATION = sa.text("accepted_at IS NULL AND revoked_at IS NULL")
PENDING = sa.text("status = 'pending'")


def upgrade():
    op.create_index('uq_organisation_name', 'organisation', ['name'], unique=True)
    op.create_index('uq_organisation_krs', 'organisation', ['krs'], unique=True)
    op.create_index('uq_organisation_nip', 'organisation', ['nip'], unique=True)
    op.create_index('uq_organisation_regon', 'organisation', ['regon'], unique=True)
    op.create_index('uq_invitation_open', 'invitation', ['organisation_id', 'email'], unique=True,
                    sqlite_where=OPEN_INVITATION, postgresql_where=OPEN_INVITATION)
    op.create_index('uq_service_name', 'service', ['organisation_id', 'name_pl'], unique=True)
    op.create_index('uq_location_name', 'location', ['organisation_id', 'name'], unique=True)
    op.create_index('uq_event_title_start', 'event', ['organisation_id', 'title_pl', 'starts_at'], unique=True)
    op.create_index('uq_change_request_pending', 'change_request', ['organisation_id', 'kind', 'object_id'],
                    unique=True, sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade():
    op.drop_index('uq_change_request_pending', table_name='change_request')
    op.drop_index('uq_event_title_start', table_name='event')
    op.drop_index('uq_location_name', table_name='location')
    op.drop_index('uq_service_name', table_name='service')
    op.drop_index('uq_invitation_open', table_name='invitation')
    op.drop_index('uq_organisation_regon', table_name='organisation')
    op.drop_index('uq_organisation_nip', table_name='organisation')
    op.drop_index('uq_organisation_krs', table_name='organisation')
    op.drop_index('uq_organisation_name', table_name='organisation')
