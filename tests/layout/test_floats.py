"""Floats and clear (CSS 2.1 §9.5): the float context's rules, then whole pages — geometry in
layout-json, painting order by pixel colour, and text mode.  The float-*.html pages beside this
file are checked box by box against Chromium in test_goldens.py."""
from __future__ import annotations

import time

import pytest

from minibrowser.layout import iter_boxes
from minibrowser.layout.floats import FloatContext
from tests.conftest import element_box

BODY = "html[1]/body[1]"
PAGE = "<!doctype html><style>body{margin:0;font:16px/20px sans-serif} p{margin:0}</style>"


# --- the float context alone (§9.5.1) ----------------------------------------------------------

def test_left_floats_line_up_and_wrap_below_when_the_row_is_full():
    fc = FloatContext()
    assert fc.place("left", 300, 50, 0, 0, 800) == (0, 0)
    assert fc.place("left", 300, 30, 0, 0, 800) == (300, 0)          # rule 2: right of the first
    assert fc.place("left", 300, 40, 0, 0, 800) == (300, 30)         # no room: below the shorter one
    assert fc.place("right", 150, 10, 0, 0, 800) == (650, 30)        # rule 5: not above an earlier float


def test_band_is_what_floats_leave_and_next_bottom_is_where_it_widens():
    fc = FloatContext()
    fc.place("left", 100, 50, 0, 0, 800)
    fc.place("right", 200, 80, 0, 0, 800)
    assert fc.band(10, 20, 0, 800) == (100, 600)
    assert fc.band(60, 20, 0, 800) == (0, 600)
    assert fc.band(100, 20, 0, 800) == (0, 800)
    assert fc.next_bottom(10, 20) == 50
    assert fc.clearance_y("left") == 50 and fc.clearance_y("both") == 80 and fc.clearance_y("right") == 80


def test_a_float_wider_than_the_room_beside_others_goes_below_them():
    fc = FloatContext()
    fc.place("left", 500, 60, 0, 0, 800)
    assert fc.place("right", 400, 20, 0, 0, 800) == (400, 60)
    # wider than the containing block itself: it goes where nothing floats beside it
    assert fc.place("left", 900, 20, 0, 0, 800) == (0, 80)


# --- pages --------------------------------------------------------------------------------------

def _box(page, tag: str):
    return next(b for b in iter_boxes(page.boxes) if b.tag == tag)


def test_lines_beside_a_float_are_shortened_and_widen_below_it(render):
    page = render(PAGE + "<p><img src='data:,' style='float:left;width:100px;height:50px;margin-right:10px'>"
                  + "word " * 200 + "</p>")
    p = _box(page, "p")
    img = element_box(page, f"{BODY}/p[1]/img[1]")
    assert (img["x"], img["y"], img["width"], img["height"]) == (0, 0, 100, 50)
    beside = [line for line in p.lines if line.y < 50]
    below = [line for line in p.lines if line.y >= 50]
    assert len(beside) == 3 and below
    for line in beside:
        assert line.fragments[0].x == 110 and max(f.x + f.width for f in line.fragments) <= 800.5
    assert all(line.fragments[0].x == 0 for line in below)
    # the float is out of the line: no anonymous block was made around it, the paragraph has it
    assert p.floats and p.floats[0].tag == "img"


def test_a_float_in_the_middle_of_a_line_moves_to_its_start(render):
    page = render(PAGE + "<p>before <span style='float:left;width:40px;height:20px'></span>after</p>")
    p = _box(page, "p")
    span = element_box(page, f"{BODY}/p[1]/span[1]")
    assert (span["x"], span["y"]) == (0, 0)
    texts = [f for f in p.lines[0].fragments if f.kind == "text"]
    assert texts[0].x == 40 and "".join(f.text for f in texts).split() == ["before", "after"]


@pytest.mark.parametrize("width, on_the_line", [(100, True), (600, False)])
def test_a_float_goes_on_the_line_it_is_met_on_if_it_fits_there_else_below_it(render, width, on_the_line):
    # the last line holds six words (about 240px) before the float, and "tail" after it
    page = render(PAGE + "<p>" + "word " * 150 + f"<span style='float:right;width:{width}px;height:10px'></span>"
                  "tail</p>")
    last = _box(page, "p").lines[-1]
    span = element_box(page, f"{BODY}/p[1]/span[1]")
    assert "".join(f.text for f in last.fragments).endswith("word tail")
    assert span["x"] == 800 - width
    if on_the_line:     # §9.5.1 rule 6: as high as the line it was met on, which gets shorter
        assert span["y"] == last.y and last.width == 800 - width
    else:               # no room left on that line: just below it
        assert span["y"] == last.y + last.height and last.width == 800


def test_a_new_formatting_context_stands_beside_the_float_an_ordinary_block_runs_under_it(render):
    page = render(PAGE + "<div style='float:left;width:200px;height:100px'></div>"
                  "<div style='overflow:hidden'>bfc</div><div>plain</div>"
                  "<table style='width:700px'><tr><td>wide</td></tr></table>")
    bfc = element_box(page, f"{BODY}/div[2]")
    plain = element_box(page, f"{BODY}/div[3]")
    table = element_box(page, f"{BODY}/table[1]")
    assert (bfc["x"], bfc["width"]) == (200, 600)
    assert (plain["x"], plain["width"]) == (0, 800)
    assert table["y"] == 100                     # too wide for the room beside: below the float


