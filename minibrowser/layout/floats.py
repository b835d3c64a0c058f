"""Floats and clearance (CSS 2.1 §9.5, §9.5.1, §9.5.2, §10.3.5, §10.6.7).

A float is taken out of the flow and shifted to the left or right edge of its
containing block, as high as it may go; the line boxes that follow in the same
*block formatting context* (BFC) are shortened beside it, while ordinary block
boxes run underneath it.  Everything a float affects lives in one BFC, so each
BFC root owns a `FloatContext`: the list of the floats placed so far, as
exclusions (their margin boxes) in the BFC root's coordinates — y down from the
root's border-box top, x from its border-box left.

Layout in block.py and inline.py works in parent-relative coordinates and only
learns where a box really sits after its margins have collapsed, but lines
beside floats need to know their vertical position *while* they are laid out.
So a parent hands each in-flow child a `Hint`: its float context, the BFC x of
the child's containing block and an estimate of the BFC y of the child's
border-box top — the cursor plus the margins that will collapse above it, found
by looking down the first-child chain (`top_margins`).  The child's `Flow` is
then the BFC position of its own content box.

Only a document that holds a float pays for any of this: `setup` is called once
per layout, and with no float every hook here is a no-op (`ctx.floats is None`).

The parts, each cited where it is implemented:

* `FloatContext.place` — the nine rules of §9.5.1 (as high as possible, then as
  far left/right as possible, never above an earlier float or line box);
* `FloatContext.band` — the space a line box or a BFC root may use at a given
  height (§9.5: line boxes beside a float are shortened; §9.5 last paragraphs:
  a BFC root's border box must not overlap floats' margin boxes);
* `FloatContext.clearance_y` — where `clear` puts a box (§9.5.2);
* `layout_lines_around_floats` — inline content, line by line, each with the
  width its vertical position leaves; floats met in the content are placed on
  the current line when they fit, otherwise below it (§9.5.1 rules 6 and 8);
* `place_block_float`, `layout_beside_floats` — block-level floats and BFC roots;
* `contained_height` — a BFC root's auto height holds its floats (§10.6.7).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generator

from ..css.values import resolve
from .tree import BLOCK, REPLACED, TABLE, TEXT, Box

Layout = Generator[Any, Any, Any]
EPSILON = 1 / 64          # Blink's LayoutUnit: the smallest height a line or box probes with
SIDES = {"left": "left", "right": "right", "inline-start": "left", "inline-end": "right"}   # ltr
CLEARS = {"left": ("left",), "right": ("right",), "both": ("left", "right"),
          "inline-start": ("left",), "inline-end": ("right",)}


_block: Any = None   # block.py, which imports this module: found on first use (`_block_module`)


def _block_module() -> Any:
    """block.py, imported once (an import statement in a function runs on every call)."""
    global _block
    if _block is None:
        from . import block
        _block = block
    return _block


def float_side(box: Box) -> str | None:
    """'left' or 'right' for a floating box, else None.  Absolute positioning wins over float
    (§9.7: float computes to none), and a text run carries its parent's style but floats nothing."""
    s = box.style
    if box.kind == TEXT or s.position in ("absolute", "fixed"):
        return None
    return SIDES.get(s.float)


def is_float(box: Box) -> bool:
    return float_side(box) is not None


@dataclass
class Exclusion:
    """A placed float's margin box, in BFC coordinates."""

    left: float
    top: float
    right: float
    bottom: float
    side: str


