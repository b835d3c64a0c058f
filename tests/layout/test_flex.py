"""Flex layout (CSS Flexbox 1 §9) checked on small pages whose geometry follows from the spec by hand.

The flex-*.html pages are compared with Chromium box by box in test_goldens.py; these tests pin the
algorithm's steps one at a time — the flex shorthand, §9.7's freezing of min/max violations,
the automatic minimum size, alignment on both axes, wrapping, column containers, baselines,
intrinsic widths — plus text mode and depth.
"""
from __future__ import annotations

import time

import pytest

from tests.layout.helpers import boxes_of, check_deep_nesting, geometry, load_html, shared_metrics
from tests.text.helpers import render_html


@pytest.fixture(scope="module")
def metrics():
    return shared_metrics()


BODY = "html[1]/body[1]"


def test_flex_shorthand_and_longhands_compute(metrics):
    page = load_html("<div style='flex: 2'></div><div style='flex: none'></div><div style='flex: auto'></div>"
                     "<div style='flex: 1 0 120px; flex-flow: column-reverse wrap; order: -1'></div>"
                     "<div></div>", metrics)
    try:
        divs = [style for element, style in page.styled.styles.items() if element.tag == "div"]
        got = [(s.flex_grow, s.flex_shrink, s.flex_basis) for s in divs]
        assert got[0][:2] == (2.0, 1.0) and getattr(got[0][2], "value", None) == 0.0   # 0%
        assert got[1:3] == [(0.0, 0.0, "auto"), (1.0, 1.0, "auto")]
        assert got[3] == (1.0, 0.0, 120.0)
        assert (divs[3].flex_direction, divs[3].flex_wrap, divs[3].order) == ("column-reverse", "wrap", -1)
        initial = divs[4]   # Blink's initial values
        assert (initial.flex_grow, initial.flex_shrink, initial.flex_basis, initial.order) == (0.0, 1.0, "auto", 0)
        assert (initial.justify_content, initial.align_items, initial.align_self, initial.align_content) == \
            ("normal", "normal", "auto", "normal")
    finally:
        page.fetcher.close()


def test_grow_shares_free_space_and_freezes_a_min_violation(metrics):
    # §9.7: three items of basis 0 share 600px; the middle one's min-width (300px) is violated
    # (it would get 200px), so it is frozen at 300px and the others share the 300px left
    boxes = geometry("<div style='display:flex; width:600px'><p style='flex:1;margin:0'>a</p>"
                     "<p style='flex:1;margin:0;min-width:300px'>b</p><p style='flex:1;margin:0'>c</p></div>",
                     metrics)
    widths = [boxes[f"{BODY}/div[1]/p[{i}]"][2] for i in (1, 2, 3)]
    assert widths == [150, 300, 150]
    xs = [boxes[f"{BODY}/div[1]/p[{i}]"][0] for i in (1, 2, 3)]
    assert xs == [0, 150, 450]


def test_grow_ratios_and_a_max_violation(metrics):
    boxes = geometry("<div style='display:flex; width:700px'>"
                     "<div style='flex-grow:1; width:100px'>a</div>"
                     "<div style='flex-grow:3; width:100px; max-width:160px'>b</div>"
                     "<div style='flex-grow:1; width:100px'>c</div></div>", metrics)
    # free 400: b would get 100 + 240 = 340 > 160 → frozen at 160; a and c share 340 equally
    assert [boxes[f"{BODY}/div[1]/div[{i}]"][2] for i in (1, 2, 3)] == [270, 160, 270]


def test_shrink_is_weighted_by_flex_base_size(metrics):
    boxes = geometry("<div style='display:flex; width:400px'>"
                     "<div style='flex:0 1 300px; min-width:0'>a</div>"
                     "<div style='flex:0 3 300px; min-width:0'>b</div></div>", metrics)
    # overflow 200, scaled shrink factors 300 and 900: a loses 50, b loses 150
    assert [boxes[f"{BODY}/div[1]/div[{i}]"][2] for i in (1, 2)] == [250, 150]


