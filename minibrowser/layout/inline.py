"""Inline formatting contexts: line boxes (CSS 2.1 §9.4.2, §10.8; CSS Text 3).

`layout_inline_content` lays a block container's inline-level children into
`LineBox`es, in four passes that each stay linear in the amount of content:

1. *flatten*: walk the inline box tree (iteratively) into a flat list of items —
   OPEN/CLOSE for inline boxes, WORD pieces of text cut at break opportunities
   (text.py), ATOMIC inlines, forced BREAKs — with white space processed across
   element boundaries;
2. *break*: fill lines greedily, item group by item group (a group is what lies
   between two break opportunities), so a word never splits unless
   overflow-wrap/word-break allow it;
3. *align vertically*: per line, each inline box's ascent/descent with
   half-leading and vertical-align offsets gives the line's height and baseline;
4. *place*: fragments get x (text-align, justify) and y.

Coordinates are relative to the block container's border box; `layout/__init__`
makes them absolute at the end.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Generator

from ..css.properties import Num
from ..css.values import CalcPct, Pct, resolve
from .text import (NBSP, NO_BREAK_AFTER, SHY, ZWSP, WRAPPING, apply_text_transform, collapse_spaces,
                   is_cjk_breakable, segments)
from .tree import (ATOMIC_INLINE_KINDS, INLINE, LINE_BREAK, MARKER, TABLE, TEXT, Box, Fragment, LineBox)
from .floats import FLOAT_ITEM, is_float
from .punctuation import base_class, font_glyph_class, has_spacing_feature, may_collapse, trims

OPEN, CLOSE, WORD, ATOMIC, BREAK = "open", "close", "word", "atomic", "break"
OUT_OF_FLOW_ITEM = "out-of-flow"   # an absolutely positioned box: no width, only a static position


@dataclass(eq=False, slots=True)   # slots: tens of thousands per page, read in every pass
class Item:
    kind: str
    box: Box
    text: str = ""           # WORD: the characters, without the collapsible trailing space
    width: float = 0.0       # WORD: advance of text; OPEN/CLOSE: the edge (margin+border+padding); ATOMIC: margin box
    space: str = ""          # WORD: the trailing space(s) that may hang at the end of a line
    space_width: float = 0.0
    break_after: bool = False  # a line may break after this item
    font: Any = None
    style: Any = None
    hyphen_width: float = 0.0  # WORD ending in a soft hyphen: width of the visible hyphen
    # WORD starting with an opening bracket set half-width (punctuation.py): its glyph is drawn this
    # far left of the pen; `width` already excludes it
    lead: float = 0.0
    # WORD ending with a closing mark set half-width: `width` already excludes this much, and the
    # next text is not drawn in the same run (its glyphs would not move left)
    tail: float = 0.0
    # WORD cut from the next piece at a break opportunity with no space (after a hyphen): the
    # kerning between its last character and the next piece's first, included in `width` because
    # the text is shaped as one run; a line that ends after this word gives it back
    kern: float = 0.0
    # OPEN/CLOSE: (margin, border, padding) of that side, the parts of `width`, kept for placing
    # the line; None when a percentage makes them depend on the line's width (`_edge`)
    edge: tuple | None = None


@dataclass
class InlineResult:
    lines: list[LineBox]
    height: float
    first_baseline: float | None
    last_baseline: float | None
    # absolutely positioned boxes met in the content: (box, x, y) of their static positions,
    # relative to the content box (positioned.py lays them out later)
    out_of_flow: list = field(default_factory=list)


def _edge(box: Box, side: str, cb_width: float) -> tuple[tuple[float, float, float], bool]:
    """(margin, border, padding) on the left or right side of an inline box (none where a block split
    it), and whether a percentage made them depend on `cb_width`."""
    if box.split_before and side == "left" or box.split_after and side == "right":
        return (0.0, 0.0, 0.0), False
    return _style_edge(box.style, side, cb_width)


def _style_edge(s, side: str, cb_width: float) -> tuple[tuple[float, float, float], bool]:
    """`_edge` of an inline box of style `s` that no block split."""
    margin_attr, border_attr, padding_attr = _EDGE_ATTRS[side]
    by_width = False
    margin = getattr(s, margin_attr)
    if margin.__class__ is not float:   # a percentage, calc() or auto
        by_width = isinstance(margin, _PERCENTAGES)
        margin = resolve(margin, cb_width, auto=0.0) or 0.0
    elif not margin:   # 0 or -0 → 0.0
        margin = 0.0
    padding = getattr(s, padding_attr)
    if padding.__class__ is not float:
        by_width = by_width or isinstance(padding, _PERCENTAGES)
        padding = resolve(padding, cb_width, auto=0.0) or 0.0
    elif not padding:
        padding = 0.0
    return (margin, getattr(s, border_attr), padding), by_width


_PERCENTAGES = (Pct, CalcPct)


def _style_edges(style) -> tuple | None:
    """(left edge, its width, right edge, its width) of an inline box of this style that no block
    split, or None when a percentage makes them depend on the containing block's width.  Found once
    per computed style (`TextMeasurer.edges`): a page's inline boxes share a few dozen styles."""
    left, left_by_width = _style_edge(style, "left", 0.0)
    right, right_by_width = _style_edge(style, "right", 0.0)
    if left_by_width or right_by_width:
        return None
    return left, left[0] + left[1] + left[2], right, right[0] + right[1] + right[2]


_EDGE_ATTRS = {side: (f"margin_{side}", f"border_{side}_width", f"padding_{side}") for side in ("left", "right")}


def _letter_spacing(style, cb_width: float) -> float:
    value = style.letter_spacing
    return value if isinstance(value, float) else (resolve(value, style.font_size) or 0.0)


def _word_spacing(style, cb_width: float) -> float:
    value = style.word_spacing
    return value if isinstance(value, float) else (resolve(value, cb_width) or 0.0)