class FloatContext:
    """The floats of one block formatting context (§9.4.1), in the order they were placed."""

    def __init__(self) -> None:
        self.floats: list[Exclusion] = []
        self.last_top = -float("inf")   # §9.5.1 rule 5: no float above an earlier float's top

    def band(self, top: float, height: float, left: float, right: float) -> tuple[float, float]:
        """The horizontal space [left, right] that floats leave to content spanning [top, top+height)
        (§9.5: the 'available width' of a line box, a BFC root's space)."""
        bottom = top + max(height, EPSILON)
        for f in self.floats:
            if f.bottom > top and f.top < bottom and f.bottom > f.top:
                if f.side == "left":
                    left = max(left, f.right)
                else:
                    right = min(right, f.left)
        return left, right

    def next_bottom(self, top: float, height: float) -> float | None:
        """The nearest float bottom below `top` among the floats beside [top, top+height): where the
        band can next get wider."""
        bottom = top + max(height, EPSILON)
        best = None
        for f in self.floats:
            if f.bottom > top and f.top < bottom and f.bottom > f.top:
                best = f.bottom if best is None else min(best, f.bottom)
        return best

    def clearance_y(self, clear: str) -> float:
        """The y below the margin boxes of the floats that `clear` names (§9.5.2), -inf if none."""
        sides = CLEARS.get(clear, ())
        return max((f.bottom for f in self.floats if f.side in sides), default=-float("inf"))

    def lowest(self) -> float:
        return max((f.bottom for f in self.floats), default=-float("inf"))

    def place(self, side: str, width: float, height: float, top: float, left: float, right: float
              ) -> tuple[float, float]:
        """Place a float's margin box of `width` x `height` in the containing block [left, right],
        no higher than `top`; returns its top-left corner (§9.5.1):

        rules 1-2, 7: inside the containing block, beside earlier floats of the same side;
        rule 3: never overlapping a float of the other side;
        rules 4-6: not above the containing block, an earlier float, or the current line;
        rules 8-9: as high as possible, then as far left (right) as possible.
        A float wider than all the room there is goes where nothing else floats beside it."""
        y = max(top, self.last_top)
        while True:
            lo, hi = self.band(y, height, left, right)
            if hi - lo >= width - 0.01 or (lo <= left and hi >= right):
                break
            nxt = self.next_bottom(y, height)
            if nxt is None or nxt <= y:
                break
            y = nxt
        x = lo if side == "left" else hi - width
        self.floats.append(Exclusion(x, y, x + width, y + height, side))
        self.last_top = y
        return x, y


@dataclass
class Hint:
    """What a parent tells an in-flow child about where it sits in the BFC."""

    floats: FloatContext
    x: float             # BFC x of the child's containing block's content edge
    y: float             # estimated BFC y of the child's border-box top


@dataclass
class Flow:
    """A block container's place in its BFC: the float context and its content box origin."""

    floats: FloatContext
    border_x: float      # BFC position of the box's border-box top-left
    border_y: float
    content_x: float     # ... and of its content box
    content_y: float
    own: bool            # the box is the BFC root (it owns `floats`)


@dataclass
class FloatState:
    """Per-document state: the hint a parent left for the child it is about to lay out, and the
    memo of `top_margins` (so that looking down first-child chains stays linear)."""

    hint: Hint | None = None
    memo: dict = field(default_factory=dict)


def setup(root: Box, ctx) -> None:
    """Turn the float machinery on for this layout only when some box floats."""
    stack = [root]
    while stack:
        box = stack.pop()
        if box.kind != TEXT and box.style.float != "none" and is_float(box):
            ctx.floats = FloatState()
            return
        if box.children:   # (text boxes, most of the tree, have none)
            stack.extend(box.children)
    ctx.floats = None


def enter(box: Box, ctx, is_bfc: bool) -> Flow | None:
    """The Flow of a block container about to lay out its content (widths solved, margins known).
    A BFC root starts a float context of its own; other boxes join their parent's (§9.4.1)."""
    state = getattr(ctx, "floats", None)
    if state is None:
        return None
    hint, state.hint = state.hint, None
    border, padding = box.border, box.padding
    if is_bfc or hint is None:
        fc, bx, by, own = FloatContext(), 0.0, 0.0, True
    else:
        fc, bx, by, own = hint.floats, hint.x + box.margin[3], hint.y, False
    return Flow(fc, bx, by, bx + border[3] + padding[3], by + border[0] + padding[0], own)


def contained_height(flow: Flow | None) -> float:
    """How tall a BFC root's content box must be to hold its floats' margin boxes (§10.6.7)."""
    if flow is None or not flow.own or not flow.floats.floats:
        return 0.0
    return max(0.0, flow.floats.lowest() - flow.content_y)


# ---------------------------------------------------------------------------
# where an in-flow child will sit: the margins that collapse above its border box

def _margin_top(box: Box, cb_width: float) -> float:
    value = box.style.margin_top
    return 0.0 if value == "auto" else (resolve(value, cb_width, auto=0.0) or 0.0)


def _first_in_flow_child(box: Box) -> Box | None:
    for child in box.children:
        if child.inline_level:
            return None
        if not is_float(child) and child.style.position not in ("absolute", "fixed"):
            return child
    return None


