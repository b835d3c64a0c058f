"""The property table: every CSS property the engine knows, as data.

Each `Property` says its initial value, whether it inherits, how to parse its
tokens into a specified value, and how to turn that into a computed value —
the pattern of WeasyPrint's css/properties.py.  The cascade (cascade.py) is
generic over this table; no per-property if-chains live there.

Computed values are plain Python data: px floats, `Pct`, `CalcPct`, `RGBA`,
keyword strings, tuples.  A border colour of `currentcolor` stays the string
"currentcolor" and is resolved by whoever paints it (`ComputedStyle.resolve_color`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from tinycss2 import ast, serialize

from .font_ratios import font_ratios
from .grid_values import (compute_track_list, parse_areas, parse_auto_flow, parse_auto_tracks,
                          parse_grid_line, parse_track_list)

from .values import (BLACK, CURRENT_COLOR, TRANSPARENT, Calc, Dim, LengthContext, Pct, RGBA,
                     compute_length, parse_color, parse_length, parse_number, _strip,
                     _split_commas, MATH_FUNCTIONS, parse_calc)


class Num(float):
    """A unitless number kept as such (line-height: 1.5 inherits as a factor)."""


@dataclass
class ComputeContext:
    """What computing one element's values needs."""

    lengths: LengthContext
    parent: Any  # the parent's ComputedStyle, or None at the root
    style: dict  # the values computed so far for this element (font_size first)
    quirks: bool = False  # the document is in quirks mode

    def parent_lengths(self) -> LengthContext:
        """Lengths as the parent's font sees them (for font-size itself)."""
        own = self.lengths
        parent = self.parent
        if parent is None:
            return LengthContext(MEDIUM_FONT_SIZE, own.root_font_size, own.viewport_width, own.viewport_height)
        ex, ch = font_ratios(parent.font_family)
        return LengthContext(parent.font_size, own.root_font_size, own.viewport_width, own.viewport_height, ex, ch)


Parser = Callable[[list], Any]
Computer = Callable[[Any, ComputeContext], Any]


@dataclass(frozen=True)
class Property:
    name: str
    initial: Any
    inherited: bool
    parse: Parser
    compute: Computer

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")


def _identity(value: Any, ctx: ComputeContext) -> Any:
    return value


# ---------------------------------------------------------------------------
# parser builders: each returns a function tokens -> specified value | None

def single(fn: Callable[[Any], Any]) -> Parser:
    """A parser for a value that is exactly one component token."""

    def parse(tokens: list) -> Any:
        return fn(tokens[0]) if len(tokens) == 1 else None

    return parse


def keywords(*words: str) -> Parser:
    allowed = frozenset(words)

    def parse_one(tok) -> str | None:
        if tok.type == "ident" and tok.lower_value in allowed:
            return tok.lower_value
        return None

    return single(parse_one)


def length(*words: str, percent: bool = True, negative: bool = True) -> Parser:
    """<length-percentage> | the given keywords."""
    allowed = frozenset(words)

    def parse_one(tok) -> Any:
        if tok.type == "ident" and tok.lower_value in allowed:
            return tok.lower_value
        return parse_length(tok, percent=percent, negative=negative)

    return single(parse_one)


def compute_length_or_keyword(value: Any, ctx: ComputeContext) -> Any:
    if isinstance(value, (Dim, Calc)):
        return compute_length(value, ctx.lengths)
    return value


def _compute_color(value: Any, ctx: ComputeContext) -> Any:
    """`color: currentcolor` is `color: inherit` (CSS Color 4 §4.4)."""
    if value == CURRENT_COLOR:
        return ctx.parent.color if ctx.parent is not None else BLACK
    return value


def color_parser(tokens: list) -> Any:
    return parse_color(tokens[0]) if len(tokens) == 1 else None


BORDER_WIDTH_KEYWORDS = {"thin": 1.0, "medium": 3.0, "thick": 5.0}


def _parse_border_width(tok) -> Any:
    if tok.type == "ident" and tok.lower_value in BORDER_WIDTH_KEYWORDS:
        return Dim(BORDER_WIDTH_KEYWORDS[tok.lower_value], "px")
    return parse_length(tok, percent=False, negative=False)


def _compute_border_width(value: Any, ctx: ComputeContext) -> float:
    px = compute_length(value, ctx.lengths)
    px = float(px) if isinstance(px, (int, float)) else 0.0
    # Chromium snaps border widths: widths between 0 and 1 become 1, others floor to device px
    if 0 < px < 1:
        return 1.0
    return float(int(px))


BORDER_STYLES = ("none", "hidden", "dotted", "dashed", "solid", "double", "groove", "ridge",
                 "inset", "outset")


# ---------------------------------------------------------------------------
# fonts

FONT_SIZE_KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0,
                      "large": 18.0, "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0}
