"""Turning an upload into the images the blog serves: bounded decoding, orientation applied,
metadata dropped, WebP variants at a few widths and one copy in the original format.

Pure functions of the bytes (no Flask, no database). Every bound is checked from the file's
header, before any pixel is decoded; nothing of the upload is kept but re-encoded pixels, so
EXIF (GPS coordinates included), XMP, comments and anything appended to the file are gone.
"""

from __future__ import annotations

import fcntl
import io
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import GifImagePlugin
from PIL import Image
from PIL import ImageOps
from PIL import JpegImagePlugin
from PIL import PngImagePlugin
from PIL import WebPImagePlugin

from blog.media.sniffing import GIF
from blog.media.sniffing import JPEG
from blog.media.sniffing import PNG
from blog.media.sniffing import WEBP
from blog.media.sniffing import ImageRefused
from blog.media.sniffing import sniffed_format

# Widths of the WebP variants; the largest served is the image's own width, at most the last.
# The post column is 44rem (about 750 CSS pixels): 1600 covers it on a 2x screen.
VARIANT_WIDTHS = (400, 800, 1200, 1600)
MAX_WIDTH = VARIANT_WIDTHS[-1]
EXTENSIONS = {JPEG: "jpg", PNG: "png", GIF: "gif", WEBP: "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif",
                 "webp": "image/webp"}
WEBP_QUALITY = 80
JPEG_QUALITY = 85
# Colour profiles are kept (a wide-gamut phone photo looks wrong without its own), unless
# oversized: they are copied into every variant.
MAX_ICC_PROFILE_BYTES = 64 * 1024
# Pillow's plugin classes read only the header when constructed: the size and frame count are
# known before anything is decoded. (Image.open would also apply Pillow's own, global pixel
# limit, with a warning below twice that limit instead of a refusal.)
_PLUGINS = {JPEG: JpegImagePlugin.JpegImageFile, PNG: PngImagePlugin.PngImageFile,
            GIF: GifImagePlugin.GifImageFile, WEBP: WebPImagePlugin.WebPImageFile}
# One image decoded at a time on the machine (a dyno): memory is bounded by the worst single
# image, not by workers times threads times it. Threads take the lock, then processes the file.
_THREADS = threading.Lock()
LOCK_FILE = Path(tempfile.gettempdir()) / "blog-image-processing.lock"
# Orientations (EXIF 274) that turn the image a quarter: its width on screen is its height.
_QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class ImageLimits:
    """How much decoding one upload may cost: pixels over all its frames, and frames."""

    max_pixels: int
    max_frames: int


@dataclass(frozen=True)
class Variant:
    """One encoded file the blog serves: its width, height, file extension and bytes."""

    width: int
    height: int
    extension: str
    data: bytes

    @property
    def content_type(self) -> str:
        """The Content-Type it is served with."""
        return CONTENT_TYPES[self.extension]


@dataclass(frozen=True)
class ProcessedImage:
    """An accepted upload: its real format, its size as shown (largest variant), its frames and
    the variants to store."""

    format: str
    width: int
    height: int
    frames: int
    variants: tuple[Variant, ...]

    @property
    def stored_bytes(self) -> int:
        """What storing every variant costs (the quota counts this)."""
        return sum(len(variant.data) for variant in self.variants)


def process_image(data: bytes, limits: ImageLimits) -> ProcessedImage:
    """The variants of an uploaded image, or ImageRefused saying what is wrong with it."""
    kind = sniffed_format(data)
    with one_image_at_a_time():
        try:
            # One expression: no name here holds the full-size pixels while variants are made
            # (_variants lets go of them as soon as the largest variant exists).
            return _variants(*_checked_header(data, kind, limits), kind)
        except ImageRefused:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            # Pillow's words for a damaged file ("image file is truncated", "broken PNG file").
            raise ImageRefused(f"The image is damaged or incomplete ({_reason(error)}). Save it "
                               "again in your editor and upload the new file.") from None


@contextmanager
def one_image_at_a_time() -> Iterator[None]:
    """Hold the machine's image-processing lock (threads of this process, then processes)."""
    with _THREADS, LOCK_FILE.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _reason(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:120]


def _checked_header(data: bytes, kind: str, limits: ImageLimits) -> tuple[Image.Image, int]:
    """The image, not yet decoded, and its frame count, once both are within the limits."""
    image = _header(data, kind)
    return image, _checked_frames(image, limits)


