"""Grid layout (CSS Grid Layout 1) checked on small pages whose geometry follows from the spec by hand.

The grid-*.html pages are compared with Chromium box by box in test_goldens.py; these tests pin the
algorithm's rules one at a time — the properties and their initial values, §7.2.3's auto repetitions,
§8.5's placement (sparse, dense, column flow, negative and named lines, areas), §11's track sizing
(fr with inflexible tracks, spanning items, maximise and stretch), §10's alignment, intrinsic widths,
baselines, subgrid (CSS Grid 2 §9) — plus text mode, depth and hostile sizes.
"""
from __future__ import annotations

import time

import pytest

from minibrowser.css.grid_values import Fr, GridLine, MinMax, Repeat
from tests.layout.helpers import boxes_of, check_deep_nesting, geometry, load_html, shared_metrics
from tests.text.helpers import render_html


@pytest.fixture(scope="module")
def metrics():
    return shared_metrics()


BODY = "html[1]/body[1]"
G = f"{BODY}/div[1]"


def cells(boxes: dict, count: int, parent: str = G) -> list[tuple[float, float, float, float]]:
    return [boxes[f"{parent}/div[{i}]"] for i in range(1, count + 1)]


def test_properties_compute_with_blinks_initial_values(metrics):
    page = load_html("<div style='grid-template-columns: [a] 100px repeat(2, minmax(10px, 1fr)) [b];"
                     "grid-area: 2 / span 3 / main; grid-auto-flow: dense column'></div><p></p>", metrics)
    try:
        div, p = [s for e, s in page.styled.styles.items() if e.tag in ("div", "p")]
        columns = div.grid_template_columns
        assert columns[1] == 100.0 and columns[2] == Repeat(2, (MinMax(10.0, Fr(1.0)),))
        assert div.grid_row_start == GridLine(False, 2, None)
        assert div.grid_column_start == GridLine(True, 3, None)
        assert div.grid_row_end == GridLine(False, None, "main") and div.grid_column_end == "auto"
        assert div.grid_auto_flow == "column dense"
        assert (p.grid_template_columns, p.grid_template_rows, p.grid_template_areas) == ("none", "none", "none")
        assert (p.grid_auto_rows, p.grid_auto_columns, p.grid_auto_flow) == (("auto",), ("auto",), "row")
        assert (p.justify_items, p.justify_self, p.grid_row_start) == ("normal", "auto", "auto")
    finally:
        page.fetcher.close()


def test_fixed_and_flexible_tracks_share_the_width(metrics):
    boxes = geometry("<div style='display:grid; width:520px; grid-template-columns: 100px 1fr 3fr; gap:10px'>"
                     "<div>a</div><div>b</div><div>c</div></div>", metrics)
    assert [(x, w) for x, _y, w, _h in cells(boxes, 3)] == [(0, 100), (110, 100), (220, 300)]


def test_a_flexible_track_too_small_for_its_content_is_treated_as_inflexible(metrics):
    # §11.7.1: 1fr 1fr of 300px is 150px each, but the first track's base size (its item's
    # minimum contribution, 250px) is larger than its share: it keeps 250px, the other gets 50px
    boxes = geometry("<div style='display:grid; width:300px; grid-template-columns: 1fr 1fr'>"
                     "<div style='width:250px'>a</div><div>b</div></div>", metrics)
    assert [(x, w) for x, _y, w, _h in cells(boxes, 2)] == [(0, 250), (250, 50)]


def test_auto_fill_repeats_as_many_tracks_as_fit(metrics):
    # §7.2.3.2: (350 + 10) // (100 + 10) = 3 columns; the fourth item starts a second row
    boxes = geometry("<div style='display:grid; width:350px; grid-template-columns: repeat(auto-fill, 100px);"
                     "gap:10px; grid-auto-rows: 20px'><div></div><div></div><div></div><div></div></div>", metrics)
    assert [(x, y) for x, y, _w, _h in cells(boxes, 4)] == [(0, 0), (110, 0), (220, 0), (0, 30)]


