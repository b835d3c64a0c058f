"""Layout against headless Chromium: every page of tests/layout/pages, box by box.

The goldens are Chromium's border boxes for the same pages with the same font
files (scripts/make_layout_goldens.py, fonts from scripts/chromium_fonts.py).
Each page must have at least 98% of its element boxes within 1 CSS px of
Chromium's in x, y, width and height; a failure lists the worst offenders.
"""
from __future__ import annotations

import time
import urllib.parse

import pytest

from tests.layout.helpers import GOLDENS, PAGES, golden_pages, layout_boxes_of, read_golden, score, shared_metrics

THRESHOLD = 98.0
TOLERANCE = 1.0
PAGE_NAMES = [p.stem for p in golden_pages()]
# Pages that score lower, each at the floor it reaches now, and the exact reason (none at present).
BELOW_THRESHOLD: dict[str, float] = {}


@pytest.fixture(scope="module")
def metrics():
    return shared_metrics()


def test_there_are_enough_golden_pages():
    assert len(PAGE_NAMES) >= 40
    assert not [p.name for p in PAGES.glob("*.html") if p.stem not in PAGE_NAMES and not p.name.startswith("deep-")]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_boxes_match_chromium(name, metrics):
    reference = read_golden(GOLDENS / f"{name}.boxes.json")
    result = score(name, reference, layout_boxes_of(PAGES / f"{name}.html", metrics), TOLERANCE)
    assert result.total > 0
    assert result.percent >= BELOW_THRESHOLD.get(name, THRESHOLD), "\n" + result.report()


def test_score_counts_a_box_that_moved():
    reference = [{"path": "html[1]", "x": 0, "y": 0, "width": 800, "height": 600},
                 {"path": "html[1]/body[1]", "x": 8, "y": 8, "width": 784, "height": 20}]
    moved = [dict(reference[0]), dict(reference[1], y=10)]
    result = score("t", reference, moved, TOLERANCE)
    assert (result.within, result.total) == (1, 2)
    assert "html[1]/body[1]" in result.report()
    assert score("t", reference, moved[:1], TOLERANCE).missing == ["html[1]/body[1]"]


def test_a_100000_deep_element_chain_lays_out(metrics):
    """No recursion anywhere from parsing to painting: the innermost text sits where it should."""
    from minibrowser.layout import iter_boxes
    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.url import parse

    depth = 100_000
    html = "<!doctype html><body style='margin:0'>" + "<div>" * depth + "deep" + "</div>" * depth
    start = time.process_time()
    page = load(parse("data:text/html;charset=utf-8," + urllib.parse.quote(html)), LoadOptions(), metrics=metrics)
    elapsed = time.process_time() - start
    try:
        boxes = [b for b in iter_boxes(page.boxes) if b.lines]
        assert len(boxes) == 1
        innermost = boxes[0]
        assert (innermost.x, innermost.y, innermost.width) == (0, 0, 800)
        assert innermost.lines[0].fragments[0].text == "deep"
        assert page.layout.root.height == innermost.height > 0
        assert elapsed < 60, f"{elapsed:.1f} s"
    finally:
        page.fetcher.close()
