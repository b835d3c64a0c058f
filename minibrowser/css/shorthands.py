"""Shorthand properties: each expands to *every* longhand it covers.

A shorthand resets what it does not mention to the initial value (CSS Cascade 4
§1.2), so expansion returns a full dict; omitted longhands get "initial".
Each expander takes the value's component tokens (whitespace stripped) and
returns {longhand: specified value} or None when the value is invalid.
"""
from __future__ import annotations

from typing import Any, Callable

import tinycss2

from .properties import (BORDER_STYLES, FONT_STRETCH, PROPERTIES, _parse_background_repeat, _parse_background_size,
                         _parse_image, parse_font_family, parse_position, _parse_line_height,
                         _parse_font_size, _parse_font_weight, _parse_list_style_type, _parse_border_width)
from .grid_values import (GRID, TEMPLATE, expand_grid, expand_grid_area, expand_grid_line_pair,
                          expand_grid_template)
from .values import Dim, Pct, _split_commas, _strip, parse_color, parse_length, parse_number

SIDES = ("top", "right", "bottom", "left")
INITIAL = "initial"


def _box_values(tokens: list, parse_one: Callable[[Any], Any]) -> list | None:
    """1–4 values → [top, right, bottom, left] (CSS 2.1 §8.3 margin rules)."""
    if not 1 <= len(tokens) <= 4:
        return None
    values = [parse_one(tok) for tok in tokens]
    if any(v is None for v in values):
        return None
    if len(values) == 1:
        values *= 4
    elif len(values) == 2:
        values = [values[0], values[1], values[0], values[1]]
    elif len(values) == 3:
        values = [values[0], values[1], values[2], values[1]]
    return values


def _four_sides(pattern: str, parse_one: Callable[[Any], Any]) -> Callable[[list], dict | None]:
    def expand(tokens: list) -> dict | None:
        values = _box_values(tokens, parse_one)
        if values is None:
            return None
        return {pattern.format(side): value for side, value in zip(SIDES, values)}

    return expand


def _length_or_auto(tok) -> Any:
    if tok.type == "ident" and tok.lower_value == "auto":
        return "auto"
    return parse_length(tok)


def _nonneg_length(tok) -> Any:
    return parse_length(tok, negative=False)


def _style(tok) -> Any:
    return tok.lower_value if tok.type == "ident" and tok.lower_value in BORDER_STYLES else None


def _border_parts(tokens: list) -> tuple | None:
    """<line-width> || <line-style> || <color>, each at most once, in any order."""
    if not 1 <= len(tokens) <= 3:
        return None
    width = style = color = None
    for tok in tokens:
        if style is None and _style(tok) is not None:
            style = _style(tok)
        elif width is None and _parse_border_width(tok) is not None:
            width = _parse_border_width(tok)
        elif color is None and parse_color(tok) is not None:
            color = parse_color(tok)
        else:
            return None
    return (width or INITIAL, style or INITIAL, color or INITIAL)


def _border_side(side: str) -> Callable[[list], dict | None]:
    def expand(tokens: list) -> dict | None:
        parts = _border_parts(tokens)
        if parts is None:
            return None
        return {f"border-{side}-width": parts[0], f"border-{side}-style": parts[1],
                f"border-{side}-color": parts[2]}

    return expand


def _border(tokens: list) -> dict | None:
    result: dict = {}
    for side in SIDES:
        part = _border_side(side)(tokens)
        if part is None:
            return None
        result.update(part)
    # `border` also resets border-image (not supported) — nothing more to do
    return result


def _outline(tokens: list) -> dict | None:
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value == "auto":
        return {"outline-width": INITIAL, "outline-style": "auto", "outline-color": INITIAL}
    parts = _border_parts(tokens)
    if parts is None:
        return None
    return {"outline-width": parts[0], "outline-style": parts[1], "outline-color": parts[2]}


def _border_radius(tokens: list) -> dict | None:
    slash = [i for i, t in enumerate(tokens) if t.type == "literal" and t.value == "/"]
    if len(slash) > 1:
        return None
    horizontal = tokens[: slash[0]] if slash else tokens
    vertical = tokens[slash[0] + 1:] if slash else tokens
    h = _box_values(horizontal, _nonneg_length)
    v = _box_values(vertical, _nonneg_length)
    if h is None or v is None:
        return None
    corners = ("top-left", "top-right", "bottom-right", "bottom-left")
    return {f"border-{c}-radius": (hx, vy) for c, hx, vy in zip(corners, h, v)}


