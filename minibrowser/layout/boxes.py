"""Styled DOM → box tree (CSS 2.1 §9.2, CSS Display 3, CSS Lists 3, CSS Generated Content 3).

Each element generates boxes according to its `display`; `none` generates
nothing and `contents` hands its children to its parent.  Text nodes become
TEXT boxes; `<br>` a LINE_BREAK; images and form controls atomic inlines.
`::before`/`::after` and list markers are generated here, with counters and
quotes tracked in document order.  Then anonymous boxes are added so that
every block container holds either only block-level or only inline-level
children (§9.2.1.1), and tables get their missing rows and cells (§17.2.1).

The walk is iterative (an explicit stack), so a 100,000-deep tree is fine.
"""
from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass
from typing import Any, Callable

from ..css.cascade import StyledDocument
from ..css.computed import ComputedStyle, INHERITED_ATTRS, INITIAL_NONINHERITED
from .cells import restyled, snap_to_cells
from .text import ZWSP
from .counters import CounterState, marker_text
from .positioned import is_out_of_flow
from .floats import is_float
from .tree import (BLOCK, INLINE, INLINE_BLOCK, LINE_BREAK, MARKER, REPLACED, TABLE, TABLE_CAPTION,
                   TABLE_CELL, TABLE_COLUMN, TABLE_ROW, TABLE_ROW_GROUP, TEXT, Box)

# display value → (box kind, is inline-level)
DISPLAY_KINDS: dict[str, tuple[str, bool]] = {
    "block": (BLOCK, False), "list-item": (BLOCK, False), "flow-root": (BLOCK, False),
    "flex": (BLOCK, False), "grid": (BLOCK, False), "inline": (INLINE, True),
    "inline-block": (INLINE_BLOCK, True), "inline-flex": (INLINE_BLOCK, True),
    "inline-grid": (INLINE_BLOCK, True), "inline-table": (TABLE, True), "table": (TABLE, False),
    "table-row-group": (TABLE_ROW_GROUP, False), "table-header-group": (TABLE_ROW_GROUP, False),
    "table-footer-group": (TABLE_ROW_GROUP, False), "table-row": (TABLE_ROW, False),
    "table-cell": (TABLE_CELL, False), "table-caption": (TABLE_CAPTION, False),
    "table-column": (TABLE_COLUMN, False), "table-column-group": (TABLE_COLUMN, False),
    "ruby": (INLINE, True), "run-in": (BLOCK, False),
}
REPLACED_TAGS = {"img", "video", "canvas", "iframe", "embed", "object", "svg", "audio"}
FORM_TAGS = {"input", "button", "select", "textarea"}
# text mode: replaced elements other than <img> show their kind, or nothing for drawings
TEXT_MODE_REPLACED = {"video": "[video]", "audio": "[audio]", "iframe": "[iframe]", "embed": "[embed]",
                      "object": "[object]", "canvas": "", "svg": ""}
DEFAULT_OBJECT_SIZE = (300.0, 150.0)  # CSS Images 3 §4.3 default object size
BROKEN_IMAGE_ICON = 16.0              # Blink's broken-image icon, px


@dataclass
class ImageInfo:
    """A decoded image as layout sees it: its size and an opaque handle for paint."""

    width: float
    height: float
    handle: Any = None


# parent style -> {display: its anonymous children's style}; an entry goes with its parent style
_ANONYMOUS_STYLES: "weakref.WeakKeyDictionary[ComputedStyle, dict]" = weakref.WeakKeyDictionary()


def anonymous_style(parent: ComputedStyle, display: str = "block") -> ComputedStyle:
    """An anonymous box inherits what inherits and takes initial values for the rest.  One object per
    parent style and display, shared like the cascade's styles (callers copy before changing it):
    a long list or document wraps thousands of inline runs in anonymous blocks."""
    known = _ANONYMOUS_STYLES.get(parent)
    if known is None:
        known = _ANONYMOUS_STYLES[parent] = {}
    style = known.get(display)
    if style is None:
        style = known[display] = _new_anonymous_style(parent, display)
    return style


