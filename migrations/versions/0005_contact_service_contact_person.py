"""service contact person

A service may name a contact person (HSDS ``contact``): name, job title in pl/uk/en, e-mail
and phone. All columns are optional, so existing services need no values.

Revision ID: 0005_contact
Revises: 0004_search
Create Date: 2026-11-29 15:56:20.639522

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_contact'
down_revision = '0004_search'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('contact_title_pl', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('contact_title_uk', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('contact_title_en', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_title_en')
        batch_op.drop_column('contact_title_uk')
        batch_op.drop_column('contact_title_pl')
        batch_op.drop_column('contact_name')
