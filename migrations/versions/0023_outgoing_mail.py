"""outgoing mail: the outbox table every e-mail is queued in, in the transaction of its change, and sent from

Revision ID: 0023_outgoing_mail
Revises: 0022_totp_encrypted
Create Date: 2026-12-10 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_outgoing_mail'
down_revision = '0022_totp_encrypted'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('message', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail'))
    )
    op.create_index('ix_outgoing_mail_due', 'outgoing_mail', ['sent_at', 'next_attempt_at'], unique=False)


def downgrade():
    op.drop_index('ix_outgoing_mail_due', table_name='outgoing_mail')
    op.drop_table('outgoing_mail')