class TextMeasurer:
    """Width of text in a style, with letter- and word-spacing, cached per (font, text)."""

    def __init__(self, metrics) -> None:
        self.metrics = metrics
        # font → {text → advance without spacing}: one dict per font, so that measuring a word
        # hashes only its text (a str keeps its hash), not a (font, text) tuple of eight fields
        self.widths: dict = {}
        # font → {text → extent of its fallback fonts or None} (`_fallback_extent`)
        self.fallback_extents: dict = {}
        # per computed style (shared by many boxes, alive for the whole layout): its font, the
        # font's metrics and its line metrics, so that each word does not look them up again
        self.fonts: dict = {}
        self.line_metrics: dict = {}
        # per computed style of inline boxes: `_style_edges`, and the vertical edges `_place_line`
        # adds around their content area (`_vertical_extent`)
        self.edges: dict = {}
        self.vertical: dict = {}
        # per computed style of text: what `_text_items` needs of it (`_text_setup`)
        self.text_setups: dict = {}
        # text → its `segments` with word-break: normal in a wrapping style: short runs (code
        # tokens, link texts) come back many times on a page
        self.segments: dict = {}

    def font(self, style):
        """The font of a style, asked of the metrics once per style object."""
        found = self.fonts.get(style)
        if found is None:
            found = self._style_font(style)
        return found[0]

    def _style_font(self, style) -> tuple:
        """(font, its FontMetrics, its width table) of a style, found once per style object."""
        font = self.metrics.font(style)
        found = self.fonts[style] = (font, self.metrics.metrics(font), self.widths_of(font))
        return found

    def font_and_widths(self, style) -> tuple:
        """(font, `widths_of(font)`) of a style: what measuring its words needs, in one look-up."""
        found = self.fonts.get(style)
        if found is None:
            found = self._style_font(style)
        return found[0], found[2]

    def font_metrics(self, style):
        """The FontMetrics of a style's font."""
        found = self.fonts.get(style)
        if found is None:
            found = self._style_font(style)
        return found[1]

    def widths_of(self, font) -> dict:
        """The advances measured so far in `font`, by text (see `base_width`)."""
        found = self.widths.get(font)
        if found is None:
            found = self.widths[font] = {}
        return found

    def base_width(self, text: str, font, widths: dict | None = None) -> float:
        """Advance of non-empty text in font, fallback fonts included, without letter- or
        word-spacing; `widths` is `widths_of(font)` when the caller has it at hand."""
        if widths is None:
            widths = self.widths_of(font)
        base = widths.get(text)
        if base is None:
            base = 0.0
            for run_text, run_font in self.metrics.runs(text, font):
                base += self.metrics.width(run_text, run_font)
            widths[text] = base
        return base

    def width(self, text: str, font, style, cb_width: float) -> float:
        if not text:
            return 0.0
        return self.base_width(text, font) + \
            spacing_extra(text, _letter_spacing(style, cb_width), _word_spacing(style, cb_width))


def spacing_extra(text: str, letter: float, word: float) -> float:
    """What letter-spacing (after every character) and word-spacing (after every space and
    no-break space) add to the advance of text (CSS Text 3 §8.1, §8.2)."""
    extra = 0.0
    if letter:
        extra += letter * len(text)
    if word:
        extra += word * (text.count(" ") + text.count(NBSP))
    return extra


def flatten(container: Box, ctx, cb_width: float) -> list[Item]:
    """Pass 1: the inline box tree as a flat list of items (iterative walk)."""
    items: list[Item] = []
    measure = ctx.measurer
    after_space = True  # at the start of a block, a collapsible space is dropped
    punctuation = False   # some text may hold fullwidth punctuation pairs to collapse
    atomics = False       # some item is ATOMIC
    edges = measure.edges
    # boxes still to visit, and the CLOSE item of each inline box entered, met again once its
    # content is done
    stack: list = list(reversed(container.children))
    while stack:
        box = stack.pop()
        if box.__class__ is Item:
            items.append(box)
            continue
        kind = box.kind
        if kind == TEXT:
            style = box.style
            white_space = style.white_space
            text, after_space = collapse_spaces(box.text, white_space, after_space)
            if not text:
                continue
            if style.text_transform != "none":
                text = apply_text_transform(text, style.text_transform)
            if not punctuation and may_collapse(text):
                punctuation = True
            _text_items(items, box, text, style, ctx, cb_width, measure)
        elif kind == INLINE or kind == MARKER:
            style = box.style
            found = edges.get(style, _UNKNOWN)
            if found is _UNKNOWN:
                found = edges[style] = _style_edges(style)
            if found is not None and not box.split_before and not box.split_after:
                left, left_width, right, right_width = found
                # (positional, in field order, as in `_edge_item`)
                items.append(Item(OPEN, box, "", left_width, "", 0.0, False, None, style, 0.0, 0.0, 0.0, 0.0, left))
                stack.append(Item(CLOSE, box, "", right_width, "", 0.0, False, None, style, 0.0, 0.0, 0.0, 0.0,
                                  right))
            else:
                edge, by_width = _edge(box, "left", cb_width)
                items.append(_edge_item(OPEN, box, edge, by_width))
                edge, by_width = _edge(box, "right", cb_width)
                stack.append(_edge_item(CLOSE, box, edge, by_width))
            stack.extend(reversed(box.children))
        elif kind == LINE_BREAK:
            items.append(Item(BREAK, box, break_after=True, style=box.style))
            after_space = True
        elif box.style.position in ("absolute", "fixed"):
            items.append(Item(OUT_OF_FLOW_ITEM, box, style=box.style))
        elif is_float(box):   # taken out of the line and placed by floats.py (§9.5.1)
            items.append(Item(FLOAT_ITEM, box, style=box.style))
        elif kind in ATOMIC_INLINE_KINDS or kind == TABLE:
            items.append(Item(ATOMIC, box, break_after=True, style=box.style))
            after_space = False
            atomics = True
        else:  # a block-level box left inside inline content: treat as atomic
            items.append(Item(ATOMIC, box, break_after=True, style=box.style))
            after_space = False
            atomics = True
    # an atomic inline is a break opportunity before it too: mark the item before it
    for i in range(1, len(items) if atomics else 0):
        if items[i].kind == ATOMIC and items[i - 1].kind == WORD:
            items[i - 1].break_after = True
        elif items[i].kind == ATOMIC and items[i - 1].kind == OPEN:
            j = i - 1
            while j >= 0 and items[j].kind == OPEN:
                j -= 1
            if j >= 0 and items[j].kind in (WORD, ATOMIC, CLOSE):
                items[j].break_after = True
    if punctuation:
        items = _collapse_punctuation(items, measure, cb_width)
    return items


def _edge_item(kind: str, box: Box, edge: tuple[float, float, float], by_width: bool) -> Item:
    """The OPEN or CLOSE item of an inline box's edge (positional arguments, in field order: this
    runs twice per inline box, and keywords take twice as long)."""
    return Item(kind, box, "", edge[0] + edge[1] + edge[2], "", 0.0, False, None, box.style, 0.0, 0.0, 0.0, 0.0,
                None if by_width else edge)


