"""Colour contrast as WCAG 2 defines it, for colours as getComputedStyle reports them."""

from __future__ import annotations

import re

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)")


def parse_rgb(css: str, over: tuple[float, float, float] = (255, 255, 255)) -> tuple[float, ...]:
    """(r, g, b) of a CSS rgb()/rgba() colour, a translucent one blended over `over`."""
    match = _RGB.fullmatch(css.strip())
    assert match, f"not an rgb() colour: {css!r}"
    red, green, blue = (float(part) for part in match.group(1, 2, 3))
    alpha = float(match.group(4)) if match.group(4) is not None else 1.0
    return tuple(alpha * value + (1 - alpha) * base
                 for value, base in zip((red, green, blue), over, strict=True))


def relative_luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour with channels 0-255."""

    def linear(channel: float) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """The contrast ratio (1 to 21) between two CSS colours, the second opaque."""
    background = parse_rgb(second)
    lighter, darker = sorted((relative_luminance(parse_rgb(first, over=background)),
                              relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
