"""Hostile documents, small enough for CI (bench/hostile.py runs the full-size ones): each renders
or fails cleanly, and what it renders is checked — text present, geometry finite, cuts reported."""
from __future__ import annotations

import importlib.util
import math
import pathlib
import sys

import pytest

from minibrowser.layout import iter_boxes
from minibrowser.pipeline import LoadOptions, load
from minibrowser.url import from_user_input

_SPEC = importlib.util.spec_from_file_location(
    "hostile", pathlib.Path(__file__).resolve().parents[2] / "bench" / "hostile.py")
hostile = importlib.util.module_from_spec(_SPEC)
sys.modules["hostile"] = hostile   # dataclasses look their module up while the class is made
_SPEC.loader.exec_module(hostile)

# Each length saturates at Blink's LayoutUnit range (33,554,431 px); a page of many such boxes adds
# them up, so "sane" is: finite, and nowhere near where float precision or memory would suffer.
SANE = 1e12


def page_from(tmp_path, name: str, data: bytes, text: bool = True, **budgets):
    path = tmp_path / name
    path.write_bytes(data)
    options = LoadOptions(text_mode=text, width=400, height=300)
    for key, value in budgets.items():
        setattr(options.budgets, key, value)
    page = load(from_user_input(str(path)), options)
    page.fetcher.close()
    return page


def text_of(page) -> str:
    from minibrowser.raster.grid import render_text
    return render_text(page.display_list, page.links, 80)


def assert_sane_geometry(page) -> None:
    for box in iter_boxes(page.layout.root):
        for value in (box.x, box.y, box.width, box.height):
            assert math.isfinite(value) and abs(value) <= SANE, (box.describe(), value)
    assert 0 <= page.layout.document_height <= SANE


def test_deep_nesting_is_flattened_and_keeps_its_text(tmp_path):
    page = page_from(tmp_path, "deep.html", hostile.build_deep(20_000))
    assert "bottom" in text_of(page)
    assert not page.budget_overruns                                  # Blink's own depth: a warning
    assert "20,000" not in page.subresource_errors[0] and "512" in page.subresource_errors[0]
    assert_sane_geometry(page)


def test_deep_nesting_really_nested_goes_through_every_stage_and_dump(tmp_path):
    from minibrowser.dumps import dump
    page = page_from(tmp_path, "deep.html", hostile.build_deep(3_000), text=False, max_layout_depth=10_000)
    assert not page.budget_overruns
    boxes = list(iter_boxes(page.layout.root))
    assert len(boxes) > 3_000
    for stage in ("dom", "boxes", "layout", "layout-json", "display-list"):
        assert "bottom" in dump(page, stage) or stage in ("layout-json",)
    assert dump(page, "layout-json").count('"path"') > 3_000


def test_one_long_paragraph(tmp_path):
    page = page_from(tmp_path, "long.html", hostile.build_long_text(300_000))
    lines = text_of(page).splitlines()
    assert len(lines) > 3_000 and all(len(line) <= 80 for line in lines)


def test_ten_thousand_nested_inline_elements_on_one_line(tmp_path):
    page = page_from(tmp_path, "inline.html", hostile.build_nested_inline(10_000), max_layout_depth=20_000)
    assert not page.budget_overruns
    assert text_of(page).strip() == "one line of text"


def test_pathological_selectors_are_dropped_not_fatal(tmp_path):
    page = page_from(tmp_path, "sel.html", hostile.build_pathological_selectors())
    errors = [e for sheet in page.styled.sheets for e in sheet.errors]
    assert any("nested more than 32 deep" in e for e in errors)
    assert any("more than 32 combinators" in e for e in errors)
    assert "x" in text_of(page)


def test_deep_css_in_values_blocks_and_style_attributes(tmp_path):
    n = 1_000
    css = ("p { width: " + "calc(" * n + "1px" + ")" * n + "}\n"
           "@supports " + "(" * n + "display: block" + ")" * n + " { p { color: red } }\n"
           + "@media screen { " * n + "p { color: blue }" + "}" * n)
    html = f"<style>{css}</style><p style='margin: {'calc(' * n}1px{')' * n}'>deep css</p>".encode()
    page = page_from(tmp_path, "css.html", html)
    assert "deep css" in text_of(page)


