"""TOTP secrets encrypted at rest: the column widened for Fernet tokens

The secrets are encrypted by the application, not here: a migration runs without the application's keys in some
settings (``flask db upgrade --sql`` writes a script for someone else to run), and a migration run with the wrong
keys would write secrets that no one can read. A secret still in plain text is read as it is and encrypted at its
next use; ``flask users rotate-totp-key`` encrypts all of them at once (docs/SECRETS.md).

Going down needs the keys: the encrypted secrets are decrypted with the application's keys back to plain text
(an online migration only), then the column is narrowed again.

Revision ID: 0022_totp_encrypted
Revises: 0020_networks
Create Date: 2026-12-01 15:30:00

"""
import sqlalchemy as sa
from alembic import context, op

# revision identifiers, used by Alembic.
revision = '0022_totp_encrypted'
down_revision = '0020_networks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=64), type_=sa.String(length=255),
                              existing_nullable=True)


def downgrade():
    from app import secret_box

    users = sa.table('user_account', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))
    if context.is_offline_mode():
        raise RuntimeError("0022_totp_encrypted: decrypting the TOTP secrets needs the keys; downgrade online")
    connection = op.get_bind()
    stored = connection.execute(sa.select(users.c.id, users.c.totp_secret)
                                .where(users.c.totp_secret.is_not(None))).all()
    for user_id, value in stored:
        if not secret_box.is_plain(value):
            connection.execute(users.update().where(users.c.id == user_id)
                               .values(totp_secret=secret_box.decrypt(value)))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=255), type_=sa.String(length=64),
                              existing_nullable=True)