KEYWORD_INDEX = {name: i for i, name in enumerate(FONT_SIZE_KEYWORDS, 1)}  # Blink's keyword numbers
MEDIUM_FONT_SIZE = 16.0
MONOSPACE_FONT_SIZE = 13.0   # Chromium's "default fixed font size" setting
# Keyword sizes when `medium` is 16px (everything) or 13px (monospace), in standards and quirks
# mode: Blink's font_size_functions.cc tables, as measured in Chromium 156.
KEYWORD_SIZES = {(False, False): (9, 10, 13, 16, 18, 24, 32, 48), (False, True): (9, 10, 13, 16, 18, 24, 32, 48),
                 (True, False): (9, 10, 12, 13, 16, 20, 26, 39), (True, True): (9, 9, 10, 13, 16, 20, 26, 40)}
FONT_RELATIVE = ("em", "ex", "ch", "%")


def is_monospace(families: tuple) -> bool:
    """Blink's FontDescription::IsMonospace: the family list is exactly the generic `monospace`."""
    return families == ("monospace",)


MAX_FONT_SIZE = 10_000.0    # Blink's kMaximumAllowedFontSize: font-size: 1e9px computes to this


def keyword_font_size(keyword: int, monospace: bool, quirks: bool = False) -> float:
    return float(KEYWORD_SIZES[(monospace, quirks)][keyword - 1])


def _parse_font_size(tok) -> Any:
    if tok.type == "ident" and tok.lower_value in (*FONT_SIZE_KEYWORDS, "larger", "smaller"):
        return tok.lower_value
    return parse_length(tok, negative=False)


def _compute_font_size(value: Any, ctx: ComputeContext) -> float:
    """font-size, and what Blink remembers with it: the keyword it came from (1-8, or 0) and
    whether it is "absolute" — not derived from the medium default through keywords, em, ex,
    ch, % or larger/smaller.  Only a non-absolute size follows the monospace quirk (cascade.py)."""
    parent = ctx.parent
    parent_size = parent.font_size if parent is not None else MEDIUM_FONT_SIZE
    parent_absolute = parent.font_size_absolute if parent is not None else False
    keyword, absolute = 0, True
    if isinstance(value, str):
        if value in FONT_SIZE_KEYWORDS:
            keyword, absolute = KEYWORD_INDEX[value], False
            size = keyword_font_size(keyword, is_monospace(ctx.style["font_family"]), ctx.quirks)
        else:  # larger / smaller: a factor of 1.2, as Blink does (CSS Fonts 4 leaves it to the UA)
            size = parent_size * 1.2 if value == "larger" else parent_size / 1.2
            absolute = parent_absolute
    elif isinstance(value, Dim) and value.unit in FONT_RELATIVE:
        # font-relative units and % refer to the parent's font (CSS Values 4 §6.1.1)
        size = parent_size * value.value / 100 if value.unit == "%" else \
            float(compute_length(value, ctx.parent_lengths()))
        absolute = parent_absolute
    else:
        px = compute_length(value, ctx.parent_lengths())
        if not isinstance(px, float):  # calc() with a percentage: of the parent's size
            px = px.resolve(parent_size) if hasattr(px, "resolve") else parent_size * px.value / 100
        size = float(px)
    ctx.style["font_size_keyword"] = keyword
    ctx.style["font_size_absolute"] = absolute
    return min(max(0.0, size), MAX_FONT_SIZE)


# CSS Fonts 4 §2.3: the keywords are percentages of the normal width
FONT_STRETCH = {"ultra-condensed": 50.0, "extra-condensed": 62.5, "condensed": 75.0, "semi-condensed": 87.5,
                "normal": 100.0, "semi-expanded": 112.5, "expanded": 125.0, "extra-expanded": 150.0,
                "ultra-expanded": 200.0}


def _parse_font_stretch(tokens: list) -> Pct | None:
    if len(tokens) != 1:
        return None
    tok = tokens[0]
    if tok.type == "ident" and tok.lower_value in FONT_STRETCH:
        return Pct(FONT_STRETCH[tok.lower_value])
    if tok.type == "percentage" and tok.value >= 0:
        return Pct(float(tok.value))
    return None


def _parse_font_weight(tok) -> Any:
    if tok.type == "ident" and tok.lower_value in ("normal", "bold", "bolder", "lighter"):
        return tok.lower_value
    if tok.type == "number" and 1 <= tok.value <= 1000:
        return float(tok.value)
    return None


def _compute_font_weight(value: Any, ctx: ComputeContext) -> float:
    if isinstance(value, float):
        return value
    parent = ctx.parent.font_weight if ctx.parent is not None else 400.0
    if value == "normal":
        return 400.0
    if value == "bold":
        return 700.0
    if value == "bolder":  # CSS Fonts 4 §2.2 table
        return 400.0 if parent < 350 else 700.0 if parent < 550 else 900.0
    return 100.0 if parent < 550 else 400.0 if parent < 750 else 700.0  # lighter


