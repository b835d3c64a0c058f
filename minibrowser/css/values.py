"""CSS values: lengths, percentages, calc(), colours — parsed from tinycss2 tokens.

Three steps, as in CSS Values 4:
  *specified* — what the parser keeps (`Dim(2, "em")`, `Calc(...)`, `RGBA`, keywords);
  *computed*  — absolute: lengths become px floats, colours RGBA, percentages stay `Pct`;
  *used*      — layout resolves `Pct` and percentage calc() against a basis (`resolve`).
"""
from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import NamedTuple, Sequence, Union

from tinycss2 import ast

from .named_colors import NAMED_COLORS


class Dim(NamedTuple):
    """A specified dimension: a number and its unit ("px", "em", "%", ...)."""

    value: float
    unit: str


class Pct(NamedTuple):
    """A computed percentage, resolved by layout against its basis."""

    value: float


class RGBA(NamedTuple):
    r: int
    g: int
    b: int
    a: float = 1.0

    def hex(self) -> str:
        alpha = "" if self.a >= 1 else f"{round(self.a * 255):02x}"
        return f"#{self.r:02x}{self.g:02x}{self.b:02x}{alpha}"


TRANSPARENT = RGBA(0, 0, 0, 0.0)
BLACK = RGBA(0, 0, 0, 1.0)
CURRENT_COLOR = "currentcolor"
# CSS Color 4 §6.2 system colours, with Chromium's light-scheme values
SYSTEM_COLORS = {"canvas": (255, 255, 255), "canvastext": (0, 0, 0), "linktext": (0, 0, 238),
                 "visitedtext": (85, 26, 139), "activetext": (255, 0, 0), "buttonface": (239, 239, 239),
                 "buttontext": (0, 0, 0), "buttonborder": (118, 118, 118), "field": (255, 255, 255),
                 "fieldtext": (0, 0, 0), "highlight": (181, 213, 255), "highlighttext": (0, 0, 0),
                 "graytext": (128, 128, 128), "mark": (255, 255, 0), "marktext": (0, 0, 0),
                 "selecteditem": (25, 103, 210), "selecteditemtext": (255, 255, 255),
                 "accentcolor": (25, 103, 210), "accentcolortext": (255, 255, 255)}
# §6.3 deprecated system colours: each is an alias of a current one
for _old, _new in {"buttonhighlight": "buttonface", "buttonshadow": "buttonface", "threedface": "buttonface",
                   "activeborder": "buttonborder", "inactiveborder": "buttonborder", "windowframe": "buttonborder",
                   "threeddarkshadow": "buttonborder", "threedhighlight": "buttonborder",
                   "threedlightshadow": "buttonborder", "threedshadow": "buttonborder",
                   "activecaption": "canvas", "appworkspace": "canvas", "background": "canvas",
                   "inactivecaption": "canvas", "infobackground": "canvas", "menu": "canvas",
                   "scrollbar": "canvas", "window": "canvas", "captiontext": "canvastext",
                   "infotext": "canvastext", "menutext": "canvastext", "windowtext": "canvastext",
                   "inactivecaptiontext": "graytext"}.items():
    SYSTEM_COLORS[_old] = SYSTEM_COLORS[_new]

# Absolute units in px (CSS Values 4 §6.2): 1in = 96px = 2.54cm.
ABSOLUTE_UNITS = {"px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6,
                  "pt": 96 / 72, "pc": 16.0}
FONT_RELATIVE_UNITS = {"em", "rem", "ex", "ch"}
# Viewport-percentage units (CSS Values 4 §6.1.2): 1% of the viewport's width, height, the smaller
# or the larger of the two, or of its inline (vi) or block (vb) size — the width and the height in
# horizontal writing, the only one laid out here.  The small (sv*), large (lv*) and dynamic (dv*)
# variants differ only while browser chrome such as a mobile URL bar shows or hides; a page
# rendered once into a fixed viewport has one size, so all three equal the plain units.
_VIEWPORT_AXES = {"w": lambda w, h: w, "h": lambda w, h: h, "i": lambda w, h: w, "b": lambda w, h: h,
                   "min": min, "max": max}   # (viewport width, height) -> the size a unit is 1% of