def _new_anonymous_style(parent: ComputedStyle, display: str) -> ComputedStyle:
    values = {attr: getattr(parent, attr) for attr in INHERITED_ATTRS}
    values.update(INITIAL_NONINHERITED)
    values["display"] = display
    # computed initial border/outline widths are 0: their style is none (CSS Backgrounds 3 §3.3)
    for side in ("top", "right", "bottom", "left"):
        values[f"border_{side}_width"] = 0.0
    values["outline_width"] = 0.0
    return ComputedStyle(values, parent.custom_properties)


class BoxBuilder:
    def __init__(self, styled: StyledDocument, images: dict | None = None, text_mode: bool = False,
                 resolve_url: Callable[[str], str] | None = None, link_numbers: bool = False) -> None:
        self.styled = styled
        self.images = images or {}
        self.text_mode = text_mode
        # text mode: each <a href> gets a "[n]" after its content; links[n - 1] is its absolute URL
        self.link_numbers = text_mode and link_numbers
        self.links: list[str] = []
        self.resolve_url = resolve_url or (lambda href: href)
        self.counters = CounterState()
        self.quote_depth = 0
        # the elements that have some ::before or ::after style: the rest (nearly all) need no look-up
        # of those pseudo-elements
        self.with_pseudo = {element for element, pseudo in styled.pseudo_styles if pseudo != "marker"}

    # ------------------------------------------------------------------
    def build(self) -> Box | None:
        root = self.styled.document.root
        root_style = self.styled.styles.get(root)
        if root_style is None or root_style.display == "none":
            return None
        root_box = self._element_box(root, root_style)
        root_box.inline_level = False
        # explicit stack of (element, box that receives its children, exiting); exit entries close counter
        # scopes and carry the element's ::after box, whose content depends on the whole subtree
        stack: list[tuple[Any, Box | None, bool]] = [(root, root_box, False)]
        styles = self.styled.styles
        counters = self.counters
        with_pseudo = self.with_pseudo
        while stack:
            element, box, exiting = stack.pop()
            if exiting:
                if box is not None:  # the ::after box, filled now that the subtree has been seen
                    self._fill_generated(element, box)
                counters.leave(element)
                continue
            style = styles[element]
            counters.enter(element, style)
            exit_entry = len(stack)
            stack.append((element, None, True))
            if box is None or box.kind == REPLACED or (box.kind == TABLE_COLUMN and
                                                       style.display == "table-column"):
                continue
            tag = element.tag
            if self.text_mode and tag in REPLACED_TAGS:
                continue  # text mode shows a replaced element as its [alt] box alone
            if tag in FORM_TAGS and box.kind in (INLINE_BLOCK, BLOCK) and box.children:
                continue  # form controls show their value, not their DOM children
            pending: list[tuple[Any, Box, bool]] = []
            if element in with_pseudo:
                self._generated(element, style, box, "before")
            self._children_into(element, style, box, pending)
            if element in with_pseudo:
                after = self._generated(element, style, box, "after", fill=False)
                if after is not None:
                    stack[exit_entry] = (element, after, True)
            if style.display == "list-item":
                self._list_marker(element, style, box)
            if tag == "details" and not self.text_mode:
                _details_content(element, style, box)
            if self.text_mode and element.tag == "button" and box.kind == INLINE_BLOCK:
                box.children.insert(0, Box(TEXT, style, text="[", inline_level=True, pseudo="before"))
                box.children.append(Box(TEXT, style, text="]", inline_level=True, pseudo="after"))
            if self.link_numbers and element.tag == "a" and element.get("href") is not None \
                    and style.visibility == "visible":
                self._link_number(element, style, box)
            pending.reverse()
            stack += pending
        fix_anonymous_boxes(root_box)
        if self.text_mode:
            snap_to_cells(root_box)
        return root_box

    def _link_number(self, element, style: ComputedStyle, box: Box) -> None:
        """Text mode: "[n]" after a link's content, a box of its own so that layout measures it;
        elements are processed in document order, so the numbers are too (like `lynx -dump`)."""
        href = element.get("href", "").strip()
        self.links.append(self.resolve_url(href) or href)
        box.children.append(Box(TEXT, style, text=f"[{len(self.links)}]", inline_level=True))

    def _children_into(self, element, style: ComputedStyle, box: Box, pending: list) -> None:
        """Append boxes for element's child nodes to box, and (child, its box, False) to `pending` for
        each child whose own children are still to be seen; `display: contents` is flattened in place.

        An explicit stack of child iterators handles nested `contents` without recursion; an
        `_EndOfContents` item at the end of such an element's iterator closes it."""
        styles = self.styled.styles
        if element.text:
            self._text(element.text, style, box)
        if not len(element):
            return
        work: list = [(iter(list(element)), style)]
        while work:
            children, parent_style = work[-1]
            for child in children:
                tag = child.tag
                if tag is None and isinstance(child, _EndOfContents):
                    self._generated(child.element, child.style, box, "after")
                    self.counters.leave(child.element)
                    if child.element.tail:
                        self._text(child.element.tail, child.outer_style, box)
                    continue
                if tag.__class__ is str:
                    child_style = styles.get(child)
                    if child_style is None:
                        pass
                    elif tag == "wbr" and child_style.display != "none":
                        # <wbr> is a line break opportunity and nothing else (HTML §4.5.28): a zero-width space
                        self._text(ZWSP, parent_style, box)
                    elif child_style.display == "contents":
                        self.counters.enter(child, child_style)
                        self._generated(child, child_style, box, "before")
                        if child.text:
                            self._text(child.text, child_style, box)
                        end = _EndOfContents(child, child_style, parent_style)
                        work.append((itertools.chain(list(child), [end]), child_style))
                        break   # on with the contents' children; this iterator resumes after them
                    elif child_style.display != "none":
                        child_box = self._element_box(child, child_style)
                        if self.text_mode and child_box.kind == LINE_BREAK:
                            # a zero-width character before each <br>: a line that holds nothing else
                            # still paints something, so the grid keeps it as an empty row (a<br><br>b)
                            box.children.append(_text_box(child_style, "\u200b"))
                        box.children.append(child_box)
                        pending.append((child, child_box, False))
                if child.tail:
                    self._text(child.tail, parent_style, box)
            else:
                work.pop()

    def _text(self, text: str, style: ComputedStyle, box: Box) -> None:
        if box.kind == TABLE_COLUMN:
            return  # a column group holds columns only (§17.2.1)
        if box.kind in (TABLE, TABLE_ROW_GROUP, TABLE_ROW) and not text.strip(" \t\n\r\f"):
            return  # whitespace between table parts generates nothing (§17.2.1 rule 1)
        children = box.children
        if children:
            last = children[-1]
            if last.kind == TEXT and last.style is style and not last.pseudo:
                last.text += text
                return
        children.append(_text_box(style, text))

    # ------------------------------------------------------------------
    def _element_box(self, element, style: ComputedStyle) -> Box:
        tag = element.tag
        kind, inline_level = DISPLAY_KINDS.get(style.display, (BLOCK, False))
        if tag == "br" and kind == INLINE:
            return Box(LINE_BREAK, style, element, inline_level=True)
        if tag in REPLACED_TAGS and kind in (INLINE, INLINE_BLOCK, BLOCK):
            return self._replaced(element, style, inline_level)
        if tag in FORM_TAGS and kind in (INLINE, INLINE_BLOCK, BLOCK):
            return self._form_control(element, style, block=kind == BLOCK)
        box = Box(kind, style, element)
        box.inline_level = inline_level
        if kind == TABLE_CELL:
            box.colspan = _span(element.get("colspan"), 1000)
            box.rowspan = _span(element.get("rowspan"), 65534)
        if kind == TABLE_COLUMN:
            box.colspan = _span(element.get("span"), 1000)
        return box

    def _replaced(self, element, style: ComputedStyle, inline_level: bool) -> Box:
        tag = element.tag
        box = Box(REPLACED, style, element, inline_level=inline_level)
        box.alt = element.get("alt", "") if tag == "img" else ""
        src = element.get("src") or element.get("data") or ""
        info = self.images.get(self.resolve_url(src)) if src and tag in ("img", "object", "embed") else None
        if self.text_mode and tag == "img":
            # alt="" marks a decorative image, which represents nothing (HTML §4.8.4.4)
            alt = element.get("alt")
            return self._alt_box(box, style, inline_level, "" if alt is not None and not alt.strip()
                                 else "[" + (box.alt.strip() or "image") + "]")
        if self.text_mode:
            return self._alt_box(box, style, inline_level, TEXT_MODE_REPLACED.get(tag, ""))
        if info is not None:
            box.image = info.handle
            box.intrinsic_width, box.intrinsic_height = info.width, info.height
        elif tag == "img":
            alt = element.get("alt")
            if alt and alt.strip():
                return _broken_image_with_alt(box, style, inline_level, alt)
            # HTML §15.4.2: alt="" represents nothing; otherwise a broken image shows an icon
            size = BROKEN_IMAGE_ICON if element.get("src") and alt != "" else 0.0
            box.intrinsic_width = box.intrinsic_height = size
        elif tag in ("video", "canvas", "iframe", "embed", "object", "svg"):
            box.intrinsic_width, box.intrinsic_height = DEFAULT_OBJECT_SIZE
            if tag == "canvas":
                box.intrinsic_width = float(_span(element.get("width"), 100000) if element.get("width") else 300)
                box.intrinsic_height = float(_span(element.get("height"), 100000) if element.get("height") else 150)
        return box

    def _alt_box(self, box: Box, style: ComputedStyle, inline_level: bool, text: str) -> Box:
        kind = INLINE if inline_level else BLOCK
        alt = Box(kind, style, box.element, inline_level=inline_level)
        if text:
            alt.children.append(Box(TEXT, style, text=text, inline_level=True))
        return alt

    def _form_control(self, element, style: ComputedStyle, block: bool = False) -> Box:
        """Form controls as inline-blocks (blocks with display: block) that show their value or
        label (HTML §15.5)."""
        tag = element.tag
        kind = (element.get("type") or "text").lower()
        if tag == "input" and kind in ("checkbox", "radio") and not self.text_mode:
            box = Box(REPLACED, style, element, inline_level=True)
            box.intrinsic_width = box.intrinsic_height = 13.0
            return box
        kind_of_box = BLOCK if block else INLINE_BLOCK
        box = Box(kind_of_box, style, element, inline_level=not block)
        if tag == "input":
            if kind in ("checkbox", "radio"):
                text = ("[*]" if element.get("checked") is not None else "[ ]") if kind == "checkbox" else \
                    ("(*)" if element.get("checked") is not None else "( )")
            elif kind in ("submit", "reset", "button"):
                # value="" is an empty label; only a missing value gets the default (HTML §4.10.5.1.19)
                value = element.get("value")
                text = value if value is not None else {"submit": "Submit", "reset": "Reset"}.get(kind, "")
            elif kind == "password":
                text = "•" * len(element.get("value", ""))
            else:
                text = element.get("value") or element.get("placeholder") or ""
        elif tag == "select":
            options = [o for o in element.iter("option")]
            chosen = next((o for o in options if o.get("selected") is not None), options[0] if options else None)
            text = " ".join("".join(chosen.itertext()).split()) if chosen is not None else ""
        elif tag == "textarea":
            text = "".join(element.itertext())
        else:  # button: its contents are laid out normally (text mode: between brackets)
            return Box(kind_of_box, style, element, inline_level=not block)
        if self.text_mode and not (tag == "input" and kind in ("checkbox", "radio")):
            text = _text_mode_field(element, tag, kind, text)
        box.children.append(Box(TEXT, style, text=text or "\u200b", inline_level=True))
        return box

    # ------------------------------------------------------------------
    def _generated(self, element, style: ComputedStyle, box: Box, pseudo: str, fill: bool = True) -> Box | None:
        """Add a ::before/::after box; with fill=False its content is left for `_fill_generated`, to be
        computed when the element's subtree is done (counters and quotes are in document order)."""
        pstyle = self.styled.pseudo_styles.get((element, pseudo))
        if pstyle is None or pstyle.content in ("normal", "none") or pstyle.display == "none":
            return None
        if box.kind in (REPLACED,) or element.tag in FORM_TAGS:
            return None
        kind, inline_level = DISPLAY_KINDS.get(pstyle.display, (INLINE, True))
        gen = Box(kind if kind in (BLOCK, INLINE, INLINE_BLOCK) else INLINE, pstyle, element, pseudo=pseudo,
                  inline_level=inline_level)
        if fill:
            self._fill_generated(element, gen)
        if pseudo == "before":
            box.children.insert(0, gen) if box.children else box.children.append(gen)
        else:
            box.children.append(gen)
        return gen

    def _fill_generated(self, element, gen: Box) -> None:
        self.counters.apply_pseudo(gen.style)
        text = self._content_text(element, gen.style)
        if text:
            gen.children.append(Box(TEXT, gen.style, text=text, inline_level=True, pseudo=gen.pseudo))

    def _content_text(self, element, style: ComputedStyle) -> str:
        parts: list[str] = []
        quotes = style.quotes if isinstance(style.quotes, tuple) else (("\u201c", "\u201d"), ("\u2018", "\u2019"))
        for item in style.content if isinstance(style.content, tuple) else ():
            kind = item[0]
            if kind == "string":
                parts.append(item[1])
            elif kind == "attr":
                parts.append(element.get(item[1], ""))
            elif kind == "counter":
                parts.append(marker_text(self.counters.value(item[1]), item[2], suffix=False))
            elif kind == "counters":
                parts.append(item[2].join(marker_text(v, item[3], suffix=False)
                                          for v in self.counters.values(item[1])))
            elif kind == "quote":
                if style.quotes == "none":
                    continue
                if item[1] == "open-quote":
                    pair = quotes[min(self.quote_depth, len(quotes) - 1)] if quotes else ("", "")
                    parts.append(pair[0])
                    self.quote_depth += 1
                elif item[1] == "close-quote":
                    self.quote_depth = max(0, self.quote_depth - 1)
                    pair = quotes[min(self.quote_depth, len(quotes) - 1)] if quotes else ("", "")
                    parts.append(pair[1])
                elif item[1] == "no-open-quote":
                    self.quote_depth += 1
                else:
                    self.quote_depth = max(0, self.quote_depth - 1)
        return "".join(parts)

    def _list_marker(self, element, style: ComputedStyle, box: Box) -> None:
        if style.display != "list-item" or box.kind != BLOCK:
            return
        mstyle = self.styled.pseudo_styles.get((element, "marker"))
        if mstyle is None:
            mstyle = anonymous_style(style, "inline")
        text = None
        if isinstance(mstyle.content, tuple):
            text = self._content_text(element, mstyle)
        elif style.list_style_image not in ("none", None) and not self.text_mode and \
                isinstance(style.list_style_image, tuple):
            info = self.images.get(self.resolve_url(style.list_style_image[1]))
            if info is not None:
                marker = Box(REPLACED, anonymous_style(style, "inline"), None, pseudo="marker", inline_level=True)
                marker.image, marker.intrinsic_width, marker.intrinsic_height = info.handle, info.width, info.height
                self._attach_marker(box, style, marker)
                return
        if text is None:
            list_type = style.list_style_type
            if list_type == "none":
                return
            text = marker_text(self.counters.value("list-item"), list_type, text_mode=self.text_mode)
        marker = Box(MARKER if style.list_style_position == "outside" else INLINE, mstyle, None,
                     pseudo="marker", inline_level=True)
        marker_text_box = _text_box(mstyle, text)
        marker_text_box.pseudo = "marker"
        marker.children.append(marker_text_box)
        self._attach_marker(box, style, marker)

    @staticmethod
    def _attach_marker(box: Box, style: ComputedStyle, marker: Box) -> None:
        if style.list_style_position == "outside" and marker.kind == MARKER:
            box.marker = marker
        else:
            marker.kind = marker.kind if marker.kind == REPLACED else INLINE
            box.children.insert(0, marker)