def _header(data: bytes, kind: str) -> Image.Image:
    try:
        image = _PLUGINS[kind](io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Only a GIF whose first frame is far larger than its declared screen gets here.
        raise ImageRefused("The image has far too many pixels to be processed.") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as error:
        raise ImageRefused(f"The file looks like a {kind.title()} image but cannot be read "
                           f"({_reason(error)}). It may be damaged or incomplete.") from None
    return image


def _checked_frames(image: Image.Image, limits: ImageLimits) -> int:
    """The image's frame count, once its size and frames are known to be within the limits."""
    width, height = image.size
    pixels = width * height
    if pixels > limits.max_pixels:
        raise ImageRefused(
            f"The image is {width:,} × {height:,} pixels ({pixels / 1e6:,.1f} megapixels); "
            f"images may have at most {limits.max_pixels / 1e6:g} megapixels. Export it smaller.")
    frames = _frame_count(image, limits.max_frames)
    if frames > limits.max_frames:
        raise ImageRefused(f"The animation has more than {limits.max_frames} frames, the most "
                           "an image may have. Shorten it, or upload a video elsewhere.")
    if pixels * frames > limits.max_pixels:
        raise ImageRefused(
            f"The animation has {frames} frames of {width:,} × {height:,} pixels: "
            f"{pixels * frames / 1e6:,.1f} megapixels in all, over the "
            f"{limits.max_pixels / 1e6:g} an image may have. Make it smaller or shorter.")
    return frames


def _frame_count(image: Image.Image, most: int) -> int:
    """Frames up to most + 1 (enough to refuse), without decoding any of them."""
    if not getattr(image, "is_animated", False):
        return 1
    if isinstance(image, GifImagePlugin.GifImageFile):
        # A GIF states no frame count: n_frames walks every frame of the file. This walk stops
        # one past the most we accept, and reads frame headers only (Pillow has no public way
        # to do that, hence _seek).
        walked = 0
        try:
            for walked in range(1, most + 1):
                image._seek(walked, update_image=False)
        except EOFError:
            image.seek(0)
            return walked
        return most + 1
    return image.n_frames


def _shown_size(image: Image.Image) -> tuple[int, int]:
    """Width and height of the largest variant, as shown (after the orientation is applied)."""
    width, height = image.size
    if image.getexif().get(274) in _QUARTER_TURNS:
        width, height = height, width
    if width <= MAX_WIDTH:
        return width, height
    return MAX_WIDTH, max(1, round(height * MAX_WIDTH / width))


def _widths(largest: int) -> list[int]:
    return [width for width in VARIANT_WIDTHS if width < largest] + [largest]


def _pixels_only(frame: Image.Image) -> Image.Image:
    """RGB or RGBA pixels, with no metadata of the upload attached."""
    if frame.mode not in ("RGB", "RGBA"):
        has_alpha = frame.mode in ("LA", "PA", "RGBa", "La") or "transparency" in frame.info
        frame = frame.convert("RGBA" if has_alpha else "RGB")
    # The pixels are ours (decoded or converted for this upload): no copy, just no metadata.
    icc = frame.info.get("icc_profile")
    frame.info = {}
    if icc and len(icc) <= MAX_ICC_PROFILE_BYTES:
        frame.info["icc_profile"] = icc
    return frame


def _variants(image: Image.Image, frames: int, kind: str) -> ProcessedImage:
    if frames > 1:
        return _animated(image, kind, frames)
    width, height = _shown_size(image)
    if kind == JPEG:
        # libjpeg decodes at 1/2, 1/4 or 1/8 scale directly: a 48-megapixel photo costs a
        # quarter of the memory and time when the largest variant needs no more.
        turned = image.getexif().get(274) in _QUARTER_TURNS
        image.draft(None, (height, width) if turned else (width, height))
    ImageOps.exif_transpose(image, in_place=True)
    current = _pixels_only(image)
    del image
    full_width, full_height = current.size
    variants = []
    # Largest first, each from the one before: the full-size pixels go once the first exists,
    # and every later resize starts from at most MAX_WIDTH.
    for target in reversed(_widths(width)):
        # Heights from the full size, not the variant before: rounding errors do not add up.
        current = _resized(current, target, max(1, round(full_height * target / full_width)))
        variants.append(Variant(current.width, current.height, "webp", _encoded(current, WEBP)))
        if target == width and kind != WEBP:
            variants.append(Variant(current.width, current.height, EXTENSIONS[kind],
                                    _encoded(current, kind)))
    return ProcessedImage(kind, width, height, 1, tuple(reversed(variants)))


def _resized(image: Image.Image, width: int, height: int | None = None) -> Image.Image:
    if image.width == width:
        return image
    if height is None:
        height = max(1, round(image.height * width / image.width))
    # reducing_gap: a fast box reduction first, then Lanczos over the last factor of 3.
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encoded(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    if icc:
        options["icc_profile"] = icc
    if kind == WEBP:
        image.save(out, "WEBP", quality=WEBP_QUALITY, **options)
    elif kind == JPEG:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options)
    elif kind == PNG:
        image.save(out, "PNG", **options)
    else:
        image.save(out, "GIF", **options)
    return out.getvalue()


def _animated(image: Image.Image, kind: str, frames: int) -> ProcessedImage:
    """One WebP animation at the largest width, and a GIF for a GIF: animations are shown at
    one size (a variant per width would cost the whole decoding again for each)."""
    width, height = _shown_size(image)
    shown, durations = [], []
    for index in range(frames):
        image.seek(index)
        durations.append(int(image.info.get("duration", 100)) or 100)
        shown.append(_resized(_pixels_only(image.convert("RGBA")), width))
    loop = int(image.info.get("loop", 0))
    animation = {"save_all": True, "append_images": shown[1:], "duration": durations,
                 "loop": loop}
    variants = [Variant(width, height, "webp", _encoded(shown[0], WEBP, **animation))]
    if kind == GIF:
        variants.append(Variant(width, height, "gif",
                                _encoded(shown[0], GIF, disposal=2, **animation)))
    return ProcessedImage(kind, width, height, frames, tuple(variants))