def _collapse_punctuation(items: list[Item], measure, cb_width: float) -> list[Item]:
    """Set adjacent fullwidth punctuation half-width (punctuation.py), across element boundaries as
    Blink does (its context is the paragraph's text); an atomic inline or a forced break ends the
    context.  A WORD whose inner character is trimmed is cut there, so that each piece is drawn at
    its own pen position."""
    if not hasattr(measure.metrics, "pil_font"):
        return items   # text mode measures in character cells: no glyphs to trim
    chain = [it for it in items if it.kind in (WORD, ATOMIC, BREAK)]
    replaced: dict[int, list[Item]] = {}
    for n, item in enumerate(chain):
        if item.kind != WORD or not may_collapse(item.text):
            continue
        before = chain[n - 1] if n else None
        after = chain[n + 1] if n + 1 < len(chain) else None
        prev_char = ((before.text + before.space)[-1:] if before is not None and before.kind == WORD else "")
        next_char = ((after.text + after.space)[:1] if after is not None and after.kind == WORD else "")
        if item.space:
            next_char = item.space[0]
        text, font = item.text, item.font

        def trimmable(i: int, text=text, font=font) -> bool:
            run_font = measure.metrics.runs(text[i], font)[0][1]
            advance = measure.metrics.width(text[i], run_font)
            return abs(advance - run_font.size) <= 0.02 * run_font.size and \
                has_spacing_feature(run_font.path, run_font.index)

        def classify(ch: str, font=font) -> str:
            kind = base_class(ch)
            return font_glyph_class(measure.metrics, font, ch) if kind == "glyph" else kind

        cut = trims(text, prev_char, next_char, classify, trimmable)
        if cut:
            replaced[id(item)] = _cut_word(item, cut, measure, cb_width)
    if not replaced:
        return items
    out: list[Item] = []
    for item in items:
        out.extend(replaced.get(id(item), (item,)))
    return out


def _cut_word(item: Item, cut: dict[int, str], measure, cb_width: float) -> list[Item]:
    """The pieces of a WORD around its trimmed characters, with their lead and tail."""
    bounds = {0, len(item.text)}
    for i, side in cut.items():
        bounds.add(i if side == "start" else i + 1)
    edges = sorted(bounds)
    pieces: list[Item] = []
    for start, end in zip(edges, edges[1:]):
        piece = item.text[start:end]
        half = item.font.size / 2
        lead = half if cut.get(start) == "start" else 0.0
        tail = half if cut.get(end - 1) == "end" else 0.0
        width = measure.width(piece.replace(SHY, "").replace(ZWSP, ""), item.font, item.style, cb_width)
        pieces.append(Item(WORD, item.box, text=piece, width=width - lead - tail, font=item.font,
                           style=item.style, lead=lead, tail=tail))
    last = pieces[-1]
    last.space, last.space_width = item.space, item.space_width
    last.break_after, last.hyphen_width = item.break_after, item.hyphen_width
    return pieces


def _text_items(items: list[Item], box: Box, text: str, style, ctx, cb_width: float, measure) -> None:
    """The WORD (and forced BREAK) items of one text box.  Most of a page's text passes here word by
    word, so what is the same for the whole box — font, spacing, how trailing spaces are treated —
    is looked up once, and each word's advance is read from its font's width table directly."""
    setup = measure.text_setups.get(style)
    if setup is None:
        setup = _text_setup(style, measure, cb_width)
    font, widths, letter, word, spaced, wrap, hanging_spaces, newlines, word_break = setup
    # forced breaks: preserved newlines
    lines = text.split("\n") if newlines else [text]
    segment_cache = measure.segments if wrap and word_break == "normal" else None
    for index, line in enumerate(lines):
        if index:
            items.append(Item(BREAK, box, break_after=True, style=style))
        if not line:
            continue
        if "\t" in line:
            line = _expand_tabs(line, style)
        invisible = SHY in line or ZWSP in line   # measured without them
        if segment_cache is None:
            pieces = segments(line, word_break, wrap)
        else:
            pieces = segment_cache.get(line)
            if pieces is None:
                pieces = segments(line, word_break, wrap)
                if len(line) <= MAX_SHARED_SEGMENTS:
                    segment_cache[line] = pieces
        for piece in pieces:
            body = piece.rstrip(" ") if hanging_spaces else piece
            space = piece[len(body):]
            shown = body.replace(SHY, "").replace(ZWSP, "") if invisible else body
            advance = space_advance = 0.0
            # the word's and its spaces' advances, written out twice: a helper call per word costs
            # more than the look-up it would share (this loop runs once per word of the page)
            if shown:
                advance = widths.get(shown)
                if advance is None:
                    advance = measure.base_width(shown, font, widths)
                if spaced:
                    advance += spacing_extra(shown, letter, word)
            if space:
                space_advance = widths.get(space)
                if space_advance is None:
                    space_advance = measure.base_width(space, font, widths)
                if spaced:
                    space_advance += spacing_extra(space, letter, word)
            # (positional arguments, in field order: twice as fast as keywords, and this runs per word)
            item = Item(WORD, box, body, advance, space, space_advance, wrap, font, style)
            if invisible and body.endswith(SHY):
                item.hyphen_width = measure.width("-", font, style, cb_width)
            items.append(item)
        if len(pieces) > 1:
            _kern_joins(items, len(items) - len(pieces), measure, font, style, cb_width)
        if items and items[-1].kind == WORD and items[-1].box is box:
            # the end of a text run is not itself a break opportunity unless it ends in a space/ZWSP/CJK
            last = items[-1]
            if not last.space and not last.text.endswith((ZWSP, SHY)) and not _cjk_end(last.text):
                last.break_after = False


MAX_SHARED_SEGMENTS = 40   # longer text (most of a paragraph's) seldom comes back word for word


def _text_setup(style, measure, cb_width: float) -> tuple:
    """What `_text_items` needs of a text style: (font, its width table, letter- and word-spacing,
    whether either is set, whether lines wrap, whether trailing spaces hang, whether newlines are
    forced breaks, word-break).  Kept per style unless word-spacing is a percentage of `cb_width`."""
    white_space = style.white_space
    font, widths = measure.font_and_widths(style)
    letter = style.letter_spacing
    if not isinstance(letter, float):
        letter = resolve(letter, style.font_size) or 0.0
    word = style.word_spacing
    by_width = not isinstance(word, float)
    if by_width:
        word = resolve(word, cb_width) or 0.0
    setup = (font, widths, letter, word, bool(letter or word), white_space in WRAPPING,
             # with these, trailing spaces are not part of a word: they hang (or collapse) at a line's end
             white_space in ("normal", "nowrap", "pre-line", "pre-wrap"),
             white_space not in ("normal", "nowrap"), style.word_break)
    if not by_width:
        measure.text_setups[style] = setup
    return setup


def _kern_joins(items: list[Item], start: int, measure, font, style, cb_width: float) -> None:
    """Blink shapes a text run whole and only then breaks it into lines, so "X-T" is narrower than
    "X-" and "T" measured apart (the font kerns "-T").  Give each piece that joins the next with no
    space between them the kerning of the pair across the join (CJK ideographs are not kerned)."""
    for i in range(start, len(items) - 1):
        item, after = items[i], items[i + 1]
        if item.space or not item.text or not after.text:
            continue
        last, first = item.text[-1], after.text[0]
        if last in (SHY, ZWSP) or first in (SHY, ZWSP) or is_cjk_breakable(last) or is_cjk_breakable(first):
            continue
        kern = measure.width(last + first, font, style, cb_width) - measure.width(last, font, style, cb_width) \
            - measure.width(first, font, style, cb_width)
        if abs(kern) > 1e-6:
            item.kern = kern
            item.width += kern


