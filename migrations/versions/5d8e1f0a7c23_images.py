"""Images

Uploaded images (images) and their files (image_variants, the bytes in the database), which
posts use which of them (post_images), and a post's feature image (posts.feature_image_id).

Revision ID: 5d8e1f0a7c23
Revises: e4b1c7a9d2f3
Create Date: 2026-12-02 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5d8e1f0a7c23'
down_revision = 'e4b1c7a9d2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'images',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('format', sa.String(length=8), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('frames', sa.Integer(), nullable=False),
        sa.Column('widths', sa.String(length=100), nullable=False),
        sa.Column('alt', sa.String(length=300), nullable=False),
        sa.Column('stored_bytes', sa.BigInteger(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['authors.id'],
                                name=op.f('fk_images_author_id_authors'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_images')),
        sa.UniqueConstraint('key', name=op.f('uq_images_key')),
    )
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_images_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_images_created_at'), ['created_at'], unique=False)
    op.create_table(
        'image_variants',
        sa.Column('image_id', sa.Integer(), nullable=False),
        sa.Column('extension', sa.String(length=8), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('content_type', sa.String(length=32), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['image_id'], ['images.id'],
                                name=op.f('fk_image_variants_image_id_images'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('image_id', 'extension', 'width', name=op.f('pk_image_variants')),
    )
    op.create_table(
        'post_images',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('image_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['image_id'], ['images.id'],
                                name=op.f('fk_post_images_image_id_images'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                                name=op.f('fk_post_images_post_id_posts'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'image_id', name=op.f('pk_post_images')),
    )
    with op.batch_alter_table('post_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_images_image_id'), ['image_id'], unique=False)
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feature_image_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_posts_feature_image_id'), ['feature_image_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_posts_feature_image_id_images'), 'images',
                                    ['feature_image_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_posts_feature_image_id_images'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_posts_feature_image_id'))
        batch_op.drop_column('feature_image_id')
    with op.batch_alter_table('post_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_images_image_id'))
    op.drop_table('post_images')
    op.drop_table('image_variants')
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_images_created_at'))
        batch_op.drop_index(batch_op.f('ix_images_author_id'))
    op.drop_table('images')
