"""Stacking contexts and z-index (CSS 2.1 §9.9.1, Appendix E), checked by the colour of pixels.

Each page overlaps coloured squares; the colour where they overlap says which one the spec paints
last.  (position-zindex.html in tests/layout/pages is the same kind of page; its headless Chromium
screenshot shows the same stacking.)
"""
from .helpers import render_html, rgb

PAGE = "<!DOCTYPE html><style>body{margin:0} div{position:absolute;width:100px;height:100px}</style>"
RED, GREEN, BLUE, YELLOW, GREY = (255, 0, 0), (0, 128, 0), (0, 0, 255), (255, 255, 0), (128, 128, 128)


def test_z_index_orders_siblings_and_auto_paints_at_zero_in_tree_order(tmp_path):
    _page, img = render_html(tmp_path, PAGE +
                             "<div style='left:0;top:0;background:red;z-index:3'></div>"
                             "<div style='left:50px;top:50px;background:green;z-index:1'></div>"
                             "<div style='left:100px;top:100px;background:blue'></div>"
                             "<div style='left:120px;top:120px;background:yellow;z-index:0'></div>")
    assert rgb(img, 75, 75) == RED          # z 3 over z 1, though earlier in the tree
    assert rgb(img, 125, 125) == GREEN      # z 1 over z auto
    assert rgb(img, 150, 150) == YELLOW     # z 0 and z auto: tree order


def test_negative_z_index_paints_under_in_flow_content_but_over_the_root_background(tmp_path):
    _page, img = render_html(tmp_path, "<!DOCTYPE html><style>body{margin:0;background:white}</style>"
                             "<p style='margin:0;height:50px;width:300px;background:rgb(128,128,128)'></p>"
                             "<div style='position:absolute;left:100px;top:20px;width:300px;height:100px;"
                             "background:red;z-index:-1'></div>")
    assert rgb(img, 150, 30) == GREY        # the in-flow block covers the negative layer
    assert rgb(img, 350, 30) == RED         # which still covers the canvas


def test_positioned_descendants_of_a_z_index_auto_box_join_the_outer_stacking_context(tmp_path):
    # the green box (z 4) sits in a relative box with z-index auto: it stacks with the red (z 3)
    # sibling of that box and wins; in a stacking context of its own (z-index: 0) it would lose
    for z, winner in (("auto", GREEN), ("0", RED)):
        _page, img = render_html(tmp_path, PAGE +
                                 f"<section style='position:relative;z-index:{z}'>"
                                 "<div style='left:0;top:0;background:green;z-index:4'></div></section>"
                                 "<div style='left:50px;top:50px;background:red;z-index:3'></div>")
        assert rgb(img, 75, 75) == winner, z


def test_a_stacking_context_keeps_its_children_however_high_their_z_index(tmp_path):
    _page, img = render_html(tmp_path, PAGE +
                             "<div style='left:0;top:0;background:blue;z-index:2'>"
                             "<div style='left:50px;top:50px;background:green;z-index:100'></div></div>"
                             "<div style='left:100px;top:100px;background:red;z-index:5'></div>"
                             "<div style='left:0;top:80px;width:40px;background:yellow;z-index:1'></div>")
    assert rgb(img, 125, 125) == RED        # z 5 beats z 100 inside a z 2 context
    assert rgb(img, 75, 75) == GREEN
    assert rgb(img, 20, 90) == BLUE         # z 2 over z 1
    assert rgb(img, 20, 150) == YELLOW


def test_an_absolute_box_in_inline_content_is_painted_over_the_text_after_it(tmp_path):
    _page, img = render_html(tmp_path, "<!DOCTYPE html><style>body{margin:0;font:40px sans-serif}</style>"
                             "<p style='margin:0'>Hello<span style='position:absolute;left:0;top:0;"
                             "width:60px;height:40px;background:red'></span> world</p>")
    assert rgb(img, 30, 20) == RED


def test_overflow_hidden_between_a_box_and_its_containing_block_does_not_clip_it(tmp_path):
    # CSS 2.1 §11.1.1: the clip applies to descendants whose containing block is the clipping box
    # or inside it; the static parent here is neither
    html = ("<!DOCTYPE html><style>body{margin:0}</style>"
            "<section style='position:relative;width:300px;height:300px'>"
            "<p style='margin:0;overflow:hidden;width:50px;height:50px'>"
            "<span style='position:absolute;left:100px;top:100px;width:50px;height:50px;background:red'>"
            "</span></p></section>"
            "<section style='position:relative;overflow:hidden;width:300px;height:100px'>"
            "<span style='position:absolute;left:100px;top:100px;width:50px;height:50px;background:red'>"
            "</span></section>")
    _page, img = render_html(tmp_path, html)
    assert rgb(img, 125, 125) == RED        # not clipped by the static overflow: hidden paragraph
    assert rgb(img, 125, 325) != RED        # clipped by its overflow: hidden containing block