def parse_font_family(tokens: list) -> tuple[str, ...] | None:
    families: list[str] = []
    for group in _split_commas(tokens):
        group = _strip(group)
        if not group:
            return None
        if len(group) == 1 and group[0].type == "string":
            families.append(group[0].value)
        elif all(t.type == "ident" for t in group):
            name = " ".join(t.value for t in group)
            families.append(name.lower() if len(group) == 1 and name.lower() in GENERIC_FAMILIES else name)
        else:
            return None
    return tuple(families) if families else None


GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
                    "ui-serif", "ui-sans-serif", "ui-monospace", "math", "emoji"}


def _parse_line_height(tok) -> Any:
    if tok.type == "ident" and tok.lower_value == "normal":
        return "normal"
    if tok.type == "number" and tok.value >= 0:
        return Num(tok.value)
    return parse_length(tok, negative=False)


def _compute_line_height(value: Any, ctx: ComputeContext) -> Any:
    if value == "normal" or isinstance(value, Num):
        return value
    if isinstance(value, Dim) and value.unit == "%":
        return ctx.style["font_size"] * value.value / 100
    px = compute_length(value, ctx.lengths)
    if not isinstance(px, float):
        return px.resolve(ctx.style["font_size"]) if hasattr(px, "resolve") else ctx.style["font_size"]
    return px


# ---------------------------------------------------------------------------
# other value parsers

def _parse_spacing(tok) -> Any:
    """letter-spacing / word-spacing: normal | <length>."""
    if tok.type == "ident" and tok.lower_value == "normal":
        return "normal"
    return parse_length(tok, percent=True)


def _compute_spacing(value: Any, ctx: ComputeContext) -> Any:
    if value == "normal":
        return 0.0
    return compute_length(value, ctx.lengths)


VERTICAL_ALIGN_KEYWORDS = ("baseline", "sub", "super", "top", "text-top", "middle", "bottom",
                           "text-bottom")


def _parse_opacity(tokens: list) -> Any:
    if len(tokens) != 1:
        return None
    tok = tokens[0]
    if tok.type == "percentage":
        return max(0.0, min(1.0, tok.value / 100))
    number = parse_number(tok)
    return None if number is None else max(0.0, min(1.0, number))


def _parse_integer_or_auto(tok) -> Any:
    if tok.type == "ident" and tok.lower_value == "auto":
        return "auto"
    if tok.type == "number" and tok.is_integer:
        return int(tok.value)
    return None


def _parse_text_decoration_line(tokens: list) -> Any:
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value == "none":
        return ()
    lines: list[str] = []
    for tok in tokens:
        if tok.type != "ident" or tok.lower_value not in ("underline", "overline", "line-through",
                                                          "blink") or tok.lower_value in lines:
            return None
        lines.append(tok.lower_value)
    return tuple(x for x in lines if x != "blink")


def _parse_url(tok) -> str | None:
    if tok.type == "url":
        return tok.value
    if tok.type == "function" and tok.lower_name == "url":
        args = _strip(tok.arguments)
        if len(args) == 1 and args[0].type == "string":
            return args[0].value
    return None


@dataclass(frozen=True)
class LinearGradient:
    """linear-gradient(): angle in degrees (CSS: 180 = to bottom) and colour stops."""

    angle: float
    stops: tuple  # ((RGBA | "currentcolor", Dim | None), ...)
    repeating: bool = False


_SIDE_ANGLES = {("top",): 0.0, ("right",): 90.0, ("bottom",): 180.0, ("left",): 270.0,
                ("right", "top"): 45.0, ("bottom", "right"): 135.0, ("bottom", "left"): 225.0,
                ("left", "top"): 315.0}


def _parse_gradient(tok) -> LinearGradient | None:
    if tok.type != "function" or tok.lower_name not in ("linear-gradient", "repeating-linear-gradient"):
        return None
    groups = [_strip(g) for g in _split_commas(tok.arguments)]
    angle = 180.0
    first = groups[0] if groups else []
    if first and first[0].type == "dimension" and first[0].lower_unit in ("deg", "rad", "turn", "grad"):
        factor = {"deg": 1, "grad": 0.9, "rad": 57.29577951308232, "turn": 360}[first[0].lower_unit]
        angle = first[0].value * factor
        groups = groups[1:]
    elif first and first[0].type == "ident" and first[0].lower_value == "to":
        sides = tuple(sorted(t.lower_value for t in first[1:] if t.type == "ident"))
        if sides not in _SIDE_ANGLES:
            return None
        angle = _SIDE_ANGLES[sides]
        groups = groups[1:]
    stops = []
    for group in groups:
        if not group:
            return None
        color = parse_color(group[0])
        if color is None:
            return None
        positions = [parse_length(t) for t in group[1:]]
        if any(p is None for p in positions) or len(positions) > 2:
            return None
        if not positions:
            stops.append((color, None))
        for pos in positions:
            stops.append((color, pos))
    if len(stops) < 2:
        return None
    return LinearGradient(angle, tuple(stops), tok.lower_name.startswith("repeating"))