def test_auto_fill_with_only_a_min_size_repeats_enough_to_fill_it(metrics):
    # §7.2.3.2: an inline-grid has no definite width; its min-width 200px needs ceil(200 / 60) = 4
    boxes = geometry("<div style='display:inline-grid; grid-template-columns: repeat(auto-fill, 60px);"
                     "min-width: 200px'><div>a</div><div>b</div><div>c</div><div>d</div></div>", metrics)
    assert boxes[G][2] == 240 and [x for x, _y, _w, _h in cells(boxes, 4)] == [0, 60, 120, 180]


def test_auto_fit_collapses_empty_tracks(metrics):
    # four 100px-minimum tracks fit in 400px; auto-fit collapses the two empty ones, so the two
    # items share the whole width
    boxes = geometry("<div style='display:grid; width:400px; grid-template-columns: repeat(auto-fit, minmax(100px, 1fr))'>"
                     "<div>a</div><div>b</div></div>", metrics)
    assert [(x, w) for x, _y, w, _h in cells(boxes, 2)] == [(0, 200), (200, 200)]


PLACEMENT = ("<div style='display:grid; grid-template-columns: repeat(3, 100px); grid-auto-rows: 10px; "
             "grid-auto-flow: {flow}'><div></div><div style='grid-column: span 3'></div><div></div>"
             "<div style='grid-column: span 2'></div><div></div></div>")


def test_sparse_auto_placement_never_goes_back(metrics):
    boxes = geometry(PLACEMENT.format(flow="row"), metrics)
    # 1 at (0,0); the 3-wide item cannot fit after it → row 1; 3 → row 2 col 0; span 2 → row 2 col 1;
    # 5 → row 3 col 0
    assert [(x, y) for x, y, _w, _h in cells(boxes, 5)] == [(0, 0), (0, 10), (0, 20), (100, 20), (0, 30)]


def test_dense_auto_placement_fills_holes(metrics):
    boxes = geometry(PLACEMENT.format(flow="row dense"), metrics)
    # each item is placed from the grid's start: 3 and 5 fill the hole left in row 0 next to item 1
    assert [(x, y) for x, y, _w, _h in cells(boxes, 5)] == [(0, 0), (0, 10), (100, 0), (0, 20), (200, 0)]


def test_column_flow_fills_columns_first(metrics):
    boxes = geometry("<div style='display:grid; grid-auto-flow: column; grid-template-rows: 10px 10px;"
                     "grid-auto-columns: 50px'><div></div><div></div><div></div></div>", metrics)
    assert [(x, y, w) for x, y, w, _h in cells(boxes, 3)] == [(0, 0, 50), (0, 10, 50), (50, 0, 50)]


def test_negative_and_out_of_range_lines_make_implicit_tracks(metrics):
    # line -4 of a 2-column grid is one line before the explicit grid: an implicit track is added
    # before it; line 5 is two implicit tracks past the explicit grid's end (all 30px, grid-auto-columns)
    boxes = geometry("<div style='display:grid; grid-template-columns: 100px 100px; grid-auto-columns: 30px'>"
                     "<div style='grid-column: -4 / -3; grid-row: 1'></div><div style='grid-row: 1'></div>"
                     "<div style='grid-column: 5; grid-row: 1'></div></div>", metrics)
    assert [(x, w) for x, _y, w, _h in cells(boxes, 3)] == [(0, 30), (30, 100), (290, 30)]


def test_named_areas_and_lines(metrics):
    boxes = geometry("<div style='display:grid; grid-template-areas: \"h h\" \"s m\"; "
                     "grid-template-columns: [left] 200px [mid] 1fr [right]; width:600px; grid-auto-rows: 10px'>"
                     "<div style='grid-area: m'></div><div style='grid-area: h'></div>"
                     "<div style='grid-column: mid / right; grid-row: 3'></div>"
                     "<div style='grid-column: left'></div></div>", metrics)
    assert cells(boxes, 4) == [(200, 10, 400, 10), (0, 0, 600, 10), (200, 20, 400, 10), (0, 10, 200, 10)]


def test_a_spanning_item_grows_the_tracks_it_spans(metrics):
    # §11.5 step 3: the 300px item spans two auto columns whose single-span items need 50px each;
    # the 200px it lacks goes equally to both (justify-content: start keeps §11.8 from stretching)
    boxes = geometry("<div style='display:grid; grid-template-columns: auto auto; justify-content: start'>"
                     "<div style='width:50px'>a</div><div style='width:50px'>b</div>"
                     "<div style='grid-column: span 2; width:300px'>c</div></div>", metrics)
    assert [(x, w) for x, _y, w, _h in cells(boxes, 2)] == [(0, 50), (150, 50)]
    assert boxes[f"{G}/div[3]"][2] == 300


