"""Every shorthand expands to every longhand it covers, resetting the ones it does not mention."""
from __future__ import annotations

import pytest
import tinycss2

from minibrowser.css.shorthands import LONGHANDS, SHORTHANDS
from minibrowser.css.stylesheet import parse_declaration
from minibrowser.css.grid_values import Fr, GridLine, LineNames, Repeat
from minibrowser.css.values import RGBA, Dim

# shorthand -> (a valid value, a few longhands and what they must be)
CASES = {
    "margin": ("1px 2px 3px", {"margin-top": Dim(1, "px"), "margin-left": Dim(2, "px"), "margin-bottom": Dim(3, "px")}),
    "padding": ("1px 2px", {"padding-top": Dim(1, "px"), "padding-right": Dim(2, "px"), "padding-bottom": Dim(1, "px")}),
    "margin-block": ("4px 5px", {"margin-top": Dim(4, "px"), "margin-bottom": Dim(5, "px")}),
    "margin-inline": ("auto", {"margin-left": "auto", "margin-right": "auto"}),
    "padding-block": ("4px", {"padding-top": Dim(4, "px"), "padding-bottom": Dim(4, "px")}),
    "padding-inline": ("1px 2px", {"padding-left": Dim(1, "px"), "padding-right": Dim(2, "px")}),
    "border-width": ("thin thick", {"border-top-width": Dim(1, "px"), "border-right-width": Dim(5, "px")}),
    "border-style": ("solid none dotted", {"border-left-style": "none", "border-bottom-style": "dotted"}),
    "border-color": ("red", {"border-left-color": RGBA(255, 0, 0)}),
    "border": ("2px solid", {"border-top-width": Dim(2, "px"), "border-left-style": "solid",
                             "border-right-color": "initial"}),
    "border-top": ("dashed red", {"border-top-style": "dashed", "border-top-width": "initial"}),
    "border-right": ("1px", {"border-right-width": Dim(1, "px")}),
    "border-bottom": ("blue", {"border-bottom-color": RGBA(0, 0, 255)}),
    "border-left": ("double", {"border-left-style": "double"}),
    "border-block": ("1px solid", {"border-top-style": "solid", "border-bottom-width": Dim(1, "px")}),
    "border-inline": ("1px solid", {"border-left-style": "solid", "border-right-width": Dim(1, "px")}),
    "border-block-start": ("solid", {"border-top-style": "solid"}),
    "border-block-end": ("solid", {"border-bottom-style": "solid"}),
    "border-inline-start": ("solid", {"border-left-style": "solid"}),
    "border-inline-end": ("solid", {"border-right-style": "solid"}),
    "border-block-width": ("1px 2px", {"border-top-width": Dim(1, "px"), "border-bottom-width": Dim(2, "px")}),
    "border-block-style": ("solid", {"border-bottom-style": "solid"}),
    "border-block-color": ("red", {"border-top-color": RGBA(255, 0, 0)}),
    "border-inline-width": ("3px", {"border-left-width": Dim(3, "px")}),
    "border-inline-style": ("dotted", {"border-right-style": "dotted"}),
    "border-inline-color": ("red blue", {"border-right-color": RGBA(0, 0, 255)}),
    "border-radius": ("1px 2px / 3px", {"border-top-left-radius": (Dim(1, "px"), Dim(3, "px")),
                                        "border-top-right-radius": (Dim(2, "px"), Dim(3, "px"))}),
    "background": ("url(a.png) no-repeat red", {"background-color": RGBA(255, 0, 0),
                                                "background-image": ("url", "a.png"),
                                                "background-repeat": ("no-repeat", "no-repeat"),
                                                "background-position": "initial"}),
    "font": ("italic 700 12px/2 serif", {"font-style": "italic", "font-weight": 700.0,
                                         "font-size": Dim(12, "px"), "font-variant": "initial",
                                         "font-family": ("serif",)}),
    "list-style": ("square inside", {"list-style-type": "square", "list-style-position": "inside",
                                     "list-style-image": "initial"}),
    "text-decoration": ("underline dotted", {"text-decoration-line": ("underline",),
                                             "text-decoration-style": "dotted",
                                             "text-decoration-color": "initial"}),
    "outline": ("2px solid", {"outline-width": Dim(2, "px"), "outline-style": "solid",
                              "outline-color": "initial"}),
    "inset": ("1px auto", {"top": Dim(1, "px"), "right": "auto", "bottom": Dim(1, "px"), "left": "auto"}),
    "inset-block": ("1px", {"top": Dim(1, "px"), "bottom": Dim(1, "px")}),
    "inset-inline": ("1px 2px", {"left": Dim(1, "px"), "right": Dim(2, "px")}),
    "gap": ("1px 2px", {"row-gap": Dim(1, "px"), "column-gap": Dim(2, "px")}),
    "grid-gap": ("3px", {"row-gap": Dim(3, "px"), "column-gap": Dim(3, "px")}),
    "overflow": ("hidden auto", {"overflow-x": "hidden", "overflow-y": "auto"}),
    "flex": ("2 3", {"flex-grow": 2.0, "flex-shrink": 3.0, "flex-basis": Dim(0, "%")}),
    "flex-flow": ("wrap", {"flex-wrap": "wrap", "flex-direction": "initial"}),
    "place-content": ("center", {"align-content": "center", "justify-content": "center"}),
    "place-items": ("end", {"align-items": "end", "justify-items": "end"}),
    "place-self": ("safe center", {"align-self": "center", "justify-self": "center"}),
    "grid-row": ("2 / span 3", {"grid-row-start": GridLine(False, 2, None), "grid-row-end": GridLine(True, 3, None)}),
    "grid-column": ("side", {"grid-column-start": GridLine(False, None, "side"),
                             "grid-column-end": GridLine(False, None, "side")}),
    "grid-area": ("main / 2", {"grid-row-start": GridLine(False, None, "main"), "grid-column-start": GridLine(False, 2, None),
                               "grid-row-end": GridLine(False, None, "main"), "grid-column-end": "auto"}),
    "grid-template": ('[top] "a b" 40px "c c" / 1fr 2fr', {
        "grid-template-areas": (("a", "b"), ("c", "c")),
        "grid-template-rows": (LineNames(("top",)), Dim(40, "px"), "auto"),
        "grid-template-columns": (Fr(1.0), Fr(2.0))}),
    "grid": ("auto-flow dense 50px / repeat(3, 1fr)", {
        "grid-auto-flow": "row dense", "grid-auto-rows": (Dim(50, "px"),), "grid-template-rows": "none",
        "grid-template-columns": (Repeat(3, (Fr(1.0),)),), "grid-auto-columns": "initial"}),
}


