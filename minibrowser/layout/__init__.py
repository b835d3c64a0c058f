"""Layout: box tree + text metrics → positioned boxes, line boxes and fragments.

`layout_document` runs the generator-based layouts (block.py, inline.py,
table.py) with an explicit stack — the trampoline in `run` — then converts the
parent-relative coordinates they produce into page coordinates in one
iterative pass, places outside list markers, and gives inline boxes their
border box (the union of their fragments, as getBoundingClientRect does).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import GeneratorType
from typing import Any

from .block import layout_block_level
from .floats import setup as setup_floats
from .inline import TextMeasurer, box_line_metrics
from .positioned import OutOfFlowQueue, is_out_of_flow, layout_out_of_flow, page_extent
from .tree import ATOMIC_INLINE_KINDS, INLINE, LINE_BREAK, MARKER, TABLE, TEXT, Box, Fragment, LineBox


@dataclass
class LayoutContext:
    metrics: Any                      # a TextMetrics
    viewport_width: float
    viewport_height: float
    quirks: bool = False              # the document is in quirks mode (no doctype): the Quirks Standard applies
    quirky_top_child: Box | None = None   # quirks: the first child of body/td whose UA top margin is dropped
    measurer: TextMeasurer = field(init=False)
    floats: Any = None                # floats.FloatState when the document has floats (floats.setup)
    out_of_flow: OutOfFlowQueue = field(init=False)   # absolutely positioned boxes, laid out last

    def __post_init__(self) -> None:
        self.measurer = TextMeasurer(self.metrics)
        self.out_of_flow = OutOfFlowQueue()


@dataclass
class LayoutResult:
    root: Box | None
    viewport: tuple[float, float]
    document_height: float
    document_width: float


def run(generator) -> Any:
    """Drive nested layout generators without recursion: each `yield child_generator`
    suspends the parent until the child returns."""
    stack = [generator]
    value = None
    while stack:
        try:
            child = stack[-1].send(value)
        except StopIteration as stop:
            stack.pop()
            value = stop.value
            continue
        if isinstance(child, GeneratorType):
            stack.append(child)
            value = None
        else:
            value = child
    return value


def layout_document(root: Box | None, metrics, viewport_width: float, viewport_height: float,
                    quirks: bool = False) -> LayoutResult:
    if root is None:
        return LayoutResult(None, (viewport_width, viewport_height), viewport_height, viewport_width)
    ctx = LayoutContext(metrics, viewport_width, viewport_height, quirks)
    setup_floats(root, ctx)
    run(layout_block_level(root, viewport_width, viewport_height, ctx, None, is_root=True))
    # the root box sits at its margins inside the initial containing block
    root.x = root.margin[3]
    root.y = root.margin[0]
    make_absolute(root, ctx)
    # absolutely positioned boxes, now that their containing blocks are final (positioned.py)
    layout_out_of_flow(root, ctx, make_absolute, run)
    right, bottom = page_extent(root)
    bottom = max(bottom, root.y + root.height + root.margin[2])
    return LayoutResult(root, (viewport_width, viewport_height), max(viewport_height, bottom),
                        max(viewport_width, right))


def make_absolute(root: Box, ctx: LayoutContext) -> None:
    stack = [root]
    with_markers: list[Box] = []
    edged: dict = {}   # computed style → `_has_edges`, for `_filled_fragments`
    while stack:
        box = stack.pop()
        box.laid_out = True
        ox, oy = box.x, box.y
        if box.lines is not None:
            for line in box.lines:
                line.x += ox
                line.y += oy
                line.baseline += oy
                for frag in line.fragments:
                    frag.x += ox
                    frag.y += oy
                    frag.baseline += oy
                    kind = frag.box.kind
                    if kind in ATOMIC_INLINE_KINDS or kind == TABLE:
                        frag.box.x += ox
                        frag.box.y += oy
                        stack.append(frag.box)
            for float_box in box.floats or ():   # floats met in the inline content (floats.py)
                float_box.x += ox
                float_box.y += oy
                stack.append(float_box)
            _inline_box_geometry(box, edged)
        else:
            for child in box.children:
                if child.inline_level and child.kind != TABLE or is_out_of_flow(child):
                    continue   # (out-of-flow boxes are placed by positioned.py)
                child.x += ox
                child.y += oy
                stack.append(child)
        if box.marker is not None:
            with_markers.append(box)
    # markers last: a list item's first line may sit in a descendant that was not yet made absolute
    for box in with_markers:
        _place_marker(box, ctx)


def _inline_box_geometry(container: Box, edged: dict) -> None:
    """An inline box's border box is the union of its fragments (for dumps and JSON).

    As in Blink's getBoundingClientRect, a fragment that holds nothing on its line but forced breaks
    (`<code>a\n\n</code>` in a `<pre>`, `<span>a<br><br></span>`) and has no borders or padding to
    show adds nothing, unless the box has no other fragment."""
    seen: dict[int, Box] = {}
    empty: set[int] = set()   # boxes whose fragments so far all hold nothing
    for line in container.lines or ():
        filled = None   # found when the line turns out to hold an inline box (many hold text only)
        for frag in line.fragments:
            if frag.box.kind in (INLINE, MARKER, LINE_BREAK):
                if filled is None:
                    filled = _filled_fragments(line.fragments, edged)
                box = frag.box
                if id(box) not in seen:
                    seen[id(box)] = box
                    box.fragments = [frag]
                    box.laid_out = True
                    box.x, box.y, box.width, box.height = frag.x, frag.y, frag.width, frag.height
                    if id(frag) not in filled:
                        empty.add(id(box))
                    continue
                box.fragments.append(frag)
                if id(frag) not in filled:
                    continue
                if id(box) in empty:
                    empty.discard(id(box))
                    box.x, box.y, box.width, box.height = frag.x, frag.y, frag.width, frag.height
                    continue
                right = max(box.x + box.width, frag.x + frag.width)
                bottom = max(box.y + box.height, frag.y + frag.height)
                box.x, box.y = min(box.x, frag.x), min(box.y, frag.y)
                box.width, box.height = right - box.x, bottom - box.y


def _filled_fragments(fragments: list[Fragment], edged: dict) -> set[int]:
    """ids of the line's fragments that show something: text, atomic inlines, <br>s, and inline
    boxes with borders or padding or holding any of these.  Fragments come in tree order with their
    nesting depth, so one pass with a stack of the open inline fragments finds them."""
    filled: set[int] = set()
    open_frags: list[Fragment] = []
    for frag in fragments:
        while open_frags and open_frags[-1].depth >= frag.depth:
            open_frags.pop()
        kind = frag.box.kind
        if kind == INLINE or kind == MARKER:
            open_frags.append(frag)
            style = frag.box.style
            shows = edged.get(style)
            if shows is None:
                shows = edged[style] = _has_edges(style)
        else:
            shows = kind == LINE_BREAK or bool(frag.text) or kind != TEXT
        if shows:
            filled.add(id(frag))
            if kind != LINE_BREAK:   # a <br> alone does not make the boxes around it count
                for outer in reversed(open_frags):
                    if id(outer) in filled and outer is not frag:
                        break
                    filled.add(id(outer))
    return filled


def _has_edges(style) -> bool:
    return bool(style.border_top_width or style.border_right_width or style.border_bottom_width
                or style.border_left_width or style.padding_top or style.padding_right
                or style.padding_bottom or style.padding_left)


def first_line(box: Box) -> LineBox | None:
    """The first line box in box or its first in-flow block descendants (CSS 2.1 'first line')."""
    node = box
    while node is not None:
        if node.lines:
            return node.lines[0]
        if node.lines is not None:
            return None
        node = next((c for c in node.children if not c.inline_level), None)
    return None


def _place_marker(box: Box, ctx: LayoutContext) -> None:
    """An outside marker ends at the list item's left border edge, on its first line's baseline."""
    marker = box.marker
    text = "".join(c.text for c in marker.children if c.kind == TEXT)
    font = ctx.measurer.font(marker.style)   # (the metrics' font, kept per style)
    width = ctx.measurer.width(text, font, marker.style, box.content_width)
    bm = box_line_metrics(marker.style, ctx)
    line = first_line(box)
    baseline = line.baseline if line is not None else box.content_y + bm.above
    # outside the list item's border box, as Blink places it (its padding and border stay inside)
    x = box.x - width
    frag = Fragment(marker.children[0] if marker.children else marker, x=x, y=baseline - bm.ascent,
                    width=width, height=bm.ascent + bm.descent, text=text, font=font, baseline=baseline)
    marker.x, marker.y, marker.width, marker.height = x, frag.y, width, frag.height
    marker.fragments = [frag]
    marker.laid_out = True


def iter_boxes(root: Box | None):
    """Every laid-out box in document order (iterative)."""
    if root is None:
        return
    stack = [root]
    while stack:
        box = stack.pop()
        yield box
        kids = list(box.children)
        if box.marker is not None:
            kids.insert(0, box.marker)
        stack.extend(reversed(kids))