def test_clearance_puts_the_border_box_below_the_floats_unless_the_margin_already_does(render):
    page = render(PAGE + "<div style='float:left;width:10px;height:100px'></div>"
                  "<div style='float:right;width:10px;height:150px'></div>"
                  "<p style='clear:left;margin-top:20px'>a</p><p style='clear:right'>b</p>"
                  "<div style='float:left;width:10px;height:10px'></div>"
                  "<p style='clear:both;margin-top:100px'>c</p>")
    assert element_box(page, f"{BODY}/p[1]")["y"] == 100
    assert element_box(page, f"{BODY}/p[2]")["y"] == 150
    assert element_box(page, f"{BODY}/p[3]")["y"] == 170 + 100   # hypothetical position is lower


def test_a_formatting_context_root_grows_to_hold_its_floats_an_ordinary_block_does_not(render):
    page = render(PAGE + "<div style='overflow:hidden'><div style='float:left;height:80px;width:5px'></div>x</div>"
                  "<div><div style='float:left;height:80px;width:5px'></div>y</div>"
                  "<div style='float:left'><div style='float:left;height:60px;width:5px'></div></div>")
    assert element_box(page, f"{BODY}/div[1]")["height"] == 80
    assert element_box(page, f"{BODY}/div[2]")["height"] == 20
    assert element_box(page, f"{BODY}/div[3]")["height"] == 60
    assert element_box(page, "html[1]")["height"] == 80 + 20 + 60   # the root holds the float sticking out


def test_auto_width_floats_shrink_to_fit_and_floats_side_by_side_add_up(render):
    page = render(PAGE + "<div style='float:left'><div style='float:left;width:70px'>a</div>"
                  "<div style='float:left;width:50px'>b</div></div>")
    outer = element_box(page, f"{BODY}/div[1]")
    assert outer["width"] == 120
    assert element_box(page, f"{BODY}/div[1]/div[2]")["x"] == 70


def test_no_float_no_float_machinery(render):
    page = render(PAGE + "<p>plain</p>")
    assert _box(page, "p").floats is None


def test_a_float_at_the_bottom_of_a_deep_chain_lays_out_in_linear_time(render):
    depth = 5_000
    start = time.process_time()
    page = render(PAGE + "<div style='margin-top:1px'>" * depth + "<span style='float:left'>f</span>text"
                  + "</div>" * depth)
    elapsed = time.process_time() - start
    span = next(b for b in iter_boxes(page.boxes) if b.tag == "span")
    assert span.y == 1 and span.x == 0     # all those margins collapse into one
    assert elapsed < 15


def _line_texts(page, tag: str = "p") -> list[str]:
    return ["".join(f.text for f in line.fragments) for line in _box(page, tag).lines]


@pytest.mark.parametrize("width", [176, 210, 258, 314])
def test_lines_beside_a_float_break_where_the_same_width_without_floats_does(render, width):
    # text-spacing-trim (CSS Text 4): 「 after 。 is set half-width, and gets its half em back at the
    # start of a line; lines beside a float must count it as lines without floats do, or the
    # line that starts with it takes one ideograph more than fits
    text = "我们说。「你好」他说。「再见」我们走了。「明天见」好的。" * 3
    head = "<!doctype html><html lang=zh-CN><style>body{margin:0;font:16px/20px sans-serif} p{margin:0}</style>"
    alone = render(head + f"<div style='width:{width}px'><p>{text}</p></div>")
    beside = render(head + f"<div style='width:{width + 100}px'>"
                    f"<div style='float:left;width:100px;height:2000px'></div><p>{text}</p></div>")
    assert len(_line_texts(alone)) > 4
    assert _line_texts(beside) == _line_texts(alone)
    for line in _box(beside, "p").lines:   # and none runs past the paragraph's right edge
        assert max(f.x + f.width for f in line.fragments) <= 100 + width + 0.01


# --- painting (Appendix E) and text mode --------------------------------------------------------

def test_a_float_paints_over_later_block_backgrounds_and_under_their_text(tmp_path):
    from tests.paint.helpers import render_html, rgb
    _page, img = render_html(tmp_path, "<!doctype html><style>body{margin:0}</style>"
                             "<div style='float:left;width:100px;height:100px;background:rgb(255,0,0)'></div>"
                             "<div style='height:200px;background:rgb(0,0,255)'>"
                             "<div style='height:50px'></div>"
                             "<span style='display:inline-block;width:60px;height:20px;"
                             "background:rgb(0,128,0)'></span></div>")
    assert rgb(img, 50, 20) == (255, 0, 0)     # the float over the later block's background
    assert rgb(img, 150, 20) == (0, 0, 255)
    assert rgb(img, 130, 60) == (0, 128, 0)    # inline content stays beside it


def test_floats_in_inline_content_are_painted(tmp_path):
    from tests.paint.helpers import render_html, rgb
    _page, img = render_html(tmp_path, "<!doctype html><style>body{margin:0}</style><p style='margin:0'>text "
                             "<span style='float:right;width:50px;height:50px;background:rgb(255,0,0)'></span></p>")
    assert rgb(img, 775, 25) == (255, 0, 0)


@pytest.mark.parametrize("side", ["left", "right"])
def test_text_mode_puts_a_floated_image_beside_the_text(side):
    from tests.text.helpers import render_html
    text = render_html(f"<p><img alt=photo src=x.png style='float:{side};width:80px;height:16px'>"
                       "Some words next to the photo.</p>", columns=60)
    row = next(line for line in text.splitlines() if "[photo]" in line)
    assert "Some words" in row
    assert row.index("[photo]") < row.index("Some") if side == "left" else row.index("[photo]") > row.index("Some")
