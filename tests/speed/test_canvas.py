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