def test_var_cycles_fall_back_and_expansion_bombs_are_invalid(tmp_path):
    page = page_from(tmp_path, "vars.html", hostile.build_var_bombs(), text=False)
    p = page.document.root.find(".//p")
    style = page.styled.styles[p]
    assert (style.color.r, style.color.g, style.color.b) == (255, 0, 0)   # var(--a, red): --a is cyclic
    assert style.padding_left == 0 and style.margin_left == 0            # invalid at computed-value time
    assert_sane_geometry(page)


def test_font_size_1e9_is_clamped_like_blink(tmp_path):
    page = page_from(tmp_path, "font.html", hostile.build_huge_font(), text=False)
    sizes = [page.styled.styles[p].font_size for p in page.document.root.iter("p")]
    assert sizes[:3] == [10_000.0, 10_000.0, 10_000.0]
    assert_sane_geometry(page)


@pytest.mark.parametrize("text", [False, True])
def test_nan_and_infinity_producing_values(tmp_path, text):
    page = page_from(tmp_path, "numbers.html", hostile.build_bad_numbers(), text=text)
    assert_sane_geometry(page)
    if text:
        assert "inline" in text_of(page)


def test_hostile_images(tmp_path):
    page = page_from(tmp_path, "images.html", hostile.build_images(str(tmp_path)), text=False)
    warnings = "\n".join(page.subresource_errors)
    assert "claims.png: not decoded" in warnings and "100,000x100,000" in warnings
    for name in ("truncated.png", "truncated.jpg", "corrupt.png", "corrupt.jpg", "corrupt.gif", "empty.png"):
        assert name in warnings
    tall = next(info for url, info in page.images.items() if url.endswith("tall.png"))
    assert (tall.width, tall.height) == (1.0, 1_000_000.0)
    assert any("claims.png" in note for note in page.budget_overruns)
    assert_sane_geometry(page)


def test_import_cycles_stop(tmp_path):
    page = page_from(tmp_path, "imports.html", hostile.build_import_cycle(str(tmp_path)))
    assert any("import cycle stopped" in e for e in page.subresource_errors)
    assert sum(r.url.path.endswith("a.css") for r in page.subresources) <= 4


def test_an_endless_import_tree_is_bounded_by_the_subresource_budget(serve):
    def sheet(handler):
        name = handler.path.rsplit("/", 1)[1]
        body = f"@import '/import/{name}0'; @import '/import/{name}1'; p {{ margin: 1px }}"
        return 200, {"Content-Type": "text/css"}, body.encode()
    routes = {"/": (200, {"Content-Type": "text/html"}, b"<link rel=stylesheet href='/import/1'><p>x")}
    server = serve(_Prefix(routes, "/import/", sheet))   # every /import/... answers with two more
    options = LoadOptions(text_mode=True)
    options.budgets.max_subresources = 40
    page = load(from_user_input(server.url("/")), options)
    page.fetcher.close()
    assert len([p for p in server.paths() if p.startswith("/import/")]) == 40
    assert any("--max-subresources" in note for note in page.budget_overruns)


class _Prefix(dict):
    """A route table where every path under `prefix` goes to one handler."""

    def __init__(self, routes: dict, prefix: str, handler) -> None:
        super().__init__(routes)
        self.prefix, self.handler = prefix, handler

    def get(self, path, default=None):
        return self.handler if path.startswith(self.prefix) else super().get(path, default)


@pytest.mark.parametrize("name, expected", [
    ("broken-utf8.html", "broken: \ufffd("), ("mixed.html", "latin-1: café"), ("nul.html", "nul\ufffdin text"),
    ("wrong-charset.html", "utf-8 text declared as Shift_JIS"), ("utf16-claim.html", "declared UTF-16, is ASCII"),
    ("bogus-charset.html", "bogus label"), ("bom-conflict.html", "BOM says UTF-8: Ж")])
def test_encodings(tmp_path, name, expected):
    pages = hostile.build_encodings(str(tmp_path))
    page = page_from(tmp_path, name, pages[name])
    assert expected in text_of(page)
