"""Text before it is laid out: white space processing and line-break opportunities.

White space (CSS Text 3 §4): `collapse_spaces` turns a text node into what is
rendered, given whether the previous character already was a collapsible
space (the state crosses element boundaries).

Line breaking (UAX #14, the rules CSS Text 3 §5 relies on): `segments` cuts
text into unbreakable pieces.  Breaks are allowed after spaces, after a hyphen
that joins two words or numbers (not a minus sign), at zero-width spaces and
soft hyphens, and between CJK ideographs — except that closing punctuation
(，。、）」…) never starts a line and opening punctuation (（「“…) never ends
one (basic kinsoku, CSS Text 3 §5.4 "line-break: normal").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

COLLAPSING = {"normal", "nowrap", "pre-line"}      # spaces and tabs collapse
PRESERVE_NEWLINES = {"pre", "pre-wrap", "pre-line", "break-spaces"}
WRAPPING = {"normal", "pre-wrap", "pre-line", "break-spaces"}

ZWSP = "\u200b"
SHY = "\u00ad"
NBSP = "\u00a0"

# UAX #14 classes CL, CP, EX, IS, NS (and small kana): may not begin a line
NO_BREAK_BEFORE = set(
    "!%),.:;?]}¢°·’\"†‡›℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～｠｣"
    "」』】〉》〙〛ー゛゜ゝゞ・ヽヾ…‥〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜"
    "\u201d\u2019\u300b\u3009\u300d\u300f\u3011\u3015\u3017\u3019\u301b\uff60\uff63"
)
# UAX #14 classes OP (and opening quotation marks): may not end a line
NO_BREAK_AFTER = set("([{£¥‘“‹«〈《「『【〔〖〘〚〝（［｛｟｢＄￡￥\u2018\u201c\u300a\u3008\u300c\u300e\u3010\u3014\u3016\u3018\u301a\uff5f\uff62")


@lru_cache(maxsize=4096)
def is_wide(ch: str) -> bool:
    """East Asian Wide or Fullwidth: two cells in a terminal, a break opportunity in CJK text."""
    return unicodedata.east_asian_width(ch) in "WF"


@lru_cache(maxsize=8192)
def is_cjk_breakable(ch: str) -> bool:
    """Ideographs, kana, fullwidth forms and CJK punctuation: breaks are allowed around them."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF or 0x3000 <= code <= 0x303F)


def collapse_spaces(text: str, white_space: str, after_space: bool) -> tuple[str, bool]:
    """Apply CSS Text 3 §4.1.1 phase I to one text node.

    Returns the processed text and whether it ends with a collapsible space
    (so that a space at the start of the next node collapses away)."""
    if white_space not in COLLAPSING:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text, False
    if white_space != "pre-line" and text.isprintable() and "  " not in text:
        # no tab, segment break, form feed or run of spaces (all of those are unprintable but
        # the space): nothing to collapse but a leading space after a space — most text nodes
        if after_space and text.startswith(" "):
            text = text[1:]
        return text, text.endswith(" ") if text else after_space
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", " ")
    if white_space == "pre-line":
        # spaces and tabs around a newline are removed; newlines stay (they become forced breaks)
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
        text = re.sub(r"[ \t]+", " ", text)
        if after_space and text.startswith(" "):
            text = text[1:]
        return text, text.endswith(" ")
    # segment breaks become spaces, then runs of spaces collapse to one
    text = re.sub(r"[ \t\n]+", " ", text)
    if after_space and text.startswith(" "):
        text = text[1:]
    return text, text.endswith(" ") if text else after_space


def apply_text_transform(text: str, transform: str) -> str:
    if transform == "uppercase":
        return text.upper()
    if transform == "lowercase":
        return text.lower()
    if transform == "capitalize":
        return re.sub(r"(^|[\s\u00a0\-(\"'“‘])(\w)", lambda m: m.group(1) + m.group(2).upper(), text)
    if transform == "full-width":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c)
                       for c in text)
    return text


