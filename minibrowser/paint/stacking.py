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

Where an overflow clip applies also follows the containing block: an
absolutely positioned box escapes the clips of the boxes between it and its
containing block (CSS Overflow 3 §3, CSS 2.1 §11.1.1), a fixed one every clip.
"""
from __future__ import annotations

from typing import Any

from ..layout.tree import ATOMIC_INLINE_KINDS, INLINE, TABLE, TEXT, Box

_POP = object()   # a stack marker: the clip opened for a box's descendants ends here


def paints_alone(box: Box) -> bool:
    """A unit of its own: positioned (relative, absolute, fixed, sticky) or translucent."""
    s = box.style
    return box.kind != TEXT and (s.position != "static" or s.opacity < 1)


def is_stacking_context(box: Box) -> bool:
    s = box.style
    return s.opacity < 1 or (s.position != "static" and isinstance(s.z_index, int))


def z_order(box: Box) -> int:
    """z-index applies to positioned boxes only (§9.9.1); auto paints at 0."""
    z = box.style.z_index
    return z if isinstance(z, int) and box.style.position != "static" else 0


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


def stacking_members(unit: Box) -> list[tuple[int, int, Box, tuple]]:
    """The units a stacking context paints itself: (z, tree order, box, clips to re-open), found in
    one walk down its subtree that does not enter nested stacking contexts nor atomic inlines."""
    from .painter import _overflow_clip
    members: list[tuple[int, int, Box, tuple]] = []
    chain: list[Any] = []
    # (box, how many clips of `chain` an absolutely positioned descendant keeps: those up to and
    # including its containing block's own)
    stack: list[tuple[Any, int]] = [(unit, 0)]
    while stack:
        box, keep = stack.pop()
        if box is _POP:
            chain.pop()
            continue
        if box is not unit and paints_alone(box):
            position = box.style.position
            clips = () if position == "fixed" else tuple(chain[:keep]) if position == "absolute" \
                else tuple(chain)
            members.append((z_order(box), len(members), box, clips))
            if is_stacking_context(box) or (box.inline_level and box.kind != INLINE):
                continue
        elif box is not unit and box.inline_level:
            continue
        kids = _children(box)
        if not kids:
            continue
        clip = _overflow_clip(box)
        if clip is not None:
            chain.append(clip)
            stack.append((_POP, 0))
        if box.style.position != "static":
            keep = len(chain)
        stack.extend((kid, keep) for kid in reversed(kids))
    return members