# input types whose text mode field is a padded box for typing into, as w3m draws them
TEXT_FIELDS = {"text", "search", "email", "url", "tel", "password", "number", "date", "time", "month",
               "week", "datetime-local"}


def _text_mode_field(element, tag: str, kind: str, text: str) -> str:
    """A form control in text mode: its value between brackets.  Fields are padded to their
    `size` (HTML §4.10.5.1.1, default 20) and a select to its longest option, with no-break
    spaces so that the padding survives white-space collapsing; a placeholder is not a value."""
    width = 0
    if tag == "input" and kind in TEXT_FIELDS:
        text = "*" * len(element.get("value", "")) if kind == "password" else element.get("value", "")
        width = min(_span(element.get("size"), 60) if element.get("size") else 20, 60)
    elif tag == "select":
        width = max((len(" ".join("".join(o.itertext()).split())) for o in element.iter("option")), default=0)
    text = " ".join(text.split()) if tag != "textarea" else text
    return "[" + text + "\u00a0" * max(0, width - len(text)) + "]"


def _broken_image_with_alt(img: Box, style: ComputedStyle, inline_level: bool, alt: str) -> Box:
    """An image that is not available but has alt text is rendered as that text (HTML §15.4.2).
    Blink draws it as an inline-block holding a 16 px broken-image icon and the text; the image's
    padding, borders and margins apply to that box, its width and height no longer do."""
    box_style = restyled(style, {"width": "auto", "height": "auto"})
    box = Box(INLINE_BLOCK if inline_level else BLOCK, box_style, img.element, inline_level=inline_level)
    box.alt = alt
    icon = Box(REPLACED, anonymous_style(style, "inline"), None, inline_level=True, anonymous=True)
    icon.intrinsic_width, icon.intrinsic_height = BROKEN_IMAGE_ICON, 0.0  # the icon never makes a line taller
    box.children = [icon, Box(TEXT, box_style, text=alt, inline_level=True)]
    return box


