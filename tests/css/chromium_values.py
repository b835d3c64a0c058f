"""Our computed values, written the way Chromium's getComputedStyle serialises them.

The goldens (scripts/make_style_goldens.py) hold Chromium's strings; this
module turns a `ComputedStyle` value into the same form so the two can be
compared: lengths as px, colours as rgb()/rgba(), keywords as they are, lists
space-separated.  Numbers are compared with a small tolerance (`same`), since
Chromium prints six significant digits.
"""
from __future__ import annotations

import re
from typing import Any

from minibrowser.css.properties import LinearGradient, Num
from minibrowser.css.values import CURRENT_COLOR, RGBA, CalcPct, Pct

from .helpers import PAGES

# getComputedStyle returns the *used* value for these when the element is rendered (CSSOM
# "resolved value"): a percentage or auto becomes px that only layout knows.  Our computed value
# is compared only when it is an absolute length (or Chromium's answer is not a length).
RESOLVED_AS_USED = {"width", "height", "margin-top", "margin-right", "margin-bottom", "margin-left",
                    "padding-top", "padding-right", "padding-bottom", "padding-left",
                    "top", "right", "bottom", "left", "line-height"}

# (pseudo-element or "*", property) pairs not compared, each a documented Blink detail:
SKIP = {
    # Blink's StyleAdjuster::AdjustStyleForMarker gives an outside ::marker display: inline-block
    # and white-space: pre after the cascade (its layout needs them); ours keep the cascaded values
    ("::marker", "display"), ("::marker", "white-space"),
    # Blink's UA sheet sets font-variant-numeric: tabular-nums on ::marker, which the font-variant
    # shorthand then serialises; the engine implements font-variant-caps only
    ("::marker", "font-variant"),
    # an inside ::marker's margins come from the marker's font metrics, also in the adjuster
    ("::marker", "margin-left"), ("::marker", "margin-right"),
}

# Form controls are painted by Blink's native theme: their colours come from LayoutTheme and
# internal :disabled / popup styles (option's 24px min sizes, gaps and padding), not from the
# CSS cascade the engine implements.  Their other properties are compared.
FORM_CONTROLS = ("input", "select", "button", "textarea", "option")
THEME_PROPERTIES = {"color", "background-color", "border-top-color", "border-right-color", "border-bottom-color",
                    "border-left-color", "outline-color", "text-decoration-color", "min-width", "min-height",
                    "column-gap", "row-gap", "padding-top", "padding-right", "padding-bottom", "padding-left",
                    "white-space"}


# Not yet matched, on purpose: Chromium gives replaced elements, input and select `overflow: clip`.
# Our UA sheet leaves it out until layout stops giving `clip` boxes the scroll-container baseline
# (CSS Overflow 3 §3.1); until then these two properties are not compared on those elements.
CLIPPED_ELEMENTS = ("img", "video", "canvas", "iframe", "embed", "object", "input", "select")


def not_compared(path: str, prop: str, display: str) -> bool:
    """True for the documented cases above, and for width/height of table parts: Chromium reports
    the used size of a cell or column there (CSSOM resolved value), which is layout's answer."""
    pseudo = "::" + path.rsplit("::", 1)[1] if "::" in path else ""
    if (pseudo, prop) in SKIP:
        return True
    tag = path.rsplit("/", 1)[-1].split("[")[0]
    if not pseudo and tag in FORM_CONTROLS and prop in THEME_PROPERTIES:
        return True
    if not pseudo and tag in CLIPPED_ELEMENTS and prop in ("overflow-x", "overflow-y"):
        return True
    return prop in ("width", "height") and display.startswith("table-")


def implicit_list_counter(path: str, prop: str, ours: str, theirs: str) -> bool:
    """The HTML Standard's UA sheet has `ol, ul, menu { counter-reset: list-item }`; Blink keeps the
    list-item counter implicit (CSS Lists 3 §4.5 allows it) and serialises counter-reset as none."""
    last = path.rsplit("/", 1)[-1]
    return prop == "counter-reset" and theirs == "none" and ours == "list-item 0" and \
        last.split("[")[0] in ("ol", "ul", "menu")


def _num(value: float) -> str:
    text = f"{value:.6g}"
    return "0" if text == "-0" else text


def _px(value: float) -> str:
    return _num(value) + "px"


def _color(value: Any, style) -> str:
    if value == CURRENT_COLOR:
        value = style.color
    if not isinstance(value, RGBA):
        return str(value)
    if value.a >= 1:
        return f"rgb({value.r}, {value.g}, {value.b})"
    return f"rgba({value.r}, {value.g}, {value.b}, {_num(round(value.a, 3))})"


def _length(value: Any) -> str:
    if isinstance(value, Pct):
        return _num(value.value) + "%"
    if isinstance(value, float) or isinstance(value, int) and not isinstance(value, bool):
        return _px(float(value))
    if isinstance(value, Pct):
        return _num(value.value) + "%"
    if isinstance(value, CalcPct):
        return "calc(...)"
    return str(value)