def _parse_image(tok) -> Any:
    if tok.type == "ident" and tok.lower_value == "none":
        return "none"
    url = _parse_url(tok)
    if url is not None:
        return ("url", url)
    return _parse_gradient(tok)


def _parse_background_image(tokens: list) -> Any:
    # one layer (the engine paints the first); more layers are accepted and the first kept
    groups = [_strip(g) for g in _split_commas(tokens)]
    if any(len(g) != 1 for g in groups):
        return None
    images = [_parse_image(g[0]) for g in groups]
    return None if any(i is None for i in images) else images[0]


def _parse_background_repeat(tokens: list) -> Any:
    words = [t.lower_value for t in tokens if t.type == "ident"]
    if len(words) != len(tokens) or not words:
        return None
    if len(words) == 1:
        single_map = {"repeat-x": ("repeat", "no-repeat"), "repeat-y": ("no-repeat", "repeat")}
        if words[0] in single_map:
            return single_map[words[0]]
        if words[0] in ("repeat", "no-repeat", "space", "round"):
            return (words[0], words[0])
        return None
    if len(words) == 2 and all(w in ("repeat", "no-repeat", "space", "round") for w in words):
        return (words[0], words[1])
    return None


_POSITION_KEYWORDS = {"left": ("x", Dim(0, "%")), "center": (None, Dim(50, "%")),
                      "right": ("x", Dim(100, "%")), "top": ("y", Dim(0, "%")),
                      "bottom": ("y", Dim(100, "%"))}


def parse_position(tokens: list) -> tuple | None:
    """<bg-position> with one or two values, keywords or lengths (3/4-value forms too)."""
    if not tokens or len(tokens) > 4:
        return None
    if len(tokens) in (3, 4):
        return _parse_position_offsets(tokens)
    items = []
    for tok in tokens:
        if tok.type == "ident" and tok.lower_value in _POSITION_KEYWORDS:
            items.append(_POSITION_KEYWORDS[tok.lower_value])
        else:
            value = parse_length(tok)
            if value is None:
                return None
            items.append(("len", value))
    if len(items) == 1:
        axis, value = items[0]
        return (Dim(50, "%"), value) if axis == "y" else (value, Dim(50, "%"))
    (a_axis, a), (b_axis, b) = items
    if a_axis == "y" or b_axis == "x":
        if a_axis == "len" or b_axis == "len":
            return None
        a, b = b, a
    return (a, b)


def _parse_position_offsets(tokens: list) -> tuple | None:
    x: Any = Dim(50, "%")
    y: Any = Dim(50, "%")
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type != "ident" or tok.lower_value not in _POSITION_KEYWORDS:
            return None
        word = tok.lower_value
        offset = parse_length(tokens[i + 1]) if i + 1 < len(tokens) else None
        i += 2 if offset is not None else 1
        if word == "center":
            continue
        if offset is None:
            value = _POSITION_KEYWORDS[word][1]
        elif word in ("right", "bottom"):
            value = Calc(("-", ("dim", 100, "%"), ("dim", offset.value, offset.unit)
                          if isinstance(offset, Dim) else offset.expr))
        else:
            value = offset
        if word in ("left", "right"):
            x = value
        else:
            y = value
    return (x, y)


def _compute_pair(value: Any, ctx: ComputeContext) -> Any:
    if isinstance(value, tuple):
        return tuple(compute_length_or_keyword(v, ctx) for v in value)
    return value


def _parse_background_size(tokens: list) -> Any:
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("cover", "contain"):
        return tokens[0].lower_value
    if not 1 <= len(tokens) <= 2:
        return None
    values = []
    for tok in tokens:
        if tok.type == "ident" and tok.lower_value == "auto":
            values.append("auto")
        else:
            value = parse_length(tok, negative=False)
            if value is None:
                return None
            values.append(value)
    if len(values) == 1:
        values.append("auto")
    return tuple(values)


def _parse_border_spacing(tokens: list) -> Any:
    if not 1 <= len(tokens) <= 2:
        return None
    values = [parse_length(t, percent=False, negative=False) for t in tokens]
    if any(v is None for v in values):
        return None
    return (values[0], values[-1])


def _parse_radius(tokens: list) -> Any:
    if not 1 <= len(tokens) <= 2:
        return None
    values = [parse_length(t, negative=False) for t in tokens]
    if any(v is None for v in values):
        return None
    return (values[0], values[-1])


