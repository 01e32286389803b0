"""funding: the department's programmes and their budget lines per year, source and task

Revision ID: 0010_funding
Revises: 0009_revisions
Create Date: 2026-11-30 09:31:16.603315

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_funding'
down_revision = '0009_revisions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_pl', sa.String(length=300), nullable=False),
    sa.Column('name_uk', sa.String(length=300), nullable=True),
    sa.Column('name_en', sa.String(length=300), nullable=True),
    sa.Column('description_pl', sa.Text(), nullable=True),
    sa.Column('description_uk', sa.Text(), nullable=True),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.Column('resolution', sa.String(length=200), nullable=True),
    sa.Column('first_year', sa.SmallInteger(), nullable=False),
    sa.Column('last_year', sa.SmallInteger(), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_programme_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme'))
    )
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_programme_name', ['organisation_id', 'name_pl'], unique=True)

    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('source', sa.Enum('city_budget', 'eu_funds', 'state_budget', 'state_fund', 'sponsor', name='funding_source', native_enum=False, length=32), nullable=False),
    sa.Column('task_pl', sa.String(length=300), nullable=False),
    sa.Column('task_uk', sa.String(length=300), nullable=True),
    sa.Column('task_en', sa.String(length=300), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_budget_line_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_budget_line_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line'))
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_budget_line_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index('uq_budget_line', ['programme_id', 'year', 'source', 'task_pl'], unique=True)



def downgrade():
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index('uq_budget_line')
        batch_op.drop_index(batch_op.f('ix_budget_line_programme_id'))
        batch_op.drop_index(batch_op.f('ix_budget_line_organisation_id'))

    op.drop_table('budget_line')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_index('uq_programme_name')
        batch_op.drop_index(batch_op.f('ix_programme_organisation_id'))

    op.drop_table('programme')
