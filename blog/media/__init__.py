"""Images: uploading, processing, storing in the database and serving them, private to their
author until a published post or page uses them."""

from blog.media.serving import register_public_images
from blog.media.views import bp

__all__ = ["bp", "register_public_images"]
