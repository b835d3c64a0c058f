"""linear-gradient() pixels (CSS Images 3 §3.1), without a Python loop per pixel.

The gradient line runs through the box's centre at the gradient angle; its
length is |w·sin θ| + |h·cos θ| so the corners get the first and last colours.
Each pixel's position t along that line is an affine function of (x, y), so
Pillow's affine transform of a 0–255 ramp computes every t in C; a 256-entry
colour table per channel (`Image.point`) then turns positions into colours.
Colour stops are fixed up as §3.4.3 says ("colour stop fix-up"): missing
first/last positions become 0%/100%, a position smaller than an earlier one
is raised to it, and runs of stops without positions are spaced evenly.
"""
from __future__ import annotations

import math

from PIL import Image

from ..css.values import RGBA

LEVELS = 256
_RAMP: Image.Image | None = None


def fix_up_stops(stops: list[tuple[RGBA, float | None]], length: float) -> list[tuple[RGBA, float]]:
    """(colour, px or None) → (colour, fraction of the gradient line), per §3.4.3."""
    fractions: list[float | None] = [None if pos is None else pos / length if length else 0.0 for _c, pos in stops]
    if fractions[0] is None:
        fractions[0] = 0.0
    if fractions[-1] is None:
        fractions[-1] = 1.0
    largest = fractions[0]
    for i, f in enumerate(fractions):
        if f is not None:
            largest = max(largest, f)
            fractions[i] = largest
    i = 0
    while i < len(fractions):
        if fractions[i] is None:
            j = i
            while fractions[j] is None:
                j += 1
            a, b = fractions[i - 1], fractions[j]
            for k in range(i, j):
                fractions[k] = a + (b - a) * (k - i + 1) / (j - i + 1)
            i = j
        i += 1
    return [(color, float(f)) for (color, _p), f in zip(stops, fractions)]


def color_at(stops: list[tuple[RGBA, float]], t: float) -> tuple[int, int, int, int]:
    """Interpolate in premultiplied RGBA, as §3.4.4 asks (so 'transparent' does not darken)."""
    if t <= stops[0][1]:
        return _rgba(stops[0][0])
    for (c0, p0), (c1, p1) in zip(stops, stops[1:]):
        if t <= p1:
            f = (t - p0) / (p1 - p0) if p1 > p0 else 1.0
            a = c0.a + (c1.a - c0.a) * f
            if a <= 0:
                return (0, 0, 0, 0)
            mix = [(v0 * c0.a + (v1 * c1.a - v0 * c0.a) * f) / a for v0, v1 in
                   ((c0.r, c1.r), (c0.g, c1.g), (c0.b, c1.b))]
            return (round(mix[0]), round(mix[1]), round(mix[2]), round(a * 255))
    return _rgba(stops[-1][0])


def _rgba(c: RGBA) -> tuple[int, int, int, int]:
    return (c.r, c.g, c.b, round(c.a * 255))


def _ramp() -> Image.Image:
    """A 1-pixel-wide column whose row v holds the value v (0–255), padded so t outside [0, 1] clamps."""
    global _RAMP
    if _RAMP is None:
        column = Image.linear_gradient("L").crop((0, 0, 1, 256))
        ramp = Image.new("L", (1, 256 + 2 * LEVELS), 0)
        ramp.paste(column, (0, LEVELS))
        ramp.paste(255, (0, LEVELS + 256, 1, 256 + 2 * LEVELS))
        _RAMP = ramp
    return _RAMP


def render_linear_gradient(angle_deg: float, stops: list[tuple[RGBA, float | None]], width: int, height: int,
                           scale: float = 1.0, repeating: bool = False) -> Image.Image:
    """An RGBA image of `width` × `height` device pixels; stop positions are in CSS px (× scale)."""
    angle = math.radians(angle_deg)
    dx, dy = math.sin(angle), -math.cos(angle)
    length = abs(width * dx) + abs(height * dy) or 1.0
    fixed = fix_up_stops([(c, None if p is None else p * scale) for c, p in stops], length)
    if repeating:
        fixed = _repeat(fixed)
    table = [color_at(fixed, v / (LEVELS - 1)) for v in range(LEVELS)]
    # t(x, y) = ((x - cx)·dx + (y - cy)·dy) / length + 0.5 at pixel centres; the ramp row is 255·t + LEVELS
    k = (LEVELS - 1) / length
    cx, cy = width / 2, height / 2
    a, b = dx * k, dy * k
    c = (-cx * dx - cy * dy) * k + (LEVELS - 1) / 2 + LEVELS + 0.5
    index = _ramp().transform((width, height), Image.Transform.AFFINE, (0, 0, 0.5, a, b, c),
                              resample=Image.Resampling.NEAREST)
    bands = [index.point([entry[n] for entry in table]) for n in range(4)]
    return Image.merge("RGBA", bands)


def _repeat(stops: list[tuple[RGBA, float]]) -> list[tuple[RGBA, float]]:
    """repeating-linear-gradient(): tile the stop pattern along the whole line (§3.2)."""
    first, last = stops[0][1], stops[-1][1]
    period = last - first
    if period <= 1e-6:
        return [(stops[-1][0], 0.0), (stops[-1][0], 1.0)]
    out: list[tuple[RGBA, float]] = []
    shift = first - math.ceil(first / period) * period
    while shift < 1.0 and len(out) < 4096:
        out.extend((color, pos - first + shift) for color, pos in stops)
        shift += period
    return out