def _details_content(element, style: ComputedStyle, box: Box) -> None:
    """Everything in a <details> but its first <summary> sits in a content slot (HTML §15.5.4).
    A closed element's slot is laid out but has no height and clips what it holds — as Blink's
    `content-visibility: hidden` slot does, which still gives the hidden boxes positions."""
    if element.get("open") is not None:
        return
    index = next((i for i, c in enumerate(box.children) if c.tag == "summary" and not c.pseudo), None)
    rest = [c for i, c in enumerate(box.children) if i != index]
    if not rest:
        return
    slot_style = restyled(anonymous_style(style), {"height": 0.0, "overflow_x": "hidden", "overflow_y": "hidden"})
    slot = Box(BLOCK, slot_style, None, rest, anonymous=True)
    box.children = ([box.children[index]] if index is not None else []) + [slot]


def _text_box(style: ComputedStyle, text: str) -> Box:
    """A TEXT box: Box(TEXT, style, text=text, inline_level=True), without the keyword checks (a page
    makes one per run of text)."""
    box = Box(TEXT, style)
    box.text = text
    box.inline_level = True
    return box


@dataclass
class _EndOfContents:
    """Marks where a `display: contents` element's children end.  `outer_style` is the style of the
    element's parent, which its tail text takes (the tail is the parent's child, not the element's)."""

    element: Any
    style: ComputedStyle
    outer_style: ComputedStyle
    tag = None


