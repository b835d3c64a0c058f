"""The display list: a flat list of paint commands, in paint order.

It is the only thing the rasterizers see (raster/pil.py for PNG, raster/grid.py
for text mode): plain records with absolute CSS-px coordinates, printable with
`--dump display-list` and testable without drawing a pixel.

The records are plain classes with `__slots__` rather than dataclasses: they
compare and print as dataclasses do (`_Record`), but a @dataclass costs about
half a millisecond to create when the module is imported, and every page load
imports these twelve.
"""
from __future__ import annotations

from typing import Any

from ..css.values import RGBA


class _Record:
    """Fields named by `__slots__`; equal when of the same class with equal fields; printed
    as `Name(field=value, ...)`."""

    __slots__ = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None     # mutable records, as a dataclass with eq is

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({fields})"


class FillRect(_Record):
    __slots__ = ("x", "y", "width", "height", "color", "radii")
    # radii: ((rx, ry) × 4 corners) when rounded

    def __init__(self, x: float, y: float, width: float, height: float, color: RGBA, radii: tuple = ()) -> None:
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.color = color
        self.radii = radii

    def describe(self) -> str:
        return f"FillRect {_rect(self)} {self.color.hex()}" + (" rounded" if self.radii else "")


class DrawBorder(_Record):
    """One box's border: widths, styles and colours per side (top, right, bottom, left)."""

    __slots__ = ("x", "y", "width", "height", "widths", "styles", "colors", "radii")

    def __init__(self, x: float, y: float, width: float, height: float, widths: tuple, styles: tuple,
                 colors: tuple, radii: tuple = ()) -> None:
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.widths = widths
        self.styles = styles
        self.colors = colors
        self.radii = radii

    def describe(self) -> str:
        sides = " ".join(f"{w:g}px {s} {c.hex()}" for w, s, c in zip(self.widths, self.styles, self.colors))
        return f"DrawBorder {_rect(self)} [{sides}]"


class DrawText(_Record):
    __slots__ = ("x", "baseline", "text", "font", "color", "width", "size", "bold", "italic", "link",
                 "letter_spacing", "word_spacing")
    # font: the Font handle from paint/fonts.py (or a cell font in text mode)
    # link: the href of the nearest <a> ancestor (text mode references)
    # word_spacing: extra px after each space (word-spacing, text-align: justify)

    def __init__(self, x: float, baseline: float, text: str, font: Any, color: RGBA, width: float = 0.0,
                 size: float = 16.0, bold: bool = False, italic: bool = False, link: str | None = None,
                 letter_spacing: float = 0.0, word_spacing: float = 0.0) -> None:
        self.x = x
        self.baseline = baseline
        self.text = text
        self.font = font
        self.color = color
        self.width = width
        self.size = size
        self.bold = bold
        self.italic = italic
        self.link = link
        self.letter_spacing = letter_spacing
        self.word_spacing = word_spacing

    def describe(self) -> str:
        return f"DrawText ({self.x:.2f},{self.baseline:.2f}) {self.size:g}px {self.color.hex()} {self.text!r}"


class DrawLine(_Record):
    """A horizontal text decoration line: y1 is its top edge; style solid, double, dotted, dashed or wavy."""

    __slots__ = ("x1", "y1", "x2", "y2", "thickness", "color", "style")

    def __init__(self, x1: float, y1: float, x2: float, y2: float, thickness: float, color: RGBA,
                 style: str = "solid") -> None:
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
        self.thickness = thickness
        self.color = color
        self.style = style

    def describe(self) -> str:
        return (f"DrawLine ({self.x1:.2f},{self.y1:.2f})-({self.x2:.2f},{self.y2:.2f}) {self.thickness:g}px "
                f"{self.style} {self.color.hex()}")


class DrawPolyline(_Record):
    """An antialiased open path of straight segments (the tick of a checked checkbox)."""

    __slots__ = ("points", "thickness", "color")
    # points: ((x, y), ...) in CSS px

    def __init__(self, points: tuple, thickness: float, color: RGBA) -> None:
        self.points = points
        self.thickness = thickness
        self.color = color

    def describe(self) -> str:
        path = " ".join(f"({x:.2f},{y:.2f})" for x, y in self.points)
        return f"DrawPolyline {path} {self.thickness:g}px {self.color.hex()}"