def _cjk_end(text: str) -> bool:
    # (no character below U+2E80 is CJK-breakable: most text is answered by one comparison)
    return bool(text) and text[-1] >= "\u2e80" and is_cjk_breakable(text[-1]) and text[-1] not in NO_BREAK_AFTER


MAX_TAB_SPACES = 1_000   # a tab stop farther than this is off any screen anyway


def _expand_tabs(line: str, style) -> str:
    size = style.tab_size
    tab = int(size) if isinstance(size, Num) else max(1, int(round((size or 64) / (style.font_size / 2))))
    tab = min(tab, MAX_TAB_SPACES)   # tab-size: 1e12 would be a terabyte of spaces
    out = []
    column = 0
    for ch in line:
        if ch == "\t":
            count = tab - column % tab if tab else 0
            out.append(" " * count)
            column += count
        else:
            out.append(ch)
            column += 1
    return "".join(out)


# ---------------------------------------------------------------------------
# pass 2: line breaking

def _groups(items: list[Item]) -> list[list[Item]]:
    """Split items into unbreakable groups: a group ends after an item that allows a break.  Closing
    edges right after a break point belong to the group before it (they stick to the word they
    close), so no group but the first starts with one, and none is empty."""
    groups: list[list[Item]] = []
    current: list[Item] = []
    for item in items:
        kind = item.kind
        if kind == CLOSE and not current and groups:
            groups[-1].append(item)  # a closing edge sticks to the word before it
            continue
        current.append(item)
        if kind == BREAK or item.break_after:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _group_width(group: list[Item]) -> tuple[float, float]:
    """(width without the trailing hanging space, trailing space width)."""
    if len(group) == 1 and group[0].kind == WORD:   # most groups: one word (summed as below: 0.0 + w)
        return 0.0 + group[0].width, group[0].space_width
    width = 0.0
    trailing = 0.0
    for item in group:
        if item.kind == WORD:
            width += trailing + item.width
            trailing = item.space_width
        elif item.kind in (OPEN, CLOSE, ATOMIC):
            width += trailing + item.width
            trailing = 0.0
    return width, trailing


def break_lines(items: list[Item], available: float, first_indent: float) -> list[list[Item]]:
    """Greedy line filling; returns the items of each line."""
    lines: list[list[Item]] = []
    line: list[Item] = []
    line_width = 0.0       # including the trailing space of the last group
    trailing = 0.0
    indent = first_indent
    for group in _groups(items):
        width, space = _group_width(group)
        fits = line_width - trailing + (trailing if line else 0) + width <= available - indent + 0.01
        if line and not fits and _content(line):
            lines.append(line)
            line, line_width, trailing, indent = [], 0.0, 0.0, 0.0
        if not line:
            width += _line_start_lead(group)
        if not line and width > available - indent + 0.01 and _splittable(group):
            # overflow-wrap: break-word / anywhere — split the group at character boundaries
            for part in _split_group(group, available - indent):
                if line:
                    lines.append(line)
                    line, line_width, trailing, indent = [], 0.0, 0.0, 0.0
                line = part
                line_width, trailing = _group_width(part)
                line_width += trailing
            if _ends_line(group):
                lines.append(line)
                line, line_width, trailing, indent = [], 0.0, 0.0, 0.0
            continue
        line.extend(group)
        line_width += width + space
        trailing = space
        last_kind = group[-1].kind   # (`_ends_line`, asked only when the group may hold a break)
        if last_kind == BREAK or last_kind == CLOSE and _ends_line(group):
            lines.append(line)
            line, line_width, trailing, indent = [], 0.0, 0.0, 0.0
    if line:
        lines.append(line)
    return lines


def _ends_line(group: list[Item]) -> bool:
    """Does the group hold a forced break?  It ends the group, but the closing edges of the inline
    boxes that held the break (`<code>a\n</code>`, `<span>a<br></span>`) follow it on its line."""
    for item in reversed(group):
        if item.kind == BREAK:
            return True
        if item.kind != CLOSE:
            return False
    return False


def _line_start_lead(group: list[Item]) -> float:
    """The half em a group's first opening bracket gets back when it starts a line (punctuation.py:
    text-spacing-trim: normal sets it full-width there)."""
    for item in group:
        if item.kind == WORD:
            return item.lead
        if item.kind != OPEN:
            return 0.0
    return 0.0


def _content(line: list[Item]) -> bool:
    return any(i.kind in (WORD, ATOMIC) or (i.kind in (OPEN, CLOSE) and i.width) for i in line)


def _splittable(group: list[Item]) -> bool:
    """May the group's first word break between characters?  overflow-wrap only adds soft wrap
    opportunities, so white-space: nowrap or pre, which suppress them, keep it whole (CSS Text 3 §5.5)."""
    for item in group:
        if item.kind == WORD:
            style = item.style
            if style.overflow_wrap in ("break-word", "anywhere") or style.word_break == "break-word":
                return len(item.text) > 1 and style.white_space in WRAPPING
    return False


def _split_group(group: list[Item], available: float) -> list[list[Item]]:
    """Break a too-long word between characters so each part fits (CSS Text 3 §5.5)."""
    parts: list[list[Item]] = []
    current: list[Item] = []
    width = 0.0
    for item in group:
        if item.kind != WORD or not item.text:
            current.append(item)
            width += item.width if item.kind != WORD else 0.0
            continue
        text = item.text
        per_char = item.width / max(1, len(text))
        start = 0
        for i in range(1, len(text) + 1):
            if width + per_char * (i - start) > available and i - 1 > start:
                piece = Item(WORD, item.box, text=text[start:i - 1], width=per_char * (i - 1 - start),
                             font=item.font, style=item.style)
                current.append(piece)
                parts.append(current)
                current, width, start = [], 0.0, i - 1
        last = Item(WORD, item.box, text=text[start:], width=per_char * (len(text) - start), space=item.space,
                    space_width=item.space_width, font=item.font, style=item.style, break_after=item.break_after)
        current.append(last)
        width += last.width
    if current:
        parts.append(current)
    return parts


# ---------------------------------------------------------------------------
# passes 3 and 4: vertical alignment and placement

@dataclass
class _BoxMetrics:
    ascent: float      # font ascent (content area above the baseline)
    descent: float
    above: float       # with half-leading: the inline box's "line-height box" above the baseline
    below: float


def box_line_metrics(style, ctx) -> _BoxMetrics:
    """Ascent/descent of an inline box's font and its half-leading (CSS 2.1 §10.8.1)."""
    cache = ctx.measurer.line_metrics
    found = cache.get(style)
    if found is None:
        found = cache[style] = _box_line_metrics(style, ctx)
    return found