def _span(value: str | None, limit: int) -> int:
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    return max(1, min(limit, number)) if limit != 65534 else max(0, min(limit, number))


# ---------------------------------------------------------------------------
# anonymous boxes (CSS 2.1 §9.2.1.1, §17.2.1)

def _is_collapsible_whitespace(box: Box) -> bool:
    return box.kind == TEXT and not box.text.strip(" \t\n\r\f") and \
        box.style.white_space in ("normal", "nowrap", "pre-line")


def _parents_post_order(root: Box) -> list[Box]:
    """The boxes that have children, each after its descendants.  A box without children needs no
    anonymous boxes (and gets none while its ancestors are fixed): most boxes are text, so they are
    not even listed."""
    order: list[Box] = []
    stack = [root] if root.children else []
    while stack:
        box = stack.pop()
        order.append(box)
        stack.extend(child for child in box.children if child.children)
    order.reverse()
    return order


def fix_anonymous_boxes(root: Box) -> None:
    for box in _parents_post_order(root):
        if box.style.display in FLEX_OR_GRID:
            # imported only for a page that has a flex or grid display (a fifth of the layout code)
            from .flex import is_flex_container, make_flex_items
            from .grid_layout import is_grid_container, make_grid_items

            if is_flex_container(box):
                make_flex_items(box)   # CSS Flexbox 1 §4: every child is a block-level flex item
                continue
            if is_grid_container(box):
                make_grid_items(box)   # CSS Grid 1 §6.1: grid items are blockified as flex items are
                continue
        for child in box.children:
            if child.kind == INLINE and child.children and _has_block_child(child):
                box.children = _split_inlines(box.children)
                break
        if box.kind in (BLOCK, INLINE_BLOCK, TABLE_CELL, TABLE_CAPTION):
            _wrap_inline_runs(box)
        elif box.kind in (TABLE, TABLE_ROW_GROUP, TABLE_ROW):
            _fix_table(box)
        elif box.kind == TABLE_COLUMN:
            box.children = [c for c in box.children if c.kind == TABLE_COLUMN]


