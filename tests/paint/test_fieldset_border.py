"""A fieldset's border runs through the middle of its rendered legend, with a gap behind the legend
(HTML §15.3.13), as headless Chromium paints it: with the system's DejaVu fonts, Chromium's legend
box is y 20-55 and its 4px border rows 36-39, black for x < 44 (the legend's border-box start) and
x >= 108, background in between; the background begins at the border, not at the band's top."""
from minibrowser.layout import iter_boxes

from .helpers import render_html, rgb

PAGE = ('<!doctype html><meta charset=utf-8><body style="margin:0"><fieldset style="margin:20px;'
        'border:4px solid black;padding:10px;background:#ddf"><legend style="margin:0 10px;padding:0 5px;'
        'font-size:30px">Leg</legend>content</fieldset>')
BLACK, WHITE, BACKGROUND = (0, 0, 0), (255, 255, 255), (221, 221, 255)


def test_the_top_border_is_centred_on_the_legend_and_cut_behind_it(tmp_path):
    page, image = render_html(tmp_path, PAGE, width=400, height=200)
    legend = next(b for b in iter_boxes(page.boxes) if b.tag == "legend")
    assert legend.x == 44                                   # 20 margin + 4 border + 10 padding + 10 margin
    top = int(legend.y + legend.height / 2 - 2 + 0.5)      # the 4px border, centred on the legend
    left, right = int(legend.x), int(legend.x + legend.width) + 1
    for x in (25, left - 1, right + 1, 300):
        assert [rgb(image, x, y) for y in (top, top + 3)] == [BLACK, BLACK], x
    assert rgb(image, 25, top - 1) == WHITE and rgb(image, 25, top + 4) != WHITE
    # behind the legend, between its glyphs, the border is not drawn (Chromium: x 44-107)
    assert rgb(image, left + 2, top + 1) == BACKGROUND and rgb(image, right - 3, top + 1) == BACKGROUND
    # the background starts at the border, not at the top of the legend's band
    assert rgb(image, 30, top - 2) == WHITE and rgb(image, 30, top + 8) == BACKGROUND
