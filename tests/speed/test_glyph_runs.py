"""The fast way a text run's mask is built gives the bytes of the glyph-by-glyph way.

raster/glyphs.py pastes glyphs that share no column into one layer and screens two such layers
together once, instead of screening each glyph over what is there; the result must be the same
to the byte, for tight and overlapping glyphs, bold and oblique, marks stacked on letters, and
every quarter-pixel start.  A second pass over the same runs (glyph masks and shaping cached)
must also give the same masks.
"""
import random

import pytest

from minibrowser.paint.fonts import FontMetricsPIL
from minibrowser.raster import glyphs

WORDS = ["office", "Wave", "AVATAR", "fjord", "ffi", "T.Y.", "rn", "llama", "jiggly", "naïve",
         "e\u0301\u0302\u0303", "a\u0308\u0304", "WAVY", "type()", "x[i]", "—", "The quick brown fox",
         "kerning: To, Wa, Yo", "ÅÄÖ", "0123456789", "mmmm", "iiiii"]


@pytest.fixture(scope="module")
def fonts():
    if not glyphs.available():
        pytest.skip("FreeType or HarfBuzz cannot be loaded")
    metrics = FontMetricsPIL(use_system=False)
    out = []
    for family in ("Noto Sans", "Noto Serif", "Roboto Mono"):
        for size in (9.0, 13.0, 16.0, 23.5):
            face = metrics.db.best(family, 400.0, False)
            out.append(metrics._make_font(face, size, 400.0, False))
            out.append(metrics._make_font(face, size, 700.0, True)._replace(synthetic_bold=True,
                                                                            synthetic_oblique=True))
    return out


def test_layered_assembly_matches_glyph_by_glyph(fonts):
    rng = random.Random(7)
    layered_twice = 0
    for _round in range(2):
        for font in fonts:
            for text in WORDS:
                x = rng.randrange(0, 400) + rng.randrange(0, 8) / 8
                placed = glyphs.place_glyphs(font, text, x, 30.0)
                assert placed is not None
                if not placed:
                    continue
                fast, fx, fy = glyphs.assemble(placed)
                slow, sx, sy = glyphs.assemble_in_order(placed)
                assert (fx, fy, fast.size) == (sx, sy, slow.size)
                assert fast.tobytes() == slow.tobytes(), (font, text, x)
                layered_twice += any(p[1] < q[3] for q, p in zip(placed, placed[1:]))
    assert layered_twice > 50      # overlapping neighbours were exercised, not only apart glyphs


def test_run_masks_are_the_assembled_placed_glyphs(fonts):
    """run_mask builds a run's mask in one pass of its own (and keeps it): the same mask at the
    same place as assembling place_glyphs' glyphs, at every quarter pixel, over and under the
    canvas's left edge, seen for the first time and again."""
    rng = random.Random(11)
    for _round in range(2):
        for font in fonts:
            for text in WORDS + ["   ", "a b"]:
                x = rng.choice([-37.0, 0.0, 250.0]) + rng.randrange(0, 16) / 16
                y = 30.0 + rng.randrange(0, 4) / 4
                placed = glyphs.place_glyphs(font, text, x, y)
                mask, left, top = glyphs.run_mask(font, text, x, y)
                if not placed:
                    assert mask.size == (0, 0)
                    continue
                expected, ex, ey = glyphs.assemble(placed)
                assert (left, top, mask.size) == (ex, ey, expected.size), (font, text, x)
                assert mask.tobytes() == expected.tobytes(), (font, text, x)