def _parse_content(tokens: list) -> Any:
    """content: normal | none | [<string> | attr() | counter() | counters() | open-quote | ...]+"""
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("normal", "none"):
        return tokens[0].lower_value
    items: list[tuple] = []
    for tok in tokens:
        if tok.type == "string":
            items.append(("string", tok.value))
        elif tok.type == "ident" and tok.lower_value in ("open-quote", "close-quote", "no-open-quote",
                                                         "no-close-quote"):
            items.append(("quote", tok.lower_value))
        elif tok.type == "function" and tok.lower_name == "attr":
            args = _strip(tok.arguments)
            if len(args) != 1 or args[0].type != "ident":
                return None
            items.append(("attr", args[0].value))
        elif tok.type == "function" and tok.lower_name in ("counter", "counters"):
            args = [_strip(g) for g in _split_commas(tok.arguments)]
            if not args or len(args[0]) != 1 or args[0][0].type != "ident":
                return None
            name = args[0][0].value
            if tok.lower_name == "counter":
                style = args[1][0].lower_value if len(args) > 1 and args[1] and args[1][0].type == "ident" \
                    else "decimal"
                items.append(("counter", name, style))
            else:
                if len(args) < 2 or len(args[1]) != 1 or args[1][0].type != "string":
                    return None
                style = args[2][0].lower_value if len(args) > 2 and args[2] and args[2][0].type == "ident" \
                    else "decimal"
                items.append(("counters", name, args[1][0].value, style))
        elif _parse_url(tok) is not None:
            items.append(("url", _parse_url(tok)))
        else:
            return None
    return tuple(items) if items else None


def _parse_quotes(tokens: list) -> Any:
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in ("none", "auto"):
        return tokens[0].lower_value
    if not tokens or len(tokens) % 2 or any(t.type != "string" for t in tokens):
        return None
    values = [t.value for t in tokens]
    return tuple(zip(values[::2], values[1::2]))


def _counter_list(default: int) -> Parser:
    def parse(tokens: list) -> Any:
        if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value == "none":
            return ()
        result: list[tuple[str, int]] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type != "ident" or tok.lower_value in ("none", "initial", "inherit", "unset"):
                return None
            value = default
            if i + 1 < len(tokens) and tokens[i + 1].type == "number" and tokens[i + 1].is_integer:
                value = int(tokens[i + 1].value)
                i += 1
            result.append((tok.value, value))
            i += 1
        return tuple(result)

    return parse


LIST_STYLE_TYPES = ("disc", "circle", "square", "decimal", "decimal-leading-zero", "lower-roman",
                    "upper-roman", "lower-greek", "lower-alpha", "lower-latin", "upper-alpha",
                    "upper-latin", "cjk-decimal", "cjk-ideographic", "disclosure-open",
                    "disclosure-closed", "none", "armenian", "georgian", "hiragana", "katakana")


def _parse_list_style_type(tokens: list) -> Any:
    if len(tokens) != 1:
        return None
    tok = tokens[0]
    if tok.type == "ident" and tok.lower_value in LIST_STYLE_TYPES:
        return tok.lower_value
    if tok.type == "string":
        return ("string", tok.value)
    return None


def _parse_list_style_image(tokens: list) -> Any:
    if len(tokens) != 1:
        return None
    image = _parse_image(tokens[0])
    return image


def _parse_vertical_align(tok) -> Any:
    if tok.type == "ident" and tok.lower_value in VERTICAL_ALIGN_KEYWORDS:
        return tok.lower_value
    return parse_length(tok)


def _compute_vertical_align(value: Any, ctx: ComputeContext) -> Any:
    if isinstance(value, Dim) and value.unit == "%":
        # percentages refer to the element's own line-height (CSS 2.1 §10.8.1)
        return Pct(value.value)
    return compute_length_or_keyword(value, ctx)


def _compute_text_align(value: Any, ctx: ComputeContext) -> Any:
    """match-parent computes to the parent's value, start/end resolved by its direction (CSS Text 3 §6.1)."""
    if value != "match-parent":
        return value
    parent = ctx.parent
    if parent is None:
        return "start"
    align = parent.text_align
    if align in ("start", "end"):
        rtl = parent.direction == "rtl"
        return "left" if (align == "start") != rtl else "right"
    return align


def _parse_text_indent(tokens: list) -> Any:
    return parse_length(tokens[0]) if len(tokens) == 1 else None



# ---------------------------------------------------------------------------
# flexbox and box alignment (CSS Flexbox 1 §5, §7, §8; CSS Box Alignment 3 §5, §6)

ALIGN_POSITIONS = ("center", "start", "end", "flex-start", "flex-end", "self-start", "self-end", "left", "right")
CONTENT_DISTRIBUTION = ("space-between", "space-around", "space-evenly", "stretch")


