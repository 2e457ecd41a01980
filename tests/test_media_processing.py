"""Processing an upload: only real JPEG, PNG, GIF and WebP images, bounded before decoding, with
nothing of the file kept but its pixels, turned the way the camera meant."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from blog.media.processing import MAX_WIDTH
from blog.media.processing import ImageLimits
from blog.media.processing import process_image
from blog.media.sniffing import ImageRefused
from tests import images

LIMITS = ImageLimits(max_pixels=40_000_000, max_frames=100)


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize(("data", "kind", "fallback"), [
    (images.jpeg(), "JPEG", "jpg"),
    (images.png(), "PNG", "png"),
    (images.png(mode="RGBA"), "PNG", "png"),
    (images.gif(), "GIF", "gif"),
    (images.webp(), "WEBP", None),
], ids=["jpeg", "png", "transparent png", "gif", "webp"])
def test_each_accepted_format_gets_webp_variants_and_one_in_its_own_format(data, kind, fallback):
    processed = process_image(data, LIMITS)
    assert processed.format == kind
    extensions = [variant.extension for variant in processed.variants]
    assert "webp" in extensions
    assert [e for e in extensions if e != "webp"] == ([fallback] if fallback else [])
    for variant in processed.variants:
        assert opened(variant.data).format == {"jpg": "JPEG", "png": "PNG", "gif": "GIF",
                                               "webp": "WEBP"}[variant.extension]


def test_a_transparent_png_stays_transparent_in_webp():
    processed = process_image(images.png(mode="RGBA"), LIMITS)
    assert opened(processed.variants[0].data).mode == "RGBA"


def test_variants_come_at_the_standard_widths_up_to_the_largest_shown():
    processed = process_image(images.jpeg(3000, 2000), LIMITS)
    webp = [(v.width, v.height) for v in processed.variants if v.extension == "webp"]
    assert webp == [(400, 267), (800, 533), (1200, 800), (MAX_WIDTH, 1067)]
    assert (processed.width, processed.height) == (MAX_WIDTH, 1067)


def test_a_small_image_is_never_enlarged():
    processed = process_image(images.png(300, 200), LIMITS)
    assert {(v.width, v.height) for v in processed.variants} == {(300, 200)}


def test_every_variant_is_really_the_size_it_says():
    for variant in process_image(images.jpeg(1000, 700), LIMITS).variants:
        assert opened(variant.data).size == (variant.width, variant.height)


def test_exif_with_the_location_is_gone_from_every_variant():
    processed = process_image(images.photo_with_location(), LIMITS)
    for variant in processed.variants:
        image = opened(variant.data)
        assert dict(image.getexif()) == {}
        assert b"Test Camera 3000" not in variant.data and b"secret note" not in variant.data
        assert "exif" not in image.info and "comment" not in image.info


def test_the_orientation_the_camera_recorded_is_applied():
    # 300 × 200 pixels stored, orientation 6: the picture is 200 wide and 300 high.
    processed = process_image(images.photo_with_location(300, 200, orientation=6), LIMITS)
    assert (processed.width, processed.height) == (200, 300)
    assert all(opened(v.data).size == (200, 300) for v in processed.variants)


def test_an_animation_keeps_its_frames():
    processed = process_image(images.animated_gif(frames=5), LIMITS)
    assert processed.frames == 5
    assert {v.extension for v in processed.variants} == {"webp", "gif"}
    assert all(opened(v.data).n_frames == 5 for v in processed.variants)


def test_an_animated_webp_is_accepted():
    processed = process_image(images.animated_webp(frames=4), LIMITS)
    assert (processed.format, processed.frames) == ("WEBP", 4)


def test_a_polyglot_is_served_as_pixels_only():
    processed = process_image(images.polyglot_png(), LIMITS)
    for variant in processed.variants:
        assert b"<script" not in variant.data and b"<html" not in variant.data


def test_a_jpeg_named_png_is_read_as_the_jpeg_it_is():
    # process_image never sees the name; the upload test checks the name is ignored too.
    assert process_image(images.jpeg(), LIMITS).format == "JPEG"


# Each hostile or broken input, and the words its refusal must contain.
REFUSED = {
    "zero bytes": (b"", "empty"),
    "truncated png": (images.truncated(images.png()), "damaged or incomplete"),
    "truncated jpeg": (images.truncated(images.jpeg(), 0.3), "damaged or incomplete"),
    "header only": (images.png()[:40], "damaged or incomplete"),
    "50,000 × 50,000 png": (images.png_header(50_000, 50_000), "50,000 × 50,000 pixels"),
    "a gif of 10,000 frames": (images.many_frame_gif(10_000), "more than 100 frames"),
    "svg": (images.SVG, "SVG images are not accepted"),
    "html": (b"<!doctype html><html><script>alert(1)</script></html>", "not a JPEG, PNG"),
    "html before an image": (images.POLYGLOT_HTML + images.png(), "not a JPEG, PNG"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not a JPEG, PNG"),
    "bmp": (images.encoded(images.picture(10, 10), "BMP"), "not a JPEG, PNG"),
    "tiff": (images.encoded(images.picture(10, 10), "TIFF"), "not a JPEG, PNG"),
}


@pytest.mark.parametrize(("data", "words"), REFUSED.values(), ids=REFUSED.keys())
def test_bad_input_is_refused_with_a_clear_message(data, words):
    with pytest.raises(ImageRefused, match=words) as refusal:
        process_image(data, LIMITS)
    # Each refusal gives its own reason, not another's.
    assert ("damaged" in str(refusal.value)) == ("damaged" in words)


def test_the_pixel_limit_is_the_configured_one():
    with pytest.raises(ImageRefused, match="at most 0.1 megapixels"):
        process_image(images.png(400, 300), ImageLimits(max_pixels=100_000, max_frames=10))


def test_the_pixel_limit_counts_every_frame_of_an_animation():
    # 10 frames of 40 × 30: 12,000 pixels in all, over a limit of 10,000.
    with pytest.raises(ImageRefused, match="10 frames"):
        process_image(images.animated_gif(frames=10), ImageLimits(max_pixels=10_000,
                                                                  max_frames=100))


@pytest.mark.parametrize("data", [images.many_frame_gif(6), images.animated_webp(frames=6)],
                         ids=["gif", "webp"])
def test_the_frame_limit_is_the_configured_one(data):
    with pytest.raises(ImageRefused, match="more than 5 frames"):
        process_image(data, ImageLimits(max_pixels=40_000_000, max_frames=5))


def test_an_animation_at_the_frame_limit_is_accepted():
    processed = process_image(images.many_frame_gif(5), ImageLimits(40_000_000, max_frames=5))
    assert processed.frames == 5