# UAX #14 class PR (prefix numeric): a hyphen-minus before one of these is a minus sign ("5-$6")
PREFIX_NUMERIC = set("$£¥€₩+\\")


def _break_allowed(before: str, prev: str, ch: str, word_break: str) -> bool:
    """May a line break between prev and ch (`before` is the character before prev, "" at the start)?"""
    if ch in NO_BREAK_BEFORE or prev in NO_BREAK_AFTER:
        return False
    if prev == NBSP or ch == NBSP or ch == "\u2060" or prev == "\u2060":
        return False
    if prev == ZWSP or prev == SHY:
        return True
    if prev == "-":
        # UAX #14 LB21/LB25 as ICU applies them: a break after a hyphen that joins two things
        # ("well-", "2021-", "a--"), not after a minus sign that starts a number ("-5", "(-5")
        if not before or before.isspace() or before in NO_BREAK_AFTER:
            return False
        return ch not in PREFIX_NUMERIC
    if prev in ")]}" and ch in "([{":
        return True  # UAX #14 LB30 only forbids this after letters and digits: ")(" may break
    if word_break == "keep-all":
        return False
    if is_cjk_breakable(prev) or is_cjk_breakable(ch):
        # between an ideograph and anything but its kinsoku neighbours
        if ch.isspace() or prev.isspace():
            return False
        return True
    if word_break == "break-all":
        return not (ch.isspace() or prev.isspace() or unicodedata.category(ch).startswith("M"))
    return False


def segments(text: str, word_break: str = "normal", wrap: bool = True) -> list[str]:
    """Cut text at every break opportunity; spaces stay at the end of the piece before the break.

    ``"Hello world, 你好。"`` → ``["Hello ", "world, ", "你", "好。"]``."""
    if not text:
        return []
    if not wrap:
        return [text]
    if word_break != "break-all" and text.isascii() and "-" not in text and not _CLOSE_OPEN.search(text):
        return _after_spaces(text)
    out: list[str] = []
    start = 0
    length = len(text)
    i = 1
    while i < length:
        ch = text[i]
        prev = text[i - 1]
        if prev in " \u3000" and ch not in " \u3000":
            if ch not in NO_BREAK_BEFORE:  # "foo !" keeps the "!" with its word
                out.append(text[start:i])
                start = i
        elif prev not in " \u3000" and ch not in " \u3000" and \
                _break_allowed(text[i - 2] if i >= 2 else "", prev, ch, word_break):
            out.append(text[start:i])
            start = i
        i += 1
    out.append(text[start:])
    return out


_CLOSE_OPEN = re.compile(r"[)\]}][(\[{]")   # ")(": the one break between two ASCII non-spaces (LB30)
_SPACES = re.compile(" +")


def _after_spaces(text: str) -> list[str]:
    """`segments` of ASCII text without hyphens and ")(" pairs, whose only break opportunities are
    after spaces (not before "!", ")", "," ...): the same cuts found by a regular expression, not
    character by character (most of a page's text takes this path).  Text with single spaces only,
    none of them before such a character (nearly all prose), is cut at every space by `str.split`."""
    if "  " not in text and not _SPACE_BEFORE_NO_BREAK.search(text):
        parts = text.split(" ")
        out = [part + " " for part in parts[:-1]]
        if parts[-1]:   # (a trailing space stays on the last word: there is nothing after it)
            out.append(parts[-1])
        return out
    out: list[str] = []
    start = 0
    length = len(text)
    for match in _SPACES.finditer(text):
        end = match.end()
        if end < length and text[end] not in NO_BREAK_BEFORE:
            out.append(text[start:end])
            start = end
    out.append(text[start:])
    return out


# a space followed by a character that may not begin a line: no break there ("foo !")
_SPACE_BEFORE_NO_BREAK = re.compile(" [" + "".join(re.escape(ch) for ch in sorted(NO_BREAK_BEFORE)) + "]")
