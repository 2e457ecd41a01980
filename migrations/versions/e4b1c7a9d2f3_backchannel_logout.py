"""Back-channel logout: the ID token's sid on login sessions, and spent logout tokens

A back-channel logout token names the provider's session (sid) whose login sessions end, so each
login session keeps the sid of the ID token it began with. Accepted logout tokens are remembered
(a hash of issuer and jti) until they could no longer be valid, so that no process accepts one
twice.

Revision ID: e4b1c7a9d2f3
Revises: 3f6a2b8d9c41
Create Date: 2026-12-01 13:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e4b1c7a9d2f3'
down_revision = '3f6a2b8d9c41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sid', sa.String(length=255), nullable=True))
        batch_op.create_index(batch_op.f('ix_login_sessions_sid'), ['sid'], unique=False)
    op.create_table(
        'spent_logout_tokens',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_spent_logout_tokens')),
    )
    with op.batch_alter_table('spent_logout_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spent_logout_tokens_expires_at'), ['expires_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('spent_logout_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spent_logout_tokens_expires_at'))
    op.drop_table('spent_logout_tokens')
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_sid'))
        batch_op.drop_column('sid')
