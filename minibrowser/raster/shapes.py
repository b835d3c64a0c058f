"""Coverage masks ("L" images, 0–255) for the shapes painting needs: rounded boxes and border sides.

Everything is in device pixels with integer edges, so a plain rectangle covers
exactly the pixels a rectangle fill does — reftests compare borders against
backgrounds and images pixel for pixel.  Curved edges (border-radius) are
antialiased by drawing each corner four times larger and averaging it down;
only the corner squares are supersampled, so big boxes stay cheap.
"""
from __future__ import annotations

import functools
import math

from PIL import Image, ImageChops, ImageDraw

SUPERSAMPLE = 4
Radii = tuple  # ((rx, ry) top-left, top-right, bottom-right, bottom-left), device px


def has_radii(radii: Radii) -> bool:
    return bool(radii) and any(rx > 0 and ry > 0 for rx, ry in radii)


def rounded_mask(width: int, height: int, radii: Radii) -> Image.Image:
    """Coverage of a box of width × height with elliptical corners (CSS Backgrounds 3 §5.2).
    A small one is kept and given again (a list's round bullets): callers only read it."""
    if width > 0 and height > 0 and width * height <= SMALL_MASK and has_radii(radii):
        return _small_rounded_mask(width, height, tuple(radii))
    return _rounded_mask(width, height, radii)


SMALL_MASK = 4096   # px: masks this small are kept, 1,024 of them at most


@functools.lru_cache(maxsize=1024)
def _small_rounded_mask(width: int, height: int, radii: Radii) -> Image.Image:
    return _rounded_mask(width, height, radii)


def _rounded_mask(width: int, height: int, radii: Radii) -> Image.Image:
    mask = Image.new("L", (max(0, width), max(0, height)), 255)
    if width <= 0 or height <= 0 or not has_radii(radii):
        return mask
    for corner, (rx, ry) in enumerate(radii):
        if rx <= 0 or ry <= 0:
            continue
        cw, ch = min(width, math.ceil(rx)), min(height, math.ceil(ry))
        if cw <= 0 or ch <= 0:
            continue
        x = 0 if corner in (0, 3) else width - cw
        y = 0 if corner in (0, 1) else height - ch
        mask.paste(_corner(corner, rx, ry, cw, ch), (x, y))
    return mask


@functools.lru_cache(maxsize=1024)
def _corner(corner: int, rx: float, ry: float, cw: int, ch: int) -> Image.Image:
    """One corner's coverage, cw × ch px (kept: a list of 20,000 round bullets has one corner
    shape four times; callers only read it)."""
    s = SUPERSAMPLE
    tile = Image.new("L", (cw * s, ch * s), 0)
    # the ellipse of this corner, placed so its quarter falls in the tile (top-left orientation)
    ImageDraw.Draw(tile).ellipse([0, 0, 2 * rx * s - 1, 2 * ry * s - 1], fill=255)
    tile = tile.reduce(s)
    if corner in (1, 2):
        tile = tile.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if corner in (2, 3):
        tile = tile.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    return tile


def inner_radii(radii: Radii, widths: tuple) -> Radii:
    """Radii of the padding edge: the outer radii less the border widths (§5.2)."""
    if not radii:
        return ()
    t, r, b, l = widths
    (a, b0), (c, d), (e, f), (g, h) = radii
    return ((max(0.0, a - l), max(0.0, b0 - t)), (max(0.0, c - r), max(0.0, d - t)),
            (max(0.0, e - r), max(0.0, f - b)), (max(0.0, g - l), max(0.0, h - b)))


def ring_mask(width: int, height: int, widths: tuple, radii: Radii) -> Image.Image:
    """The border area: the rounded border box less the rounded padding box."""
    t, r, b, l = widths
    outer = rounded_mask(width, height, radii)
    iw, ih = width - l - r, height - t - b
    if iw > 0 and ih > 0:
        hole = Image.new("L", outer.size, 0)
        hole.paste(rounded_mask(iw, ih, inner_radii(radii, widths)), (l, t))
        outer = ImageChops.subtract(outer, hole)
    return outer


SIDES = ("top", "right", "bottom", "left")


def side_region(side: str, width: int, height: int, widths: tuple, split: tuple[bool, bool]) -> Image.Image:
    """Which pixels of the border box belong to one side.

    A side owns its band (e.g. the top `t` rows).  Where it meets a painted
    neighbour that looks different, the corner square is split along the line
    from the outer to the inner corner (CSS Backgrounds 3 §4.4); `split` gives,
    for the side's two corners in (top/left first) order, whether to split.
    """
    t, r, b, l = widths
    w, h = width, height
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    horizontal = side in ("top", "bottom")
    if side == "top":
        draw.rectangle([0, 0, w - 1, t - 1], fill=255)
        corners = ((0, l, t, False, False), (1, r, t, True, False))
    elif side == "bottom":
        draw.rectangle([0, h - b, w - 1, h - 1], fill=255)
        corners = ((0, l, b, False, True), (1, r, b, True, True))
    elif side == "left":
        draw.rectangle([0, 0, l - 1, h - 1], fill=255)
        corners = ((0, l, t, False, False), (1, l, b, False, True))
    else:
        draw.rectangle([w - r, 0, w - 1, h - 1], fill=255)
        corners = ((0, r, t, True, False), (1, r, b, True, True))
    for which, cw, ch, right, bottom in corners:
        if not split[which] or cw <= 0 or ch <= 0:
            continue
        tile = _corner_tile(cw, ch, horizontal)
        if right:
            tile = tile.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        if bottom:
            tile = tile.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        mask.paste(tile, (w - cw if right else 0, h - ch if bottom else 0))
    return mask