def _background(tokens: list) -> dict | None:
    """One background layer: color, image, repeat, position [/ size], attachment, box."""
    result: dict = {"background-color": INITIAL, "background-image": INITIAL, "background-repeat": INITIAL,
                    "background-position": INITIAL, "background-size": INITIAL,
                    "background-attachment": INITIAL, "background-origin": INITIAL,
                    "background-clip": INITIAL}
    layers = [_strip(layer) for layer in _split_commas(tokens)]
    if len(layers) > 1:
        # several layers: the engine paints one, the first (topmost); only the final layer may
        # carry the colour (CSS Backgrounds 3 §3.10)
        parsed = [_background(layer) for layer in layers]
        if any(p is None for p in parsed) or any(p["background-color"] is not INITIAL for p in parsed[:-1]):
            return None
        first = parsed[0]
        first["background-color"] = parsed[-1]["background-color"]
        return first
    i = 0
    seen: set[str] = set()
    boxes: list[str] = []
    while i < len(tokens):
        tok = tokens[i]
        if "color" not in seen and parse_color(tok) is not None:
            result["background-color"] = parse_color(tok)
            seen.add("color")
            i += 1
            continue
        if "image" not in seen and _parse_image(tok) is not None:
            result["background-image"] = _parse_image(tok)
            seen.add("image")
            i += 1
            continue
        if tok.type == "ident" and tok.lower_value in ("scroll", "fixed", "local") and "attach" not in seen:
            result["background-attachment"] = tok.lower_value
            seen.add("attach")
            i += 1
            continue
        if tok.type == "ident" and tok.lower_value in ("border-box", "padding-box", "content-box"):
            boxes.append(tok.lower_value)
            i += 1
            continue
        if "repeat" not in seen:
            for n in (2, 1):
                rep = _parse_background_repeat(tokens[i:i + n]) if i + n <= len(tokens) else None
                if rep is not None:
                    result["background-repeat"] = rep
                    seen.add("repeat")
                    i += n
                    break
            if "repeat" in seen and result["background-repeat"] is not INITIAL:
                continue
        if "position" not in seen:
            # the longest run of tokens that parses as a position, then optional "/ size"
            end = i
            while end < len(tokens) and not (tokens[end].type == "literal" and tokens[end].value == "/") \
                    and (tokens[end].type in ("dimension", "percentage", "number")
                         or (tokens[end].type == "ident" and tokens[end].lower_value in
                             ("left", "right", "top", "bottom", "center"))) and end - i < 4:
                end += 1
            pos = parse_position(tokens[i:end]) if end > i else None
            if pos is not None:
                result["background-position"] = pos
                seen.add("position")
                i = end
                if i < len(tokens) and tokens[i].type == "literal" and tokens[i].value == "/":
                    size_end = i + 1
                    while size_end < len(tokens) and size_end - i <= 2 and (
                            tokens[size_end].type in ("dimension", "percentage", "number")
                            or (tokens[size_end].type == "ident" and
                                tokens[size_end].lower_value in ("auto", "cover", "contain"))):
                        size_end += 1
                    size = _parse_background_size(tokens[i + 1:size_end])
                    if size is None:
                        return None
                    result["background-size"] = size
                    i = size_end
                continue
        return None
    if boxes:
        result["background-origin"] = boxes[0]
        result["background-clip"] = boxes[-1]
    return result


def _font(tokens: list) -> dict | None:
    """[style || variant || weight || stretch]? size [/ line-height]? family (CSS Fonts 4 §2.8)."""
    result: dict = {"font-style": INITIAL, "font-variant": INITIAL, "font-weight": INITIAL,
                    "font-stretch": INITIAL, "font-size": INITIAL, "line-height": INITIAL,
                    "font-family": INITIAL}
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in (
            "caption", "icon", "menu", "message-box", "small-caption", "status-bar"):
        # system fonts: Chromium on Linux answers its default GUI font, Arial, at the default size
        result.update({"font-size": "medium", "font-family": ("Arial",)})
        return result
    i = 0
    count = 0
    while i < len(tokens) and count < 4:
        tok = tokens[i]
        if tok.type == "ident" and tok.lower_value == "normal":
            pass
        elif tok.type == "ident" and tok.lower_value in ("italic", "oblique"):
            result["font-style"] = tok.lower_value
        elif tok.type == "ident" and tok.lower_value == "small-caps":
            result["font-variant"] = "small-caps"
        elif tok.type == "ident" and tok.lower_value in ("condensed", "expanded", "semi-condensed",
                                                         "semi-expanded", "extra-condensed",
                                                         "extra-expanded", "ultra-condensed",
                                                         "ultra-expanded"):
            result["font-stretch"] = Pct(FONT_STRETCH[tok.lower_value])
        elif (tok.type == "ident" and tok.lower_value in ("bold", "bolder", "lighter")) or (
                tok.type == "number" and _parse_font_weight(tok) is not None):
            result["font-weight"] = _parse_font_weight(tok)
        else:
            break
        i += 1
        count += 1
    if i >= len(tokens):
        return None
    size = _parse_font_size(tokens[i])
    if size is None:
        return None
    result["font-size"] = size
    i += 1
    if i < len(tokens) and tokens[i].type == "literal" and tokens[i].value == "/":
        if i + 1 >= len(tokens):
            return None
        line_height = _parse_line_height(tokens[i + 1])
        if line_height is None:
            return None
        result["line-height"] = line_height
        i += 2
    family = parse_font_family(tokens[i:])
    if family is None:
        return None
    result["font-family"] = family
    return result


