"""residents' feedback gets its own name

"Report" and "offer" are about to mean outcome reports and grant offers, so residents'
"report a mistake" rows move from ``listing_report`` to ``feedback`` (the same columns,
indexes and keys under the new name). The rows are copied, ids kept.

Revision ID: 0006_feedback
Revises: 0005_contact
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_feedback'
down_revision = '0005_contact'
branch_labels = None
depends_on = None

COLUMNS = ("id, kind, object_id, message, reporter_email, locale, status, handled_by_id, handled_at, "
           "response_note, organisation_id, created_at, updated_at")


def _create(name: str, kind_enum: str, status_enum: str) -> None:
    op.create_table(name,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('service', 'location', 'event', 'volunteering', name=kind_enum,
                                  native_enum=False, length=32), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('reporter_email', sa.String(length=254), nullable=True),
        sa.Column('locale', sa.String(length=5), nullable=False),
        sa.Column('status', sa.Enum('new', 'resolved', 'dismissed', name=status_enum, native_enum=False, length=32),
                  nullable=False),
        sa.Column('handled_by_id', sa.Integer(), nullable=True),
        sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('response_note', sa.Text(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['handled_by_id'], ['user_account.id'],
                                name=op.f(f'fk_{name}_handled_by_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f(f'fk_{name}_organisation_id_organisation'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}'))
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f(f'ix_{name}_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f(f'ix_{name}_status'), ['status'], unique=False)


def _move(source: str, target: str) -> None:
    op.execute(f"INSERT INTO {target} ({COLUMNS}) SELECT {COLUMNS} FROM {source}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"SELECT setval(pg_get_serial_sequence('{target}', 'id'), "
                   f"COALESCE((SELECT MAX(id) FROM {target}), 0) + 1, false)")
    with op.batch_alter_table(source, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f(f'ix_{source}_status'))
        batch_op.drop_index(batch_op.f(f'ix_{source}_organisation_id'))
        batch_op.drop_index(batch_op.f(f'ix_{source}_object_id'))
    op.drop_table(source)


def upgrade():
    _create('feedback', 'feedback_listing_kind', 'feedback_status')
    _move('listing_report', 'feedback')


def downgrade():
    _create('listing_report', 'report_listing_kind', 'report_status')
    _move('feedback', 'listing_report')