def test_auto_tracks_stretch_to_fill_the_container(metrics):
    boxes = geometry("<div style='display:grid; width:400px; grid-template-columns: 100px auto'>"
                     "<div>a</div><div>b</div></div>", metrics)
    assert [(x, w) for x, _y, w, _h in cells(boxes, 2)] == [(0, 100), (100, 300)]


def test_rows_are_as_tall_as_their_tallest_item_and_items_stretch(metrics):
    boxes = geometry("<div style='display:grid; grid-template-columns: 1fr 1fr; row-gap: 5px'>"
                     "<div style='height:40px'></div><div>text</div><div></div><div style='height:7px'></div></div>",
                     metrics)
    assert [(y, h) for _x, y, _w, h in cells(boxes, 4)] == [(0, 40), (0, 40), (45, 7), (45, 7)]
    assert boxes[G][3] == 52


def test_self_alignment_and_auto_margins(metrics):
    boxes = geometry("<div style='display:grid; grid-template-columns: 100px 100px 100px; grid-template-rows: 60px'>"
                     "<div style='width:20px; height:10px; justify-self:end; align-self:center'></div>"
                     "<div style='width:20px; height:10px; margin:auto'></div>"
                     "<div style='height:10px; place-self: end start'>x</div></div>", metrics)
    assert cells(boxes, 3)[:2] == [(80, 25, 20, 10), (140, 25, 20, 10)]
    x, y, w, h = cells(boxes, 3)[2]
    assert (x, y + h, h) == (200, 60, 10) and 0 < w < 100     # start: fit-content, not stretched


def test_content_distribution_of_tracks(metrics):
    boxes = geometry("<div style='display:grid; width:400px; height:100px; grid-template-columns: 50px 50px 50px;"
                     "grid-template-rows: 20px; justify-content: space-between; align-content: end'>"
                     "<div></div><div></div><div></div></div>", metrics)
    assert [(x, y) for x, y, _w, _h in cells(boxes, 3)] == [(0, 80), (175, 80), (350, 80)]


def test_percentage_tracks_and_gaps_resolve_against_the_content_box(metrics):
    boxes = geometry("<div style='display:grid; width:500px; padding: 0 50px; grid-template-columns: 20% 1fr;"
                     "column-gap: 10%'><div>a</div><div>b</div></div>", metrics)
    assert [(x, w) for x, _y, w, _h in cells(boxes, 2)] == [(50, 100), (200, 350)]


def test_min_height_gives_flexible_rows_room(metrics):
    boxes = geometry("<div style='display:grid; min-height:300px; grid-template-rows: 50px 1fr 50px'>"
                     "<div></div><div></div><div></div></div>", metrics)
    assert [(y, h) for _x, y, _w, h in cells(boxes, 3)] == [(0, 50), (50, 200), (250, 50)]


def test_intrinsic_widths_shrink_wrap_an_inline_grid(metrics):
    # max-content: 50px + the 70px item's track, plus the gap
    boxes = geometry("<div style='display:inline-grid; grid-template-columns: 50px auto; column-gap: 5px'>"
                     "<div></div><div style='width:70px'></div></div>", metrics)
    assert boxes[G][2] == 125
    floated = geometry("<div style='float:left; display:grid; grid-template-columns: 1fr 1fr'>"
                       "<div style='width:30px'></div><div style='width:80px'></div></div>", metrics)
    # 1fr 1fr under a max-content constraint: one fr is the largest item's, 80px, so 160px
    assert floated[G][2] == 160


def test_an_inline_grid_sits_on_its_first_rows_baseline(metrics):
    page = load_html("<body style='margin:0'><p style='margin:0'>x<span style='display:inline-grid; "
                     "grid-template-rows: 30px auto'><span style='align-self:end'>a</span><span>b</span></span></p>",
                     metrics)
    try:
        p = next(box for box in boxes_of(page.boxes) if box.tag == "p")
        grid = next(box for box in boxes_of(p) if box.style.display == "inline-grid")
        first = grid.children[0]
        assert first.y + first.height == grid.y + 30          # end-aligned in the 30px row
        line = p.lines[0]
        assert abs(line.baseline - first.lines[0].baseline) < 0.01   # the line's baseline is the item's
        assert line.baseline > grid.y + 20
    finally:
        page.fetcher.close()


