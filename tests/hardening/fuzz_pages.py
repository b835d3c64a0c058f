"""Hypothesis strategies for structured hostile pages, and the check every generated page must pass.

A page is a tree of real HTML elements (blocks, inlines, lists, tables, images, preformatted
text) with hostile attributes, inline styles and a stylesheet whose values come from a table of
troublemakers: huge, negative, NaN- and infinity-producing lengths, calc(), var() cycles, every
display and position, odd selectors.  `check(html)` loads it on both surfaces and asserts what a
user would: no exception escapes, geometry is finite and sane, the PNG has the viewport's size,
and text-mode output carries no control characters.

Used by tests/hardening/test_fuzz.py (a small fixed-seed run in CI) and bench/fuzz.py (≥ 10,000).
"""
from __future__ import annotations

import math
import re
import urllib.parse

from hypothesis import strategies as st

SANE = 1e12            # px: finite, and far from where float precision or memory would suffer
WIDTH, HEIGHT, COLUMNS = 240, 160, 60
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

BLOCKS = ["div", "p", "section", "blockquote", "pre", "h1", "h3", "ul", "ol", "li", "dl", "dt", "dd",
          "center", "hr", "table", "form", "fieldset", "figure", "address"]
INLINES = ["span", "a", "b", "i", "em", "strong", "code", "sup", "sub", "small", "big", "font", "img",
           "br", "wbr", "input", "button", "label", "q", "abbr", "select", "textarea", "nobr"]