def _list_style(tokens: list) -> dict | None:
    result: dict = {"list-style-type": INITIAL, "list-style-position": INITIAL, "list-style-image": INITIAL}
    nones = 0
    for tok in tokens:
        if tok.type == "ident" and tok.lower_value == "none":
            nones += 1
            continue
        if tok.type == "ident" and tok.lower_value in ("inside", "outside") and \
                result["list-style-position"] == INITIAL:
            result["list-style-position"] = tok.lower_value
        elif result["list-style-type"] == INITIAL and _parse_list_style_type([tok]) is not None:
            result["list-style-type"] = _parse_list_style_type([tok])
        elif result["list-style-image"] == INITIAL and _parse_image(tok) not in (None, "none"):
            result["list-style-image"] = _parse_image(tok)
        else:
            return None
    if nones:
        # "none" sets whichever of type/image is not otherwise given (CSS Lists 3 §3.4)
        if result["list-style-type"] == INITIAL:
            result["list-style-type"] = "none"
            nones -= 1
        if nones and result["list-style-image"] == INITIAL:
            result["list-style-image"] = "none"
            nones -= 1
        if nones:
            return None
    return result


def _text_decoration(tokens: list) -> dict | None:
    result: dict = {"text-decoration-line": INITIAL, "text-decoration-style": INITIAL,
                    "text-decoration-color": INITIAL}
    lines: list[str] = []
    for tok in tokens:
        if tok.type == "ident" and tok.lower_value in ("underline", "overline", "line-through", "blink"):
            lines.append(tok.lower_value)
        elif tok.type == "ident" and tok.lower_value == "none" and not lines:
            result["text-decoration-line"] = ()
        elif tok.type == "ident" and tok.lower_value in ("solid", "double", "dotted", "dashed", "wavy"):
            result["text-decoration-style"] = tok.lower_value
        elif parse_color(tok) is not None and result["text-decoration-color"] == INITIAL:
            result["text-decoration-color"] = parse_color(tok)
        else:
            return None
    if lines:
        result["text-decoration-line"] = tuple(x for x in lines if x != "blink")
    return result


def _overflow(tokens: list) -> dict | None:
    words = ("visible", "hidden", "clip", "scroll", "auto")
    if not 1 <= len(tokens) <= 2 or any(t.type != "ident" or t.lower_value not in words for t in tokens):
        return None
    return {"overflow-x": tokens[0].lower_value, "overflow-y": tokens[-1].lower_value}


def _gap(tokens: list) -> dict | None:
    if not 1 <= len(tokens) <= 2:
        return None
    values = []
    for tok in tokens:
        value = "normal" if tok.type == "ident" and tok.lower_value == "normal" else \
            parse_length(tok, negative=False)
        if value is None:
            return None
        values.append(value)
    return {"row-gap": values[0], "column-gap": values[-1]}


def _flex(tokens: list) -> dict | None:
    """flex: none | [ <'flex-grow'> <'flex-shrink'>? || <'flex-basis'> ] (CSS Flexbox 1 §7.1).
    `auto` is 1 1 auto, `none` 0 0 auto; an omitted flex-basis is 0% (as Blink computes it)."""
    words = [t.lower_value if t.type == "ident" else None for t in tokens]
    if words == ["none"]:
        return {"flex-grow": 0.0, "flex-shrink": 0.0, "flex-basis": "auto"}
    if words == ["auto"]:
        return {"flex-grow": 1.0, "flex-shrink": 1.0, "flex-basis": "auto"}

    def factors(part: list) -> list[float] | None:
        values = [parse_number(tok, negative=False) for tok in part]
        return values if 1 <= len(values) <= 2 and None not in values else None

    numbers: list[float] | None = None
    basis: Any = None
    if not 1 <= len(tokens) <= 3:
        return None
    if parse_number(tokens[0], negative=False) is not None:
        # factors first; a unitless zero after two factors is the basis
        count = 2 if len(tokens) > 1 and parse_number(tokens[1], negative=False) is not None else 1
        numbers, rest = factors(tokens[:count]), tokens[count:]
        if len(rest) > 1:
            return None
    else:
        rest, numbers = tokens[:1], (factors(tokens[1:]) if len(tokens) > 1 else [])
        if numbers is None:
            return None
    if rest:
        basis = PROPERTIES["flex-basis"].parse(rest)
        if basis is None:
            return None
    if not numbers and basis is None:
        return None
    return {"flex-grow": numbers[0] if numbers else 1.0,
            "flex-shrink": numbers[1] if len(numbers) > 1 else 1.0,
            "flex-basis": basis if basis is not None else Dim(0.0, "%")}


