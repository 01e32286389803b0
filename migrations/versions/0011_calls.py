"""open calls for offers: the call, its criteria and the versions of its announcement

Revision ID: 0011_calls
Revises: 0010_funding
Create Date: 2026-11-30 09:46:46.858199

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_calls'
down_revision = '0010_funding'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('budget_line_id', sa.Integer(), nullable=False),
    sa.Column('title_pl', sa.String(length=300), nullable=False),
    sa.Column('title_uk', sa.String(length=300), nullable=True),
    sa.Column('title_en', sa.String(length=300), nullable=True),
    sa.Column('task_pl', sa.Text(), nullable=False),
    sa.Column('task_uk', sa.Text(), nullable=True),
    sa.Column('task_en', sa.Text(), nullable=True),
    sa.Column('sphere', sa.Enum('social_assistance', 'family_support', 'health', 'disability', 'addictions', 'domestic_violence', 'seniors', 'children_recreation', 'social_inclusion', 'volunteering', name='public_sphere', native_enum=False, length=32), nullable=False),
    sa.Column('grant_mode', sa.Enum('entrusting', 'support', name='grant_mode', native_enum=False, length=32), nullable=False),
    sa.Column('pool', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('minimum_grant', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('maximum_grant', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('own_share_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('in_kind_counts', sa.Boolean(), nullable=False),
    sa.Column('task_starts_on', sa.Date(), nullable=False),
    sa.Column('task_ends_on', sa.Date(), nullable=False),
    sa.Column('eligible_kinds', sa.String(length=300), nullable=False),
    sa.Column('attachments_pl', sa.Text(), nullable=True),
    sa.Column('attachments_uk', sa.Text(), nullable=True),
    sa.Column('attachments_en', sa.Text(), nullable=True),
    sa.Column('spent_this_year', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('spent_last_year', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decision_by', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'published', 'formal_check', 'evaluation', 'decided', 'annulled', name='call_status', native_enum=False, length=32), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('annulled_reason', sa.Text(), nullable=True),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['budget_line_id'], ['budget_line.id'], name=op.f('fk_call_budget_line_id_budget_line'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['copied_from_id'], ['call.id'], name=op.f('fk_call_copied_from_id_call'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_call_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_call_programme_id_programme'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call'))
    )
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_budget_line_id'), ['budget_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_sphere'), ['sphere'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_status'), ['status'], unique=False)
        batch_op.create_index('uq_call_title', ['organisation_id', 'title_pl'], unique=True)

    op.create_table('call_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('name_pl', sa.String(length=300), nullable=False),
    sa.Column('name_uk', sa.String(length=300), nullable=True),
    sa.Column('name_en', sa.String(length=300), nullable=True),
    sa.Column('max_points', sa.SmallInteger(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_criterion_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_call_criterion_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_criterion'))
    )
    with op.batch_alter_table('call_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_criterion_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_criterion_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('call_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.SmallInteger(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['call.id'], name=op.f('fk_call_version_call_id_call'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_call_version_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_call_version_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_version'))
    )
    with op.batch_alter_table('call_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_version_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_version_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_call_version', ['call_id', 'number'], unique=True)



def downgrade():
    with op.batch_alter_table('call_version', schema=None) as batch_op:
        batch_op.drop_index('uq_call_version')
        batch_op.drop_index(batch_op.f('ix_call_version_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_call_version_call_id'))

    op.drop_table('call_version')
    with op.batch_alter_table('call_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_criterion_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_call_criterion_call_id'))

    op.drop_table('call_criterion')
    with op.batch_alter_table('call', schema=None) as batch_op:
        batch_op.drop_index('uq_call_title')
        batch_op.drop_index(batch_op.f('ix_call_status'))
        batch_op.drop_index(batch_op.f('ix_call_sphere'))
        batch_op.drop_index(batch_op.f('ix_call_programme_id'))
        batch_op.drop_index(batch_op.f('ix_call_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_call_closes_at'))
        batch_op.drop_index(batch_op.f('ix_call_budget_line_id'))

    op.drop_table('call')