VIEWPORT_UNITS = {prefix + "v" + axis: size for prefix in ("", "s", "l", "d")
                  for axis, size in _VIEWPORT_AXES.items()}
LENGTH_UNITS = set(ABSOLUTE_UNITS) | FONT_RELATIVE_UNITS | set(VIEWPORT_UNITS)


@dataclass
class LengthContext:
    """What a relative length needs to become px."""

    font_size: float = 16.0
    root_font_size: float = 16.0
    viewport_width: float = 800.0
    viewport_height: float = 600.0
    ex_ratio: float = 0.5   # x-height / font-size of the first available font
    ch_ratio: float = 0.5   # advance of "0" / font-size


def length_to_px(value: float, unit: str, ctx: LengthContext) -> float:
    unit = unit.lower()
    if unit in ABSOLUTE_UNITS:
        return value * ABSOLUTE_UNITS[unit]
    if unit == "em":
        return value * ctx.font_size
    if unit == "rem":
        return value * ctx.root_font_size
    if unit == "ex":
        return value * ctx.font_size * ctx.ex_ratio
    if unit == "ch":
        return value * ctx.font_size * ctx.ch_ratio
    size = VIEWPORT_UNITS.get(unit)
    if size is None:
        raise ValueError(unit)
    return value * size(ctx.viewport_width, ctx.viewport_height) / 100


# ---------------------------------------------------------------------------
# calc(), min(), max(), clamp() — CSS Values 4 §10
# An expression is a tree: ("num", x) | ("dim", x, unit) | (op, left, right) | (fn, [args]).

@dataclass(frozen=True)
class Calc:
    """A specified math function; `kind` is "length", "number" or "percentage-length"."""

    expr: tuple


@dataclass(frozen=True)
class CalcPct:
    """A computed calc() that still holds percentages: resolved at layout time."""

    expr: tuple

    def resolve(self, basis: float) -> float:
        return _eval(self.expr, None, basis)


MATH_FUNCTIONS = {"calc", "min", "max", "clamp", "-webkit-calc"}


def _strip(tokens: Sequence) -> list:
    return [t for t in tokens if t.type not in ("whitespace", "comment")]


def _split_commas(tokens: Sequence) -> list[list]:
    groups: list[list] = [[]]
    for tok in tokens:
        if tok.type == "literal" and tok.value == ",":
            groups.append([])
        else:
            groups[-1].append(tok)
    return groups


def parse_calc(fn: ast.FunctionBlock) -> Calc | None:
    """Parse a math function into an expression tree, or None if invalid."""
    try:
        expr = _parse_math_fn(fn, 0)
    except (ValueError, IndexError):
        return None
    return Calc(expr) if expr is not None else None


def _parse_math_fn(fn: ast.FunctionBlock, depth: int) -> tuple:
    if depth > 32:
        raise ValueError("calc nesting too deep")
    name = fn.lower_name
    if name in ("calc", "-webkit-calc"):
        return _parse_sum(_strip_keep_space(fn.arguments), depth)
    args = [_parse_sum(_strip_keep_space(group), depth) for group in _split_commas(fn.arguments)]
    if name == "clamp" and len(args) != 3:
        raise ValueError("clamp takes 3 arguments")
    if not args:
        raise ValueError("empty math function")
    return (name, args)


def _strip_keep_space(tokens: Sequence) -> list:
    """Drop comments and leading/trailing space; keep inner spaces (they matter around + and -)."""
    toks = [t for t in tokens if t.type != "comment"]
    while toks and toks[0].type == "whitespace":
        toks.pop(0)
    while toks and toks[-1].type == "whitespace":
        toks.pop()
    return toks


def _parse_sum(tokens: list, depth: int) -> tuple:
    terms: list = []
    ops: list[str] = []
    current: list = []
    for i, tok in enumerate(tokens):
        if tok.type == "literal" and tok.value in "+-" and current:
            # + and - must be surrounded by whitespace (CSS Values 4 §10.1)
            before = tokens[i - 1].type == "whitespace" if i else False
            after = i + 1 < len(tokens) and tokens[i + 1].type == "whitespace"
            if not (before and after):
                raise ValueError("+/- needs spaces")
            terms.append(_parse_product(_strip(current), depth))
            ops.append(tok.value)
            current = []
        else:
            current.append(tok)
    terms.append(_parse_product(_strip(current), depth))
    result = terms[0]
    for op, term in zip(ops, terms[1:]):
        result = (op, result, term)
    return result


