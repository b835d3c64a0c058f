"""The display list: a flat list of paint commands, in paint order.

It is the only thing the rasterizers see (raster/pil.py for PNG, raster/grid.py
for text mode): plain records with absolute CSS-px coordinates, printable with
`--dump display-list` and testable without drawing a pixel.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..css.values import RGBA


@dataclass
class FillRect:
    x: float
    y: float
    width: float
    height: float
    color: RGBA
    radii: tuple = ()        # ((rx, ry) × 4 corners) when rounded

    def describe(self) -> str:
        return f"FillRect {_rect(self)} {self.color.hex()}" + (" rounded" if self.radii else "")


@dataclass
class DrawBorder:
    """One box's border: widths, styles and colours per side (top, right, bottom, left)."""

    x: float
    y: float
    width: float
    height: float
    widths: tuple
    styles: tuple
    colors: tuple
    radii: tuple = ()

    def describe(self) -> str:
        sides = " ".join(f"{w:g}px {s} {c.hex()}" for w, s, c in zip(self.widths, self.styles, self.colors))
        return f"DrawBorder {_rect(self)} [{sides}]"


@dataclass
class DrawText:
    x: float
    baseline: float
    text: str
    font: Any          # the Font handle from paint/fonts.py (or a cell font in text mode)
    color: RGBA
    width: float = 0.0
    size: float = 16.0
    bold: bool = False
    italic: bool = False
    link: str | None = None   # the href of the nearest <a> ancestor (text mode references)
    letter_spacing: float = 0.0
    word_spacing: float = 0.0  # extra px after each space (word-spacing, text-align: justify)

    def describe(self) -> str:
        return f"DrawText ({self.x:.2f},{self.baseline:.2f}) {self.size:g}px {self.color.hex()} {self.text!r}"


@dataclass
class DrawLine:
    """A horizontal text decoration line: y1 is its top edge; style solid, double, dotted, dashed or wavy."""

    x1: float
    y1: float
    x2: float
    y2: float
    thickness: float
    color: RGBA
    style: str = "solid"

    def describe(self) -> str:
        return (f"DrawLine ({self.x1:.2f},{self.y1:.2f})-({self.x2:.2f},{self.y2:.2f}) {self.thickness:g}px "
                f"{self.style} {self.color.hex()}")


@dataclass
class DrawPolyline:
    """An antialiased open path of straight segments (the tick of a checked checkbox)."""

    points: tuple       # ((x, y), ...) in CSS px
    thickness: float
    color: RGBA

    def describe(self) -> str:
        path = " ".join(f"({x:.2f},{y:.2f})" for x, y in self.points)
        return f"DrawPolyline {path} {self.thickness:g}px {self.color.hex()}"


@dataclass
class DrawImage:
    """A decoded image scaled to width × height at (x, y).

    For a background image, (x, y, width, height) is one tile, `repeat` says
    along which axes it repeats ("repeat" or "no-repeat" for x and y) and
    `area` is the painting area (x, y, width, height) that clips the tiles.
    """

    x: float
    y: float
    width: float
    height: float
    image: Any
    alt: str = ""
    repeat: tuple | None = None
    area: tuple | None = None

    def describe(self) -> str:
        size = getattr(self.image, "size", None)
        text = f"DrawImage {_rect(self)} source={size}"
        if self.repeat is not None:
            ax, ay, aw, ah = self.area
            text += f" repeat={'/'.join(self.repeat)} area=({ax:.2f},{ay:.2f} {aw:.2f}x{ah:.2f})"
        return text


@dataclass
class DrawGradient:
    """linear-gradient() over a box: angle in degrees (180 = to bottom), stops (RGBA, px or None)."""

    x: float
    y: float
    width: float
    height: float
    angle: float
    stops: tuple
    repeating: bool = False

    def describe(self) -> str:
        stops = ", ".join(f"{c.hex()}" + ("" if p is None else f" {p:g}px") for c, p in self.stops)
        kind = "repeating-linear-gradient" if self.repeating else "linear-gradient"
        return f"DrawGradient {_rect(self)} {kind}({self.angle:g}deg, {stops})"


@dataclass
class PushClip:
    """Clip what follows, up to the matching PopClip, to a rectangle (with rounded corners if radii)."""

    x: float
    y: float
    width: float
    height: float
    radii: tuple = ()

    def describe(self) -> str:
        return f"PushClip {_rect(self)}" + (" rounded" if self.radii else "")


@dataclass
class PopClip:
    def describe(self) -> str:
        return "PopClip"


@dataclass
class PushOpacity:
    """Paint what follows, up to the matching PopOpacity, as one layer, then blend it at `opacity`."""

    opacity: float

    def describe(self) -> str:
        return f"PushOpacity {self.opacity:g}"


@dataclass
class PopOpacity:
    def describe(self) -> str:
        return "PopOpacity"


@dataclass
class DisplayList:
    """The commands in paint order, the page size, and the canvas colour.

    `background` is the colour the root (or body) element gives the canvas
    (CSS Backgrounds 3 §2.11.2), transparent when it gives none: the
    rasterizer lays it over its own backdrop (white, or nothing with
    `--background transparent`).
    """

    commands: list = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    background: RGBA = RGBA(0, 0, 0, 0.0)

    def append(self, command) -> None:
        self.commands.append(command)

    def dump(self) -> str:
        lines = [f"DisplayList {self.width:g}x{self.height:g} canvas {self.background.hex()}"]
        lines += [c.describe() for c in self.commands]
        return "\n".join(lines)


def _rect(cmd) -> str:
    return f"({cmd.x:.2f},{cmd.y:.2f} {cmd.width:.2f}x{cmd.height:.2f})"
