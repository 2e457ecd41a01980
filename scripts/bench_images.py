"""Benchmark: the time and memory one upload costs, for the worst inputs the limits accept and
for hostile ones they refuse.

Each input is written to a file first; each case then runs in a fresh Python process, which
reads its file, processes it (blog.media.processing.process_image, as an upload does) and
reports the time taken and its peak memory above what it held before (Linux's VmHWM, reset
first: ru_maxrss would start from the parent's peak, which it inherits). Prints one line per
case.

    .venv/bin/python scripts/bench_images.py [--max-pixels N] [--max-frames N]  (the defaults')
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402

from blog.settings import DEFAULTS  # noqa: E402
from tests import images  # noqa: E402


def still(kind: str, pixels: int, mode: str = "RGB") -> bytes:
    """A 3:2 picture of about `pixels` pixels in Pillow format kind."""
    width = int(math.sqrt(pixels * 3 / 2))
    height = pixels // width
    picture = images.picture(width, height, mode)
    options = {"quality": 92} if kind in ("JPEG", "WEBP") else {}
    return images.encoded(picture, kind, **options)


def animation(kind: str, frames: int, pixels: int) -> bytes:
    """An animation of `frames` square frames, `pixels` pixels over all of them."""
    side = int(math.sqrt(pixels / frames))
    base = images.picture(side, side)
    shots = [base.rotate(frame * 360 / frames) for frame in range(frames)]
    if kind == "GIF":
        shots = [shot.convert("P") for shot in shots]
    return images.encoded(shots[0], kind, save_all=True, append_images=shots[1:], duration=40)


def cases(max_pixels: int, max_frames: int) -> dict[str, bytes]:
    """Every input timed: the worst accepted, then hostile ones that must be refused quickly."""
    return {
        "JPEG at the pixel limit": still("JPEG", max_pixels),
        "PNG at the pixel limit": still("PNG", max_pixels),
        "transparent PNG at the pixel limit": still("PNG", max_pixels, "RGBA"),
        "WebP at the pixel limit": still("WEBP", min(max_pixels, 16383 * 10000)),
        f"GIF, {max_frames} frames at the pixel limit": animation("GIF", max_frames, max_pixels),
        f"WebP, {max_frames} frames at the pixel limit": animation("WEBP", max_frames,
                                                                   max_pixels),
        "refused: 50,000 x 50,000 PNG header": images.png_header(50_000, 50_000),
        "refused: GIF of 10,000 frames": images.many_frame_gif(10_000),
        "refused: GIF of 500,000 frames (10 MB)": images.many_frame_gif(500_000),
        "refused: truncated PNG at the limit": images.truncated(still("PNG", max_pixels)),
    }


def memory_kb(field: str) -> int:
    """A figure of /proc/self/status (VmRSS, VmHWM), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def run_case(path: str, max_pixels: int, max_frames: int) -> dict:
    """In the child: process the file once; its time and extra peak memory."""
    from blog.media.processing import ImageLimits
    from blog.media.processing import process_image
    from blog.media.sniffing import ImageRefused

    data = Path(path).read_bytes()
    # "5" resets the peak resident size to the current one (proc(5), clear_refs).
    Path("/proc/self/clear_refs").write_text("5")
    before = memory_kb("VmRSS")
    started = time.perf_counter()
    try:
        result = process_image(data, ImageLimits(max_pixels, max_frames))
        outcome = f"{len(result.variants)} variants, {result.stored_bytes / 1024:.0f} KB stored"
    except ImageRefused as refusal:
        outcome = "refused: " + str(refusal)[:60]
    elapsed = time.perf_counter() - started
    peak = memory_kb("VmHWM")
    return {"seconds": elapsed, "peak_mb": (peak - before) / 1024, "outcome": outcome,
            "size_mb": len(data) / 1024 / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-pixels", type=int, default=DEFAULTS["IMAGE_MAX_PIXELS"])
    parser.add_argument("--max-frames", type=int, default=DEFAULTS["IMAGE_MAX_FRAMES"])
    parser.add_argument("--case-file", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.case_file:
        print(json.dumps(run_case(arguments.case_file, arguments.max_pixels,
                                  arguments.max_frames)))
        return 0
    print(f"Pillow {Image.__version__}; limits: {arguments.max_pixels / 1e6:g} megapixels, "
          f"{arguments.max_frames} frames")
    print(f"{'case':46} {'file':>8} {'time':>9} {'peak':>9}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name, data in cases(arguments.max_pixels, arguments.max_frames).items():
            path = Path(folder) / "input"
            path.write_bytes(data)
            child = subprocess.run(
                [sys.executable, __file__, "--case-file", str(path),
                 "--max-pixels", str(arguments.max_pixels),
                 "--max-frames", str(arguments.max_frames)],
                capture_output=True, text=True, check=True)
            figures = json.loads(child.stdout)
            print(f"{name:46} {figures['size_mb']:6.1f}MB {figures['seconds'] * 1000:7.0f}ms "
                  f"{figures['peak_mb']:7.0f}MB  {figures['outcome']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