def _alignment(*plain: str, positions: tuple[str, ...] = ALIGN_POSITIONS, baseline: bool = False) -> Parser:
    """[ <overflow-position>? <position> ] | the plain keywords | [ first | last ]? baseline.
    `safe`/`unsafe` are accepted and dropped: layout aligns unsafely, as Blink does by default."""
    plain_words = frozenset(plain)
    position_words = frozenset(positions)

    def parse(tokens: list) -> Any:
        words = [t.lower_value if t.type == "ident" else None for t in tokens]
        if None in words or not 1 <= len(words) <= 2:
            return None
        if len(words) == 1 and (words[0] in plain_words or words[0] in position_words):
            return words[0]
        if baseline and words in (["baseline"], ["first", "baseline"]):
            return "baseline"
        if baseline and words == ["last", "baseline"]:
            return "last baseline"
        if len(words) == 2 and words[0] in ("safe", "unsafe") and words[1] in position_words:
            return words[1]
        return None

    return parse


def _parse_flex_basis(tok) -> Any:
    if tok.type == "ident" and tok.lower_value in ("auto", "content", "min-content", "max-content",
                                                   "fit-content"):
        return tok.lower_value
    return parse_length(tok, negative=False)


def _parse_order(tok) -> Any:
    return int(tok.value) if tok.type == "number" and tok.is_integer else None


# ---------------------------------------------------------------------------
# the table

DISPLAY_VALUES = ("inline", "block", "list-item", "inline-block", "table", "inline-table",
                  "table-row-group", "table-header-group", "table-footer-group", "table-row",
                  "table-column-group", "table-column", "table-cell", "table-caption", "none",
                  "flow-root", "contents", "flex", "inline-flex", "grid", "inline-grid", "ruby",
                  "run-in")


def _parse_display(tokens: list) -> Any:
    words = [t.lower_value for t in tokens if t.type == "ident"]
    if len(words) != len(tokens):
        return None
    if len(words) == 1 and words[0] in DISPLAY_VALUES:
        return words[0]
    # two-value syntax (CSS Display 3): outer inner
    two = {("block", "flow"): "block", ("inline", "flow"): "inline", ("block", "flow-root"): "flow-root",
           ("inline", "flow-root"): "inline-block", ("block", "table"): "table",
           ("inline", "table"): "inline-table", ("block", "flex"): "flex", ("inline", "flex"): "inline-flex",
           ("block", "grid"): "grid", ("inline", "grid"): "inline-grid"}
    return two.get(tuple(words)) if len(words) == 2 else None


_LENGTH = compute_length_or_keyword
_P = Property
PROPERTY_LIST: list[Property] = [
    # font first: em units of every other property depend on the computed font-size
    _P("font-size", MEDIUM_FONT_SIZE, True, single(_parse_font_size), _compute_font_size),
    _P("font-family", ("initial",), True, parse_font_family, _identity),
    _P("font-weight", 400.0, True, single(_parse_font_weight), _compute_font_weight),
    _P("font-style", "normal", True, keywords("normal", "italic", "oblique"), _identity),
    _P("font-variant", "normal", True, keywords("normal", "small-caps"), _identity),
    _P("font-stretch", Pct(100.0), True, _parse_font_stretch, _identity),
    _P("line-height", "normal", True, single(_parse_line_height), _compute_line_height),
    _P("color", BLACK, True, color_parser, _compute_color),
    _P("display", "inline", False, _parse_display, _identity),
    _P("position", "static", False, keywords("static", "relative", "absolute", "fixed", "sticky"), _identity),
    _P("top", "auto", False, length("auto"), _LENGTH),
    _P("right", "auto", False, length("auto"), _LENGTH),
    _P("bottom", "auto", False, length("auto"), _LENGTH),
    _P("left", "auto", False, length("auto"), _LENGTH),
    _P("float", "none", False, keywords("none", "left", "right", "inline-start", "inline-end"), _identity),
    _P("clear", "none", False, keywords("none", "left", "right", "both", "inline-start", "inline-end"),
       _identity),
    _P("z-index", "auto", False, single(_parse_integer_or_auto), _identity),
    _P("box-sizing", "content-box", False, keywords("content-box", "border-box"), _identity),
    _P("width", "auto", False, length("auto", "min-content", "max-content", "fit-content", negative=False),
       _LENGTH),
    _P("height", "auto", False, length("auto", "min-content", "max-content", "fit-content", negative=False),
       _LENGTH),
    _P("min-width", "auto", False, length("auto", "min-content", "max-content", negative=False), _LENGTH),
    _P("min-height", "auto", False, length("auto", "min-content", "max-content", negative=False), _LENGTH),
    _P("max-width", "none", False, length("none", "min-content", "max-content", negative=False), _LENGTH),
    _P("max-height", "none", False, length("none", "min-content", "max-content", negative=False), _LENGTH),
]
for _side in ("top", "right", "bottom", "left"):
    PROPERTY_LIST += [
        _P(f"margin-{_side}", 0.0, False, length("auto"), _LENGTH),
        _P(f"padding-{_side}", 0.0, False, length(negative=False), _LENGTH),
        _P(f"border-{_side}-style", "none", False, keywords(*BORDER_STYLES), _identity),
        _P(f"border-{_side}-width", 3.0, False, single(_parse_border_width), _compute_border_width),
        _P(f"border-{_side}-color", CURRENT_COLOR, False, color_parser, _identity),
    ]
