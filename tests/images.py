"""Test images, made on the spot: real ones drawn with Pillow, hostile ones crafted byte by byte
(so that a 50,000 × 50,000 header costs a few bytes, not 7.5 GB)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags
from PIL import Image

# Somewhere in the Bay of Biscay, as an EXIF GPS position.
GPS_LATITUDE = (45.0, 30.0, 0.0)
GPS_LONGITUDE = (4.0, 15.0, 0.0)


def picture(width: int = 640, height: int = 480, mode: str = "RGB") -> Image.Image:
    """A picture with some detail (a gradient and a band), so that encoders have work to do."""
    image = Image.linear_gradient("L").resize((width, height)).convert(mode)
    band = Image.new(mode, (max(1, width // 4), height), "red" if mode != "L" else 128)
    image.paste(band, (width // 3, 0))
    return image


def encoded(image: Image.Image, kind: str, **options) -> bytes:
    """The image saved in Pillow format kind (JPEG, PNG, GIF, WEBP)."""
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def jpeg(width: int = 640, height: int = 480, **options) -> bytes:
    """A JPEG photo."""
    return encoded(picture(width, height), "JPEG", quality=90, **options)


def png(width: int = 640, height: int = 480, mode: str = "RGB") -> bytes:
    """A PNG (RGBA for one whose left half is transparent)."""
    image = picture(width, height, mode)
    if mode == "RGBA":
        image.putalpha(Image.new("L", (width, height), 255))
        image.paste((0, 0, 0, 0), (0, 0, width // 2, height))
    return encoded(image, "PNG")


def webp(width: int = 640, height: int = 480) -> bytes:
    """A still WebP."""
    return encoded(picture(width, height), "WEBP")


def gif(width: int = 64, height: int = 48) -> bytes:
    """A still GIF."""
    return encoded(picture(width, height).convert("P"), "GIF")


def animated_gif(frames: int = 3, width: int = 40, height: int = 30) -> bytes:
    """An animated GIF drawn with Pillow: frames of alternating colours."""
    colours = ["red", "blue", "green", "yellow"]
    images = [Image.new("RGB", (width, height), colours[n % len(colours)]).convert("P")
              for n in range(frames)]
    return encoded(images[0], "GIF", save_all=True, append_images=images[1:], duration=80,
                   loop=0)


def animated_webp(frames: int = 3, width: int = 40, height: int = 30) -> bytes:
    """An animated WebP."""
    images = [Image.new("RGB", (width, height), (n * 40 % 256, 90, 160)) for n in range(frames)]
    return encoded(images[0], "WEBP", save_all=True, append_images=images[1:], duration=80)


def photo_with_location(width: int = 300, height: int = 200, orientation: int = 6) -> bytes:
    """A camera JPEG: EXIF with a GPS position, a camera model and an orientation (6: the camera
    was turned a quarter clockwise, so the picture shows height × width)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Test Camera 3000"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = GPS_LONGITUDE
    return encoded(picture(width, height), "JPEG", exif=exif.tobytes(), comment=b"secret note")


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload)))


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height RGB pixels but holds one row of data: only a decoder that
    trusted the header would allocate width × height × 3 bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b""))


def many_frame_gif(frames: int) -> bytes:
    """A 1 × 1 GIF of `frames` frames, written byte by byte (Pillow would merge equal frames)."""
    screen = (b"GIF89a" + struct.pack("<HH", 1, 1) + bytes([0x80, 0, 0])
              + b"\x00\x00\x00\xff\xff\xff")
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    frame = (b"\x21\xf9\x04\x00\x02\x00\x00\x00"  # graphic control: 20 ms
             b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00"  # a 1 × 1 image at 0, 0
             b"\x02\x02\x44\x01\x00")  # its one pixel, LZW-coded
    return screen + loop + frame * frames + b"\x3b"


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    """The first part of a file, as an interrupted upload leaves it."""
    return data[: int(len(data) * keep)]


POLYGLOT_HTML = b"<html><body><script>alert('polyglot')</script></body></html>"


def polyglot_png() -> bytes:
    """A valid PNG that is also an HTML page: the markup in a text chunk and after IEND."""
    data = png(32, 32)
    end = data.rindex(b"IEND") - 4
    text = _chunk(b"tEXt", b"Comment\x00" + POLYGLOT_HTML)
    return data[:end] + text + data[end:] + POLYGLOT_HTML


SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script></svg>')