def _parse_product(tokens: list, depth: int) -> tuple:
    if not tokens:
        raise ValueError("empty term")
    result = _parse_value(tokens[0], depth)
    i = 1
    while i < len(tokens):
        op = tokens[i]
        if not (op.type == "literal" and op.value in "*/") or i + 1 >= len(tokens):
            raise ValueError("bad product")
        result = (op.value, result, _parse_value(tokens[i + 1], depth))
        i += 2
    return result


def _parse_value(tok, depth: int) -> tuple:
    if tok.type == "number":
        return ("num", tok.value)
    if tok.type == "dimension" and tok.lower_unit in LENGTH_UNITS:
        return ("dim", tok.value, tok.lower_unit)
    if tok.type == "percentage":
        return ("dim", tok.value, "%")
    if tok.type == "() block":
        return _parse_sum(_strip_keep_space(tok.content), depth + 1)
    if tok.type == "function" and tok.lower_name in MATH_FUNCTIONS:
        return _parse_math_fn(tok, depth + 1)
    if tok.type == "ident" and tok.lower_value in ("pi", "e", "infinity", "-infinity", "nan"):
        return ("num", {"pi": math.pi, "e": math.e, "infinity": math.inf,
                        "-infinity": -math.inf, "nan": math.nan}[tok.lower_value])
    raise ValueError("bad calc value")


def _eval(expr: tuple, ctx: LengthContext | None, basis: float | None) -> float:
    """Evaluate to px (or a plain number). With ctx None, only px and % may remain."""
    kind = expr[0]
    if kind == "num":
        return float(expr[1])
    if kind == "dim":
        value, unit = expr[1], expr[2]
        if unit == "%":
            if basis is None:
                raise ValueError("percentage without basis")
            return value * basis / 100
        if ctx is None:
            if unit != "px":
                raise ValueError("relative unit at used-value time")
            return float(value)
        return length_to_px(value, unit, ctx)
    if kind in ("+", "-", "*", "/"):
        a = _eval(expr[1], ctx, basis)
        b = _eval(expr[2], ctx, basis)
        if kind == "+":
            return a + b
        if kind == "-":
            return a - b
        if kind == "*":
            return a * b
        return a / b if b else math.inf
    args = [_eval(arg, ctx, basis) for arg in expr[1]]
    if kind == "min":
        return min(args)
    if kind == "max":
        return max(args)
    lo, val, hi = args
    return max(lo, min(val, hi))


def _has_percent(expr: tuple) -> bool:
    stack = [expr]
    while stack:
        node = stack.pop()
        if node[0] == "dim" and node[2] == "%":
            return True
        if node[0] in ("+", "-", "*", "/"):
            stack.extend(node[1:])
        elif node[0] in ("min", "max", "clamp"):
            stack.extend(node[1])
    return False


def _absolutize(expr: tuple, ctx: LengthContext) -> tuple:
    """Replace every relative length with px, keeping percentages (for CalcPct)."""
    kind = expr[0]
    if kind == "dim" and expr[2] != "%":
        return ("dim", length_to_px(expr[1], expr[2], ctx), "px")
    if kind in ("+", "-", "*", "/"):
        return (kind, _absolutize(expr[1], ctx), _absolutize(expr[2], ctx))
    if kind in ("min", "max", "clamp"):
        return (kind, [_absolutize(a, ctx) for a in expr[1]])
    return expr


def _sanitize(value: float) -> float:
    """NaN and infinities from calc() clamp to finite values (CSS Values 4 §10.9)."""
    if math.isnan(value):
        return 0.0
    return max(-1e7, min(1e7, value))


# ---------------------------------------------------------------------------
# Lengths and percentages

Specified = Union[Dim, Calc, str]
Computed = Union[float, Pct, CalcPct, str]


