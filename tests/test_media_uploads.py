"""Uploading from the editor: logged-in authors only, CSRF-protected, within the size limit and
quota, answered in JSON; a refused upload stores nothing."""

from __future__ import annotations

import io
import os
import re

import pytest
from PIL import Image as PillowImage

from blog.extensions import db
from blog.models import Image
from blog.models import ImageVariant
from tests import images

URL = re.compile(r"/media/[0-9a-f]{32}-[0-9]+\.webp")


@pytest.fixture
def alice(auth):
    """Alice, logged in."""
    auth.login("alice")
    return auth


def stored_images(app) -> tuple[int, int]:
    """(images, variants) in the database."""
    with app.app_context():
        return (db.session.query(Image).count(), db.session.query(ImageVariant).count())


def noise_png(width: int, height: int) -> bytes:
    """A PNG that does not compress: about width × height × 3 bytes."""
    return images.encoded(PillowImage.frombytes("RGB", (width, height),
                                                os.urandom(width * height * 3)), "PNG")


def test_an_upload_answers_its_url_size_and_markdown(alice):
    response = alice.upload_image(images.jpeg(1000, 600), alt="The harbour at dawn")
    assert response.status_code == 201
    answer = response.get_json()
    assert URL.fullmatch(answer["url"])
    assert (answer["width"], answer["height"]) == (1000, 600)
    assert answer["markdown"] == f"![The harbour at dawn]({answer['url']})"


def test_brackets_in_the_alt_text_do_not_end_it_in_markdown(alice):
    answer = alice.upload_image(images.png(), alt="A [draft] plan \\ v2").get_json()
    assert answer["markdown"].startswith("![A \\[draft\\] plan \\\\ v2](")


def test_the_uploaded_file_is_served_to_its_author(alice):
    answer = alice.upload_image(images.png(300, 200)).get_json()
    response = alice.client.get(answer["url"])
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert PillowImage.open(io.BytesIO(response.data)).size == (300, 200)


def test_the_same_file_uploaded_twice_is_one_image(app, alice):
    first = alice.upload_image(images.png()).get_json()
    second = alice.upload_image(images.png(), alt="Another description").get_json()
    assert first["url"] == second["url"]
    assert stored_images(app)[0] == 1


def test_two_authors_uploading_the_same_file_get_an_image_each(app, alice, make_author):
    bob = make_author("bob")
    ours = alice.upload_image(images.png()).get_json()["url"]
    theirs = bob.upload_image(images.png()).get_json()["url"]
    assert ours != theirs and stored_images(app)[0] == 2


def test_an_anonymous_upload_is_refused_in_json(app, client):
    response = client.post("/dashboard/images", data={
        "image": (io.BytesIO(images.png()), "a.png"), "alt": "x"})
    assert response.status_code == 401
    assert "Log in again" in response.get_json()["error"]
    assert stored_images(app) == (0, 0)


def test_an_upload_without_the_csrf_token_is_refused(app, alice):
    response = alice.client.post("/dashboard/images", content_type="multipart/form-data",
                                 data={"image": (io.BytesIO(images.png()), "a.png"), "alt": "x"})
    assert response.status_code == 400
    assert "expired" in response.get_json()["error"]
    assert stored_images(app) == (0, 0)


@pytest.mark.parametrize("alt", ["", "   ", "\x00\x01"], ids=["empty", "spaces", "controls"])
def test_alt_text_is_required(app, alice, alt):
    response = alice.upload_image(images.png(), alt=alt)
    assert response.status_code == 422
    assert "Say what the image shows" in response.get_json()["error"]
    assert stored_images(app) == (0, 0)


def test_alt_text_has_a_length_limit(app, alice):
    response = alice.upload_image(images.png(), alt="x" * 301)
    assert response.status_code == 422 and "300 characters" in response.get_json()["error"]


def test_a_request_without_a_file_is_refused(alice):
    token = alice.csrf_token("/dashboard")
    response = alice.client.post("/dashboard/images", data={"alt": "x"},
                                 headers={"X-CSRFToken": token})
    assert response.status_code == 400 and "Choose an image" in response.get_json()["error"]


# Each bad input of the issue as an upload: (bytes, file name, expected status, words).
BAD_UPLOADS = {
    "zero bytes": (b"", "empty.jpg", 422, "empty"),
    "truncated": (images.truncated(images.jpeg()), "cut.jpg", 422, "damaged or incomplete"),
    "50,000 × 50,000 png": (images.png_header(50_000, 50_000), "huge.png", 422,
                            "50,000 × 50,000 pixels"),
    "gif of 10,000 frames": (images.many_frame_gif(10_000), "long.gif", 422,
                             "more than 100 frames"),
    "svg": (images.SVG, "drawing.svg", 415, "SVG images are not accepted"),
    "html named .png": (images.POLYGLOT_HTML, "page.png", 415, "not a JPEG, PNG"),
}


