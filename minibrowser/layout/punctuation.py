"""Fullwidth punctuation collapsing (CSS Text 4 §8.3 `text-spacing-trim: normal`).

A fullwidth CJK punctuation glyph is an ideograph-sized square whose ink sits on
one half: an opening bracket （「 on the right half, a closing one ）」 and, in
Simplified Chinese and Japanese fonts, the comma and full stop 、。，． on the left
half.  Two of them side by side leave a full em of blank space, so browsers set
one of the pair half-width ("trim-adjacent", CSS Text 4 §8.3.1 and the Text
Spacing Character Classes of §8.3.4):

- an *opening* character after an opening, closing or middle one loses the blank
  half at its start (`（（` `）（` `・（`);
- a *closing* character before a closing or middle one loses the blank half at
  its end (`）、` `。）` `）・`).

`normal` keeps an opening bracket at the start of a line full-width (the line
places it, see inline.py).  Only glyphs that really are one em wide, in a font
that has the OpenType `halt` or `chws` feature, are trimmed (as Blink's
HanKerning does); a neighbour counts by its character class whatever its font.

Which class the dots and colons 、。，．：； are in depends on where the font
draws them, which depends on the language (§8.3.4 "fullwidth dot punctuation"):
Simplified Chinese fonts put them in the corner (closing class), Traditional
Chinese fonts centre them (middle class), Japanese fonts centre only ：；.  As
Blink does, the glyph itself is looked at: ink in the start half is closing,
ink around the centre is middle.
"""
from __future__ import annotations

import functools
import re
import struct
import unicodedata

from ..paint import sfnt

OPEN, CLOSE, MIDDLE, OTHER = "open", "close", "middle", "other"

DOTS_AND_COLONS = "、。，．：；"
MIDDLES = "\u00b7\u2027\u30fb\u3000"     # middle dot, hyphenation point, katakana middle dot, ideographic space
OPEN_QUOTES = "\u201c\u2018"
CLOSE_QUOTES = "\u201d\u2019"

# characters that may take part at all: a cheap first test for a piece of text
_CANDIDATES = re.compile("[\u00b7\u2018\u2019\u201c\u201d\u2027\u3000-\u303f\u30fb\ufe10-\ufe6f\uff00-\uff65]")


@functools.lru_cache(maxsize=4096)
def base_class(ch: str) -> str:
    """OPEN, CLOSE, MIDDLE or OTHER for one character; "glyph" for the dots and colons, whose class
    the font decides (`glyph_class`)."""
    if ch in MIDDLES:
        return MIDDLE
    if ch in OPEN_QUOTES:
        return OPEN
    if ch in CLOSE_QUOTES:
        return CLOSE
    if ch in DOTS_AND_COLONS:
        return "glyph"
    category = unicodedata.category(ch)
    if category in ("Ps", "Pe"):
        code = ord(ch)
        if unicodedata.east_asian_width(ch) in "FW" or 0x3000 <= code <= 0x303F:
            return OPEN if category == "Ps" else CLOSE
    return OTHER


def glyph_class(ink_left: float, ink_right: float, advance: float) -> str:
    """The class of a dot or colon from its glyph's ink extent: in the start half → CLOSE (set like a
    closing mark), in the end half → OPEN, across the centre → MIDDLE."""
    if ink_right <= advance * 0.55:
        return CLOSE
    if ink_left >= advance * 0.45:
        return OPEN
    return MIDDLE


@functools.lru_cache(maxsize=64)
def has_spacing_feature(path: str, index: int) -> bool:
    """Does the face's GPOS table list the `halt` or `chws` feature (OpenType Layout common
    table formats: the FeatureList is an array of 4-byte tags with offsets)?"""
    try:
        table = sfnt.read_tables(path, index, ("GPOS",)).get("GPOS")
        if not table or len(table) < 10:
            return False
        (feature_list,) = struct.unpack_from(">H", table, 6)
        (count,) = struct.unpack_from(">H", table, feature_list)
        for i in range(count):
            tag = table[feature_list + 2 + 6 * i: feature_list + 6 + 6 * i]
            if tag in (b"halt", b"chws"):
                return True
    except (OSError, ValueError, struct.error):
        return False
    return False


def may_collapse(text: str) -> bool:
    """Could this text hold a trimmable punctuation pair (a cheap test before `trims`)?"""
    return not text.isascii() and _CANDIDATES.search(text) is not None


def trims(text: str, before: str, after: str, classify, trimmable) -> dict[int, str]:
    """Which characters of `text` lose half their width: index → "start" (an opening character,
    its blank start half) or "end" (a closing character, its blank end half).  `before` and
    `after` are the characters around the text in the paragraph ("" at an edge); `classify(ch)`
    gives a character's class, `trimmable(i)` whether the glyph of text[i] is an em-wide glyph of
    a font with halt/chws."""
    out: dict[int, str] = {}
    previous = classify(before) if before else OTHER
    length = len(text)
    for i in range(length):
        kind = classify(text[i])
        if kind == OPEN and previous in (OPEN, CLOSE, MIDDLE):
            if trimmable(i):
                out[i] = "start"
        elif kind == CLOSE:
            nxt = text[i + 1] if i + 1 < length else after
            if nxt and classify(nxt) in (CLOSE, MIDDLE) and trimmable(i):
                out[i] = "end"
        previous = kind
    return out


_GLYPH_CLASSES: dict[tuple[str, int, str], str] = {}


def font_glyph_class(metrics, font, ch: str) -> str:
    """`glyph_class` of a dot or colon as drawn by the font that draws it (after fallback), read once
    per face from the glyph's rendered ink at 64 px."""
    run_font = metrics.runs(ch, font)[0][1]
    key = (run_font.path, run_font.index, ch)
    found = _GLYPH_CLASSES.get(key)
    if found is None:
        with metrics.lock:
            pil = metrics.pil_font(run_font._replace(size=64.0))
            mask, (origin, _top) = pil.getmask2(ch)
            ink = mask.getbbox()
            advance = pil.getlength(ch)
        found = OTHER if ink is None or advance <= 0 else glyph_class(origin + ink[0], origin + ink[2], advance)
        _GLYPH_CLASSES[key] = found
    return found