def test_automatic_minimum_size_keeps_a_long_word_whole(metrics):
    word = "Supercalifragilistic"
    boxes = geometry(f"<div style='display:flex; width:100px'><div style='flex:1 1 0'>{word}</div>"
                     "<div style='flex:1 1 0; overflow:hidden'>scroller</div></div>", metrics)
    first = boxes[f"{BODY}/div[1]/div[1]"][2]
    second = boxes[f"{BODY}/div[1]/div[2]"][2]
    assert first > 100          # min-width: auto is the word's min-content width (§4.5)
    assert second == 0          # a scroll container's automatic minimum is 0


def test_justify_content_and_align_items(metrics):
    item = "<span style='width:50px;height:20px'></span>"
    expected = {"flex-start": [0, 50, 100], "flex-end": [250, 300, 350], "center": [125, 175, 225],
                "space-between": [0, 175, 350], "space-around": [250 / 6, 175, 350 - 250 / 6],
                "space-evenly": [62.5, 175, 287.5]}
    for justify, xs in expected.items():
        boxes = geometry(f"<div style='display:flex; width:400px; height:100px; justify-content:{justify};"
                         f"align-items:center'>{item * 3}</div>", metrics)
        got = [boxes[f"{BODY}/div[1]/span[{i}]"] for i in (1, 2, 3)]
        assert [g[0] for g in got] == pytest.approx(xs, abs=0.01), justify
        assert {g[1] for g in got} == {40}


def test_auto_margins_absorb_free_space_before_justify_content(metrics):
    boxes = geometry("<div style='display:flex; width:400px; height:100px; justify-content:center'>"
                     "<i style='width:50px;height:20px'></i><b style='width:50px;height:20px;margin:auto 0 auto auto'>"
                     "</b></div>", metrics)
    assert boxes[f"{BODY}/div[1]/i[1]"][:2] == (0, 0)
    assert boxes[f"{BODY}/div[1]/b[1]"][:2] == (350, 40)


def test_stretch_makes_items_as_tall_as_the_line(metrics):
    boxes = geometry("<div style='display:flex'><div>one</div><div>two<br>lines</div>"
                     "<div style='align-self:flex-start'>top</div></div>", metrics)
    tall = boxes[f"{BODY}/div[1]/div[2]"][3]
    assert boxes[f"{BODY}/div[1]/div[1]"][3] == tall
    assert boxes[f"{BODY}/div[1]/div[3]"][3] == tall / 2


def test_wrapping_lines_and_align_content(metrics):
    cells = "".join("<i style='width:150px;height:30px'></i>" for _ in range(5))
    boxes = geometry(f"<div style='display:flex; flex-wrap:wrap; width:400px; height:200px;"
                     f"align-content:space-between; row-gap:10px'>{cells}</div>", metrics)
    positions = [boxes[f"{BODY}/div[1]/i[{i}]"][:2] for i in range(1, 6)]
    # two per line; three lines of 30px in 200px: 50px left over between each pair of lines
    assert positions == [(0, 0), (150, 0), (0, 85), (150, 85), (0, 170)]
    reverse = geometry(f"<div style='display:flex; flex-wrap:wrap-reverse; width:400px'>{cells}</div>", metrics)
    assert [reverse[f"{BODY}/div[1]/i[{i}]"][1] for i in (1, 3, 5)] == [60, 30, 0]


def test_column_container_grows_its_main_item_to_the_min_height(metrics):
    boxes = geometry("<div style='display:flex; flex-direction:column; min-height:300px'>"
                     "<header style='height:50px'></header><main style='flex:1'>text</main>"
                     "<footer style='height:40px'></footer></div>", metrics)
    assert boxes[f"{BODY}/div[1]/main[1]"][1:] == (50, 800, 210)
    assert boxes[f"{BODY}/div[1]/footer[1]"][1] == 260
    assert boxes[f"{BODY}/div[1]"][3] == 300


def test_order_and_row_reverse(metrics):
    boxes = geometry("<div style='display:flex; flex-direction:row-reverse; width:300px'>"
                     "<i style='width:100px;height:10px'></i><b style='width:100px;height:10px;order:-1'></b>"
                     "</div>", metrics)
    assert boxes[f"{BODY}/div[1]/b[1]"][0] == 200     # first in order: at main-start, the right
    assert boxes[f"{BODY}/div[1]/i[1]"][0] == 100