def _keeps_margins(box: Box, cb_width: float) -> bool:
    """Whether box's top margin cannot collapse with its first child's (§8.3.1)."""
    block = _block_module()
    s = box.style
    return (box.kind != BLOCK or block.establishes_bfc(box) or s.border_top_width > 0
            or (resolve(s.padding_top, cb_width, auto=0.0) or 0.0) > 0 or block.has_inline_content(box)
            or s.clear != "none" or not box.children)


def top_margins(box: Box, cb_width: float, state: FloatState) -> Any:
    """The margins that collapse through box's top edge: its own and those of its first in-flow
    descendants while nothing separates them (§8.3.1) — a Strut, memoised per box."""
    Strut = _block_module().Strut
    memo = state.memo
    chain: list[Box] = []
    tail = Strut()
    node: Box | None = box
    while node is not None:
        if id(node) in memo:
            tail = memo[id(node)]
            break
        chain.append(node)
        if _keeps_margins(node, cb_width):
            break
        node = _first_in_flow_child(node)
    strut = tail
    for node in reversed(chain):
        strut = strut.add(_margin_top(node, cb_width))
        memo[id(node)] = strut
    return memo.get(id(box), tail)


@dataclass
class Placement:
    """How an in-flow child of a block container meets the floats (returned by `before_child`)."""

    y: float                 # BFC y of the border-box top (set lower when it must avoid floats)
    clear_to: float          # BFC y that clearance pushes the border box down to (-inf: none)
    avoids: bool             # a BFC root, table or replaced box: it must not overlap floats (§9.5)
    start: float = 0.0       # the hypothetical position: where it would be without floats

    @property
    def cleared(self) -> bool:
        return self.clear_to > self.start + 0.01

    @property
    def moved(self) -> bool:
        return self.y > self.start + 0.01


def before_child(flow: Flow | None, child: Box, ctx, content_w: float, at_top: bool, cursor: float,
                 pending) -> Placement | None:
    """Called by block.py right before laying out an in-flow block-level child: leaves the child
    its Hint and says whether it has clearance or must avoid the floats."""
    if flow is None:
        return None
    establishes_bfc = _block_module().establishes_bfc
    state = ctx.floats
    fc = flow.floats
    offset = 0.0 if at_top else cursor + pending.merge(top_margins(child, content_w, state)).size
    y = flow.content_y + offset
    clear_to = fc.clearance_y(child.style.clear) if child.style.clear != "none" else -float("inf")
    avoids = child.kind in (TABLE, REPLACED) or establishes_bfc(child)
    placement = Placement(y, clear_to, avoids and bool(fc.floats), start=y)
    state.hint = None if avoids else Hint(fc, flow.content_x, max(y, clear_to))
    return placement


def layout_beside_floats(child: Box, flow: Flow, placement: Placement, content_w: float,
                         cb_height: float | None, ctx, parent_style) -> Layout:
    """Lay out a box that must not overlap floats — a BFC root, table or block-level replaced
    element (§9.5) — in the first place from its hypothetical position down where it fits: beside
    the floats when the band there is wide enough (an auto width shrinks to the band), else below
    the next float bottom.  Returns (BlockResult, dx, y): its shift right and its BFC y."""
    from .block import layout_block_level
    fc = flow.floats
    left, right = flow.content_x, flow.content_x + content_w
    y = max(placement.y, placement.clear_to)
    s = child.style
    auto = child.kind == BLOCK and s.width == "auto"
    # margins may overlap floats, the border box may not: each edge goes to whichever is further in
    ml = 0.0 if s.margin_left == "auto" else (resolve(s.margin_left, content_w, auto=0.0) or 0.0)
    mr = 0.0 if s.margin_right == "auto" else (resolve(s.margin_right, content_w, auto=0.0) or 0.0)
    result = None
    for _attempt in range(len(fc.floats) + 2):
        lo, hi = fc.band(y, EPSILON, left, right)
        narrowed = lo > left + 0.01 or hi < right - 0.01
        start, end = max(lo, left + ml), min(hi, right - mr)
        ctx.floats.hint = None
        result = yield layout_block_level(child, max(0.0, end - start) + ml + mr if auto and narrowed
                                          else content_w, cb_height, ctx, parent_style)
        if not narrowed:
            return result, 0.0, y
        height = child.margin[0] + child.height + child.margin[2]
        lo2, hi2 = fc.band(y, height, left, right)
        if child.width <= end - start + 0.01 and lo2 <= lo + 0.01 and hi2 >= hi - 0.01:
            if s.margin_left == "auto" and s.margin_right == "auto":   # centred in the space left
                return result, start + max(0.0, (end - start - child.width) / 2) - left - child.margin[3], y
            if s.margin_left == "auto":
                return result, end - child.width - left - child.margin[3], y
            return result, start - left - child.margin[3], y
        nxt = fc.next_bottom(y, height)
        if nxt is None or nxt <= y:
            break
        y = nxt
    ctx.floats.hint = None
    result = yield layout_block_level(child, content_w, cb_height, ctx, parent_style)
    return result, 0.0, y


