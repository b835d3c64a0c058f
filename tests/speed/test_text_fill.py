"""A coverage mask filled over one colour through a palette gives the bytes of compositing.

raster/pil.py's _fill_mask lays a colour through a coverage mask (every text run, rounded box,
border ring).  Where the pixels under the mask are all one colour, it indexes a palette of the 256
possible results instead of blending pixel by pixel; elsewhere it composites.  Both must give what
Pillow's alpha_composite of the colour, with the (table-mapped, alpha-scaled) mask as its alpha,
gives: over opaque and transparent pixels, in opaque and translucent colours, with and without
Skia's gamma table, and over two colours (the composite path).
"""
from __future__ import annotations

import random

import pytest
from PIL import Image

from minibrowser.css.values import RGBA
from minibrowser.paint.fonts import FontMetricsPIL
from minibrowser.raster import glyphs
from minibrowser.raster.pil import PILRasterizer

COLOURS = [RGBA(0, 0, 0, 1.0), RGBA(34, 85, 170, 1.0), RGBA(255, 255, 255, 1.0), RGBA(200, 30, 90, 0.5),
           RGBA(10, 200, 30, 0.07)]
BACKGROUNDS = [(255, 255, 255, 255), (248, 248, 248, 255), (20, 20, 20, 255), (0, 0, 0, 0), (200, 100, 0, 128)]


def ramp_mask(seed: int) -> Image.Image:
    """Every coverage value, in a shuffled 32 × 8 block plus a few zero rows and columns."""
    values = list(range(256))
    random.Random(seed).shuffle(values)
    mask = Image.new("L", (34, 10), 0)
    mask.paste(Image.frombytes("L", (32, 8), bytes(values)), (1, 1))
    return mask


def composited(under: Image.Image, color: RGBA, mask: Image.Image, table: list[int] | None,
               at: tuple[int, int]) -> Image.Image:
    alpha = mask if table is None else mask.point(table)
    if color.a < 1:
        alpha = alpha.point([round(v * color.a) for v in range(256)])
    source = Image.new("RGBA", mask.size, (color.r, color.g, color.b, 0))
    source.putalpha(alpha)
    out = under.copy()
    out.alpha_composite(source, at)
    return out


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("gamma", [False, True])
def test_one_colour_under_the_mask_gives_the_composite(background, gamma):
    rasterizer = PILRasterizer(FontMetricsPIL(use_system=False))
    rasterizer._blend_tables = {}
    for seed, color in enumerate(COLOURS):
        table = glyphs.preblend(color.r, color.g, color.b) if gamma else None
        mask = ramp_mask(seed)
        canvas = Image.new("RGBA", (60, 30), background)
        expected = composited(canvas, color, mask, table, (5, 7))
        rasterizer._fill_mask(canvas, color, mask, 5, 7, table)
        assert canvas.tobytes() == expected.tobytes(), (color, background)
        # and again with the blends already made (the palette is kept per colour and pixel)
        canvas = Image.new("RGBA", (60, 30), background)
        rasterizer._fill_mask(canvas, color, mask, 5, 7, table)
        assert canvas.tobytes() == expected.tobytes()


@pytest.mark.parametrize("gamma", [False, True])
def test_two_colours_under_the_mask_and_a_mask_off_the_edge(gamma):
    rasterizer = PILRasterizer(FontMetricsPIL(use_system=False))
    rasterizer._blend_tables = {}
    for seed, color in enumerate(COLOURS):
        table = glyphs.preblend(color.r, color.g, color.b) if gamma else None
        mask = ramp_mask(seed)
        canvas = Image.new("RGBA", (60, 30), (255, 255, 255, 255))
        canvas.paste((30, 60, 90, 255), (0, 12, 60, 30))        # the mask straddles two colours
        expected = composited(canvas, color, mask, table, (5, 7))
        rasterizer._fill_mask(canvas, color, mask, 5, 7, table)
        assert canvas.tobytes() == expected.tobytes(), color
        # a mask partly off the canvas: only its visible part is laid, over one colour
        canvas = Image.new("RGBA", (60, 30), (248, 248, 248, 255))
        expected = composited(canvas, color, mask, table, (40, -4))
        rasterizer._fill_mask(canvas, color, mask, 40, -4, table)
        assert canvas.tobytes() == expected.tobytes(), color