def test_text_runs_become_anonymous_items_and_white_space_is_dropped(metrics):
    page = load_html("<div style='display:flex'>  <em>a</em>  loose text  <b>b</b> </div>", metrics)
    try:
        flex = next(box for box in boxes_of(page.boxes) if box.tag == "div")
        assert [c.tag or "anonymous" for c in flex.children] == ["em", "anonymous", "b"]
        assert all(not c.inline_level for c in flex.children)
    finally:
        page.fetcher.close()


def test_baseline_alignment_and_inline_flex_baseline(metrics):
    page = load_html("<!doctype html><body style='margin:0;font:16px sans-serif'>"
                     "<div style='display:flex; align-items:baseline'><span>small</span>"
                     "<span style='font-size:32px'>Big</span><span style='padding-top:30px'>low</span></div>"
                     "<p>before <span style='display:inline-flex;padding:5px;border:1px solid'><b>in</b></span> after</p>",
                     metrics)
    try:
        lines = [box.lines[0] for box in boxes_of(page.boxes) if box.lines]
        baselines = {round(line.baseline, 3) for line in lines[:3]}
        assert len(baselines) == 1          # the three items share one baseline
        paragraph = next(box for box in boxes_of(page.boxes) if box.tag == "p").lines[0]
        bold = next(box for box in boxes_of(page.boxes) if box.tag == "b").lines[0]
        texts = [f for f in paragraph.fragments if f.text.strip() in ("before", "after")]
        assert len(texts) == 2
        # the inline-flex box sits on its first item's baseline (§8.5)
        assert {round(f.baseline, 3) for f in texts} == {round(bold.baseline, 3)}
    finally:
        page.fetcher.close()


def test_intrinsic_width_of_a_flex_row_in_a_shrink_to_fit_box(metrics):
    boxes = geometry("<div style='float:left'><div style='display:flex; column-gap:10px'>"
                     "<i style='width:100px;height:5px'></i><i style='width:70px;height:5px'></i></div></div>"
                     "<span style='display:inline-flex; flex-direction:column'><i style='width:60px'></i>"
                     "<i style='width:90px'></i></span>", metrics)
    assert boxes[f"{BODY}/div[1]"][2] == 180
    assert boxes[f"{BODY}/span[1]"][2] == 90


def test_text_mode_puts_items_side_by_side():
    text = render_html("<nav style='display:flex; gap:16px'><a href=#>Home</a><a href=#>About us</a>"
                       "<a href=#>Contact</a></nav><header style='display:flex; justify-content:space-between'>"
                       "<b>Logo</b><span>Menu</span></header>")
    lines = text.splitlines()
    assert lines[0].split() == ["Home", "About", "us", "Contact"]
    assert lines[1].startswith("Logo") and lines[1].rstrip().endswith("Menu") and len(lines[1].rstrip()) > 75


@pytest.mark.parametrize("direction", ["row", "column"])
def test_deeply_nested_flex_containers(direction, metrics):
    check_deep_nesting(f"<div style='display:flex; flex-direction:{direction}; padding-left:1px'>", 400, metrics)


def test_hostile_sizes_and_factors_end_with_finite_boxes(metrics):
    """1e308px gaps and bases with 1e308 factors make NaN in §9.7's sums: the loop still ends."""
    html = ("<div style='display:flex;gap:1e308px'><div style='flex:1e308 1e308 1e308px'>a</div>"
            "<div style='flex-grow:1e308;order:99999999999999999999999'>b</div>"
            "<div style='flex-shrink:1e308;width:1e308px'>c</div></div>"
            "<div style='display:flex;flex-direction:column;height:1e308px'><div style='flex:1e308'>a</div>"
            "<div style='flex:1e308;margin:1e308px'>b</div></div>")
    start = time.process_time()
    boxes = geometry(html, metrics)
    assert time.process_time() - start < 10
    assert len(boxes) >= 7
    assert all(value == value for box in boxes.values() for value in box)   # no NaN
