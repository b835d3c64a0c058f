"""Painting order of flex and grid items (CSS Flexbox 1 §5.4, CSS Grid 1 §9), checked by pixels.

Items paint like inline-blocks: each one whole, in `order`-modified document order, with the
inline content of their container (so above the backgrounds of later blocks), and a z-index
other than auto makes a position: static item a stacking context.  The expected colours were
sampled once from headless Chromium's 800×600 screenshot of PAGE (scripts off); minibrowser
painted six of them differently before items were painted this way.
"""
from .helpers import render_html, rgb

PAGE = """<!DOCTYPE html><style>body{margin:0} .f{display:flex} .s{width:100px;height:100px;flex:none}</style>
<div class=f>
 <div class=s style="background:red;line-height:0"><span style="display:inline-block;width:100px;height:100px;background:yellow"></span></div>
 <div class=s style="background:green;margin-left:-50px"></div>
 <div class=s style="background:blue;margin-left:-50px;order:-1"></div>
</div>
<div style="height:50px;margin-top:-30px;width:300px;background:black"></div>
<div class=f style="background:gray;margin-top:30px">
 <div class=s style="background:red;z-index:1"></div>
 <div class=s style="background:green;margin-left:-50px"></div>
 <div class=s style="background:blue;margin-left:-50px;z-index:-1"></div>
</div>
<div style="display:grid;grid-template-columns:100px 100px;grid-template-rows:100px;margin-top:30px">
 <div style="background:green;grid-area:1/1;z-index:1"></div>
 <div style="background:red;grid-row:1;grid-column:1/3"></div>
 <div style="background:blue;grid-area:1/2;order:-1"></div>
</div>
<div class=f style="margin-top:20px">
 <div class=s style="background:white"><div style="position:relative;height:100px;background:orange"></div></div>
 <div class=s style="background:purple;margin-left:-50px"></div>
</div>
"""
YELLOW, GREEN, BLUE, BLACK, RED, GREY = (255, 255, 0), (0, 128, 0), (0, 0, 255), (0, 0, 0), (255, 0, 0), \
    (128, 128, 128)
ORANGE, PURPLE = (255, 165, 0), (128, 0, 128)

# (x, y) → the colour in headless Chromium's screenshot, and why
CHROMIUM = {
    (75, 50): (YELLOW, "order:-1 puts the blue item first, so the yellow-filled item paints over it"),
    (125, 50): (GREEN, "the green item paints after the whole of the item before, inline-block too"),
    (25, 80): (BLUE, "items paint above the background of the block after their container"),
    (250, 80): (BLACK, "that block where no item is"),
    (75, 200): (RED, "z-index:1 on a static item lifts it over the later green item"),
    (125, 200): (GREEN, "z-index:-1 on a static item puts it below the green item ..."),
    (175, 200): (GREY, "... and below its container's background"),
    (50, 330): (GREEN, "a grid item with z-index:1 over the later red item in the same cell"),
    (150, 330): (RED, "order:-1 paints the blue grid item before the red one over it"),
    (75, 450): (ORANGE, "a relative box in a static item belongs to the outer stacking context"),
    (125, 450): (PURPLE, "beside it, the next item"),
}


def test_flex_and_grid_items_paint_as_chromium_paints_them(tmp_path):
    _page, img = render_html(tmp_path, PAGE)
    got = {point: rgb(img, *point) for point in CHROMIUM}
    wrong = {point: (got[point], why) for point, (colour, why) in CHROMIUM.items() if got[point] != colour}
    assert not wrong


def test_z_index_on_a_static_block_that_is_not_an_item_does_nothing(tmp_path):
    # CSS 2.1 §9.9.1: z-index applies to positioned boxes; the block after still paints over it
    _page, img = render_html(tmp_path, "<!DOCTYPE html><style>body{margin:0}</style>"
                             "<div style='z-index:5;height:100px;background:red'></div>"
                             "<div style='margin-top:-50px;height:100px;background:green'></div>")
    assert rgb(img, 50, 75) == GREEN


def test_positioned_item_with_z_index_auto_inside_a_z_index_item_stays_inside_it(tmp_path):
    # the static item with z-index:2 is a stacking context: its relative child (z auto) paints
    # with it, under the next item that has z-index:3
    _page, img = render_html(tmp_path, "<!DOCTYPE html><style>body{margin:0} .f{display:flex}</style>"
                             "<div class=f><div style='width:100px;height:100px;z-index:2'>"
                             "<div style='position:relative;height:100px;background:red'></div></div>"
                             "<div style='width:100px;height:100px;margin-left:-50px;background:green;"
                             "z-index:3'></div></div>")
    assert rgb(img, 75, 50) == GREEN
    assert rgb(img, 25, 50) == RED