def expand(name: str, value: str) -> dict:
    decls = parse_declaration(name, tinycss2.parse_component_value_list(value), False, None, 0)
    assert decls is not None, f"{name}: {value} was rejected"
    return {d.name: d.value for d in decls}


def test_every_shorthand_has_a_case():
    assert set(CASES) == set(SHORTHANDS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_shorthand_sets_every_longhand(name):
    value, expected = CASES[name]
    got = expand(name, value)
    assert set(got) == set(LONGHANDS[name])          # a shorthand resets all it covers
    for longhand, want in expected.items():
        assert got[longhand] == want, longhand


@pytest.mark.parametrize("name", sorted(CASES))
def test_css_wide_keyword_on_a_shorthand(name):
    got = expand(name, "inherit")
    assert set(got) == set(LONGHANDS[name]) and set(got.values()) == {"inherit"}


@pytest.mark.parametrize("name, value", [
    ("margin", "1px 2px 3px 4px 5px"), ("padding", "-1px"), ("border", "1px 2px solid"),
    ("font", "bold"), ("font", "12px"), ("font", "12px/ serif"), ("font", "serif 12px"),
    ("list-style", "none none none"), ("background", "red, url(a.png)"), ("outline", "red red"),
    ("border-radius", "1px / 2px / 3px"), ("gap", "-1px"), ("overflow", "sideways"),
    ("flex", "1 2 3"), ("flex", "-1"), ("flex", "auto 1 2 3"), ("flex-flow", "row column"),
    ("grid-row", "1 / 2 / 3"), ("grid-column", "span"), ("grid-area", "a / b / c / d / e"),
    ("grid-template", '"a b" "c" / 1fr'), ("grid-template", "1fr"), ("grid", "auto-flow / auto-flow"),
])
def test_invalid_shorthand_values_are_dropped(name, value):
    assert parse_declaration(name, tinycss2.parse_component_value_list(value), False, None, 0) is None
