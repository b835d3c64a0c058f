"""Form controls painted as Chromium's default light theme paints them.

The UA sheet gives text fields `border: 2px inset #767676`, buttons `2px outset #767676` on
#efefef, and select and textarea `1px solid #767676` (css/ua.css, as Chromium's html.css).  With
`appearance: auto` Chromium does not paint those borders: its theme (ThemePainterDefault,
NativeThemeBase's form-controls refresh) draws the border box as a rounded rectangle of 2px radius,
filled with the control's background and outlined by one 1px #767676 line; what remains of a 2px
border is background.  A select also gets its drop-down chevron.  As in Blink
(LayoutTheme::AdjustStyle), an author who restyles the border or the background gets the CSS
look instead: the theme applies only while both still hold the UA sheet's values.
"""
from __future__ import annotations

from ..css.values import RGBA
from .display_list import DisplayList, DrawBorder, DrawPolyline, FillRect

THEME_BORDER = RGBA(118, 118, 118)        # #767676
THEME_RADIUS = 2.0
GRIP = RGBA(102, 102, 102)           # #666666
PLACEHOLDER_COLOR = RGBA(117, 117, 117)   # ::placeholder in Chromium's light theme: #757575

TEXT_INPUT_TYPES = frozenset({"", "text", "search", "url", "tel", "email", "password", "number", "date",
                              "month", "week", "time", "datetime-local"})
BUTTON_INPUT_TYPES = frozenset({"submit", "reset", "button"})

# kind → (border width, border style, background) the UA sheet gives it
UA_LOOK = {
    "textfield": (2.0, "inset", RGBA(255, 255, 255)),
    "button": (2.0, "outset", RGBA(239, 239, 239)),
    "menulist": (1.0, "solid", RGBA(255, 255, 255)),
    "textarea": (1.0, "solid", RGBA(255, 255, 255)),
}


def control_kind(box) -> str | None:
    """Which themed control a box is (textfield, button, menulist, textarea), or None."""
    tag = box.tag
    if tag == "input" and box.element is not None and box.pseudo is None:
        kind = (box.element.get("type") or "").strip().lower()
        if kind in TEXT_INPUT_TYPES:
            return "textfield"
        if kind in BUTTON_INPUT_TYPES:
            return "button"
        return None
    if box.pseudo is not None:
        return None
    return {"button": "button", "select": "menulist", "textarea": "textarea"}.get(tag)


def themed(box, rounded: bool) -> str | None:
    """The control kind when the theme paints the box: its border and background are still the UA's
    (`rounded`: the author gave it a border-radius, which the UA sheet does not)."""
    kind = control_kind(box)
    if kind is None or rounded:
        return None
    width, style, background = UA_LOOK[kind]
    s = box.style
    sides = (("top", s.border_top_width, s.border_top_style, s.border_top_color),
             ("right", s.border_right_width, s.border_right_style, s.border_right_color),
             ("bottom", s.border_bottom_width, s.border_bottom_style, s.border_bottom_color),
             ("left", s.border_left_width, s.border_left_style, s.border_left_color))
    for _name, w, st, color in sides:
        if w != width or st != style or s.resolve_color(color) != THEME_BORDER:
            return None
    if s.resolve_color(s.background_color) != background or s.background_image != "none":
        return None
    return kind


def paint_control(kind: str, box, out: DisplayList) -> None:
    """The theme's picture of the control's border box: background, a 1px line, a textarea's grip."""
    s = box.style
    x, y, w, h = box.x, box.y, box.width, box.height
    if w <= 0 or h <= 0:
        return
    radii = ((THEME_RADIUS, THEME_RADIUS),) * 4
    out.append(FillRect(x, y, w, h, s.resolve_color(s.background_color), radii))
    out.append(DrawBorder(x, y, w, h, (1.0,) * 4, ("solid",) * 4, (THEME_BORDER,) * 4, radii))
    if kind == "textarea":
        _resize_grip(x + w - 1.0, y + h - 1.0, out)


def is_placeholder(box) -> bool:
    """Whether a text field shows its placeholder: an input with no value but a placeholder."""
    element = box.element
    return (box.tag == "input" and element is not None and not element.get("value")
            and bool(element.get("placeholder")))


def select_arrow(box, out: DisplayList) -> None:
    """A select's drop-down chevron in its text colour: Chromium draws it whether or not the author
    restyled the border (appearance menulist or menulist-button)."""
    s = box.style
    x, y, w, h = box.x, box.y, box.width, box.height
    if w <= 0 or h <= 0 or s.visibility != "visible":
        return
    # measured on Chromium's rendering at 13.33px: 7px wide, 3.5px tall, drawn 2px thick, its right
    # end 5.5px inside the border box, from 1.5px above the box's middle line
    right, middle = x + w - 5.5, y + h / 2
    out.append(DrawPolyline(((right - 7.0, middle - 1.5), (right - 3.5, middle + 2.0), (right, middle - 1.5)),
                                2.0, s.color))


def _resize_grip(right: float, bottom: float, out: DisplayList) -> None:
    """The resizer in a textarea's bottom-right corner: two 1px diagonals in #666666, 7 and 3 pixels
    long, ending 3px inside the padding box's corner at (right, bottom) (Chromium's light theme)."""
    for length in (7, 3):
        for k in range(length):
            out.append(FillRect(right - 2 - length + k, bottom - 3 - k, 1.0, 1.0, GRIP))