def _has_block_child(box: Box) -> bool:
    for child in box.children:
        if not child.inline_level and child.kind != TEXT and not _beside_inline(child, box):
            return True
    return False


def _beside_inline(child: Box, parent: Box) -> bool:
    """Out-of-flow boxes — absolutely positioned or floating (CSS 2.1 §9.3) — do not split inline
    content into anonymous blocks; a flex or grid container's children are all items (no floats)."""
    return is_out_of_flow(child) or (is_float(child) and parent.style.display not in FLEX_OR_GRID)


FLEX_OR_GRID = {"flex", "inline-flex", "grid", "inline-grid"}


def _split_inlines(children: list[Box]) -> list[Box]:
    """Block-in-inline: an inline box holding a block is split around it (§9.2.1.1)."""
    out: list[Box] = []
    for child in children:
        if child.kind != INLINE or not _has_block_child(child):
            out.append(child)
            continue
        part = Box(INLINE, child.style, child.element, inline_level=True, pseudo=child.pseudo,
                   split_before=child.split_before)
        for grandchild in child.children:
            if grandchild.inline_level or grandchild.kind == TEXT:
                part.children.append(grandchild)
            else:
                part.split_after = True
                grandchild.interrupts += (child.element,)
                if part.children:
                    out.append(part)
                out.append(grandchild)
                part = Box(INLINE, child.style, child.element, inline_level=True, pseudo=child.pseudo,
                           split_before=True)
        part.split_after = child.split_after
        if part.children:
            out.append(part)
    return out


