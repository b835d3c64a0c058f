"""The rendered legend of a fieldset (HTML §15.3.13, "The fieldset and legend elements").

A fieldset's first `<legend>` child, unless it floats or is absolutely positioned, is its
*rendered legend*: it leaves the fieldset's normal flow and sits in the fieldset's top border,
shrink-wrapped like an inline-block, after the fieldset's left border and padding.  The border
band then becomes as tall as the legend's margin box: the legend is centred on the border line
when it is the taller of the two (the border is drawn through its middle), and the fieldset's
content starts below the band.  This is what Blink does; its getBoundingClientRect of the
fieldset starts at the top of the band.
"""
from __future__ import annotations

from .tree import Box


def rendered_legend(box: Box) -> Box | None:
    """The fieldset's first legend child, when it is in flow (floats and abspos ones are not)."""
    if box.tag != "fieldset":
        return None
    for child in box.children:
        if child.tag == "legend" and not child.inline_level:
            style = child.style
            if style.float != "none" or style.position in ("absolute", "fixed"):
                return None
            return child
        if child.element is not None and child.tag == "legend":
            return None
    return None


def place_legend(legend: Box, border_top: float, content_left: float) -> float:
    """Put a laid-out legend in the fieldset's top border band; return the band's height.

    The legend's margin box and the border are centred on each other: whichever is taller sets
    the band, the other is moved down by half the difference."""
    legend_h = legend.margin[0] + legend.height + legend.margin[2]
    band = max(border_top, legend_h)
    legend.x = content_left + legend.margin[3]
    legend.y = (band - legend_h) / 2 + legend.margin[0]
    return band