def _flex_flow(tokens: list) -> dict | None:
    """flex-flow: <'flex-direction'> || <'flex-wrap'> (CSS Flexbox 1 §5.3)."""
    result = {"flex-direction": INITIAL, "flex-wrap": INITIAL}
    for tok in tokens:
        for name in result:
            value = PROPERTIES[name].parse([tok])
            if value is not None and result[name] == INITIAL:
                result[name] = value
                break
        else:
            return None
    return result if tokens else None


def _place(align: str, justify: str | None) -> Callable[[list], dict | None]:
    """place-content / place-items / place-self: <align> <justify>? (CSS Box Alignment 3 §5.3, §6.3);
    an omitted <justify> copies <align>."""

    def expand(tokens: list) -> dict | None:
        words = [t.lower_value if t.type == "ident" else "" for t in tokens]
        split = 2 if words[:1] in (["first"], ["last"], ["safe"], ["unsafe"]) else 1
        first = PROPERTIES[align].parse(tokens[:split])
        if first is None:
            return None
        result = {align: first}
        if justify is not None:
            rest = tokens[split:] or tokens[:split]
            second = PROPERTIES[justify].parse(rest)
            if second is None:
                second = "start" if not tokens[split:] and first in ("baseline", "last baseline") else None
            if second is None:
                return None
            result[justify] = second
        elif len(tokens) > split + 2:
            return None
        return result

    return expand


def _two_sides(first: str, second: str, parse_one: Callable[[Any], Any]) -> Callable[[list], dict | None]:
    """margin-block, padding-inline ...: one or two values for the start and end sides."""

    def expand(tokens: list) -> dict | None:
        if not 1 <= len(tokens) <= 2:
            return None
        values = [parse_one(tok) for tok in tokens]
        if any(v is None for v in values):
            return None
        return {first: values[0], second: values[-1]}

    return expand


def _sides(mapping: dict[str, str], expand_one: Callable[[list], dict | None]) -> Callable[[list], dict | None]:
    """A logical border shorthand: expand as a physical one, then rename the sides."""

    def expand(tokens: list) -> dict | None:
        result: dict = {}
        for physical in mapping.values():
            part = expand_one(physical)(tokens)
            if part is None:
                return None
            result.update(part)
        return result

    return expand


# Logical sides for horizontal-tb, ltr text — the only writing mode the engine lays out
BLOCK_SIDES = {"start": "top", "end": "bottom"}
INLINE_SIDES = {"start": "left", "end": "right"}


def _two_longhands(pattern: str, first: str, second: str, parse_one: Callable[[Any], Any]):
    return _two_sides(pattern.format(first), pattern.format(second), parse_one)


