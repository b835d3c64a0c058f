"""The canvas colour is filled into one canvas: the pixels must be those of compositing a second,
canvas-sized layer of that colour over the backdrop (what the rasterizer did before)."""
from __future__ import annotations

import pytest
from PIL import Image

from minibrowser.css.values import RGBA
from minibrowser.paint.display_list import DisplayList, FillRect
from minibrowser.paint.fonts import FontMetricsPIL
from minibrowser.raster.pil import PILRasterizer

BACKDROPS = [RGBA(255, 255, 255, 1.0), None]
CANVASES = [RGBA(0, 0, 0, 0.0), RGBA(0, 128, 0, 1.0), RGBA(0, 128, 0, 0.5), RGBA(200, 30, 90, 0.2),
            RGBA(10, 20, 30, 0.001)]


def two_layers(backdrop: RGBA | None, canvas: RGBA, size: tuple[int, int]) -> Image.Image:
    def rgba(c: RGBA) -> tuple[int, int, int, int]:
        return c.r, c.g, c.b, round(c.a * 255)
    base = Image.new("RGBA", size, rgba(backdrop or RGBA(0, 0, 0, 0.0)))
    base.alpha_composite(Image.new("RGBA", size, rgba(canvas)))
    return base


@pytest.mark.parametrize("backdrop", BACKDROPS)
@pytest.mark.parametrize("canvas", CANVASES)
def test_one_canvas_gives_the_pixels_of_two(backdrop, canvas):
    display = DisplayList(commands=[FillRect(10, 10, 20, 20, RGBA(0, 0, 255, 0.5))], width=64, height=48,
                          background=canvas)
    image = PILRasterizer(FontMetricsPIL(), backdrop=backdrop).render(display, 64, 48)
    expected = two_layers(backdrop, canvas, (64, 48))
    assert image.getpixel((0, 0)) == expected.getpixel((0, 0))
    assert image.getpixel((63, 47)) == expected.getpixel((63, 47))
    box = expected.copy()
    box.alpha_composite(Image.new("RGBA", (20, 20), (0, 0, 255, 128)), (10, 10))
    assert image.getpixel((15, 15)) == box.getpixel((15, 15))


WHITE = RGBA(255, 255, 255, 1.0)


@pytest.mark.parametrize("rows", [None, (0, 48), (20, 48), (0, 20)])
def test_a_canvas_coloured_fill_still_covers_what_was_drawn_before(rows):
    """An opaque fill in the canvas's own colour is drawn only where something was drawn before it
    (elsewhere the canvas already has that colour): the pixels must be those of drawing it whole."""
    from minibrowser.paint.display_list import DrawBorder, PopClip, PushClip
    red, blue = RGBA(255, 0, 0, 1.0), RGBA(0, 0, 255, 0.5)
    commands = [
        FillRect(0, 0, 64, 48, WHITE),                         # the canvas's colour: nothing to do
        FillRect(5, 5, 10, 10, red),
        DrawBorder(30, 2, 20, 20, (2.0, 2.0, 2.0, 2.0), ("solid",) * 4, (red,) * 4, ()),
        PushClip(0, 30, 64, 10, ()), FillRect(0, 25, 64, 20, blue), PopClip(),
        FillRect(8, 8, 40, 30, WHITE),                         # over parts of all three
        FillRect(0, 0, 64, 48, RGBA(255, 255, 255, 0.5)),      # translucent: composited everywhere
        FillRect(20, 0, 2, 48, red),
    ]
    display = DisplayList(commands=commands, width=64, height=48, background=RGBA(0, 0, 0, 0.0))
    image = PILRasterizer(FontMetricsPIL(use_system=False)).render(display, 64, 48, rows=rows)
    expected = Image.new("RGBA", (64, 48), (255, 255, 255, 255))
    expected.paste((255, 0, 0, 255), (5, 5, 15, 15))
    border = Image.new("RGBA", (20, 20), (255, 0, 0, 255))
    border.paste((255, 255, 255, 255), (2, 2, 18, 18))
    expected.paste(border, (30, 2))
    expected.alpha_composite(Image.new("RGBA", (64, 10), (0, 0, 255, 128)), (0, 30))
    expected.paste((255, 255, 255, 255), (8, 8, 48, 38))
    expected.alpha_composite(Image.new("RGBA", (64, 48), (255, 255, 255, 128)))
    expected.paste((255, 0, 0, 255), (20, 0, 22, 48))
    if rows is not None:
        expected = expected.crop((0, rows[0], 64, rows[1]))
    assert image.tobytes() == expected.tobytes()
