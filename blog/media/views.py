"""The media blueprint: uploading an image from the editor (JSON), and an image's files for its
author before any published post uses it (readers' requests are answered by blog/media/serving.py).
"""

from __future__ import annotations

import functools

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import g
from flask import jsonify
from flask import request
from flask import url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from blog.content.sanitize import CONTROL_CHARACTERS
from blog.media.addresses import fallback_extension
from blog.media.addresses import parsed_name
from blog.media.addresses import variant_name
from blog.media.addresses import webp_widths
from blog.media.processing import ImageLimits
from blog.media.serving import image_headers
from blog.media.sniffing import ImageRefused
from blog.media.storage import ALT_MAX_LENGTH
from blog.media.storage import store_upload
from blog.media.storage import variant_for
from blog.models import Image
from blog.request_size import request_limit

bp = Blueprint("media", __name__)
# The multipart envelope around the file and the alt text: boundaries, part headers, the token.
MULTIPART_OVERHEAD = 64 * 1024


def _problem(status: int, message: str):
    return jsonify(error=message), status


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.3g} MB"


def upload_request_limit(config) -> int:
    """The largest upload request: an image at the limit, in its envelope."""
    return config["IMAGE_MAX_BYTES"] + MULTIPART_OVERHEAD


def author_json_required(view):
    """Answer 401 in JSON to a browser that is not logged in; marked like login_required so that
    the CSRF check waits for the login."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None:
            return _problem(401, "Your session has ended. Log in again to upload images.")
        return view(*args, **kwargs)

    wrapped.login_required = True
    return wrapped


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A request over the limit, refused before its body was read."""
    limit = _megabytes(current_app.config["IMAGE_MAX_BYTES"])
    return _problem(413, f"The file is larger than the {limit} an image may be. Export it "
                         "smaller and upload it again.")


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    """The upload's CSRF token was missing or stale."""
    return _problem(400, "This page has expired. Reload it and upload the image again.")


def _markdown(alt: str, url: str) -> str:
    # Brackets and backslashes would end or change the alt text of ![alt](url).
    escaped = "".join("\\" + char if char in "\\[]" else char for char in alt)
    return f"![{escaped}]({url})"


@bp.post("/dashboard/images")
@request_limit(upload_request_limit)
@author_json_required
def upload():
    """Store an uploaded image (field "image") with its alt text (field "alt"); answer its URL,
    size and the Markdown that shows it, or the reason it was refused."""
    upload = request.files.get("image")
    alt = " ".join(request.form.get("alt", "").translate(CONTROL_CHARACTERS).split())
    if upload is None:
        return _problem(400, "Choose an image file to upload.")
    if not alt:
        return _problem(422, "Say what the image shows (its alt text): readers who cannot see "
                             "it hear this instead.")
    if len(alt) > ALT_MAX_LENGTH:
        return _problem(422, f"Keep the alt text to {ALT_MAX_LENGTH} characters; say more in "
                             "the post itself.")
    config = current_app.config
    data = upload.stream.read(config["IMAGE_MAX_BYTES"] + 1)
    if len(data) > config["IMAGE_MAX_BYTES"]:
        return too_large(None)
    limits = ImageLimits(config["IMAGE_MAX_PIXELS"], config["IMAGE_MAX_FRAMES"])
    try:
        image = store_upload(g.user, data, alt, limits, config["IMAGE_QUOTA_BYTES"])
    except ImageRefused as refusal:
        return _problem(refusal.status, str(refusal))
    url = body_image_url(image)
    return jsonify(url=url, width=image.width, height=image.height,
                   markdown=_markdown(alt, url)), 201


@bp.get("/media/<name>")
def file(name: str):
    """An image file for its author (published or not), or for a reader once it is public."""
    wanted = parsed_name(name)
    if wanted is None:
        abort(404)
    found = variant_for(wanted.key, wanted.width, wanted.extension,
                        g.user.id if g.user is not None else None)
    if found is None:
        abort(404)
    data, content_type, public = found
    return Response(data, headers=image_headers(content_type, len(data), public))


@bp.app_template_global()
def image_srcset(image: Image) -> str:
    """The srcset of the image's WebP variants, for <source type="image/webp">."""
    return ", ".join(f"{url_for('media.file', name=variant_name(image.key, width))} {width}w"
                     for width in webp_widths(image))


@bp.app_template_global()
def image_src(image: Image) -> str:
    """The URL of the image's largest variant in its own format, for <img src>."""
    return url_for("media.file",
                   name=variant_name(image.key, image.width, fallback_extension(image)))


def body_image_url(image: Image) -> str:
    """The URL the editor puts in a post body, and in the feature image field: largest WebP."""
    return url_for("media.file", name=variant_name(image.key, image.width))