def parse_length(tok, *, percent: bool = True, negative: bool = True,
                 quirky_unitless: bool = False) -> Dim | Calc | None:
    """One token as a <length> or <length-percentage>, or None."""
    if tok.type == "dimension" and tok.lower_unit in LENGTH_UNITS:
        if not negative and tok.value < 0:
            return None
        return Dim(tok.value, tok.lower_unit)
    if tok.type == "percentage" and percent:
        if not negative and tok.value < 0:
            return None
        return Dim(tok.value, "%")
    if tok.type == "number" and (tok.value == 0 or quirky_unitless):
        if not negative and tok.value < 0:
            return None
        return Dim(tok.value, "px")
    if tok.type == "function" and tok.lower_name in MATH_FUNCTIONS:
        calc = parse_calc(tok)
        if calc is None or (not percent and _has_percent(calc.expr)):
            return None
        return calc
    return None


def compute_length(spec: Dim | Calc, ctx: LengthContext) -> float | Pct | CalcPct:
    """Specified → computed: px float, or Pct / CalcPct kept for layout."""
    if isinstance(spec, Dim):
        if spec.unit == "%":
            return Pct(spec.value)
        return _sanitize(length_to_px(spec.value, spec.unit, ctx))
    if _has_percent(spec.expr):
        return CalcPct(_absolutize(spec.expr, ctx))
    try:
        return _sanitize(_eval(spec.expr, ctx, None))
    except (ValueError, ZeroDivisionError, OverflowError):
        return 0.0


def resolve(value: Computed, basis: float | None, auto: float | None = None) -> float | None:
    """Used value of a computed length-percentage; `auto` (and unresolvable %) → `auto`."""
    if value.__class__ is float or value.__class__ is int:
        return value  # type: ignore[return-value]
    if isinstance(value, Pct):
        return auto if basis is None else _sanitize(value.value * basis / 100)   # 1e308% of 800px is inf
    if isinstance(value, CalcPct):
        if basis is None:
            return auto
        try:
            return _sanitize(value.resolve(basis))
        except (ValueError, ZeroDivisionError, OverflowError):
            return 0.0
    return auto


def parse_number(tok, *, negative: bool = True) -> float | None:
    if tok.type == "number" and (negative or tok.value >= 0):
        return float(tok.value)
    if tok.type == "function" and tok.lower_name in MATH_FUNCTIONS:
        calc = parse_calc(tok)
        if calc is not None:
            try:
                return _sanitize(_eval(calc.expr, LengthContext(), None))   # calc(1/0), calc(NaN)
            except (ValueError, ZeroDivisionError, OverflowError):
                return None
    return None


# ---------------------------------------------------------------------------
# Colours — CSS Color 4

def parse_color(tok) -> RGBA | str | None:
    """A <color> token: RGBA, "currentcolor", or None when invalid."""
    if tok.type == "ident":
        name = tok.lower_value
        if name == "currentcolor":
            return CURRENT_COLOR
        if name == "transparent":
            return TRANSPARENT
        rgb = NAMED_COLORS.get(name) or SYSTEM_COLORS.get(name)
        return RGBA(*rgb) if rgb else None
    if tok.type == "hash":
        return _parse_hex(tok.value)
    if tok.type == "function":
        parser = _COLOR_FUNCTIONS.get(tok.lower_name)
        if parser is None:
            return None
        try:
            return parser(tok.arguments)
        except (ValueError, IndexError, ZeroDivisionError):
            return None
    return None


def _parse_hex(text: str) -> RGBA | None:
    if not all(c in "0123456789abcdefABCDEF" for c in text):
        return None
    if len(text) in (3, 4):
        text = "".join(c * 2 for c in text)
    if len(text) == 6:
        return RGBA(int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    if len(text) == 8:
        return RGBA(int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16),
                    round(int(text[6:8], 16) / 255, 4))
    return None


def _color_args(tokens: Sequence) -> tuple[list, object | None]:
    """Split function arguments into the channel tokens and the alpha token.
    Accepts the legacy comma form and the modern space form with "/ alpha"."""
    toks = _strip(tokens)
    if any(t.type == "literal" and t.value == "," for t in toks):
        groups = [g for g in _split_commas(toks)]
        if any(len(g) != 1 for g in groups):
            raise ValueError("bad comma syntax")
        channels = [g[0] for g in groups]
        if len(channels) == 4:
            return channels[:3], channels[3]
        if len(channels) == 3:
            return channels, None
        raise ValueError("wrong channel count")
    alpha = None
    if len(toks) == 5 and toks[3].type == "literal" and toks[3].value == "/":
        alpha = toks[4]
        toks = toks[:3]
    if len(toks) != 3:
        raise ValueError("wrong channel count")
    return toks, alpha


