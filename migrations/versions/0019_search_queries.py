"""search queries that found little, counted per week

Revision ID: 0019_search_queries
Revises: 0018_capacity_referrals
Create Date: 2026-12-01 07:33:48.244699

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0019_search_queries'
down_revision = '0018_capacity_referrals'
branch_labels = None
depends_on = None

def upgrade():
    op.create_table('search_query_week',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('results', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_query_week')),
    sa.UniqueConstraint('week', 'locale', 'query', name='uq_search_query_week')
    )
    with op.batch_alter_table('search_query_week', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_query_week_week'), ['week'], unique=False)

def downgrade():
    with op.batch_alter_table('search_query_week', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_query_week_week'))

    op.drop_table('search_query_week')