class FloatWidths:
    """Max-content of block-level children with floats among them, as Blink sums it: floats of a
    side add up until a box clears them, and a BFC root (which stands beside floats, §9.5) adds
    their widths to its own; an ordinary block runs under them."""

    def __init__(self) -> None:
        self.left = self.right = 0.0

    def add(self, child: Box, max_content: float) -> float:
        """The max-content width of the line `child` stands on."""
        from .block import establishes_bfc
        clear = CLEARS.get(child.style.clear, ())
        if "left" in clear:
            self.left = 0.0
        if "right" in clear:
            self.right = 0.0
        side = float_side(child)
        if side == "left":
            self.left += max_content
        elif side == "right":
            self.right += max_content
        elif child.kind in (TABLE, REPLACED) or establishes_bfc(child):
            return max_content + self.left + self.right
        else:
            return max(max_content, self.left + self.right)
        return self.left + self.right


# ---------------------------------------------------------------------------
# placing floats

def layout_float_box(box: Box, cb_width: float, cb_height: float | None, ctx) -> Layout:
    """A float's own size: shrink-to-fit when its width is auto (§10.3.5), its own BFC for its
    content and so an auto height that holds its floats (§10.6.6, §10.6.7); margins never collapse
    and auto margins are 0."""
    from .block import layout_atomic
    ctx.floats.hint = None
    yield layout_atomic(box, cb_width, cb_height, ctx)


def place_float(box: Box, flow: Flow, top: float, content_w: float) -> None:
    """Place a float whose size is known, at BFC y `top` or lower; its x, y become relative to the
    border box of the container whose Flow this is."""
    fc = flow.floats
    side = float_side(box) or "left"
    if box.style.clear != "none":
        top = max(top, fc.clearance_y(box.style.clear))
    width = box.margin[3] + box.width + box.margin[1]
    height = box.margin[0] + box.height + box.margin[2]
    x, y = fc.place(side, width, height, top, flow.content_x, flow.content_x + content_w)
    box.x = x + box.margin[3] - flow.border_x
    box.y = y + box.margin[0] - flow.border_y


def place_block_float(box: Box, flow: Flow, content_w: float, cb_height: float | None, offset: float,
                      ctx) -> Layout:
    """A float among block-level siblings: at the top of where the next in-flow box would go
    (`offset` below the content edge, collapsed margins included, §9.5.1 rules 4-6)."""
    yield layout_float_box(box, content_w, cb_height, ctx)
    place_float(box, flow, flow.content_y + offset, content_w)


# ---------------------------------------------------------------------------
# inline content beside floats

