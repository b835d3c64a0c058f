"""CSS counters (CSS Lists 3 §4) and list marker text (CSS Counter Styles 3).

Counters are scoped: `counter-reset` on an element creates a counter that
lives for that element, its following siblings and their descendants.  The
box builder calls `enter`/`leave` in document order; `list-item` is the
implicit counter of list items, with the HTML `start`, `reversed` and `value`
attributes (HTML Standard §4.4.8) applied here.
"""
from __future__ import annotations

from typing import Any

BULLETS = {"disc": "\u2022", "circle": "\u25e6", "square": "\u25aa", "disclosure-open": "\u25be",
           "disclosure-closed": "\u25b8"}
# text mode draws bullets by nesting depth, as w3m does; the same characters serve
ALPHABETS = {
    "lower-alpha": "abcdefghijklmnopqrstuvwxyz", "lower-latin": "abcdefghijklmnopqrstuvwxyz",
    "upper-alpha": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "upper-latin": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "lower-greek": "αβγδεζηθικλμνξοπρστυφχψω",
    "hiragana": "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをん",
    "katakana": "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲン",
}
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
CJK_DIGITS = "〇一二三四五六七八九"


def _alphabetic(value: int, letters: str) -> str:
    if value < 1:
        return str(value)
    out = ""
    while value > 0:
        value -= 1
        out = letters[value % len(letters)] + out
        value //= len(letters)
    return out


def _roman(value: int) -> str:
    if not 1 <= value <= 3999:
        return str(value)
    out = ""
    for number, letters in ROMAN:
        while value >= number:
            out += letters
            value -= number
    return out


def _cjk_decimal(value: int) -> str:
    if value < 0:
        return "-" + _cjk_decimal(-value)
    return "".join(CJK_DIGITS[int(d)] for d in str(value))


def counter_representation(value: int, style: str) -> str:
    """The counter value in a counter style, without prefix or suffix."""
    if style in BULLETS:
        return BULLETS[style]
    if style == "decimal":
        return str(value)
    if style == "decimal-leading-zero":
        return f"{value:02d}" if value >= 0 else f"-{-value:02d}"
    if style in ALPHABETS:
        return _alphabetic(value, ALPHABETS[style])
    if style == "lower-roman":
        return _roman(value).lower()
    if style == "upper-roman":
        return _roman(value)
    if style in ("cjk-decimal", "cjk-ideographic"):
        return _cjk_decimal(value)
    if style == "none":
        return ""
    return str(value)


def marker_text(value: int, style: Any, suffix: bool = True, text_mode: bool = False) -> str:
    """A ::marker's text: bullets get a trailing space, numbers ". " (CSS Counter Styles 3 §6)."""
    if isinstance(style, tuple) and style[0] == "string":
        return style[1]
    text = counter_representation(value, style)
    if not suffix:
        return text
    if style in BULLETS:
        return text + " "
    if style in ("cjk-decimal", "cjk-ideographic"):
        return text + "\u3001"
    return text + ". "


class CounterState:
    """The counters in scope while the box builder walks the document."""

    def __init__(self) -> None:
        self.instances: dict[str, list[list]] = {}   # name -> stack of [value, owner, step]
        self.open: list[Any] = []

    def _owner(self) -> Any:
        return self.open[-1] if self.open else None

    def _reset(self, name: str, value: int, step: int = 1) -> None:
        stack = self.instances.setdefault(name, [])
        owner = self._owner()
        # a reset by a sibling replaces the counter its earlier sibling created
        if stack and stack[-1][1] is owner:
            stack.pop()
        stack.append([value, owner, step])

    def _increment(self, name: str, amount: int | None) -> None:
        stack = self.instances.get(name)
        if not stack:
            self._reset(name, 0)
            stack = self.instances[name]
        top = stack[-1]
        top[0] += top[2] if amount is None else amount

    def _set(self, name: str, value: int) -> None:
        stack = self.instances.get(name)
        if not stack:
            self._reset(name, value)
        else:
            stack[-1][0] = value

    def enter(self, element, style) -> None:
        if style.display != "list-item" and not (style.counter_reset or style.counter_increment
                                                  or style.counter_set):
            self.open.append(element)   # nearly every element: it touches no counter
            return
        tag = element.tag if isinstance(element.tag, str) else ""
        resets = dict(style.counter_reset)
        if tag == "ol" and "list-item" in resets:
            reversed_ = element.get("reversed") is not None
            start = _int(element.get("start"))
            if reversed_:
                if start is None:
                    start = sum(1 for li in element if getattr(li, "tag", None) == "li")
                self._reset("list-item", start + 1, -1)
            else:
                self._reset("list-item", (start if start is not None else 1) - 1, 1)
            resets.pop("list-item")
        for name, value in resets.items():
            self._reset(name, value)
        increments = dict(style.counter_increment)
        if style.display == "list-item" and "list-item" not in increments:
            self._increment("list-item", None)
        for name, value in increments.items():
            self._increment(name, value)
        for name, value in style.counter_set:
            self._set(name, value)
        if tag == "li" and style.display == "list-item":
            value = _int(element.get("value"))
            if value is not None:
                self._set("list-item", value)
        self.open.append(element)

    def apply_pseudo(self, style) -> None:
        """::before/::after may reset and increment counters too (they are elements' children)."""
        for name, value in style.counter_reset:
            self._reset(name, value)
        for name, value in style.counter_increment:
            self._increment(name, value)

    def leave(self, element) -> None:
        if self.open and self.open[-1] is element:
            self.open.pop()
        for stack in self.instances.values():
            while stack and stack[-1][1] is element:
                stack.pop()

    def value(self, name: str) -> int:
        stack = self.instances.get(name)
        return stack[-1][0] if stack else 0

    def values(self, name: str) -> list[int]:
        return [item[0] for item in self.instances.get(name, [])] or [0]


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None