def _box_line_metrics(style, ctx) -> _BoxMetrics:
    fm = ctx.measurer.font_metrics(style)
    ascent, descent = fm.ascent, fm.descent
    # a character-cell surface has one row per line, whatever line-height says
    height = fm.line_spacing if ctx.metrics.cell_based else line_height_px(style, fm)
    leading = height - (ascent + descent)
    # Blink floors the half-leading above the baseline to a whole pixel and gives the rest to the
    # part below (LayoutNG's CalculateLeadingSpace): a 22.75 px line around 19 px of text is 1 + 2.75
    half = math.floor(math.trunc(round(leading * 64) / 2) / 64)   # LayoutUnit / 2 truncates, then Floor()
    above = ascent + half
    return _BoxMetrics(ascent, descent, above, height - above)


def line_height_px(style, font_metrics) -> float:
    value = style.line_height
    if value == "normal":
        return font_metrics.line_spacing
    if isinstance(value, Num):
        # Blink keeps a number as a percentage of the font size taken as a LayoutUnit, and the
        # product is truncated to a LayoutUnit again: 13.33px x 1.5 gives 19.984, not 20
        return _floor_unit(_floor_unit(style.font_size) * float(value))
    if isinstance(value, float):
        return _snap(value)
    return font_metrics.line_spacing


LAYOUT_UNIT_MAX = 33_554_431.0   # Blink's LayoutUnit range: (2^31 - 1) / 64 px


def _floor_unit(value: float) -> float:
    """A float truncated to Blink's LayoutUnit (1/64 px), as its constructor does (saturating)."""
    if not -LAYOUT_UNIT_MAX <= value <= LAYOUT_UNIT_MAX:
        return _snap(value)
    return math.floor(value * 64 + 1e-6) / 64


def _snap(value: float) -> float:
    """Blink's LayoutUnit: 1/64 px, saturating at its range (line-height: 1e308 is a number times
    the font size: infinity), and NaN as 0."""
    if not -LAYOUT_UNIT_MAX <= value <= LAYOUT_UNIT_MAX:
        value = 0.0 if value != value else math.copysign(LAYOUT_UNIT_MAX, value)
    return round(value * 64) / 64


def _vertical_shift(style, parent_style, parent_fm, own: _BoxMetrics, ctx) -> float | str:
    """Baseline offset (positive = down) of a box relative to its parent's baseline."""
    align = style.vertical_align
    if align == "baseline":
        return 0.0
    if align in ("top", "bottom"):
        return align
    if align == "sub":
        return _snap(parent_style.font_size / 5 + 1)
    if align == "super":
        return -_snap(parent_style.font_size / 3 + 1)
    if align == "text-top":
        return own.above - parent_fm.ascent
    if align == "text-bottom":
        return parent_fm.descent - own.below
    if align == "middle":
        # the box's vertical midpoint at the parent's baseline + half its x-height
        return -(parent_fm.x_height / 2) + (own.above - own.below) / 2
    if isinstance(align, Pct):
        height = line_height_px(style, ctx.metrics.metrics(ctx.metrics.font(style)))
        return -_snap(height * align.value / 100)
    if isinstance(align, float):
        return -align
    return 0.0


def layout_inline_content(container: Box, content_width: float, ctx,
                          origin: tuple[float, float] = (0.0, 0.0), items: list[Item] | None = None
                          ) -> InlineResult:
    """Lay out the inline-level children of `container`; atomic inlines must already be laid out
    (their margin-box size known) — block.py does that first.  `origin` is where the content box
    starts in the container's border box: lines and baselines come out there (out-of-flow static
    positions stay relative to the content box).  `items`: `flatten(container, ctx, content_width)`
    when the caller has it already."""
    style = container.style
    if items is None:
        items = flatten(container, ctx, content_width)
    for item in items:
        if item.kind == ATOMIC:
            b = item.box
            item.width = b.margin[3] + b.width + b.margin[1]
    indent = resolve(style.text_indent, content_width, auto=0.0) or 0.0
    line_items = break_lines(items, content_width, indent)
    root_metrics = box_line_metrics(style, ctx)
    lines: list[LineBox] = []
    y = 0.0
    open_boxes: list[Box] = []   # inline boxes open at the start of the current line
    out_of_flow: list = []
    for index, entries in enumerate(line_items):
        placed = len(out_of_flow)
        line, open_boxes = _place_line(container, entries, open_boxes, index == 0, index == len(line_items) - 1,
                                       content_width, indent if index == 0 else 0.0, root_metrics, ctx,
                                       out_of_flow)
        for i in range(placed, len(out_of_flow)):
            box, x, dy = out_of_flow[i]
            out_of_flow[i] = (box, x, y + dy)
        if line is None:
            continue
        line.x += origin[0]
        line.y = y + origin[1]
        shift_fragments_twice(line, 0.0, y, origin[0], origin[1])
        y += line.height
        lines.append(line)
    first = lines[0].baseline if lines else None
    last = lines[-1].baseline if lines else None
    return InlineResult(lines, y, first, last, out_of_flow)


def shift_fragments(line: LineBox, dx: float, dy: float) -> None:
    """Move what is on a line (its baseline, fragments and atomic boxes), not the line box itself."""
    line.baseline += dy
    for frag in line.fragments:
        frag.x += dx
        frag.y += dy
        frag.baseline += dy
        kind = frag.box.kind
        if kind in ATOMIC_INLINE_KINDS or kind == TABLE:
            frag.box.x += dx
            frag.box.y += dy


def shift_fragments_twice(line: LineBox, dx: float, dy: float, dx2: float, dy2: float) -> None:
    """`shift_fragments` by (dx, dy) and then by (dx2, dy2), in one pass over the fragments (the
    sums are taken in that order, so the result is the same to the last bit)."""
    line.baseline = line.baseline + dy + dy2
    for frag in line.fragments:
        frag.x = frag.x + dx + dx2
        frag.y = frag.y + dy + dy2
        frag.baseline = frag.baseline + dy + dy2
        kind = frag.box.kind
        if kind in ATOMIC_INLINE_KINDS or kind == TABLE:
            box = frag.box
            box.x = box.x + dx + dx2
            box.y = box.y + dy + dy2


def _last_word(entries: list[Item]) -> int:
    """The index of the line's last WORD item, whose trailing space hangs; -1 if none, or if an
    atomic inline follows it (it ends the line: the space before it does not hang)."""
    for index in range(len(entries) - 1, -1, -1):
        kind = entries[index].kind
        if kind == WORD:
            return index
        if kind == ATOMIC:
            return -1
    return -1


def _is_empty_line(entries: list[Item]) -> bool:
    for item in entries:
        if item.kind == WORD and (item.text or (item.space and item.style.white_space not in
                                                ("normal", "nowrap", "pre-line"))):
            return False
        if item.kind in (ATOMIC, BREAK):
            return False
        if item.kind in (OPEN, CLOSE) and item.width:
            return False
    return True


