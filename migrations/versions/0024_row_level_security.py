"""row-level security: every tenant-owned table under policies that follow the tenant scope (PostgreSQL only)

Revision ID: 0024_row_level_security
Revises: 0023_outgoing_mail
Create Date: 2026-12-01 19:00:00.000000

The tables as they are at this revision; a later migration that adds a tenant-owned table puts it under the
policies itself (tests/security/test_row_security.py checks that every one is).
"""
from alembic import op

from app.row_security import drop_statements, policy_statements, scope_role_statements

# revision identifiers, used by Alembic.
revision = '0024_row_level_security'
down_revision = '0023_outgoing_mail'
branch_labels = None
depends_on = None

TENANT_TABLES = [
    'agenda_item', 'agreement', 'agreement_document', 'agreement_funding', 'agreement_party', 'agreement_service',
    'agreement_target', 'amendment', 'assignment', 'award', 'budget_line', 'call', 'call_criterion', 'call_version',
    'capacity_unit', 'city_indicator', 'closure', 'commission_member', 'confidential_address', 'event', 'feedback',
    'indicator_value', 'invitation', 'location', 'meeting', 'meeting_action', 'meeting_invitation', 'membership',
    'message_delivery', 'network', 'network_member', 'network_message', 'occupancy_day', 'occupancy_update', 'offer',
    'offer_activity', 'offer_attachment', 'offer_comment', 'offer_cost', 'offer_partner', 'offer_result', 'phone',
    'programme', 'referral', 'refund', 'report', 'report_attachment', 'report_due', 'report_figure',
    'report_version', 'revision', 'schedule', 'score', 'search_word', 'service', 'service_area',
    'service_at_location', 'service_taxonomy', 'statement', 'tranche', 'volunteer_opportunity',
]
PUBLIC_READ = {
    'agreement', 'agreement_funding', 'agreement_party', 'amendment', 'award', 'call', 'call_criterion',
    'call_version', 'capacity_unit', 'city_indicator', 'closure', 'event', 'indicator_value', 'location', 'offer',
    'offer_activity', 'offer_cost', 'offer_partner', 'offer_result', 'phone', 'programme', 'refund', 'report_figure',
    'schedule', 'search_word', 'service', 'service_area', 'service_at_location', 'service_taxonomy', 'tranche',
    'volunteer_opportunity',
}
PUBLIC_INSERT = {'feedback', 'offer_comment'}
DEPARTMENT_ONLY = ['audit_event', 'search_query_week']


def _statements():
    for table in TENANT_TABLES:
        yield from policy_statements(table, public_read=table in PUBLIC_READ, public_insert=table in PUBLIC_INSERT)
    for table in DEPARTMENT_ONLY:
        yield from policy_statements(table, department_only=True, append_only=table == 'audit_event')


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return  # SQLite has no row-level security: the ORM's scope alone (app/tenancy.py)
    for statement in [*scope_role_statements(), *_statements()]:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in [*TENANT_TABLES, *DEPARTMENT_ONLY]:
        for statement in drop_statements(table):
            op.execute(statement)