for _corner in ("top-left", "top-right", "bottom-right", "bottom-left"):
    PROPERTY_LIST.append(_P(f"border-{_corner}-radius", (0.0, 0.0), False, _parse_radius, _compute_pair))
PROPERTY_LIST += [
    _P("outline-style", "none", False, keywords("auto", *BORDER_STYLES), _identity),
    _P("outline-width", 3.0, False, single(_parse_border_width), _compute_border_width),
    _P("outline-color", CURRENT_COLOR, False, color_parser, _identity),
    _P("outline-offset", 0.0, False, length(percent=False), _LENGTH),
    _P("background-color", TRANSPARENT, False, color_parser, _identity),
    _P("background-image", "none", False, _parse_background_image, _identity),
    _P("background-repeat", ("repeat", "repeat"), False, _parse_background_repeat, _identity),
    _P("background-position", (Pct(0.0), Pct(0.0)), False, parse_position, _compute_pair),
    _P("background-size", ("auto", "auto"), False, _parse_background_size, _compute_pair),
    _P("background-attachment", "scroll", False, keywords("scroll", "fixed", "local"), _identity),
    _P("background-clip", "border-box", False, keywords("border-box", "padding-box", "content-box"),
       _identity),
    _P("background-origin", "padding-box", False, keywords("border-box", "padding-box", "content-box"),
       _identity),
    _P("opacity", 1.0, False, _parse_opacity, _identity),
    _P("visibility", "visible", True, keywords("visible", "hidden", "collapse"), _identity),
    _P("overflow-x", "visible", False, keywords("visible", "hidden", "clip", "scroll", "auto"), _identity),
    _P("overflow-y", "visible", False, keywords("visible", "hidden", "clip", "scroll", "auto"), _identity),
    _P("text-align", "start", True, keywords("left", "right", "center", "justify", "start", "end",
                                             "-webkit-center", "-webkit-left", "-webkit-right", "match-parent"),
       _compute_text_align),
    _P("text-indent", 0.0, True, _parse_text_indent, _LENGTH),
    _P("text-decoration-line", (), False, _parse_text_decoration_line, _identity),
    _P("text-decoration-color", CURRENT_COLOR, False, color_parser, _identity),
    _P("text-decoration-style", "solid", False, keywords("solid", "double", "dotted", "dashed", "wavy"),
       _identity),
    _P("text-transform", "none", True, keywords("none", "uppercase", "lowercase", "capitalize",
                                                "full-width"), _identity),
    _P("white-space", "normal", True, keywords("normal", "pre", "nowrap", "pre-wrap", "pre-line",
                                               "break-spaces"), _identity),
    _P("word-break", "normal", True, keywords("normal", "break-all", "keep-all", "break-word"), _identity),
    _P("overflow-wrap", "normal", True, keywords("normal", "break-word", "anywhere"), _identity),
    _P("line-break", "auto", True, keywords("auto", "loose", "normal", "strict", "anywhere"), _identity),
    _P("hyphens", "manual", True, keywords("none", "manual", "auto"), _identity),
    _P("letter-spacing", 0.0, True, single(_parse_spacing), _compute_spacing),
    _P("word-spacing", 0.0, True, single(_parse_spacing), _compute_spacing),
    _P("vertical-align", "baseline", False, single(_parse_vertical_align), _compute_vertical_align),
    _P("direction", "ltr", True, keywords("ltr", "rtl"), _identity),
    _P("unicode-bidi", "normal", False, keywords("normal", "embed", "isolate", "bidi-override",
                                                 "isolate-override", "plaintext"), _identity),
    _P("list-style-type", "disc", True, _parse_list_style_type, _identity),
    _P("list-style-position", "outside", True, keywords("inside", "outside"), _identity),
    _P("list-style-image", "none", True, _parse_list_style_image, _identity),
    _P("content", "normal", False, _parse_content, _identity),
    _P("quotes", "auto", True, _parse_quotes, _identity),
    _P("counter-reset", (), False, _counter_list(0), _identity),
    _P("counter-increment", (), False, _counter_list(1), _identity),
    _P("counter-set", (), False, _counter_list(0), _identity),
    _P("border-collapse", "separate", True, keywords("separate", "collapse"), _identity),
    _P("border-spacing", (0.0, 0.0), True, _parse_border_spacing, _compute_pair),
    _P("caption-side", "top", True, keywords("top", "bottom"), _identity),
    _P("table-layout", "auto", False, keywords("auto", "fixed"), _identity),
    _P("empty-cells", "show", True, keywords("show", "hide"), _identity),
    _P("column-gap", "normal", False, length("normal", negative=False), _LENGTH),
    _P("row-gap", "normal", False, length("normal", negative=False), _LENGTH),
    _P("flex-direction", "row", False, keywords("row", "row-reverse", "column", "column-reverse"), _identity),
    _P("flex-wrap", "nowrap", False, keywords("nowrap", "wrap", "wrap-reverse"), _identity),
    _P("flex-grow", 0.0, False, single(lambda t: parse_number(t, negative=False)), _identity),
    _P("flex-shrink", 1.0, False, single(lambda t: parse_number(t, negative=False)), _identity),
    _P("flex-basis", "auto", False, single(_parse_flex_basis), _LENGTH),
    _P("order", 0, False, single(_parse_order), _identity),
    _P("justify-content", "normal", False, _alignment("normal", *CONTENT_DISTRIBUTION), _identity),
    _P("align-content", "normal", False, _alignment("normal", *CONTENT_DISTRIBUTION, baseline=True), _identity),
    _P("align-items", "normal", False, _alignment("normal", "stretch", baseline=True), _identity),
    _P("align-self", "auto", False, _alignment("auto", "normal", "stretch", baseline=True), _identity),
    _P("justify-items", "normal", False, _alignment("normal", "stretch", "legacy", baseline=True), _identity),
    _P("justify-self", "auto", False, _alignment("auto", "normal", "stretch", baseline=True), _identity),
    # CSS Grid Layout 1 §7, §8.3 (values in grid_values.py)
    _P("grid-template-columns", "none", False, parse_track_list, compute_track_list),
    _P("grid-template-rows", "none", False, parse_track_list, compute_track_list),
    _P("grid-template-areas", "none", False, parse_areas, _identity),
    _P("grid-auto-columns", ("auto",), False, parse_auto_tracks, compute_track_list),
    _P("grid-auto-rows", ("auto",), False, parse_auto_tracks, compute_track_list),
    _P("grid-auto-flow", "row", False, parse_auto_flow, _identity),
    _P("grid-row-start", "auto", False, parse_grid_line, _identity),
    _P("grid-row-end", "auto", False, parse_grid_line, _identity),
    _P("grid-column-start", "auto", False, parse_grid_line, _identity),
    _P("grid-column-end", "auto", False, parse_grid_line, _identity),
    _P("tab-size", Num(8), True, single(lambda t: Num(t.value) if t.type == "number" and t.value >= 0
                                        else parse_length(t, percent=False, negative=False)), _LENGTH),
    _P("cursor", "auto", True, lambda toks: "auto", _identity),
]

