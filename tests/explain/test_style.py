"""--element SELECTOR: every declaration that reached the element, in cascade order, the winner marked."""
from __future__ import annotations

import urllib.parse

PAGE = """<!DOCTYPE html><style>
p { color: red; margin: 3px }
.x { color: green }
#a { color: purple }
p.x { color: blue !important; colr: red; margin-top: 12 }
</style><p id=a class=x style="color: orange; margin-left: 7px">text</p><p>other</p>"""


def _style(explain, *args):
    status, data, out, err = explain("data:text/html," + urllib.parse.quote(PAGE), *args)
    assert status == 0, err
    return data["style"], out


def _prop(element, name):
    return next(p for p in element["first"]["properties"] if p["property"] == name)


def test_cascade_order_and_winner(explain):
    style, out = _style(explain, "--element", "p.x")
    element = style["element"]
    assert element["matches"] == 1 and element["first"]["path"] == "html[1]/body[1]/p[1]"
    color = _prop(element, "color")
    rows = [(r["selector"], r["winner"]) for r in color["declarations"]]
    # author normal by specificity (p < .x < #a < style attribute), then author !important
    assert rows == [("p", False), (".x", False), ("#a", False), ('style=""', False), ("p.x", True)]
    assert color["computed"] == "rgb(0, 0, 255)"
    assert [r["specificity"] for r in color["declarations"]][:3] == [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
    margin_left = _prop(element, "margin-left")
    assert [r["declaration"] for r in margin_left["declarations"]] == ["margin: 3px", "margin-left: 7px"]
    assert margin_left["computed"] == "7px"
    assert "✔ color: blue !important" in out


def test_sheet_counts_and_dropped_declarations(explain):
    style, _out = _style(explain)
    author = next(s for s in style["sheets"] if s["origin"] == "author")
    assert author["rules"] == 4
    assert author["unknown_properties"] == 1                 # colr
    assert author["dropped_declarations"] == 1               # margin-top: 12 (no unit)
    assert any("margin-top" in e for e in author["errors"])
    assert style["element"] is None


def test_no_match_and_bad_selector(explain):
    style, out = _style(explain, "--element", "table")
    assert style["element"] == {"selector": "table", "matches": 0, "first": None}
    assert "no element matches" in out
    status, data, _out, err = explain("data:text/html,x", "--element", "p[")
    assert status == 2 and data is None
    assert err.startswith("minibrowser: --element: not a valid selector") and err.count("\n") == 1
