"""Presentational hints: the HTML attributes that act like CSS (HTML Standard §15).

`<table border=1 cellpadding=4>`, `<td align=center>`, `<img width=100>`,
`<font color=red>` … The standard maps each to a CSS declaration with author
origin and specificity zero, placed before every author rule; this module
returns those as (property, value text) pairs, one small function per kind
of attribute, driven by tables.
"""
from __future__ import annotations

import re

DIMENSION_ELEMENTS = {"img", "table", "td", "th", "col", "colgroup", "hr", "iframe", "video", "canvas",
                      "embed", "object", "input", "tr", "applet", "marquee"}
ALIGN_TEXT_ELEMENTS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "thead", "tbody",
                       "tfoot", "tr", "td", "th", "legend"}
ALIGN_VALUES = {"left": "-webkit-left", "right": "-webkit-right", "center": "-webkit-center",
                "middle": "-webkit-center", "justify": "justify"}
VALIGN_VALUES = {"top": "top", "middle": "middle", "bottom": "bottom", "baseline": "baseline"}
BGCOLOR_ELEMENTS = {"body", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "marquee"}
LIST_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman",
              "I": "upper-roman", "disc": "disc", "circle": "circle", "square": "square",
              "none": "none"}
FONT_SIZES = {1: "x-small", 2: "small", 3: "medium", 4: "large", 5: "x-large", 6: "xx-large",
              7: "xxx-large"}
CELL_TAGS = ("td", "th")
# every tag some hint below applies to: any other element has none, whatever its attributes
HINTED_TAGS = frozenset(DIMENSION_ELEMENTS | ALIGN_TEXT_ELEMENTS | BGCOLOR_ELEMENTS | {
    "body", "td", "th", "tr", "thead", "tbody", "tfoot", "col", "table", "img", "object", "input", "font",
    "hr", "ol", "ul", "li", "pre", "div", "caption"})

_DIMENSION = re.compile(r"^[ \t\n\f\r]*(\d+(?:\.\d+)?)(%?)")


def _dimension(value: str | None, allow_zero: bool = True) -> str | None:
    """HTML's "rules for parsing dimension values": leading digits, optional %."""
    if value is None:
        return None
    match = _DIMENSION.match(value)
    if not match:
        return None
    number = float(match.group(1))
    if not allow_zero and number == 0:
        return None
    text = f"{number:g}"
    return text + ("%" if match.group(2) else "px")


