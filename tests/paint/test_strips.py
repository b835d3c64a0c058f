"""Large screenshots are drawn in strips on several processes (raster/strips.py): the strips must
tile exactly the pixels of one whole render, and the PNG joined from them must decode to those."""
import io
import os
import pathlib

import pytest
from PIL import Image

from minibrowser.raster import strips
from minibrowser.raster.capture import capture, capture_png
from minibrowser.raster.pil import PILRasterizer

from .helpers import render_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = ["index.html", "article.html", "tables.html", "forms.html", "zh-page-load.html"]


def stitched(page, width: int, height: int, cuts: list[int], scale: float = 1.0) -> Image.Image:
    """The strips between the cut rows, each drawn on its own, pasted under one another."""
    rasterizer = PILRasterizer(page.metrics, scale)
    whole = Image.new("RGBA", (round(width * scale), cuts[-1]))
    for first, end in zip(cuts, cuts[1:]):
        strip = rasterizer.render(page.display_list, width, height, rows=(first, end))
        assert strip.size == (whole.width, end - first)
        whole.paste(strip, (0, first))
    return whole


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_strips_tile_the_pixels_of_one_render(name, scale):
    page, _ = render_file(ROOT / "pages" / name)
    height = round(page.layout.document_height)
    one = PILRasterizer(page.metrics, scale).render(page.display_list, 800, height)
    rows = one.height
    # cuts through text lines, borders and images alike: every 7th row, and the cost-balanced cuts
    cuts = sorted({0, rows, *range(7, rows, 97), *strips.cut_rows(page.display_list, 0, scale, one.width, rows, 3)})
    assert stitched(page, 800, height, cuts, scale).tobytes() == one.tobytes()


def test_cuts_balance_text_and_pixels():
    page, _ = render_file(ROOT / "pages" / "article.html")
    height = round(page.layout.document_height)
    cuts = strips.cut_rows(page.display_list, 0, 1.0, 800, height, 2)
    assert cuts[0] == 0 and cuts[-1] == height and len(cuts) == 3
    assert 0 < cuts[1] < height
    # a page with all its text at the top cuts high; the rows alone would cut in the middle
    assert strips.cut_rows(page.display_list, 0, 1.0, 800, height * 50, 2)[1] < height * 25
    assert strips.cut_rows(page.display_list, 0, 1.0, 800, 1, 4) == [0, 1]


def written(page, monkeypatch, parts: int, **options) -> bytes:
    monkeypatch.setattr(strips, "processes_for", lambda pixels: parts)
    out = io.BytesIO()
    capture_png(page, out, 800, 600, full_page=True, **options)
    return out.getvalue()


@pytest.mark.skipif(not strips.FORK_IS_SAFE, reason="strips are drawn by forked processes")
def test_the_png_from_forked_strips_is_the_whole_page(monkeypatch):
    page, _ = render_file(ROOT / "pages" / "article.html")
    whole = capture(page, 800, 600, full_page=True)
    for parts in (1, 2, 3):
        png = Image.open(io.BytesIO(written(page, monkeypatch, parts)))
        assert png.mode == "RGB" and png.size == whole.size      # an opaque screenshot: no alpha channel
        assert png.tobytes() == whole.convert("RGB").tobytes(), parts
    transparent = Image.open(io.BytesIO(written(page, monkeypatch, 2, transparent=True)))
    assert transparent.mode == "RGBA"
    assert transparent.tobytes() == capture(page, 800, 600, full_page=True, transparent=True).tobytes()


@pytest.mark.skipif(not strips.FORK_IS_SAFE, reason="strips are drawn by forked processes")
def test_a_failing_child_has_its_strip_drawn_by_the_parent(monkeypatch):
    page, _ = render_file(ROOT / "pages" / "tables.html")
    parent = os.getpid()
    render = PILRasterizer.render

    def dies_in_children(self, *args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)          # as if killed: no answer on the pipe
        return render(self, *args, **kwargs)

    monkeypatch.setattr(PILRasterizer, "render", dies_in_children)
    png = Image.open(io.BytesIO(written(page, monkeypatch, 3)))
    monkeypatch.setattr(PILRasterizer, "render", render)
    assert png.tobytes() == capture(page, 800, 600, full_page=True).convert("RGB").tobytes()


def test_no_fork_for_small_pictures_or_beside_other_threads(monkeypatch):
    assert strips.processes_for(800 * 600) == 1
    monkeypatch.setattr(strips, "usable_cores", lambda: 2)
    monkeypatch.setattr(strips.threading, "active_count", lambda: 1)   # earlier tests' servers may linger
    assert strips.processes_for(800 * 60_000) == (2 if strips.FORK_IS_SAFE else 1)
    monkeypatch.setattr(strips.threading, "active_count", lambda: 2)
    assert strips.processes_for(800 * 60_000) == 1


def test_lines_and_round_boxes_near_strip_edges_tile():
    """Commands just off a strip are skipped before their masks are built (a wave reaches above
    and below its line, a double line below it; a small rounded box's mask is kept and reused):
    strips cut every few rows must still give every pixel of the whole picture."""
    from minibrowser.css.values import RGBA
    from minibrowser.paint.display_list import DisplayList, DrawLine, FillRect
    from minibrowser.paint.fonts import FontMetricsPIL

    blue, red = RGBA(0, 0, 200, 1.0), RGBA(200, 0, 0, 0.6)
    commands = []
    y = 4.0
    for style in ("solid", "double", "dotted", "dashed", "wavy"):
        for thickness in (1.0, 2.5, 4.0):
            commands.append(DrawLine(3.25, y, 90.5, y, thickness, blue, style))
            commands.append(FillRect(100.0 + thickness, y - 1.5, 5.5, 5.5, red, ((2.75, 2.75),) * 4))
            y += 9.3 + 3 * thickness
    commands.append(DrawLine(-20.0, 30.0, -2.0, 30.0, 3.0, blue, "wavy"))      # left of the picture
    display = DisplayList(commands=commands, width=120, height=round(y) + 6)
    rasterizer = PILRasterizer(FontMetricsPIL(use_system=False))
    height = display.height
    whole = rasterizer.render(display, 120, height)
    for step in (1, 3, 7):
        stitched_rows = Image.new("RGBA", whole.size)
        for first in range(0, height, step):
            end = min(height, first + step)
            stitched_rows.paste(rasterizer.render(display, 120, height, rows=(first, end)), (0, first))
        assert stitched_rows.tobytes() == whole.tobytes(), step