PROPERTIES: dict[str, Property] = {p.name: p for p in PROPERTY_LIST}
INHERITED = frozenset(p.name for p in PROPERTY_LIST if p.inherited)

# Chromium's computed-style names for things we store under other names
ALIASES = {"word-wrap": "overflow-wrap", "-webkit-box-sizing": "box-sizing",
           # logical properties, for horizontal-tb ltr text (the only writing mode we lay out)
           "margin-block-start": "margin-top", "margin-block-end": "margin-bottom",
           "margin-inline-start": "margin-left", "margin-inline-end": "margin-right",
           "padding-block-start": "padding-top", "padding-block-end": "padding-bottom",
           "padding-inline-start": "padding-left", "padding-inline-end": "padding-right",
           "inline-size": "width", "block-size": "height", "min-inline-size": "min-width",
           "min-block-size": "min-height", "max-inline-size": "max-width", "max-block-size": "max-height",
           "border-block-start-width": "border-top-width", "border-block-end-width": "border-bottom-width",
           "border-inline-start-width": "border-left-width", "border-inline-end-width": "border-right-width",
           "border-block-start-style": "border-top-style", "border-block-end-style": "border-bottom-style",
           "border-inline-start-style": "border-left-style", "border-inline-end-style": "border-right-style",
           "border-block-start-color": "border-top-color", "border-block-end-color": "border-bottom-color",
           "border-inline-start-color": "border-left-color", "border-inline-end-color": "border-right-color",
           "inset-block-start": "top", "inset-block-end": "bottom", "inset-inline-start": "left",
           "inset-inline-end": "right", "border-start-start-radius": "border-top-left-radius",
           "border-start-end-radius": "border-top-right-radius",
           "border-end-start-radius": "border-bottom-left-radius",
           "border-end-end-radius": "border-bottom-right-radius", "grid-row-gap": "row-gap",
           "grid-column-gap": "column-gap"}
