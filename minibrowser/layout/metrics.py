"""What layout asks of a text surface: how wide is this text, how tall is a line.

One layout engine serves two surfaces (DESIGN.md): `paint.fonts.FontMetricsPIL`
answers from real font files for the PNG, `raster.grid.CellMetrics` answers in
character cells for text mode.  Layout never opens a font file itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class FontMetrics:
    """Vertical metrics of one font at one size, in CSS px, rounded as Blink rounds them."""

    ascent: float
    descent: float
    line_gap: float
    x_height: float
    underline_offset: float = 1.0     # below the baseline
    underline_thickness: float = 1.0
    strikeout_offset: float = 4.0     # above the baseline
    avg_char_width: float | None = None   # OS/2 xAvgCharWidth, rounded (form controls are sized by it)
    max_char_width: float | None = None   # the font's bounding box width, rounded

    @property
    def line_spacing(self) -> float:
        """The used line-height for `line-height: normal`."""
        return self.ascent + self.descent + self.line_gap


class TextMetrics(Protocol):
    """The measuring interface; implementations cache aggressively (layout asks a lot)."""

    cell_based: bool  # True for the character-cell surface

    def font(self, style: Any) -> Any:
        """A hashable handle for the first available font of a computed style."""

    def runs(self, text: str, font: Any) -> list[tuple[str, Any]]:
        """Split text into runs by the font that has each character's glyph (fallback)."""

    def width(self, text: str, font: Any) -> float:
        """Advance width of text in one font (kerning and shaping inside the run)."""

    def metrics(self, font: Any) -> FontMetrics:
        """Ascent, descent, line gap, x-height of a font."""