class DrawImage(_Record):
    """A decoded image scaled to width × height at (x, y).

    For a background image, (x, y, width, height) is one tile, `repeat` says
    along which axes it repeats ("repeat" or "no-repeat" for x and y) and
    `area` is the painting area (x, y, width, height) that clips the tiles.
    """
    __slots__ = ("x", "y", "width", "height", "image", "alt", "repeat", "area")

    def __init__(self, x: float, y: float, width: float, height: float, image: Any, alt: str = "",
                 repeat: tuple | None = None, area: tuple | None = None) -> None:
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.image = image
        self.alt = alt
        self.repeat = repeat
        self.area = area

    def describe(self) -> str:
        size = getattr(self.image, "size", None)
        text = f"DrawImage {_rect(self)} source={size}"
        if self.repeat is not None:
            ax, ay, aw, ah = self.area
            text += f" repeat={'/'.join(self.repeat)} area=({ax:.2f},{ay:.2f} {aw:.2f}x{ah:.2f})"
        return text


class DrawGradient(_Record):
    """linear-gradient() over a box: angle in degrees (180 = to bottom), stops (RGBA, px or None)."""

    __slots__ = ("x", "y", "width", "height", "angle", "stops", "repeating")

    def __init__(self, x: float, y: float, width: float, height: float, angle: float, stops: tuple,
                 repeating: bool = False) -> None:
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.angle = angle
        self.stops = stops
        self.repeating = repeating

    def describe(self) -> str:
        stops = ", ".join(f"{c.hex()}" + ("" if p is None else f" {p:g}px") for c, p in self.stops)
        kind = "repeating-linear-gradient" if self.repeating else "linear-gradient"
        return f"DrawGradient {_rect(self)} {kind}({self.angle:g}deg, {stops})"


class PushClip(_Record):
    """Clip what follows, up to the matching PopClip, to a rectangle (with rounded corners if radii)."""

    __slots__ = ("x", "y", "width", "height", "radii")

    def __init__(self, x: float, y: float, width: float, height: float, radii: tuple = ()) -> None:
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.radii = radii

    def describe(self) -> str:
        return f"PushClip {_rect(self)}" + (" rounded" if self.radii else "")


class PopClip(_Record):
    __slots__ = ()

    def describe(self) -> str:
        return "PopClip"


class PushOpacity(_Record):
    """Paint what follows, up to the matching PopOpacity, as one layer, then blend it at `opacity`."""

    __slots__ = ("opacity",)

    def __init__(self, opacity: float) -> None:
        self.opacity = opacity

    def describe(self) -> str:
        return f"PushOpacity {self.opacity:g}"


class PopOpacity(_Record):
    __slots__ = ()

    def describe(self) -> str:
        return "PopOpacity"


class DisplayList(_Record):
    """The commands in paint order, the page size, and the canvas colour.

    `background` is the colour the root (or body) element gives the canvas
    (CSS Backgrounds 3 §2.11.2), transparent when it gives none: the
    rasterizer lays it over its own backdrop (white, or nothing with
    `--background transparent`).
    """
    __slots__ = ("commands", "width", "height", "background")

    def __init__(self, commands: list | None = None, width: float = 0.0, height: float = 0.0,
                 background: RGBA = RGBA(0, 0, 0, 0.0)) -> None:
        self.commands = [] if commands is None else commands
        self.width = width
        self.height = height
        self.background = background

    def append(self, command) -> None:
        self.commands.append(command)

    def dump(self) -> str:
        lines = [f"DisplayList {self.width:g}x{self.height:g} canvas {self.background.hex()}"]
        lines += [c.describe() for c in self.commands]
        return "\n".join(lines)


def _rect(cmd) -> str:
    return f"({cmd.x:.2f},{cmd.y:.2f} {cmd.width:.2f}x{cmd.height:.2f})"
