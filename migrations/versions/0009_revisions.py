"""changes waiting for the department become revisions of a general workflow

``change_request`` becomes ``revision``: the kind of record is any registered name (not only
the four listing kinds), each record's revisions are numbered 1, 2, 3…, and a revision may be
returned with comments for correction. Rows are copied with their ids; numbers follow the
order in which each record's revisions were made.

Revision ID: 0009_revisions
Revises: 0008_confidential_address
Create Date: 2026-11-30 11:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_revisions'
down_revision = '0008_confidential_address'
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")
COMMON = ("id, kind, object_id, action, before, proposed, status, submitted_by_id, decided_by_id, decided_at, "
          "decision_note, organisation_id, created_at, updated_at")


def upgrade():
    op.create_table('revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('action', sa.Enum('create', 'update', 'delete', name='change_action', native_enum=False,
                                    length=32), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('proposed', sa.JSON(), nullable=False),
        sa.Column('status', sa.Enum('pending', 'approved', 'rejected', 'returned', 'withdrawn',
                                    name='revision_status', native_enum=False, length=32), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_note', sa.Text(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_revision_decided_by_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_revision_organisation_id_organisation'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'],
                                name=op.f('fk_revision_submitted_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_revision'))
    )
    op.execute(f"INSERT INTO revision ({COMMON}, number) SELECT {COMMON}, ROW_NUMBER() OVER ("
               "PARTITION BY organisation_id, kind, COALESCE(object_id, -id) ORDER BY id) FROM change_request")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('revision', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM revision), 0) + 1, false)")
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_status'), ['status'], unique=False)
        batch_op.create_index('ix_revision_record', ['organisation_id', 'kind', 'object_id', 'number'], unique=False)
    op.create_index('uq_revision_pending', 'revision', ['organisation_id', 'kind', 'object_id'], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)
    op.drop_index('uq_change_request_pending', table_name='change_request')
    with op.batch_alter_table('change_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_request_status'))
        batch_op.drop_index(batch_op.f('ix_change_request_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_change_request_object_id'))
    op.drop_table('change_request')


def downgrade():
    op.create_table('change_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('service', 'location', 'event', 'volunteering', name='listing_kind',
                                  native_enum=False, length=32), nullable=False),
        sa.Column('action', sa.Enum('create', 'update', 'delete', name='change_action', native_enum=False,
                                    length=32), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('proposed', sa.JSON(), nullable=False),
        sa.Column('status', sa.Enum('pending', 'approved', 'rejected', 'withdrawn', name='change_status',
                                    native_enum=False, length=32), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_note', sa.Text(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_change_request_decided_by_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_change_request_organisation_id_organisation'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'],
                                name=op.f('fk_change_request_submitted_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_change_request'))
    )
    # returned revisions and kinds other than the listings' did not exist before: they are not kept
    op.execute(f"INSERT INTO change_request ({COMMON}) SELECT {COMMON} FROM revision "
               "WHERE status <> 'returned' AND kind IN ('service', 'location', 'event', 'volunteering')")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('change_request', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM change_request), 0) + 1, false)")
    with op.batch_alter_table('change_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_request_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_request_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_request_status'), ['status'], unique=False)
    op.create_index('uq_change_request_pending', 'change_request', ['organisation_id', 'kind', 'object_id'],
                    unique=True, sqlite_where=PENDING, postgresql_where=PENDING)
    op.drop_index('uq_revision_pending', table_name='revision')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index('ix_revision_record')
        batch_op.drop_index(batch_op.f('ix_revision_status'))
        batch_op.drop_index(batch_op.f('ix_revision_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_revision_object_id'))
    op.drop_table('revision')