@pytest.mark.parametrize(("data", "name", "status", "words"), BAD_UPLOADS.values(),
                         ids=BAD_UPLOADS.keys())
def test_a_bad_upload_gets_a_clear_error_and_stores_nothing(app, alice, data, name, status,
                                                            words):
    response = alice.upload_image(data, filename=name)
    assert response.status_code == status
    assert words in response.get_json()["error"]
    assert stored_images(app) == (0, 0)


def test_a_jpeg_named_png_is_stored_and_served_as_a_jpeg(alice):
    answer = alice.upload_image(images.jpeg(), filename="holiday.png").get_json()
    fallback = alice.client.get(answer["url"].replace(".webp", ".jpg"))
    assert fallback.headers["Content-Type"] == "image/jpeg"
    assert PillowImage.open(io.BytesIO(fallback.data)).format == "JPEG"
    assert alice.client.get(answer["url"].replace(".webp", ".png")).status_code == 404


@pytest.mark.parametrize("name", ["../../../etc/passwd.png", "..\\..\\boot.ini.png",
                                  "a\x00b.png", "/tmp/x.png", ""],
                         ids=["dot-dot", "backslashes", "nul", "absolute", "no name"])
def test_the_file_name_is_never_used(app, alice, name):
    before = sorted(os.listdir(app.instance_path)) if os.path.isdir(app.instance_path) else []
    response = alice.upload_image(images.png(), filename=name)
    assert response.status_code == 201
    assert URL.fullmatch(response.get_json()["url"])
    after = sorted(os.listdir(app.instance_path)) if os.path.isdir(app.instance_path) else []
    assert after == before


class CountingStream(io.BytesIO):
    """A request body that counts the bytes the app read from it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_100_mb_upload_is_refused_before_its_body_is_read(app, alice):
    token = alice.csrf_token("/dashboard")
    stream = CountingStream(b"--x\r\n" * 1000)
    response = alice.client.post(
        "/dashboard/images", input_stream=stream, headers={"X-CSRFToken": token},
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(100 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than the 10 MB an image may be" in response.get_json()["error"]
    assert stream.bytes_read == 0
    assert stored_images(app) == (0, 0)


def test_other_forms_keep_the_smaller_request_limit(alice):
    token = alice.csrf_token("/dashboard")
    # Over ten times the 128 KB body limit, well under the image limit.
    response = alice.client.post("/dashboard", data={"csrf_token": token, "title": "T",
                                                     "body": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_an_image_larger_than_other_requests_may_be_is_accepted(make_app, make_auth):
    # A small body limit, so that the request stays in memory in the test client (it leaves
    # larger ones in a temporary file it never closes).
    app = make_app(BODY_MAX_BYTES=20_000)
    author = make_auth(app)
    author.login("alice")
    data = noise_png(300, 300)
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    assert author.upload_image(data, filename="noise.png").status_code == 201


def test_a_file_over_the_image_limit_is_refused_with_the_limit(make_app, make_auth):
    app = make_app(IMAGE_MAX_BYTES=100_000)
    author = make_auth(app)
    author.login("alice")
    response = author.upload_image(noise_png(200, 200), filename="noise.png")
    assert response.status_code == 413
    assert "larger than the 98 KB an image may be" in response.get_json()["error"]
    assert stored_images(app) == (0, 0)


def test_the_quota_refuses_an_image_that_would_pass_it(make_app, make_auth):
    app = make_app(IMAGE_QUOTA_BYTES=30_000)
    author = make_auth(app)
    author.login("alice")
    assert author.upload_image(images.jpeg(800, 600)).status_code == 201
    used = stored_images(app)
    response = author.upload_image(images.jpeg(1600, 1200))
    assert response.status_code == 413
    assert "Your images take" in response.get_json()["error"]
    assert stored_images(app) == used


def test_the_quota_is_per_author(make_app, make_auth):
    app = make_app(IMAGE_QUOTA_BYTES=30_000)
    alice, bob = make_auth(app), make_auth(app)
    alice.login("alice")
    bob.login("bob")
    assert alice.upload_image(images.jpeg(800, 600)).status_code == 201
    assert bob.upload_image(images.jpeg(800, 600)).status_code == 201
