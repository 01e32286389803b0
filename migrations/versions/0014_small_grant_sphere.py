"""the sphere of public tasks a small grant offer (art. 19a) is in

Revision ID: 0014_small_grant_sphere
Revises: 0013_offers
Create Date: 2026-11-30 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_small_grant_sphere'
down_revision = '0013_offers'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sphere', sa.Enum('social_assistance', 'family_support', 'health', 'disability', 'addictions', 'domestic_violence', 'seniors', 'children_recreation', 'social_inclusion', 'volunteering', name='public_sphere', native_enum=False, length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_column('sphere')