def test_items_keep_order_modified_document_order(metrics):
    page = load_html("<div style='display:grid'> <b style='order:2'>b</b> text <i style='order:-1'>i</i></div>",
                     metrics)
    try:
        grid = next(box for box in boxes_of(page.boxes) if box.tag == "div")
        assert [c.tag or "anonymous" for c in grid.children] == ["i", "anonymous", "b"]
        assert all(not c.inline_level for c in grid.children)
    finally:
        page.fetcher.close()


def test_subgrid_rows_line_up_across_items(metrics):
    # CSS Grid 2 §9: each card lends its two rows from the parent, so the parent's rows are sized
    # by the cards' own items: 30 (the first card's first item), then 40 (the second's second)
    card = "<div style='display:grid; grid-row: span 2; grid-template-rows: subgrid'>{}</div>"
    boxes = geometry("<div style='display:grid; grid-template-columns: 100px 100px'>"
                     + card.format("<div style='height:30px'></div><div style='height:10px'></div>")
                     + card.format("<div style='height:10px'></div><div style='height:40px'></div>") + "</div>",
                     metrics)
    for i in (1, 2):
        inner = [boxes[f"{G}/div[{i}]/div[{k}]"][1] for k in (1, 2)]
        assert inner == [0, 30] and boxes[f"{G}/div[{i}]"][3] == 70


def test_absolutely_positioned_children_are_not_items(metrics):
    boxes = geometry("<div style='display:grid; position:relative; grid-template-columns: 100px 100px; height:50px'>"
                     "<div style='position:absolute; right:0; top:0; width:10px; height:10px'></div>"
                     "<div>a</div><div>b</div></div>", metrics)
    assert boxes[f"{G}/div[1]"][:2] == (790, 0)
    assert [x for x, _y, _w, _h in cells(boxes, 3)[1:]] == [0, 100]


def test_text_mode_puts_cells_side_by_side():
    text = render_html("<div style='display:grid; grid-template-columns: 1fr 1fr 1fr'>"
                       "<span>Alpha</span><span>Beta</span><span>Gamma</span><span>Delta</span></div>")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].split() == ["Alpha", "Beta", "Gamma"]
    assert lines[1].split() == ["Delta"]
    assert lines[0].index("Beta") > lines[0].index("Alpha") + 10


def test_deeply_nested_grids(metrics):
    check_deep_nesting("<div style='display:grid; grid-template-columns: 1fr; padding-left:1px'>", 300, metrics)


def test_nested_stretched_grids_lay_out_in_linear_time(metrics):
    # each level's second item is a grid that its taller sibling stretches: laid out to measure,
    # then again stretched, at every level — 2^depth layouts without the per-item memo
    depth = 40
    html = "".join(f"<div style='display:grid; grid-template-columns: 1fr 1fr'><div style='height:{900 - i}px'>"
                   "</div><div>" for i in range(depth)) + "deep" + "</div></div>" * depth
    start = time.process_time()
    boxes = geometry(html, metrics)
    assert time.process_time() - start < 5
    inner = G + "/div[2]/div[1]" * (depth - 1)
    assert boxes[inner][3] == 900 - depth + 1      # the innermost grid is as tall as its tallest item
    assert boxes[G + "/div[2]"][3] == 900            # each stretched item fills its row


def test_hostile_track_counts_and_spans_stay_bounded(metrics):
    start = time.process_time()
    boxes = geometry("<div style='display:grid; grid-template-columns: repeat(100000, 1px); width:100px'>"
                     "<div style='grid-column: span 100000'>a</div><div style='grid-row: 99999 / span 5'>b</div>"
                     + "<div style='grid-column: span 3'></div>" * 300 + "</div>"
                     "<div style='display:grid; grid-auto-flow: dense; grid-template-columns: repeat(7, 1fr)'>"
                     + "<div style='grid-column: span 2'></div><div></div>" * 500 + "</div>", metrics)
    assert f"{G}/div[2]" in boxes
    assert time.process_time() - start < 10