def _color(value: str | None) -> str | None:
    """HTML's legacy colour parsing, for the common forms (names and hex, with or without #)."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9a-fA-F]{6}|[0-9a-fA-F]{3}", value):
        return "#" + value
    if re.fullmatch(r"#?[0-9a-fA-F]{3}|#?[0-9a-fA-F]{6}|[a-zA-Z]+", value):
        return value
    return None


def _table_ancestor(wrapper):
    node = wrapper.parent
    while node is not None:
        if node.etree_element.tag == "table":
            return node.etree_element
        node = node.parent
    return None


def presentational_hints(element, wrapper) -> tuple[tuple[str, str], ...]:
    """The (property, value) declarations this element's attributes imply."""
    tag = element.tag
    if tag not in HINTED_TAGS:
        return ()
    if not isinstance(tag, str) or not element.attrib:
        if tag in CELL_TAGS:
            return _cell_from_table(wrapper)
        return ()
    get = element.get
    out: list[tuple[str, str]] = []
    if tag in DIMENSION_ELEMENTS:
        width = _dimension(get("width"))
        height = _dimension(get("height"))
        if width and not (tag == "input" and get("type", "").lower() != "image"):
            out.append(("width", width))
        if height and not (tag == "input" and get("type", "").lower() != "image"):
            out.append(("height", height))
        if tag in ("img", "object") and get("hspace"):
            hspace = _dimension(get("hspace"))
            if hspace:
                out += [("margin-left", hspace), ("margin-right", hspace)]
        if tag in ("img", "object") and get("vspace"):
            vspace = _dimension(get("vspace"))
            if vspace:
                out += [("margin-top", vspace), ("margin-bottom", vspace)]
    if tag in BGCOLOR_ELEMENTS and _color(get("bgcolor")):
        out.append(("background-color", _color(get("bgcolor"))))
    if tag == "body" and _color(get("text")):
        out.append(("color", _color(get("text"))))
    if tag == "body" and get("background"):
        out.append(("background-image", f'url("{get("background")}")'))
    align = (get("align") or "").strip().lower()
    if align and tag in ALIGN_TEXT_ELEMENTS and align in ALIGN_VALUES:
        out.append(("text-align", ALIGN_VALUES[align]))
    valign = (get("valign") or "").strip().lower()
    if valign in VALIGN_VALUES and tag in ("td", "th", "tr", "thead", "tbody", "tfoot", "col"):
        out.append(("vertical-align", VALIGN_VALUES[valign]))
    if tag in CELL_TAGS:
        if get("nowrap") is not None:
            out.append(("white-space", "nowrap"))
        out.extend(_cell_from_table(wrapper))
    if tag == "table":
        out.extend(_table_hints(element, align))
    if tag in ("img", "object", "input") and align in ("left", "right"):
        out += [("float", align), ("vertical-align", "top")]  # as Blink's ApplyAlignmentAttributeToStyle
    if tag in ("img", "object") and align in ("top", "middle", "bottom", "baseline", "texttop", "absmiddle"):
        out.append(("vertical-align", {"texttop": "text-top", "absmiddle": "middle"}.get(align, align)))
    if tag in ("img", "object") and get("border"):
        border = _dimension(get("border"))
        if border:
            out += [("border-width", border), ("border-style", "solid")]
    if tag == "font":
        if _color(get("color")):
            out.append(("color", _color(get("color"))))
        if get("face"):
            out.append(("font-family", get("face")))
        size = _font_size(get("size"))
        if size:
            out.append(("font-size", size))
    if tag == "hr":
        out.extend(_hr_hints(element, align))
    if tag in ("ol", "ul", "li") and get("type") in LIST_TYPES:
        out.append(("list-style-type", LIST_TYPES[get("type")]))
    if tag == "pre" and get("wrap") is not None:
        out.append(("white-space", "pre-wrap"))
    if tag in ("div", "caption") and align == "center":
        pass  # text-align above already; block centring comes from -webkit-center
    return tuple(out)


def _font_size(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        if value[0] in "+-":
            size = 3 + int(value)
        else:
            size = int(value)
    except ValueError:
        return None
    return FONT_SIZES[max(1, min(7, size))]


def _table_hints(table, align: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    border = table.get("border")
    if border is not None:
        width = _dimension(border) or ("1px" if border.strip() == "" else None)
        if width and width != "0px":
            out += [("border-width", width), ("border-style", "outset")]
    spacing = _dimension(table.get("cellspacing"))
    if spacing:
        out.append(("border-spacing", spacing))
    if align == "center":
        out += [("margin-left", "auto"), ("margin-right", "auto")]
    return out


def _cell_from_table(wrapper) -> tuple[tuple[str, str], ...]:
    """Cells take padding and borders from their table's cellpadding and border attributes."""
    table = _table_ancestor(wrapper)
    if table is None:
        return ()
    out: list[tuple[str, str]] = []
    padding = _dimension(table.get("cellpadding"))
    if padding:
        out.append(("padding", padding))
    border = table.get("border")
    if border is not None and (_dimension(border) or "1px") != "0px":
        out += [("border-width", "1px"), ("border-style", "inset")]
    return tuple(out)


def _hr_hints(hr, align: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if align == "left":
        out += [("margin-left", "0"), ("margin-right", "auto")]
    elif align == "right":
        out += [("margin-left", "auto"), ("margin-right", "0")]
    color = _color(hr.get("color"))
    if color:
        out += [("border-style", "solid"), ("border-color", color), ("background-color", color)]
    if hr.get("noshade") is not None:
        out += [("border-style", "solid"), ("border-color", "gray"), ("background-color", "gray")]
    size = _dimension(hr.get("size"))
    if size and size.endswith("px"):
        pixels = float(size[:-2])
        if pixels <= 1:
            out.append(("border-bottom-width", "0"))
        else:
            out += [("height", f"{pixels - 2:g}px"), ("border-width", "1px")]
    return out