def layout_lines_around_floats(container: Box, content_width: float, ctx, flow: Flow,
                               origin: tuple[float, float] = (0.0, 0.0), items: list | None = None):
    """Inline content in a BFC that has floats (§9.4.2, §9.5): line by line, each line as wide
    as the floats beside it leave (a line whose first unbreakable piece does not fit there moves
    down past the next float bottom), and the floats met in the content placed as they come —
    on the current line when they fit beside what it holds, else just below it.  `origin` and
    `items`: as for `inline.layout_inline_content`."""
    from . import inline as il
    style = container.style
    if items is None:
        items = il.flatten(container, ctx, content_width)
    atomic = il.ATOMIC
    floating = False   # does the content hold a float? (else `take` has nothing to do)
    for item in items:
        kind = item.kind
        if kind == atomic:
            b = item.box
            item.width = b.margin[3] + b.width + b.margin[1]
        elif kind == FLOAT_ITEM:
            floating = True
    indent = resolve(style.text_indent, content_width, auto=0.0) or 0.0
    root = il.box_line_metrics(style, ctx)
    probe = max(root.above + root.below, EPSILON)
    fc = flow.floats
    left, right = flow.content_x, flow.content_x + content_width
    groups = il._groups(items)
    count = len(groups)   # (groups may be replaced by their remainders, never added or removed)
    group_width = il._group_width
    line_start_lead = il._line_start_lead
    # no float reaches below this BFC y: lines from there down have the whole width (floats met
    # in the content may change that: with some, every line asks the float context)
    clear_from = float("inf") if floating else fc.lowest()
    container.floats = []
    lines = []
    out_of_flow: list = []
    open_boxes: list[Box] = []
    y = 0.0
    i = 0
    first = True
    entries: list = []
    below: list = []        # floats that did not fit on the current line: placed under it
    lo, hi = left, right

    def take(group: list, used: float) -> None:
        """Floats in a group just put on the line: placed now if they fit beside the line."""
        nonlocal lo, hi
        for item in group:
            if item.kind != FLOAT_ITEM:
                continue
            b = item.box
            need = b.margin[3] + b.width + b.margin[1]
            if used + need <= hi - lo - ind + 0.01 or not il._content(entries):
                place_float(b, flow, flow.content_y + y, content_width)
                container.floats.append(b)
                lo, hi = fc.band(flow.content_y + y, probe, left, right)
            else:
                below.append(b)

    while i < len(groups):
        ind = indent if first else 0.0
        if flow.content_y + y < clear_from:
            # where does the line fit? (its first unbreakable piece at least, with the half em an
            # opening bracket gets back at the start of a line)
            while True:
                lo, hi = fc.band(flow.content_y + y, probe, left, right)
                first_width = group_width(groups[i])[0] + line_start_lead(groups[i])
                if first_width <= hi - lo - ind + 0.01 or (lo <= left + 0.01 and hi >= right - 0.01):
                    break
                nxt = fc.next_bottom(flow.content_y + y, probe)
                if nxt is None:
                    break
                y = nxt - flow.content_y
        else:   # (what `band` gives where no float is beside the line)
            lo, hi = left, right
        entries = []
        line_width = 0.0
        below = []

        while i < count:
            group = groups[i]
            width, space = group_width(group)
            available = hi - lo - ind
            if entries and line_width + width > available + 0.01 and il._content(entries):
                # the line is full; floats that come before the next piece are met on this line
                lead = 0
                while lead < len(group) and group[lead].kind == FLOAT_ITEM:
                    lead += 1
                if lead:   # (only floats are FLOAT_ITEMs: `floating` is true)
                    take(group[:lead], line_width)
                    groups[i] = group[lead:]
                break
            if not entries:   # text-spacing-trim: a line's first opening bracket is full-width
                width += line_start_lead(group)
            if not entries and width > available + 0.01 and il._splittable(group):
                parts = il._split_group(group, available)
                entries = list(parts[0])
                if floating:
                    take(parts[0], 0.0)
                if len(parts) > 1:
                    groups[i] = [piece for part in parts[1:] for piece in part]
                    break
                part_width, part_space = il._group_width(parts[0])
                line_width = part_width + part_space
                i += 1
                if group[-1].kind == il.BREAK:
                    break
                continue
            used = line_width
            entries.extend(group)
            line_width += width + space
            i += 1
            if floating:
                take(group, used)
            if group[-1].kind == il.BREAK:
                break
        last = i >= len(groups)
        placed = len(out_of_flow)
        line, open_boxes = il._place_line(container, entries, open_boxes, first, last, hi - lo, ind, root, ctx,
                                          out_of_flow)
        dx = lo - left
        for index in range(placed, len(out_of_flow)):   # static positions of absolute boxes on the line
            oof, ox, oy = out_of_flow[index]
            out_of_flow[index] = (oof, ox + dx, oy + y)
        first = False
        if line is not None:
            line.x = dx + origin[0]
            line.y = y + origin[1]
            il.shift_fragments_twice(line, dx, y, origin[0], origin[1])
            y += line.height
            lines.append(line)
        for b in below:
            place_float(b, flow, flow.content_y + y, content_width)
            container.floats.append(b)
    first_baseline = lines[0].baseline if lines else None
    last_baseline = lines[-1].baseline if lines else None
    return il.InlineResult(lines, y, first_baseline, last_baseline, out_of_flow)


FLOAT_ITEM = "float"   # inline.py's item kind for a float met in inline content