def _alpha(tok) -> float:
    if tok is None:
        return 1.0
    if tok.type == "number":
        return max(0.0, min(1.0, float(tok.value)))
    if tok.type == "percentage":
        return max(0.0, min(1.0, tok.value / 100))
    if tok.type == "ident" and tok.lower_value == "none":
        return 0.0
    raise ValueError("bad alpha")


def _clamp255(value: float) -> int:
    """Round half up, as browsers do (Python's round() would send 76.5 to 76)."""
    return int(max(0, min(255, math.floor(value + 0.5))))


def _rgb(tokens: Sequence) -> RGBA:
    channels, alpha = _color_args(tokens)
    values = []
    for tok in channels:
        if tok.type == "number":
            values.append(tok.value)
        elif tok.type == "percentage":
            values.append(tok.value * 2.55)
        elif tok.type == "ident" and tok.lower_value == "none":
            values.append(0)
        else:
            raise ValueError("bad rgb channel")
    return RGBA(*(_clamp255(v) for v in values), _alpha(alpha))


def _hue(tok) -> float:
    if tok.type == "number":
        return tok.value
    if tok.type == "dimension":
        factor = {"deg": 1, "grad": 0.9, "rad": 180 / math.pi, "turn": 360}.get(tok.lower_unit)
        if factor is None:
            raise ValueError("bad hue unit")
        return tok.value * factor
    if tok.type == "ident" and tok.lower_value == "none":
        return 0.0
    raise ValueError("bad hue")


def _fraction(tok) -> float:
    if tok.type == "percentage":
        return max(0.0, min(1.0, tok.value / 100))
    if tok.type == "number":  # modern syntax allows plain numbers (0-100)
        return max(0.0, min(1.0, tok.value / 100))
    if tok.type == "ident" and tok.lower_value == "none":
        return 0.0
    raise ValueError("bad percentage")


_FLOAT32 = struct.Struct("f")


def _f32(value: float) -> float:
    """Round to single precision: Blink does colour arithmetic in floats, and channels that land
    exactly between two integers round the way its floats do, not the way doubles would."""
    return _FLOAT32.unpack(_FLOAT32.pack(value))[0]


def _hsl_to_rgb(hue: float, sat: float, light: float) -> tuple[float, float, float]:
    """CSS Color 4 §7.1's hslToRgb (hue in degrees, saturation, lightness in [0, 1]) in float32."""
    hue, sat, light = _f32(hue), _f32(sat), _f32(light)
    amount = _f32(sat * min(light, _f32(1 - light)))

    def channel(n: int) -> float:
        k = _f32(_f32(n + _f32(hue / 30)) % 12)
        return _f32(light - _f32(amount * max(-1.0, min(_f32(k - 3), _f32(9 - k), 1.0))))

    return channel(0), channel(8), channel(4)


def _hsl(tokens: Sequence) -> RGBA:
    channels, alpha = _color_args(tokens)
    sat, light = _fraction(channels[1]), _fraction(channels[2])
    r, g, b = _hsl_to_rgb(_hue(channels[0]), sat, light)
    return RGBA(_clamp255(r * 255), _clamp255(g * 255), _clamp255(b * 255), _alpha(alpha))


def _hwb(tokens: Sequence) -> RGBA:
    """hwb() has only the modern, space-separated syntax (CSS Color 4 §8)."""
    if any(t.type == "literal" and t.value == "," for t in tokens):
        raise ValueError("hwb() takes no commas")
    channels, alpha = _color_args(tokens)
    white, black = _fraction(channels[1]), _fraction(channels[2])
    if white + black >= 1:
        gray = white / (white + black)
        return RGBA(_clamp255(gray * 255), _clamp255(gray * 255), _clamp255(gray * 255), _alpha(alpha))
    scale = 1 - white - black
    rgb = _hsl_to_rgb(_hue(channels[0]), 1.0, 0.5)
    return RGBA(*(_clamp255((c * scale + white) * 255) for c in rgb), _alpha(alpha))


_COLOR_FUNCTIONS = {"rgb": _rgb, "rgba": _rgb, "hsl": _hsl, "hsla": _hsl, "hwb": _hwb}