TABLE_PARTS = ["tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "col"]
TAGS = BLOCKS + INLINES + TABLE_PARTS

NUMBERS = ["0", "1", "-1", "0.5", "7", "100", "-100", "1e308", "-1e308", "1e39", "99999999999999999999",
           "3.4e38", "1e-320", "-0", "65536", "2147483648"]
UNITS = ["px", "em", "rem", "%", "ex", "ch", "vw", "vh", "pt", "cm", ""]
MATH = ["calc(1px / 0)", "calc(-1px / 0)", "calc(infinity * 1px)", "calc(-infinity * 1px)", "calc(NaN * 1px)",
        "calc(100% - 1e308px)", "calc(1em * 1e308)", "min(1px, calc(0px / 0))", "max(1e308px, 1e308px)",
        "clamp(1px, calc(NaN * 1px), 2px)", "calc(1 / 0)", "calc(NaN)", "calc((((1px))))"]
KEYWORDS = ["auto", "none", "inherit", "initial", "unset", "normal", "block", "inline", "inline-block",
            "table", "table-cell", "table-row", "list-item", "contents", "flex", "absolute", "relative",
            "fixed", "sticky", "left", "right", "both", "hidden", "scroll", "nowrap", "pre", "pre-wrap",
            "break-all", "anywhere", "uppercase", "center", "justify", "solid", "dotted", "double",
            "collapse", "separate", "fixed", "baseline", "top", "middle", "text-top", "super", "bold",
            "italic", "serif", "monospace", "transparent", "currentcolor", "red", "#0f08", "rgb(1e308 0 0)",
            "hsl(calc(1/0) 50% 50%)", "url(data:,x)", "url(file:///etc/passwd)", "'\\1b[31m'", "counter(x)",
            "inside", "outside", "upper-roman", "decimal", "cjk-ideographic", "rtl", "bidi-override"]
VARS = ["var(--a)", "var(--b, 3px)", "var(--cycle)", "var(--bomb)", "var(--missing)", "var(--a, var(--b))"]
PROPERTIES = ["display", "position", "float", "clear", "width", "height", "min-width", "max-width",
              "min-height", "max-height", "margin", "margin-left", "margin-top", "padding", "padding-right",
              "border", "border-width", "border-style", "border-collapse", "border-spacing", "top", "left",
              "right", "bottom", "z-index", "font-size", "font", "font-family", "font-weight", "line-height",
              "letter-spacing", "word-spacing", "text-indent", "text-align", "white-space", "word-break",
              "overflow-wrap", "text-transform", "vertical-align", "list-style", "list-style-type",
              "list-style-position", "background", "background-color", "background-size",
              "background-position", "color", "opacity", "visibility", "overflow", "content", "quotes",
              "counter-reset", "counter-increment", "tab-size", "direction", "unicode-bidi", "table-layout",
              "empty-cells", "caption-side", "box-sizing", "outline", "border-radius", "text-decoration",
              "hyphens", "gap", "inset", "--a", "--b"]

TEXT = st.lists(st.sampled_from(
    list("abc xyz  \t\n") + ["\u00ad", "\u200b", "\u0301", "中", "文", "，", "。", "\u202e", "\ufffd",
                            "\x1b", "\x00", "\x07", "\U0001f600", "&amp;", "&#0;", "&#x1b;", "<", "W" * 40]),
    max_size=40).map("".join)


@st.composite
def values(draw) -> str:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(st.sampled_from(NUMBERS)) + draw(st.sampled_from(UNITS))
    if kind == 1:
        return draw(st.sampled_from(MATH))
    if kind == 2:
        return draw(st.sampled_from(VARS))
    parts = draw(st.lists(st.one_of(st.sampled_from(KEYWORDS),
                                    st.sampled_from(NUMBERS).map(lambda n: n + "px")), min_size=1, max_size=4))
    return " ".join(parts)


@st.composite
def declarations(draw, max_size: int = 4) -> str:
    items = draw(st.lists(st.tuples(st.sampled_from(PROPERTIES), values()), max_size=max_size))
    return "; ".join(f"{name}: {value}" for name, value in items)


@st.composite
def selectors(draw) -> str:
    simple = st.one_of(st.sampled_from(TAGS + ["*"]), st.sampled_from([".c0", ".c1", ".c2", "#i0", "#i1"]))
    pseudo = st.sampled_from(["", ":first-child", ":last-child", ":nth-child(2n+1)", ":not(.c0)",
                              ":is(p, .c1)", ":empty", "::before", "::after", "::marker", ":hover",
                              ":nth-child(99999999999n)", ":lang(zh)", ":root"])
    compound = st.tuples(simple, pseudo).map("".join)
    parts = draw(st.lists(compound, min_size=1, max_size=4))
    joins = draw(st.lists(st.sampled_from([" ", " > ", " + ", " ~ "]), min_size=len(parts) - 1,
                          max_size=len(parts) - 1))
    out = parts[0]
    for join, part in zip(joins, parts[1:]):
        out += join + part
    return out


@st.composite
def stylesheets(draw) -> str:
    rules = draw(st.lists(st.tuples(selectors(), declarations()), max_size=6))
    prelude = (":root { --a: 1e308px; --b: var(--a) var(--a); --cycle: var(--cycle2); --cycle2: var(--cycle);"
               " --bomb: var(--b) var(--b) var(--b) var(--b) }")
    sheet = prelude + "".join(f"\n{sel} {{ {decls}; content: 'x' }}" for sel, decls in rules)
    if draw(st.booleans()):
        sheet += "\n@media (min-width: 1e308px) { p { color: red } } @import 'data:text/css,p{color:blue}';"
    return sheet


ATTRIBUTES = st.sampled_from([
    "", " class=c0", " class='c1 c2'", " id=i0", " colspan=99999999", " rowspan=0", " colspan=-1",
    " width=1e308", " height=-5", " width=50%", " start=-99999999999", " value=1e400", " span=100000",
    " size=1e9", " dir=rtl", " hidden", " align=center", " valign=bottom", " nowrap", " border=1e10",
    " cellspacing=1e10", " cellpadding=-1", " src='data:image/gif;base64,R0lGODlhAQABAAAAACw='",
    " src='data:image/png;base64,iVBORw0KGgo='", " src='//['", " alt='\x1b[31malt'", " href='\x1b]0;x\x07'"])


@st.composite
def elements(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(ATTRIBUTES)
    if draw(st.booleans()):
        attrs += f" style=\"{draw(declarations(3))}\""
    children = []
    if depth < 6:
        for _ in range(draw(st.integers(0, 4 if depth < 3 else 2))):
            if draw(st.booleans()):
                children.append(draw(elements(depth + 1)))
            else:
                children.append(draw(TEXT).replace('"', "&quot;"))
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


@st.composite
def pages(draw) -> str:
    body = "".join(draw(st.lists(elements(), min_size=1, max_size=4)))
    doctype = draw(st.sampled_from(["<!doctype html>", "", "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\">"]))
    return f"{doctype}<style>{draw(stylesheets())}</style>{body}"


def check(html: str, text_mode: bool) -> None:
    """Load `html` on one surface and assert the output is sane; raise AssertionError if not."""
    from minibrowser.layout import iter_boxes
    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.url import parse

    url = parse("data:text/html;charset=utf-8," + urllib.parse.quote(html))
    page = load(url, LoadOptions(width=WIDTH, height=HEIGHT, text_mode=text_mode, columns=COLUMNS))
    try:
        for box in iter_boxes(page.layout.root) if page.layout.root is not None else ():
            for value in (box.x, box.y, box.width, box.height):
                assert math.isfinite(value) and abs(value) < SANE, (box.describe(), value)
        assert math.isfinite(page.layout.document_height) and 0 <= page.layout.document_height < SANE
        if text_mode:
            from minibrowser.raster.grid import render_text
            text = render_text(page.display_list, page.links, COLUMNS)
            assert not CONTROL.search(text.replace("\n", "")), repr(text[:200])
        else:
            from minibrowser.raster.capture import capture
            image = capture(page, WIDTH, HEIGHT)
            assert image.size == (WIDTH, HEIGHT)
    finally:
        page.fetcher.close()
