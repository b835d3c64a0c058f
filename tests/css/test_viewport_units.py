"""Viewport-percentage units (CSS Values 4 §6.1.2): vw/vh/vmin/vmax, the inline and block vi/vb,
and their small (sv*), large (lv*) and dynamic (dv*) variants, which equal the plain units in a
viewport that never changes size.  The widths below are headless Chromium's for the same page
at 800×600 (its element boxes, sampled once), including in calc() and in a media query."""
from __future__ import annotations

import pathlib

from tests.layout.helpers import layout_boxes_of, shared_metrics

WIDTHS = [   # (width declaration, Chromium's width in px)
    ("50dvw", 400), ("50svw", 400), ("50lvw", 400), ("50dvh", 300), ("50svh", 300), ("50lvh", 300),
    ("10vi", 80), ("10vb", 60), ("10svi", 80), ("10dvb", 60), ("20dvmin", 120), ("20lvmax", 160),
    ("calc(10svh + 10lvw)", 140), ("20vmin", 120), ("5VW", 40),
]


def test_viewport_units_and_their_variants_resolve_as_chromium_does(tmp_path: pathlib.Path):
    divs = "".join(f"<div style='width:{value}'></div>" for value, _ in WIDTHS)
    page = tmp_path / "units.html"
    page.write_text("<!doctype html><style>body{margin:0} div{height:10px}"
                    "@media (min-width: 90dvw) and (max-height: 100svh) { #mq { width: 7px } }</style>"
                    + divs + "<div id=mq></div>", encoding="utf-8")
    boxes = [b for b in layout_boxes_of(page, shared_metrics()) if b["path"].split("/")[-1].startswith("div")]
    got = [round(b["width"], 3) for b in boxes]
    assert got == [float(px) for _, px in WIDTHS] + [7.0]


def test_an_unknown_v_unit_is_still_invalid(tmp_path: pathlib.Path):
    page = tmp_path / "bad.html"
    page.write_text("<!doctype html><style>body{margin:0} div{width:30px;height:10px}</style>"
                    "<div style='width:50xvw'></div><div style='width:50dvx'></div>", encoding="utf-8")
    boxes = [b for b in layout_boxes_of(page, shared_metrics()) if b["path"].split("/")[-1].startswith("div")]
    assert [b["width"] for b in boxes] == [30.0, 30.0]   # the declarations are dropped
