"""`ComputedStyle`: one element's computed values, as plain attributes.

Property `margin-top` is the attribute `margin_top`.  Styles are immutable by
convention once the cascade made them, which lets siblings with identical
inputs share one object (cascade.py does that, as browsers do).
"""
from __future__ import annotations

from typing import Any

from .properties import PROPERTY_LIST
from .values import CURRENT_COLOR, RGBA

ATTRS: tuple[str, ...] = tuple(p.attr for p in PROPERTY_LIST)
# Not properties, but computed with font-size and inherited with it (as in Blink's FontDescription):
# the keyword a size came from (1 = xx-small ... 8 = xxx-large, 0 = none) and whether it is
# "absolute" (not derived from the medium default).  cascade._monospace_quirk reads them.
FONT_SIZE_STATE = {"font_size_keyword": 4, "font_size_absolute": False}
# Not a property either: the element's language (HTML §3.2.6.2, the lang attribute, xml:lang in XML),
# lowercase, "" when unknown; inherited like a font property because the font lookup needs it
# (Blink resolves serif and sans-serif to a CJK font when the content language is Chinese).
LANG_STATE = {"lang": ""}
INHERITED_ATTRS: tuple[str, ...] = (tuple(p.attr for p in PROPERTY_LIST if p.inherited) + tuple(FONT_SIZE_STATE)
                                    + tuple(LANG_STATE))
INITIAL_VALUES: dict[str, Any] = {**{p.attr: p.initial for p in PROPERTY_LIST}, **FONT_SIZE_STATE, **LANG_STATE}
INITIAL_NONINHERITED: dict[str, Any] = {p.attr: p.initial for p in PROPERTY_LIST if not p.inherited}


class ComputedStyle:
    """Every property the engine knows, computed (absolute px, RGBA, keywords)."""

    custom_properties: dict[str, list]

    def __init__(self, values: dict[str, Any], custom_properties: dict[str, list] | None = None) -> None:
        self.__dict__.update(values)
        self.custom_properties = custom_properties or {}

    def value(self, css_name: str) -> Any:
        return getattr(self, css_name.replace("-", "_"))

    def resolve_color(self, value: Any) -> RGBA:
        """Used value of a colour: currentcolor is this element's `color`."""
        return self.color if value == CURRENT_COLOR else value

    def values(self) -> dict[str, Any]:
        return {attr: getattr(self, attr) for attr in ATTRS}

    # convenience predicates used across layout and paint
    @property
    def is_hidden(self) -> bool:
        return self.visibility != "visible"

    def __repr__(self) -> str:
        return f"<ComputedStyle display={self.display} font_size={self.font_size}>"


def initial_style() -> ComputedStyle:
    """The style of a node that has no element (the initial containing block's)."""
    return ComputedStyle(dict(INITIAL_VALUES))
