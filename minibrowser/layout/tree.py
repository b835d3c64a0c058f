"""The box tree and what layout writes into it.

`Box` is one node of the render tree (CSS 2.1 §9.2): it knows its element (or
None when anonymous), its computed style and its kind.  Layout fills in the
geometry: `x, y, width, height` of the **border box** in CSS px (absolute,
page coordinates, once layout is done), and the used margins, borders and
padding.  A block container that holds inline content gets `lines`, each a
`LineBox` of fragments (text pieces, the pieces of inline boxes that fall on
that line, and atomic inlines such as images and inline-blocks).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Box kinds — what the layout dispatches on
BLOCK = "block"             # a block container (element or anonymous)
INLINE = "inline"           # a non-replaced inline box
TEXT = "text"               # a run of text (no element of its own)
LINE_BREAK = "br"           # a forced line break
REPLACED = "replaced"       # an image or other replaced element
INLINE_BLOCK = "inline-block"  # an atomic inline-level block container
TABLE = "table"             # the table wrapper / table box
TABLE_ROW_GROUP = "table-row-group"
TABLE_ROW = "table-row"
TABLE_CELL = "table-cell"
TABLE_CAPTION = "table-caption"
TABLE_COLUMN = "table-column"
MARKER = "marker"           # a list item's ::marker (outside)

BLOCK_LEVEL_KINDS = {BLOCK, TABLE}
ATOMIC_INLINE_KINDS = {REPLACED, INLINE_BLOCK}


@dataclass(eq=False, init=False)
class Box:
    """A node of the box tree.  Only what differs from the defaults below is stored on the instance
    (they stay class attributes): a page has tens of thousands of boxes, a deep one hundreds of
    thousands, and forty fields set on each cost time and about 2 KB of memory a box."""

    kind: str
    style: Any                      # ComputedStyle
    element: Any = None             # the DOM element; None for anonymous boxes and text
    children: list["Box"] = field(default_factory=list)
    text: str = ""                  # TEXT boxes: whitespace-processed text
    pseudo: str | None = None       # "before", "after", "marker" for generated boxes
    inline_level: bool = False      # participates in an inline formatting context
    anonymous: bool = False
    # replaced content
    image: Any = None               # the decoded image (raster backends) or None
    intrinsic_width: float | None = None
    intrinsic_height: float | None = None
    alt: str = ""
    # block-in-inline (CSS 2.1 §9.2.1.1): the parts of a split inline box have no edges where it was split
    split_before: bool = False             # a block interrupted this box before this part: no start edge
    split_after: bool = False              # ... and after it: no end edge
    interrupts: tuple = ()                 # a block that split inline boxes: their elements
    # table facts
    colspan: int = 1
    rowspan: int = 1
    # ---- filled by layout --------------------------------------------------
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    margin: tuple = (0.0, 0.0, 0.0, 0.0)   # top, right, bottom, left (used values)
    border: tuple = (0.0, 0.0, 0.0, 0.0)
    padding: tuple = (0.0, 0.0, 0.0, 0.0)
    lines: list["LineBox"] | None = None   # set when this box establishes an inline formatting context
    baseline: float | None = None          # y of the first/last line's baseline (for inline-block, tables)
    first_baseline: float | None = None    # y of the first line's baseline (table cells align on it)
    marker: "Box | None" = None            # an outside list marker
    fragments: list["Fragment"] | None = None  # inline boxes: their pieces, one per line
    floats: list["Box"] | None = None      # floats placed from this box's inline content (floats.py)
    laid_out: bool = False
    # scratch values of particular layouts
    min_content: float = 0.0
    max_content: float = 0.0
    grid_top: float = 0.0                  # tables: where the grid starts below the captions
    grid_height: float = 0.0
    content_offset: float = 0.0            # table cells: vertical-align shift of the content
    collapsed_border: tuple | None = None  # table cells in the collapsing border model: half of each edge
    collapsed_edges: tuple | None = None   # ... and each whole resolved edge: (width, style, colour) × 4
    cell_style: Any = None                 # ... and the cell's own style (`style` then has those halves)

    def __init__(self, kind: str, style: Any, element: Any = None, children: list | None = None,
                 **fields: Any) -> None:
        self.kind = kind
        self.style = style
        self.element = element
        self.children = [] if children is None else children
        for name, value in fields.items():
            if name not in _BOX_FIELDS:
                raise TypeError(f"Box() got an unexpected keyword argument {name!r}")
            setattr(self, name, value)

    # geometry helpers -------------------------------------------------------
    @property
    def content_x(self) -> float:
        return self.x + self.border[3] + self.padding[3]

    @property
    def content_y(self) -> float:
        return self.y + self.border[0] + self.padding[0]

    @property
    def content_width(self) -> float:
        return self.width - self.border[1] - self.border[3] - self.padding[1] - self.padding[3]

    @property
    def content_height(self) -> float:
        return self.height - self.border[0] - self.border[2] - self.padding[0] - self.padding[2]

    @property
    def is_block_level(self) -> bool:
        return not self.inline_level

    @property
    def tag(self) -> str:
        return self.element.tag if self.element is not None and isinstance(self.element.tag, str) else ""

    def describe(self) -> str:
        name = self.tag or ("anonymous" if self.anonymous else self.kind)
        if self.pseudo:
            name += f"::{self.pseudo}"
        return f"{self.kind} {name}"


_BOX_FIELDS = frozenset(Box.__dataclass_fields__)


@dataclass(eq=False, slots=True)   # slots: one per word run and inline box piece per line
class Fragment:
    """A piece of inline content placed on one line (border box for inline boxes)."""

    box: Box
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    text: str = ""           # for text fragments: the characters on this line
    font: Any = None         # for text fragments: the font handle the metrics chose
    baseline: float = 0.0    # absolute y of this fragment's baseline
    starts: bool = True      # inline boxes: this fragment holds the box's start edge
    ends: bool = True        # ... and its end edge
    depth: int = 0           # nesting depth of inline boxes (paint order)
    hyphen: bool = False     # a soft hyphen was used to break after this fragment

    @property
    def kind(self) -> str:
        return self.box.kind


@dataclass(eq=False, slots=True)
class LineBox:
    x: float
    y: float
    width: float
    height: float
    baseline: float                       # absolute y of the line's baseline
    fragments: list[Fragment] = field(default_factory=list)


def clamp(value: float, low: float | None, high: float | None) -> float:
    """A size within min/max constraints, max applied first so that min wins (CSS 2.1 §10.4)."""
    if high is not None:
        value = min(value, high)
    if low is not None:
        value = max(value, low)
    return value
