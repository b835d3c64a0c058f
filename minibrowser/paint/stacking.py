"""Stacking contexts and who paints whom (CSS 2.1 §9.9.1 and Appendix E).

Every box that is positioned or translucent is painted as a unit of its own,
out of the tree-order pass of its parent, by the **stacking context** it belongs
to: the nearest ancestor that is the root, a positioned box with an integer
`z-index`, or a box with opacity below 1 (CSS Color 3 §3.2).  A positioned box
with `z-index: auto` is painted like a stacking context, but whatever positioned
boxes lie inside it belong to the context around it and are painted in that
context's order:

    negative z-index (most negative first) → in-flow content →
    z-index auto and 0, in tree order → positive z-index (smallest first)

Atomic inlines (inline-blocks, images, inline tables) are painted as if they
were stacking contexts, so the positioned boxes inside them stay with them.

Flex and grid items paint like inline-blocks (CSS Flexbox 1 §5.4, CSS Grid 1
§9): each one whole, in `order`-modified document order (the order the box
builder left them in), with the container's inline content; the positioned
boxes inside a static item still belong to the stacking context around it.  A
`z-index` other than auto makes an item a stacking context even when it is
position: static, so `item=True` below lets z-index apply to it.

Where an overflow clip applies also follows the containing block: an
absolutely positioned box escapes the clips of the boxes between it and its
containing block (CSS Overflow 3 §3, CSS 2.1 §11.1.1), a fixed one every clip.
"""
from __future__ import annotations

from typing import Any

from ..layout.tree import ATOMIC_INLINE_KINDS, INLINE, TABLE, TEXT, Box

_POP = object()   # a stack marker: the clip opened for a box's descendants ends here
IN_FLOW = frozenset({"static", "relative", "sticky"})   # an absolutely positioned child is not an item


FLEX_OR_GRID = frozenset({"flex", "inline-flex", "grid", "inline-grid"})


def holds_items(box: Box) -> bool:
    """A flex or grid container: its in-flow children are items, painted one by one as units.
    (The flex and grid modules are imported only for a page that has such a display.)"""
    if box.style.display not in FLEX_OR_GRID:
        return False
    from ..layout.flex import is_flex_container
    from ..layout.grid_layout import is_grid_container

    return is_flex_container(box) or is_grid_container(box)


def _z_applies(box: Box, item: bool) -> bool:
    """z-index applies to positioned boxes (CSS 2.1 §9.9.1) and to flex and grid items (Flexbox §5.4)."""
    return isinstance(box.style.z_index, int) and (item or box.style.position != "static")


def paints_alone(box: Box, item: bool = False) -> bool:
    """Painted out of tree order by its stacking context: positioned (relative, absolute, fixed,
    sticky), translucent, or (`item`: a flex or grid item) given a z-index."""
    s = box.style
    return box.kind != TEXT and (s.position != "static" or s.opacity < 1 or (item and _z_applies(box, item)))


def is_stacking_context(box: Box, item: bool = False) -> bool:
    return box.style.opacity < 1 or _z_applies(box, item)


def z_order(box: Box, item: bool = False) -> int:
    """The box's layer in its stacking context; z-index auto paints at 0."""
    return box.style.z_index if _z_applies(box, item) else 0


def _children(box: Box) -> list[Box]:
    """What may hold members: block children; in inline content, the absolutely positioned boxes
    and positioned or translucent atomic inlines (other atomic inlines keep their own members)."""
    if box.lines is None:
        return [c for c in box.children if not c.inline_level]
    out: list[Box] = []
    stack = list(reversed(box.children))
    while stack:
        child = stack.pop()
        if child.kind == INLINE:
            stack.extend(reversed(child.children))
        elif child.kind != TEXT and (not child.inline_level or
                                     ((child.kind in ATOMIC_INLINE_KINDS or child.kind == TABLE)
                                      and paints_alone(child))):
            out.append(child)
    return out


def stacking_members(unit: Box) -> list[tuple[int, int, Box, tuple, bool]]:
    """The units a stacking context paints itself: (z, tree order, box, clips to re-open, whether
    it is a stacking context), found in one walk down its subtree that does not enter nested
    stacking contexts nor atomic inlines."""
    from .painter import _overflow_clip
    members: list[tuple[int, int, Box, tuple, bool]] = []
    chain: list[Any] = []
    # (box, how many clips of `chain` an absolutely positioned descendant keeps: those up to and
    # including its containing block's own, whether the box is a flex or grid item)
    stack: list[tuple[Any, int, bool]] = [(unit, 0, False)]
    while stack:
        box, keep, item = stack.pop()
        if box is _POP:
            chain.pop()
            continue
        if box is not unit and paints_alone(box, item):
            position = box.style.position
            clips = () if position == "fixed" else tuple(chain[:keep]) if position == "absolute" \
                else tuple(chain)
            context = is_stacking_context(box, item)
            members.append((z_order(box, item), len(members), box, clips, context))
            if context or (box.inline_level and box.kind != INLINE):
                continue
        elif box is not unit and box.inline_level:
            continue
        kids = _children(box)
        if not kids:
            continue
        clip = _overflow_clip(box)
        if clip is not None:
            chain.append(clip)
            stack.append((_POP, 0, False))
        if box.style.position != "static":
            keep = len(chain)
        items = holds_items(box)
        stack.extend((kid, keep, items and kid.style.position in IN_FLOW) for kid in reversed(kids))
    return members
