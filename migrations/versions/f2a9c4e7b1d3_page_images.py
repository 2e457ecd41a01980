"""Page images

Which images each site page shows (page_images), so that readers may fetch the images of a
published page as they may a public post's.

Revision ID: f2a9c4e7b1d3
Revises: d4f8a2c6e9b1
Create Date: 2026-12-02 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f2a9c4e7b1d3'
down_revision = 'd4f8a2c6e9b1'
branch_labels = None
depends_on = None


def upgrade():
    # No backfill: pages arrived in the revision before this one, and a page's images are
    # recorded on its next save.
    op.create_table(
        'page_images',
        sa.Column('page_id', sa.Integer(), nullable=False),
        sa.Column('image_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['image_id'], ['images.id'],
                                name=op.f('fk_page_images_image_id_images'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['page_id'], ['pages.id'],
                                name=op.f('fk_page_images_page_id_pages'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('page_id', 'image_id', name=op.f('pk_page_images')),
    )
    op.create_index(op.f('ix_page_images_image_id'), 'page_images', ['image_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_page_images_image_id'), table_name='page_images')
    op.drop_table('page_images')