def _family(families: tuple) -> str:
    if families == ("initial",):
        return '"Times New Roman"'  # Chromium's default standard font setting
    out = []
    for name in families:
        generic = name in ("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math")
        out.append(name if generic or re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", name) else f'"{name}"')
    return ", ".join(out)


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _content(value: Any) -> str:
    if not isinstance(value, tuple):
        return str(value)
    parts = []
    for item in value:
        kind = item[0]
        if kind == "string":
            parts.append(_string(item[1]))
        elif kind == "attr":
            parts.append(f"attr({item[1]})")
        elif kind == "quote":
            parts.append(item[1])
        elif kind == "counter":
            parts.append(f"counter({item[1]})" if item[2] == "decimal" else f"counter({item[1]}, {item[2]})")
        elif kind == "counters":
            style = "" if item[3] == "decimal" else f", {item[3]}"
            parts.append(f"counters({item[1]}, {_string(item[2])}{style})")
        elif kind == "url":
            parts.append(_url(item[1]))
    return " ".join(parts)


def _url(href: str) -> str:
    """url("...") as in the goldens, where the pages folder is written PAGES/."""
    return f'url("{href.replace(PAGES.as_uri() + "/", "PAGES/")}")'


def _image(value: Any) -> str:
    if value == "none":
        return "none"
    if isinstance(value, tuple) and value[0] == "url":
        return _url(value[1])
    if isinstance(value, LinearGradient):
        sides = {0.0: "to top", 90.0: "to right", 270.0: "to left", 45.0: "to right top",
                 135.0: "to right bottom", 225.0: "to left bottom", 315.0: "to left top"}
        parts = [] if value.angle == 180 else [sides.get(value.angle, f"{_num(value.angle)}deg")]
        for color, position in value.stops:
            text = _color(color, None) if color != CURRENT_COLOR else "currentcolor"
            parts.append(text if position is None else f"{text} {_length(position)}")
        name = "repeating-linear-gradient" if value.repeating else "linear-gradient"
        return f"{name}({', '.join(parts)})"
    return str(value)


def serialize(prop: str, style, element_style=None) -> str:
    """Our computed value of `prop` in Chromium's getComputedStyle form."""
    value = getattr(style, prop.replace("-", "_"))
    if prop.endswith("color"):
        return _color(value, style)
    if prop == "font-family":
        return _family(value)
    if prop == "font-weight":
        return _num(value)
    if prop in ("opacity",):
        return _num(value)
    if prop == "line-height":
        if isinstance(value, Num):
            return _px(float(value) * style.font_size)
        return _length(value)
    if prop == "text-decoration-line":
        return " ".join(value) if value else "none"
    if prop in ("content",):
        return _content(value)
    if prop == "quotes":
        return value if isinstance(value, str) else " ".join(f"{_string(a)} {_string(b)}" for a, b in value)
    if prop in ("counter-reset", "counter-increment", "counter-set"):
        return " ".join(f"{name} {n}" for name, n in value) if value else "none"
    if prop in ("background-image", "list-style-image"):
        return _image(value)
    if prop == "background-repeat":
        x, y = value
        if x == y:
            return x
        return {("repeat", "no-repeat"): "repeat-x", ("no-repeat", "repeat"): "repeat-y"}.get(value, f"{x} {y}")
    if prop in ("background-position",):
        return " ".join(_length(v) for v in value)
    if prop == "background-size":
        if isinstance(value, str):
            return value
        x, y = value
        if isinstance(x, str) and x in ("cover", "contain"):
            return x
        return _length(x) if y == "auto" else f"{_length(x)} {_length(y)}"
    if prop == "border-spacing" or prop.endswith("-radius"):
        x, y = value
        return _length(x) if _length(x) == _length(y) else f"{_length(x)} {_length(y)}"
    if prop == "list-style-type" and isinstance(value, tuple):
        return _string(value[1])
    if prop == "tab-size":
        return _num(value) if isinstance(value, Num) else _length(value)
    if prop == "font-stretch":
        return _length(value)
    if prop in ("min-width", "min-height") and value == "auto":
        return "0px"  # CSSOM: min-width: auto resolves to 0px for boxes that are not flex or grid items
    if prop in ("letter-spacing", "word-spacing"):
        if value == 0:
            return "normal" if prop == "letter-spacing" else "0px"
    if prop == "z-index":
        return str(value)
    if isinstance(value, (float, int, Pct, CalcPct)):
        return _length(value)
    return value if isinstance(value, str) else " ".join(map(str, value))


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def same(ours: str, theirs: str) -> bool:
    """Equal, or equal up to 0.02 in every number (rounding in the last printed digit)."""
    if ours == theirs:
        return True
    a, b = _NUMBER.split(ours), _NUMBER.split(theirs)
    if a != b:
        return False
    na, nb = _NUMBER.findall(ours), _NUMBER.findall(theirs)
    return all(abs(float(x) - float(y)) <= 0.02 for x, y in zip(na, nb))