def wedge_region(side: str, width: int, height: int) -> Image.Image:
    """The triangle from a side's two outer corners to the box's centre (rounded borders whose
    sides differ: the curved corners lie outside the straight bands)."""
    w, h = width, height
    cx, cy = w / 2, h / 2
    points = {"top": [(0, 0), (w, 0), (cx, cy)], "right": [(w, 0), (w, h), (cx, cy)],
              "bottom": [(0, h), (w, h), (cx, cy)], "left": [(0, 0), (0, h), (cx, cy)]}[side]
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).polygon(points, fill=255)
    return mask


def _corner_tile(cw: int, ch: int, horizontal: bool) -> Image.Image:
    """A corner square (outer corner at top-left) split on its diagonal: the pixels whose centres lie
    on the horizontal side's half (ties go to it) are 255 when `horizontal`, else the others."""
    tile = Image.new("L", (cw, ch), 0 if horizontal else 255)
    draw = ImageDraw.Draw(tile)
    for j in range(ch):
        first = max(0, math.ceil((j + 0.5) * cw / ch - 0.5))
        if first < cw:
            draw.line([(first, j), (cw - 1, j)], fill=255 if horizontal else 0)
    return tile


def dash_mask(side: str, width: int, height: int, widths: tuple, style: str) -> Image.Image:
    """The on-pixels of a dashed or dotted side, dashes centred so both ends match (as Blink does)."""
    t, r, b, l = widths
    horizontal = side in ("top", "bottom")
    thickness = {"top": t, "bottom": b, "left": l, "right": r}[side]
    length = width if horizontal else height
    mask = Image.new("L", (width, height), 0)
    if thickness <= 0 or length <= 0:
        return mask
    draw = ImageDraw.Draw(mask)
    dash = thickness * (3 if style == "dashed" else 1)
    gap = dash if style == "dashed" else thickness
    count = max(1, int((length + gap) // (dash + gap)))
    # stretch the gaps so the pattern fills the side exactly
    spare = length - count * dash
    gap = spare / (count - 1) if count > 1 else 0.0
    offset = 0.0 if count > 1 else (length - dash) / 2
    fixed = {"top": 0, "bottom": height - b, "left": 0, "right": width - r}[side]
    for i in range(count):
        start = offset + i * (dash + gap)
        a, z = round(start), round(start + dash)
        if z <= a:
            continue
        if horizontal:
            box = [a, fixed, z - 1, fixed + thickness - 1]
        else:
            box = [fixed, a, fixed + thickness - 1, z - 1]
        if style == "dotted" and thickness > 3:
            _round_dot(mask, box)
        else:
            draw.rectangle(box, fill=255)   # thin dots are squares, as Skia draws them
    return mask


def _round_dot(mask: Image.Image, box: list) -> None:
    """An antialiased round dot filling box [x0, y0, x1, y1] (inclusive), drawn four times larger."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0 + 1, y1 - y0 + 1
    s = SUPERSAMPLE
    dot = Image.new("L", (w * s, h * s), 0)
    ImageDraw.Draw(dot).ellipse([0, 0, w * s - 1, h * s - 1], fill=255)
    mask.paste(dot.reduce(s), (x0, y0))


def band_mask(side: str, width: int, height: int, widths: tuple, start: float, end: float) -> Image.Image:
    """The part of the border box between `start` and `end` (fractions of each side's width, 0 = outer
    edge) — the stripes of double, groove and ridge borders, following the mitred corners."""
    t, r, b, l = widths
    w, h = width, height
    mask = Image.new("L", (w, h), 0)
    outer = (l * start, t * start, w - r * start, h - b * start)
    inner = (l * end, t * end, w - r * end, h - b * end)
    ox0, oy0, ox1, oy1 = (round(v) for v in outer)
    ix0, iy0, ix1, iy1 = (round(v) for v in inner)
    if ox1 > ox0 and oy1 > oy0:
        ImageDraw.Draw(mask).rectangle([ox0, oy0, ox1 - 1, oy1 - 1], fill=255)
    if ix1 > ix0 and iy1 > iy0:
        ImageDraw.Draw(mask).rectangle([ix0, iy0, ix1 - 1, iy1 - 1], fill=0)
    return mask
