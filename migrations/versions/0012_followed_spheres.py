"""organisations follow spheres of public tasks to hear of new calls for offers

Revision ID: 0012_followed_spheres
Revises: 0011_calls
Create Date: 2026-11-30 10:22:44.070822

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_followed_spheres'
down_revision = '0011_calls'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('followed_spheres', sa.String(length=400), server_default=' ', nullable=False))



def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('followed_spheres')