def _place_line(container: Box, entries: list[Item], open_boxes: list[Box], first_line: bool, last_line: bool,
                width: float, indent: float, root: _BoxMetrics, ctx,
                out_of_flow: list | None = None) -> tuple[LineBox | None, list[Box]]:
    """Place one line's items; the static positions of out-of-flow boxes on it are appended to
    `out_of_flow` as (box, x, y from the line's top)."""
    style = container.style
    still_open = list(open_boxes)
    if _is_empty_line(entries):
        for item in entries:
            if item.kind == OPEN:
                still_open.append(item.box)
            elif item.kind == CLOSE:
                _close(still_open, item.box)
            elif item.kind == OUT_OF_FLOW_ITEM and out_of_flow is not None:
                # alone on a line that holds nothing: where the line would start, aligned
                align = _text_align(style, last_line, entries)
                free = width - indent
                shift = free if align in ("right", "end", "-webkit-right") else \
                    free / 2 if align in ("center", "-webkit-center") else 0.0
                out_of_flow.append((item.box, indent + shift, 0.0))
        return None, still_open
    # drop the hanging trailing space of the line (collapsible spaces at the end are removed)
    last_word = _last_word(entries)
    fragments: list[Fragment] = []
    pending_oof: list[tuple[Box, float, tuple[float, float]]] = []
    x = indent
    # per fragment, in the order of `fragments`: its baseline offset from the line's root baseline,
    # its line metrics, and the position: relative offset of the inline boxes around it
    shifts: list[float] = []
    frag_metrics: list[_BoxMetrics] = []
    frag_offsets: list[tuple[float, float]] = []
    relative = False         # does some box on the line have a relative offset?
    line_metrics = ctx.measurer.line_metrics
    vertical = ctx.measurer.vertical
    fallback_extents = ctx.measurer.fallback_extents
    # top/bottom-aligned subtrees (CSS 2.1 §10.8): placed once the rest of the line has its height; each
    # record keeps the subtree's extent around its own baseline and the range of its descendants' fragments
    aligned: list[_Aligned] = []
    aligned_open: list[_Aligned] = []
    active: list[tuple[Box, Fragment]] = []
    parent_style_stack = [style]   # (the parent's font metrics, when vertical-align needs them: font_metrics)
    font_metrics = ctx.measurer.font_metrics
    shift_stack = [0.0]
    offset_stack = [(0.0, 0.0)]             # position: relative offsets of the open inline boxes, summed
    # Quirks §3.3, the line height calculation quirk: an inline box (the root one included) that holds
    # no text on this line and has no vertical borders or padding counts as if its line-height were 0
    quirks = ctx.quirks
    started = False          # has text or an atomic inline been placed on this line yet?
    unjoinable: Fragment | None = None   # a text fragment that ends in a trimmed closing mark
    deferred: list[tuple[int, Any, float, float, float]] = []   # (owner, subtree, top, bottom, point)
    texted: set[int] = set()                                   # owners with text on this line; 0 = root
    line_top = math.inf if quirks else -root.above
    line_bottom = -math.inf if quirks else root.below

    def extend(top: float, bottom: float, into: Any = False) -> None:
        """Grow the line — or the innermost top/bottom-aligned subtree — to hold [top, bottom]."""
        nonlocal line_top, line_bottom
        rec = (aligned_open[-1] if aligned_open else None) if into is False else into
        if rec is not None:
            rec.top = min(rec.top, top - rec.base)
            rec.bottom = max(rec.bottom, bottom - rec.base)
        else:
            line_top = min(line_top, top)
            line_bottom = max(line_bottom, bottom)

    def has_text() -> None:
        texted.add(id(active[-1][1]) if active else 0)

    def open_box(box: Box, starts: bool) -> None:
        nonlocal relative
        style = box.style
        bm = line_metrics.get(style) or box_line_metrics(style, ctx)
        shift = 0.0 if style.vertical_align == "baseline" else \
            _vertical_shift(style, parent_style_stack[-1], font_metrics(parent_style_stack[-1]), bm, ctx)
        # Fragment(box, x, y, width, height, text, font, baseline, starts, ends, depth): positional, per box
        frag = Fragment(box, x, 0.0, 0.0, 0.0, "", None, 0.0, starts, False, len(active))
        total = shift_stack[-1] + (0.0 if isinstance(shift, str) else shift)
        shifts.append(total)
        frag_metrics.append(bm)
        if isinstance(shift, str):
            rec = _Aligned(frag, shift, total, -bm.above, bm.below, len(fragments) + 1)
            aligned.append(rec)
            aligned_open.append(rec)
        elif quirks and not _vertical_edges(box.style, width):
            deferred.append((id(frag), aligned_open[-1] if aligned_open else None, total - bm.above,
                             total + bm.below, total - (bm.ascent - bm.descent) / 2))
        else:
            extend(total - bm.above, total + bm.below)
        active.append((box, frag))
        fragments.append(frag)
        if style.position == "relative":
            own = relative_offset(style, width, None)
            if own[0] or own[1]:
                relative = True
            offset_stack.append((offset_stack[-1][0] + own[0], offset_stack[-1][1] + own[1]))
        else:   # no offset of its own: the sum so far (never -0.0, so adding 0.0 changes nothing)
            offset_stack.append(offset_stack[-1])
        frag_offsets.append(offset_stack[-1])
        parent_style_stack.append(style)
        shift_stack.append(total)

    def close_box(ends: bool) -> None:
        box, frag = active.pop()
        if aligned_open and aligned_open[-1].frag is frag:
            aligned_open.pop().end = len(fragments)
        frag.ends = ends
        frag.width = x - frag.x
        parent_style_stack.pop()
        shift_stack.pop()
        offset_stack.pop()

    for box in open_boxes:
        open_box(box, starts=False)
    for index, item in enumerate(entries):
        kind = item.kind
        if kind == OPEN:
            box = item.box
            margin, border, padding = item.edge or _edge(box, "left", width)[0]
            x += margin
            box_style = item.style
            if box_style.vertical_align == "baseline" and box_style.position != "relative" and not quirks \
                    and not aligned_open:
                # `open_box` for the common inline box (most of them: <a>, <em>, <code>, <span>) —
                # on the baseline, not moved, not in a top/bottom-aligned subtree — written out here
                bm = line_metrics.get(box_style) or box_line_metrics(box_style, ctx)
                frag = Fragment(box, x, 0.0, 0.0, 0.0, "", None, 0.0, not box.split_before, False, len(active))
                total = shift_stack[-1] + 0.0
                shifts.append(total)
                frag_metrics.append(bm)
                top, bottom = total - bm.above, total + bm.below
                if top < line_top:
                    line_top = top
                if bottom > line_bottom:
                    line_bottom = bottom
                active.append((box, frag))
                fragments.append(frag)
                offset = offset_stack[-1]
                offset_stack.append(offset)
                frag_offsets.append(offset)
                parent_style_stack.append(box_style)
                shift_stack.append(total)
            else:
                open_box(box, starts=not box.split_before)
                active[-1][1].x = x
            x += border + padding
            still_open.append(box)
        elif kind == CLOSE:
            box = item.box
            if not active or active[-1][0] is not box:
                continue
            margin, border, padding = item.edge or _edge(box, "right", width)[0]
            x += border + padding
            if aligned_open:
                close_box(not box.split_after)
            else:   # `close_box`, written out for the common case as `open_box` is above
                frag = active.pop()[1]
                frag.ends = not box.split_after
                frag.width = x - frag.x
                parent_style_stack.pop()
                shift_stack.pop()
                offset_stack.pop()
            x += margin
            if still_open and still_open[-1] is box:   # (`_close`'s common case: the box opened last)
                still_open.pop()
            else:
                _close(still_open, box)
        elif kind == WORD:
            text = item.text
            advance = item.width
            if index != last_word and item.space:
                text += item.space
                advance += item.space_width
            elif index == last_word and item.kern:
                advance -= item.kern   # the line ends here: no kerning with what follows
            elif item.space and item.style.white_space in ("pre-wrap", "break-spaces"):
                pass  # preserved trailing spaces hang
            hyphen = False
            if SHY in text:
                if text.endswith(SHY) and index == last_word:
                    text = text[:-1] + "-"
                    advance += item.hyphen_width
                    hyphen = True
                text = text.replace(SHY, "")
            if not text:
                continue
            lead = item.lead
            if lead and not started:   # text-spacing-trim: normal keeps a line's first bracket full-width
                advance += lead
                lead = 0.0
            started = True
            prev = fragments[-1] if fragments else None
            if prev is not None and prev.box is item.box and prev.box.kind == TEXT and prev.font == item.font \
                    and prev.x + prev.width == x and not lead and prev is not unjoinable:
                prev.text += text
                prev.width += advance
                prev.hyphen = hyphen
                if item.tail:
                    unjoinable = prev
            else:
                # Fragment(box, x, y, width, height, text, font, baseline, starts, ends, depth, hyphen):
                # positional, as this runs for most words
                frag = Fragment(item.box, x - lead, 0.0, advance + lead, 0.0, text, item.font, 0.0, True, True,
                                len(active), hyphen)
                if item.tail:
                    unjoinable = frag
                fragments.append(frag)
                frag_offsets.append(offset_stack[-1])
                shift = shift_stack[-1]
                shifts.append(shift)
                bm = line_metrics.get(item.style) or box_line_metrics(item.style, ctx)
                frag_metrics.append(bm)
                if aligned_open:
                    extend(shift - bm.above, shift + bm.below)
                else:   # extend(), inlined: most fragments are words of the line's own subtree
                    top, bottom = shift - bm.above, shift + bm.below
                    if top < line_top:
                        line_top = top
                    if bottom > line_bottom:
                        line_bottom = bottom
            if quirks and text.strip():
                has_text()
            fallback = None
            if item.style.line_height == "normal":   # (`_fallback_extent`'s memo, read here first)
                known = fallback_extents.get(item.font)
                fallback = _UNKNOWN if known is None else known.get(item.text, _UNKNOWN)
                if fallback is _UNKNOWN:
                    fallback = _fallback_extent(item, ctx)
            if fallback is not None:
                extend(shift_stack[-1] - fallback[0], shift_stack[-1] + fallback[1])
            x += advance
        elif kind == OUT_OF_FLOW_ITEM:
            pending_oof.append((item.box, x, offset_stack[-1]))
        elif kind == BREAK and item.box.kind == LINE_BREAK:
            # a <br> is an empty piece of text at the pen position: its font's content area on the
            # baseline (what getBoundingClientRect reports), and it counts in the line's height
            frag = Fragment(item.box, x=x, width=0.0, depth=len(active))
            fragments.append(frag)
            frag_offsets.append(offset_stack[-1])
            bm = box_line_metrics(item.style, ctx)
            shifts.append(shift_stack[-1])
            frag_metrics.append(bm)
            extend(shift_stack[-1] - bm.above, shift_stack[-1] + bm.below)
            if quirks:
                has_text()
        elif kind == ATOMIC:
            started = True
            b = item.box
            frag = Fragment(b, x=x + b.margin[3], width=b.width, height=b.height, depth=len(active))
            fragments.append(frag)
            own = relative_offset(b.style, width, None)
            if own[0] or own[1]:
                relative = True
            frag_offsets.append((offset_stack[-1][0] + own[0], offset_stack[-1][1] + own[1]))
            above = b.margin[0] + (b.baseline if b.baseline is not None else b.height + b.margin[2]) \
                if b.baseline is not None else b.margin[0] + b.height + b.margin[2]
            below = b.margin[0] + b.height + b.margin[2] - above
            bm = _BoxMetrics(above, below, above, below)
            shift = _vertical_shift(b.style, parent_style_stack[-1], font_metrics(parent_style_stack[-1]), bm, ctx)
            total = shift_stack[-1] + (0.0 if isinstance(shift, str) else shift)
            shifts.append(total)
            frag_metrics.append(bm)
            if isinstance(shift, str):
                index_after = len(fragments)
                aligned.append(_Aligned(frag, shift, total, -above, below, index_after, index_after))
            else:
                extend(total - above, total + below)
            x += item.width
    while active:
        close_box(False)
    if quirks:
        if 0 in texted:
            extend(-root.above, root.below, None)
        else:
            point = -(root.ascent - root.descent) / 2
            extend(point, point, None)
        for owner, into, top, bottom, point in deferred:
            extend(top, bottom, into) if owner in texted else extend(point, point, into)
    # top/bottom-aligned boxes may make the line taller (CSS 2.1 §10.8)
    height = line_bottom - line_top
    for rec in aligned:
        height = max(height, rec.bottom - rec.top)
    line_height = height
    baseline = -line_top
    for rec in aligned:   # outer subtrees first: an inner one then moves from where its parent put it
        new = -rec.top - baseline if rec.where == "top" else line_height - rec.bottom - baseline
        delta = new - shifts[rec.index]
        shifts[rec.index] = new
        for inner in range(rec.start, rec.end):
            shifts[inner] += delta
    # horizontal alignment
    free = width - x
    align = _text_align(style, last_line, entries)
    dx = 0.0
    if align in ("right", "end", "-webkit-right"):
        dx = free
    elif align in ("center", "-webkit-center"):
        dx = free / 2
    elif align == "justify" and free > 0 and not last_line:
        _justify(fragments, free)
    line = LineBox(x=0.0, y=0.0, width=width, height=line_height, baseline=baseline, fragments=fragments)
    for frag, shift, bm in zip(fragments, shifts, frag_metrics):
        frag.baseline = baseline + shift
        kind = frag.box.kind
        if kind == TEXT or kind == LINE_BREAK:
            frag.y = frag.baseline - bm.ascent
            frag.height = bm.ascent + bm.descent
        elif kind in ATOMIC_INLINE_KINDS or kind == TABLE:
            b = frag.box
            bottom_of_margin = frag.baseline + bm.below
            b.y = bottom_of_margin - b.margin[2] - b.height
            b.x = frag.x
            frag.y = b.y
        else:  # inline box fragment: its border box around the content area
            s = frag.box.style
            edges = vertical.get(s)
            if edges is None:
                edges = _vertical_edges_of(s, width, vertical)
            pt, pb, bt, bb = edges
            frag.y = frag.baseline - bm.ascent - pt - bt
            frag.height = bm.ascent + bm.descent + pt + pb + bt + bb
    if dx:
        shift_fragments(line, dx, 0.0)
    if out_of_flow is not None and pending_oof:
        # static positions (CSS 2.1 §10.3.7 note): an originally inline-level box at the pen, at the
        # top of the line; a block-level one at the start of the next line, as Blink places them
        from .positioned import was_inline_level
        for box, pen, (ox, oy) in pending_oof:
            if was_inline_level(box):
                out_of_flow.append((box, pen + dx + ox, oy))
            else:
                out_of_flow.append((box, ox, line_height + oy))
    if relative:
        _move_relative(fragments, frag_offsets)
    return line, still_open


