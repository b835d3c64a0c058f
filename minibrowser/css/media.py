"""Media Queries 4 and @supports conditions, evaluated against the viewport.

`matches_media(tokens, ctx)` answers whether an @media prelude, a `media`
attribute or an @import media list applies.  Unknown features and syntax
errors make that one query false ("not all"), as Media Queries 4 §3.2 says.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import tinycss2

from .values import LengthContext, _split_commas, _strip, length_to_px, LENGTH_UNITS


@dataclass(frozen=True)
class MediaContext:
    width: float = 800.0
    height: float = 600.0
    media_type: str = "screen"
    color_scheme: str = "light"
    resolution_dppx: float = 1.0
    grid: bool = False  # text mode: a character-cell device


def matches_media(tokens: Sequence | str, ctx: MediaContext) -> bool:
    """True when any comma-separated query matches (an empty list matches all)."""
    if isinstance(tokens, str):
        tokens = tinycss2.parse_component_value_list(tokens)
    queries = [_strip(q) for q in _split_commas(list(tokens))]
    if len(queries) == 1 and not queries[0]:
        return True
    return any(_query(q, ctx) for q in queries)


def _query(tokens: list, ctx: MediaContext) -> bool:
    try:
        return _evaluate_query(tokens, ctx)
    except (ValueError, IndexError, ZeroDivisionError):
        return False


def _evaluate_query(tokens: list, ctx: MediaContext) -> bool:
    if not tokens:
        raise ValueError("empty query")
    negate = False
    first = tokens[0]
    if first.type == "ident" and first.lower_value in ("not", "only") and len(tokens) > 1 \
            and tokens[1].type == "ident":
        negate = first.lower_value == "not"
        tokens = tokens[1:]
        first = tokens[0]
    if first.type == "ident":
        media_type = first.lower_value
        if media_type in ("and", "or", "not", "only", "layer"):
            raise ValueError("reserved word as media type")
        type_ok = media_type in ("all", ctx.media_type) or (media_type == "tty" and ctx.grid)
        rest = tokens[1:]
        if rest:
            if not (rest[0].type == "ident" and rest[0].lower_value == "and"):
                raise ValueError("expected 'and'")
            result = type_ok and _condition(rest[1:], ctx, allow_or=False)
        else:
            result = type_ok
        return result != negate
    if negate:
        raise ValueError("'not' before a condition needs a type")
    return _condition(tokens, ctx, allow_or=True)


def _condition(tokens: list, ctx: MediaContext, allow_or: bool = True) -> bool:
    """<media-condition>: not X | X [and X]* | X [or X]*, where X is a (...) block."""
    if not tokens:
        raise ValueError("empty condition")
    if tokens[0].type == "ident" and tokens[0].lower_value == "not":
        if len(tokens) != 2:
            raise ValueError("bad not")
        return not _in_parens(tokens[1], ctx)
    results = [_in_parens(tokens[0], ctx)]
    joiner = None
    i = 1
    while i < len(tokens):
        word = tokens[i]
        if word.type != "ident" or word.lower_value not in ("and", "or") or i + 1 >= len(tokens):
            raise ValueError("expected and/or")
        if joiner and joiner != word.lower_value:
            raise ValueError("mixed and/or")
        if word.lower_value == "or" and not allow_or:
            raise ValueError("or not allowed here")
        joiner = word.lower_value
        results.append(_in_parens(tokens[i + 1], ctx))
        i += 2
    return any(results) if joiner == "or" else all(results)


def _in_parens(tok, ctx: MediaContext) -> bool:
    if tok.type != "() block":
        raise ValueError("expected (...)")
    inner = _strip(tok.content)
    if not inner:
        raise ValueError("empty parens")
    if inner[0].type == "() block" or (inner[0].type == "ident" and inner[0].lower_value == "not"):
        return _condition(inner, ctx)
    return _feature(inner, ctx)


FEATURES_RANGE = {"width", "height", "aspect-ratio", "resolution", "device-width", "device-height",
                  "device-aspect-ratio", "color", "color-index", "monochrome"}


def _feature_value(name: str, ctx: MediaContext) -> float | str:
    values = {
        "width": ctx.width, "height": ctx.height, "device-width": ctx.width, "device-height": ctx.height,
        "aspect-ratio": ctx.width / ctx.height if ctx.height else 0.0,
        "device-aspect-ratio": ctx.width / ctx.height if ctx.height else 0.0,
        "resolution": ctx.resolution_dppx, "color": 0.0 if ctx.grid else 8.0, "color-index": 0.0,
        "monochrome": 0.0, "orientation": "portrait" if ctx.height >= ctx.width else "landscape",
        "prefers-color-scheme": ctx.color_scheme, "prefers-reduced-motion": "no-preference",
        "prefers-contrast": "no-preference", "hover": "none" if ctx.grid else "hover",
        "any-hover": "none" if ctx.grid else "hover", "pointer": "none" if ctx.grid else "fine",
        "any-pointer": "none" if ctx.grid else "fine", "grid": 1.0 if ctx.grid else 0.0,
        "scan": "progressive", "update": "none" if ctx.media_type == "print" else "fast",
        "forced-colors": "none", "inverted-colors": "none", "scripting": "none",
        "display-mode": "browser", "dynamic-range": "standard", "color-gamut": "srgb",
    }
    if name not in values:
        raise ValueError(f"unknown media feature {name}")
    return values[name]


def _to_number(tokens: list, name: str) -> float:
    """A feature value: a length (in px), a ratio, a resolution or a plain number."""
    base = name.removeprefix("min-").removeprefix("max-").removeprefix("device-")
    if "aspect-ratio" in name:
        if len(tokens) == 3 and tokens[1].type == "literal" and tokens[1].value == "/":
            return tokens[0].value / tokens[2].value
        if len(tokens) == 1 and tokens[0].type == "number":
            return float(tokens[0].value)
        raise ValueError("bad ratio")
    if len(tokens) != 1:
        raise ValueError("bad value")
    tok = tokens[0]
    if base == "resolution" and tok.type == "dimension":
        factor = {"dppx": 1.0, "x": 1.0, "dpi": 1 / 96, "dpcm": 2.54 / 96}.get(tok.lower_unit)
        if factor is None:
            raise ValueError("bad resolution")
        return tok.value * factor
    if tok.type == "dimension" and tok.lower_unit in LENGTH_UNITS:
        return length_to_px(tok.value, tok.lower_unit, LengthContext())
    if tok.type == "number":
        if base in ("width", "height") and tok.value != 0:
            raise ValueError("unitless length")
        return float(tok.value)
    raise ValueError("bad value")


_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b, "=": lambda a, b: abs(a - b) < 1e-9}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


def _feature(tokens: list, ctx: MediaContext) -> bool:
    # plain or prefixed: (name) | (name: value) | (min-name: value)
    if tokens[0].type == "ident" and (len(tokens) == 1 or (tokens[1].type == "literal" and tokens[1].value == ":")):
        name = tokens[0].lower_value
        if len(tokens) == 1:  # boolean context
            value = _feature_value(name, ctx)
            return value not in (0, 0.0, "none")
        value_tokens = tokens[2:]
        prefix = ""
        if name.startswith(("min-", "max-")):
            prefix, name = name[:4], name[4:]
            if name not in FEATURES_RANGE:
                raise ValueError("min/max on a discrete feature")
        actual = _feature_value(name, ctx)
        if isinstance(actual, str):
            if len(value_tokens) != 1 or value_tokens[0].type != "ident":
                raise ValueError("bad discrete value")
            return value_tokens[0].lower_value == actual
        wanted = _to_number(value_tokens, name)
        if prefix == "min-":
            return actual >= wanted - 1e-9
        if prefix == "max-":
            return actual <= wanted + 1e-9
        return abs(actual - wanted) < 1e-9
    return _range(tokens, ctx)


def _range(tokens: list, ctx: MediaContext) -> bool:
    """Level 4 range syntax: (width >= 600px), (400px <= width <= 700px)."""
    parts: list[list] = [[]]
    ops: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "literal" and tok.value in ("<", ">", "="):
            op = tok.value
            if op != "=" and i + 1 < len(tokens) and tokens[i + 1].type == "literal" and tokens[i + 1].value == "=":
                op += "="
                i += 1
            ops.append(op)
            parts.append([])
        else:
            parts[-1].append(tok)
        i += 1
    if len(parts) == 2:
        left, right = parts
        if len(left) == 1 and left[0].type == "ident":
            name = left[0].lower_value
            actual = _feature_value(name, ctx)
            return _OPS[ops[0]](actual, _to_number(right, name))
        if len(right) == 1 and right[0].type == "ident":
            name = right[0].lower_value
            actual = _feature_value(name, ctx)
            return _OPS[_FLIP[ops[0]]](actual, _to_number(left, name))
        raise ValueError("no feature name")
    if len(parts) == 3 and len(parts[1]) == 1 and parts[1][0].type == "ident":
        name = parts[1][0].lower_value
        actual = _feature_value(name, ctx)
        low, high = _to_number(parts[0], name), _to_number(parts[2], name)
        if ops[0][0] != ops[1][0] or "=" == ops[0]:
            raise ValueError("range operators must point the same way")
        return _OPS[_FLIP[ops[0]]](actual, low) and _OPS[ops[1]](actual, high)
    raise ValueError("bad range")


# ---------------------------------------------------------------------------
# @supports (CSS Conditional 3 §6)

def supports(tokens: Sequence, declaration_ok) -> bool:
    """Evaluate an @supports prelude; `declaration_ok(name, value_tokens)` tests one declaration."""
    try:
        return _supports_condition(_strip(list(tokens)), declaration_ok)
    except (ValueError, IndexError):
        return False


def _supports_condition(tokens: list, declaration_ok) -> bool:
    if not tokens:
        raise ValueError("empty")
    if tokens[0].type == "ident" and tokens[0].lower_value == "not":
        if len(tokens) != 2:
            raise ValueError("bad not")
        return not _supports_in_parens(tokens[1], declaration_ok)
    results = [_supports_in_parens(tokens[0], declaration_ok)]
    joiner = None
    for i in range(1, len(tokens), 2):
        word = tokens[i]
        if word.type != "ident" or word.lower_value not in ("and", "or") or i + 1 >= len(tokens):
            raise ValueError("expected and/or")
        if joiner and joiner != word.lower_value:
            raise ValueError("mixed and/or")
        joiner = word.lower_value
        results.append(_supports_in_parens(tokens[i + 1], declaration_ok))
    return any(results) if joiner == "or" else all(results)


def _supports_in_parens(tok, declaration_ok) -> bool:
    if tok.type == "function" and tok.lower_name == "selector":
        import cssselect2
        try:
            cssselect2.compile_selector_list(tok.arguments)
            return True
        except cssselect2.SelectorError:
            return False
    if tok.type != "() block":
        raise ValueError("expected (...)")
    inner = _strip(tok.content)
    if inner and inner[0].type == "ident" and len(inner) > 1 and inner[1].type == "literal" and inner[1].value == ":":
        return declaration_ok(inner[0].lower_value, inner[2:])
    return _supports_condition(inner, declaration_ok)
