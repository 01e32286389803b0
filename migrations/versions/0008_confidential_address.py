"""confidential addresses kept apart

The street, postal code and coordinates of a confidential place (a shelter, a protected
flat) move out of ``location`` into ``confidential_address``, which nothing public can read;
their columns in ``location`` are emptied.

Revision ID: 0008_confidential_address
Revises: 0007_uniqueness
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_confidential_address'
down_revision = '0007_uniqueness'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('confidential_address',
        sa.Column('location_id', sa.Integer(), nullable=False),
        sa.Column('street', sa.String(length=200), nullable=True),
        sa.Column('postal_code', sa.String(length=6), nullable=True),
        sa.Column('latitude', sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column('longitude', sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['location_id'], ['location.id'],
                                name=op.f('fk_confidential_address_location_id_location'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_confidential_address_organisation_id_organisation'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('location_id', name=op.f('pk_confidential_address'))
    )
    with op.batch_alter_table('confidential_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_confidential_address_organisation_id'), ['organisation_id'],
                              unique=False)
    op.execute("INSERT INTO confidential_address (location_id, organisation_id, street, postal_code, latitude, "
               "longitude) SELECT id, organisation_id, street, postal_code, latitude, longitude FROM location "
               "WHERE is_confidential")
    op.execute("UPDATE location SET street = NULL, postal_code = NULL, latitude = NULL, longitude = NULL "
               "WHERE is_confidential")


def downgrade():
    op.execute("UPDATE location SET street = (SELECT street FROM confidential_address c WHERE c.location_id = location.id), "
               "postal_code = (SELECT postal_code FROM confidential_address c WHERE c.location_id = location.id), "
               "latitude = (SELECT latitude FROM confidential_address c WHERE c.location_id = location.id), "
               "longitude = (SELECT longitude FROM confidential_address c WHERE c.location_id = location.id) "
               "WHERE is_confidential")
    with op.batch_alter_table('confidential_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_confidential_address_organisation_id'))
    op.drop_table('confidential_address')