def _move_relative(fragments: list[Fragment], offsets: list[tuple[float, float]]) -> None:
    """position: relative moves boxes after layout, their contents with them (each fragment by the
    summed offsets of the boxes around it)."""
    for frag, (ox, oy) in zip(fragments, offsets):
        if ox or oy:
            frag.x += ox
            frag.y += oy
            frag.baseline += oy
            if frag.kind in ATOMIC_INLINE_KINDS or frag.kind == TABLE:
                frag.box.x += ox
                frag.box.y += oy


def relative_offset(style, cb_width: float, cb_height: float | None) -> tuple[float, float]:
    """How far position: relative moves a box (CSS 2.1 §9.4.3): left wins over right, top over bottom."""
    if style.position != "relative":
        return (0.0, 0.0)
    left = _length_or_none(style.left, cb_width)
    right = _length_or_none(style.right, cb_width)
    top = _length_or_none(style.top, cb_height)
    bottom = _length_or_none(style.bottom, cb_height)
    dx = left if left is not None else (-right if right is not None else 0.0)
    dy = top if top is not None else (-bottom if bottom is not None else 0.0)
    return (dx, dy)


def _length_or_none(value, basis: float | None) -> float | None:
    if isinstance(value, str):
        return None
    return resolve(value, basis, auto=None)