SHORTHANDS: dict[str, Callable[[list], dict | None]] = {
    "border-block-start": _border_side("top"), "border-block-end": _border_side("bottom"),
    "border-inline-start": _border_side("left"), "border-inline-end": _border_side("right"),
    "border-block": _sides(BLOCK_SIDES, _border_side), "border-inline": _sides(INLINE_SIDES, _border_side),
    "border-block-width": _two_longhands("border-{}-width", "top", "bottom", _parse_border_width),
    "border-block-style": _two_longhands("border-{}-style", "top", "bottom", _style),
    "border-block-color": _two_longhands("border-{}-color", "top", "bottom", parse_color),
    "border-inline-width": _two_longhands("border-{}-width", "left", "right", _parse_border_width),
    "border-inline-style": _two_longhands("border-{}-style", "left", "right", _style),
    "border-inline-color": _two_longhands("border-{}-color", "left", "right", parse_color),
    "inset-block": _two_sides("top", "bottom", _length_or_auto),
    "inset-inline": _two_sides("left", "right", _length_or_auto),
    "margin-block": _two_sides("margin-top", "margin-bottom", _length_or_auto),
    "margin-inline": _two_sides("margin-left", "margin-right", _length_or_auto),
    "padding-block": _two_sides("padding-top", "padding-bottom", _nonneg_length),
    "padding-inline": _two_sides("padding-left", "padding-right", _nonneg_length),
    "margin": _four_sides("margin-{}", _length_or_auto),
    "padding": _four_sides("padding-{}", _nonneg_length),
    "border-width": _four_sides("border-{}-width", _parse_border_width),
    "border-style": _four_sides("border-{}-style", _style),
    "border-color": _four_sides("border-{}-color", parse_color),
    "border": _border,
    "border-top": _border_side("top"),
    "border-right": _border_side("right"),
    "border-bottom": _border_side("bottom"),
    "border-left": _border_side("left"),
    "border-radius": _border_radius,
    "background": _background,
    "font": _font,
    "list-style": _list_style,
    "text-decoration": _text_decoration,
    "outline": _outline,
    "inset": _four_sides("{}", _length_or_auto),
    "gap": _gap,
    "grid-gap": _gap,
    "overflow": _overflow,
    "flex": _flex,
    "flex-flow": _flex_flow,
    "place-content": _place("align-content", "justify-content"),
    "place-items": _place("align-items", "justify-items"),
    "place-self": _place("align-self", "justify-self"),
    "grid-row": expand_grid_line_pair("grid-row-start", "grid-row-end"),
    "grid-column": expand_grid_line_pair("grid-column-start", "grid-column-end"),
    "grid-area": expand_grid_area,
    "grid-template": expand_grid_template,
    "grid": expand_grid,
}

# which longhands each shorthand covers (for `initial`/`inherit` on the shorthand itself)
LONGHANDS: dict[str, tuple[str, ...]] = {}


def _covered(name: str) -> tuple[str, ...]:
    probe = {
        "margin": [f"margin-{s}" for s in SIDES], "padding": [f"padding-{s}" for s in SIDES],
        "border-width": [f"border-{s}-width" for s in SIDES],
        "border-style": [f"border-{s}-style" for s in SIDES],
        "border-color": [f"border-{s}-color" for s in SIDES],
        "border": [f"border-{s}-{p}" for s in SIDES for p in ("width", "style", "color")],
        "border-radius": [f"border-{c}-radius" for c in ("top-left", "top-right", "bottom-right",
                                                          "bottom-left")],
        "background": ["background-color", "background-image", "background-repeat", "background-position",
                       "background-size", "background-attachment", "background-origin", "background-clip"],
        "font": ["font-style", "font-variant", "font-weight", "font-stretch", "font-size", "line-height",
                 "font-family"],
        "list-style": ["list-style-type", "list-style-position", "list-style-image"],
        "text-decoration": ["text-decoration-line", "text-decoration-style", "text-decoration-color"],
        "outline": ["outline-width", "outline-style", "outline-color"],
        "inset": list(SIDES), "gap": ["row-gap", "column-gap"], "grid-gap": ["row-gap", "column-gap"],
        "overflow": ["overflow-x", "overflow-y"],
        "flex": ["flex-grow", "flex-shrink", "flex-basis"], "flex-flow": ["flex-direction", "flex-wrap"],
        "place-content": ["align-content", "justify-content"], "place-items": ["align-items", "justify-items"],
        "place-self": ["align-self", "justify-self"],
        "grid-row": ["grid-row-start", "grid-row-end"], "grid-column": ["grid-column-start", "grid-column-end"],
        "grid-area": ["grid-row-start", "grid-column-start", "grid-row-end", "grid-column-end"],
        "grid-template": list(TEMPLATE), "grid": list(GRID),
        "margin-block": ["margin-top", "margin-bottom"], "margin-inline": ["margin-left", "margin-right"],
        "padding-block": ["padding-top", "padding-bottom"],
        "padding-inline": ["padding-left", "padding-right"],
    }
    for side in SIDES:
        probe[f"border-{side}"] = [f"border-{side}-{p}" for p in ("width", "style", "color")]
    if name in probe:
        return tuple(probe[name])
    # the logical ones: expand a value that sets everything and read off the names
    last = name.rsplit("-", 1)[-1]
    text = {"width": "1px", "style": "solid", "color": "red"}.get(last, "1px" if name.startswith("inset")
                                                                 else "1px solid red")
    return tuple(SHORTHANDS[name](_strip(tinycss2.parse_component_value_list(text))))

for _name in SHORTHANDS:
    LONGHANDS[_name] = _covered(_name)
