"""Absolute and fixed positioning (layout/positioned.py) against CSS 2.1 §9.6, §10.3.7 and §10.6.4.

The position-*.html pages in tests/layout/pages are scored against headless Chromium by
test_goldens.py; these tests check the rules one at a time, with numbers worked out from the spec.
"""
from __future__ import annotations

import urllib.parse

import pytest

from minibrowser.layout import iter_boxes
from minibrowser.layout.positioned import solve_axis
from minibrowser.pipeline import LoadOptions, load
from minibrowser.url import parse
from tests.layout.helpers import shared_metrics
from tests.text.helpers import render_html as render_text

STYLE = "<!doctype html><style>body{margin:0;font:16px sans-serif}</style>"


@pytest.fixture(scope="module")
def metrics():
    return shared_metrics()


def lay_out(html: str, metrics, width: int = 800, height: int = 600):
    page = load(parse("data:text/html;charset=utf-8," + urllib.parse.quote(STYLE + html)),
                LoadOptions(width=width, height=height), metrics=metrics)
    page.fetcher.close()
    return page


def box_of(page, element_id: str):
    return next(b for b in iter_boxes(page.layout.root)
                if b.element is not None and b.element.get("id") == element_id and not b.pseudo)


def geometry(box) -> tuple:
    return (round(box.x, 2), round(box.y, 2), round(box.width, 2), round(box.height, 2))


def fit(low: float, high: float):
    return lambda available: min(max(low, available), high)


# --- the constraint equation ----------------------------------------------------------------

def test_all_auto_takes_the_static_position_and_shrinks_to_fit():
    # left = static (30), width = min(max(50, 500 - 30), 200)
    assert solve_axis(500, None, None, None, None, None, 0, 30, fit(50, 200), True) == (30, 200, 0, 0)


def test_auto_margins_centre_when_nothing_else_is_auto():
    assert solve_axis(500, 0, 0, 100, None, None, 10, 0, fit(0, 0), True) == (0, 100, 195, 195)


def test_negative_auto_margins_keep_the_start_margin_at_zero_horizontally_only():
    assert solve_axis(500, 0, 0, 600, None, None, 0, 0, fit(0, 0), True) == (0, 600, 0, -100)
    assert solve_axis(500, 0, 0, 600, None, None, 0, 0, fit(0, 0), False) == (0, 600, -50, -50)


def test_one_auto_margin_takes_the_rest():
    assert solve_axis(500, 10, 10, 100, None, 40, 0, 0, fit(0, 0), True) == (10, 100, 340, 40)


def test_over_constrained_ignores_the_end_inset():
    assert solve_axis(500, 10, 10, 100, 5, 5, 0, 0, fit(0, 0), True) == (10, 100, 5, 5)


def test_right_and_width_given_solve_left():
    assert solve_axis(500, None, 20, 100, 5, None, 4, 0, fit(0, 0), True) == (371, 100, 5, 0)


def test_right_only_shrinks_to_fit_with_left_taken_as_zero():
    # available = 500 - 20 - 4 = 476 > max-content 300: width 300, left = 500 - 20 - 300 - 4
    assert solve_axis(500, None, 20, None, None, None, 4, 0, fit(50, 300), True) == (176, 300, 0, 0)


def test_both_insets_stretch_an_auto_size():
    assert solve_axis(300, 10, 20, None, 5, None, 2, 0, fit(0, 0), False) == (10, 263, 5, 0)


# --- out of flow ------------------------------------------------------------------------------

def test_an_absolute_box_takes_no_space_in_block_or_inline_flow(metrics):
    with_abs = lay_out("<div id=a style='position:absolute;height:200px'>x</div><p id=p>one "
                       "<span style='position:absolute;width:300px'>wide wide wide</span>two</p>", metrics)
    without = lay_out("<p id=p>one two</p>", metrics)
    assert geometry(box_of(with_abs, "p")) == geometry(box_of(without, "p"))
    assert box_of(with_abs, "a").y == box_of(with_abs, "p").y == 16   # static position: where p starts


def test_inline_static_position_is_the_pen_position_on_the_line(metrics):
    page = lay_out("<p style='margin:0'><span id=s>abc</span><b id=b style='position:absolute'>X</b>d</p>",
                   metrics)
    span, b = box_of(page, "s"), box_of(page, "b")
    assert (b.x, b.y) == (span.x + span.width, span.y)


def test_containing_block_is_the_padding_box_of_the_nearest_positioned_ancestor(metrics):
    page = lay_out("<div style='position:relative;margin:10px;border:5px solid;padding:7px;width:200px;"
                   "height:100px'><div style='position:static;margin:30px'>"
                   "<i id=i style='position:absolute;right:0;bottom:0;width:20px;height:10px'></i></div></div>",
                   metrics)
    # padding box: x 15..229, y 15..129
    assert geometry(box_of(page, "i")) == (209, 119, 20, 10)


def test_percentages_resolve_against_the_padding_box(metrics):
    page = lay_out("<div style='position:relative;width:200px;height:100px;padding:50px'>"
                   "<i id=i style='position:absolute;left:50%;top:50%;width:25%;height:10%'></i></div>",
                   metrics)
    assert geometry(box_of(page, "i")) == (150, 100, 75, 20)


def test_stretched_height_is_the_basis_of_percentage_heights_inside(metrics):
    page = lay_out("<div style='position:relative;height:300px'>"
                   "<div style='position:absolute;top:50px;bottom:50px'><div id=h style='height:50%'></div>"
                   "</div></div>", metrics)
    assert box_of(page, "h").height == 100


def test_fixed_boxes_stay_in_the_viewport_and_do_not_grow_the_page(metrics):
    page = lay_out("<div style='height:2000px'></div><div id=f style='position:fixed;bottom:0;height:20px;"
                   "width:100%'></div><div style='position:fixed;top:5000px;height:10px;width:10px'></div>",
                   metrics)
    assert geometry(box_of(page, "f")) == (0, 580, 800, 20)
    assert page.layout.document_height == 2000


def test_absolute_boxes_grow_the_page_but_not_at_negative_coordinates(metrics):
    page = lay_out("<div style='position:absolute;top:1000px;left:900px;width:10px;height:10px'></div>"
                   "<div style='position:absolute;top:-500px;left:-9999px;width:10px;height:10px'></div>",
                   metrics)
    assert (page.layout.document_width, page.layout.document_height) == (910, 1010)


def test_nested_absolute_boxes_lay_out_without_recursion(metrics):
    depth = 400   # under the 512-deep limit: every box is its child's containing block
    page = lay_out("<div style='position:absolute;left:1px;top:2px'>x" * depth + "</div>" * depth, metrics)
    deepest = max((b for b in iter_boxes(page.layout.root) if b.tag == "div"), key=lambda b: b.x)
    assert (deepest.x, deepest.y) == (depth, 2 * depth)


# --- text mode ---------------------------------------------------------------------------------

def test_text_mode_puts_an_absolute_box_where_layout_put_it():
    text = render_text("<body style='margin:0'><div style='position:relative'>"
                       "<p style='margin:0'>first line</p><p style='margin:0'>second line</p>"
                       "<p style='margin:0'>third line</p>"
                       "<div style='position:absolute;left:120px;top:16px'>XY</div>"
                       "<div style='position:absolute;left:0;top:0'>over</div></div>")
    lines = text.splitlines()
    assert lines[1] == "second line    XY"      # 120px = 15 cells, on the second row (16px)
    # where cells are taken the grid moves text right rather than lose a word (raster/grid.py)
    assert lines[0].startswith("first line") and lines[0].endswith("over")