def _vertical_edges(style, cb_width: float) -> bool:
    """Has the inline box borders or padding above or below its content?"""
    return bool(style.border_top_width or style.border_bottom_width
                or resolve(style.padding_top, cb_width, auto=0.0) or resolve(style.padding_bottom, cb_width, auto=0.0))


def _vertical_edges_of(style, cb_width: float, cache: dict) -> tuple[float, float, float, float]:
    """(padding-top, padding-bottom, border-top, border-bottom) of an inline box: its border box
    around the content area.  Kept per style in `cache` unless a padding is a percentage."""
    pt = resolve(style.padding_top, cb_width, auto=0.0) or 0.0
    pb = resolve(style.padding_bottom, cb_width, auto=0.0) or 0.0
    edges = (pt, pb, style.border_top_width, style.border_bottom_width)
    if not isinstance(style.padding_top, _PERCENTAGES) and not isinstance(style.padding_bottom, _PERCENTAGES):
        cache[style] = edges
    return edges


def _close(still_open: list[Box], box: Box) -> None:
    """Boxes close in the order they opened, so the box is nearly always last: popping it keeps
    10,000 nested inline boxes linear (a search from the front would make them quadratic)."""
    if still_open and still_open[-1] is box:
        still_open.pop()
    elif box in still_open:
        still_open.remove(box)


@dataclass
class _Aligned:
    """A vertical-align: top/bottom box on a line and the extent of its subtree around its baseline."""

    frag: Fragment
    where: str        # "top" or "bottom"
    base: float       # its baseline shift before placement
    top: float        # extent above (negative) and below its baseline, descendants included
    bottom: float
    start: int        # its descendants are fragments[start:end]
    end: int = -1

    @property
    def index(self) -> int:
        """Where its own fragment is in the line's fragments: just before its descendants."""
        return self.start - 1


def _fallback_extent(item: Item, ctx) -> tuple[float, float] | None:
    """With line-height: normal, glyphs from fallback fonts (CJK in a Latin font) make the line
    as tall as those fonts need, as Blink does: (ascent, descent) of the tallest, or None.
    Known per (font, text) once found: the same words come back on line after line."""
    if item.style.line_height != "normal" or not item.text:
        return None
    font = item.font
    known = ctx.measurer.fallback_extents.get(font)
    if known is None:
        known = ctx.measurer.fallback_extents[font] = {}
    extent = known.get(item.text, _UNKNOWN)
    if extent is not _UNKNOWN:
        return extent
    extent = None
    for _text, run_font in ctx.metrics.runs(item.text, font):
        if run_font != font:
            fm = ctx.metrics.metrics(run_font)
            extent = (max(extent[0], fm.ascent), max(extent[1], fm.descent)) if extent else (fm.ascent, fm.descent)
    known[item.text] = extent
    return extent


_UNKNOWN = object()


def _text_align(style, last_line: bool, entries: list[Item]) -> str:
    align = style.text_align
    if align == "justify" and (last_line or (entries and entries[-1].kind == BREAK)):
        return "start"
    if align == "match-parent":
        return "start"
    return align


def _justify(fragments: list[Fragment], free: float) -> None:
    """Distribute free space over the spaces of the line (CSS Text 3 §7.3, inter-word)."""
    spaces = sum(f.text.count(" ") for f in fragments if f.kind == TEXT)
    trailing = 0
    for frag in reversed(fragments):
        if frag.kind == TEXT:
            trailing = len(frag.text) - len(frag.text.rstrip(" "))
            break
    spaces -= trailing
    if spaces <= 0:
        return
    per_space = free / spaces
    offset = 0.0
    for frag in fragments:
        frag.x += offset
        if frag.kind in ATOMIC_INLINE_KINDS:
            frag.box.x += offset
        if frag.kind == TEXT:
            count = frag.text.rstrip(" ").count(" ")
            frag.width += count * per_space
            offset += count * per_space
    # inline box fragments widen with the text inside them
    for frag in fragments:
        if frag.kind == INLINE:
            inner = [f for f in fragments if f.depth > frag.depth and f.x >= frag.x]
            if inner:
                frag.width = max(frag.width, max(f.x + f.width for f in inner) - frag.x)