def _wrap_inline_runs(box: Box) -> None:
    """Anonymous blocks around runs of inline content among block siblings.  An absolutely
    positioned child is neither (§9.2.1.1 leaves it open): as in Blink, it joins a run that already
    holds content and otherwise stays a block child, so its static position follows what precedes it."""
    children = box.children
    for child in children:
        if not child.inline_level and not _beside_inline(child, box):
            break
    else:
        return   # no block-level child: nothing to wrap
    out: list[Box] = []
    run: list[Box] = []

    def flush() -> None:
        if run and not all(_is_collapsible_whitespace(c) for c in run):
            anon = Box(BLOCK, anonymous_style(box.style), None, list(run), anonymous=True)
            out.append(anon)
        run.clear()

    for child in children:
        if child.inline_level or (_beside_inline(child, box) and
                                  not all(_is_collapsible_whitespace(c) for c in run)):
            run.append(child)
        else:
            flush()
            out.append(child)
    flush()
    box.children = out


TABLE_PARTS = {TABLE_ROW_GROUP, TABLE_ROW, TABLE_CELL, TABLE_CAPTION, TABLE_COLUMN}


def _fix_table(box: Box) -> None:
    """Generate missing table wrappers: rows around cells, cells around other content."""
    if box.kind == TABLE_ROW:
        wanted, make = {TABLE_CELL}, (TABLE_CELL, "table-cell")
    elif box.kind == TABLE_ROW_GROUP:
        wanted, make = {TABLE_ROW}, (TABLE_ROW, "table-row")
    else:
        wanted, make = {TABLE_ROW_GROUP, TABLE_CAPTION, TABLE_COLUMN}, (TABLE_ROW_GROUP, "table-row-group")
    out: list[Box] = []
    run: list[Box] = []

    def flush() -> None:
        if run and not all(_is_collapsible_whitespace(c) for c in run):
            anon = Box(make[0], anonymous_style(box.style, make[1]), None, list(run), anonymous=True)
            if make[0] != TABLE_CELL:
                _fix_table(anon)
            else:
                _wrap_inline_runs(anon)
            out.append(anon)
        run.clear()

    for child in box.children:
        if child.kind in wanted:
            flush()
            out.append(child)
        else:
            run.append(child)
    flush()
    box.children = out
