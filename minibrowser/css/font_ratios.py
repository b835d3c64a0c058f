"""ex and ch without a font system: the x-height and the width of "0" of the first available font.

CSS Values 4 §6.1.1 defines 1ex as the x-height and 1ch as the advance of "0"
of the first available font.  The style stage runs before fonts are loaded, so
it uses the metrics of the fonts minibrowser bundles (read from their OS/2 and
hmtx tables: Noto Sans, Noto Serif, Roboto Mono), picked the way paint/fonts.py
picks them: a bundled family by name, a generic by its alias, anything else
falls back to sans-serif — as Chromium does with the same fonts.
"""
from __future__ import annotations

from functools import lru_cache

# family (lowercase) -> (x-height / em, advance of "0" / em)
RATIOS = {
    "noto sans": (0.536, 0.572), "sans-serif": (0.536, 0.572), "system-ui": (0.536, 0.572),
    "noto serif": (0.536, 0.559), "serif": (0.536, 0.559),
    "roboto mono": (0.5283203125, 0.60009765625), "monospace": (0.5283203125, 0.60009765625),
    "ui-monospace": (0.5283203125, 0.60009765625),
}
FALLBACK = RATIOS["sans-serif"]


@lru_cache(maxsize=256)
def font_ratios(families: tuple) -> tuple[float, float]:
    """(ex, ch) as fractions of the font size for a computed font-family list."""
    for family in families:
        ratios = RATIOS.get(family.lower())
        if ratios is not None:
            return ratios
    return FALLBACK
