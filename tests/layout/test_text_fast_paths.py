"""The fast paths of text.py give what the general rules give, on random text.

`collapse_spaces` skips its regular expressions for text with nothing to collapse, and
`_after_spaces` cuts prose at its spaces with `str.split`; both must agree with the plain
statement of the rule they shortcut (CSS Text 3 §4.1.1 phase I; break after a run of spaces
unless the next character may not begin a line, UAX #14 LB13 as text.py applies it).
"""
from __future__ import annotations

import random
import re

from minibrowser.layout.text import NO_BREAK_BEFORE, _after_spaces, collapse_spaces

ALPHABET = "ab Z  !,.)?:;%]}\"\t\n\r\f\u00a0é"


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14))) for _ in range(count)]


def collapse_reference(text: str, after_space: bool) -> tuple[str, bool]:
    """Phase I for white-space: normal, with no shortcut."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", " ")
    text = re.sub(r"[ \t\n]+", " ", text)
    if after_space and text.startswith(" "):
        text = text[1:]
    return text, text.endswith(" ") if text else after_space


def cuts_reference(text: str) -> list[str]:
    """Character by character: a piece ends after a run of spaces that something breakable follows."""
    out: list[str] = []
    start = 0
    for i in range(1, len(text)):
        if text[i - 1] == " " and text[i] != " " and text[i] not in NO_BREAK_BEFORE:
            out.append(text[start:i])
            start = i
    out.append(text[start:])
    return out


def test_collapse_spaces_matches_the_rule():
    for text in random_texts(20_000, seed=1):
        for after_space in (False, True):
            for white_space in ("normal", "nowrap"):
                assert collapse_spaces(text, white_space, after_space) == collapse_reference(text, after_space), \
                    (text, after_space)


def test_after_spaces_matches_the_rule():
    ascii_texts = [t for t in random_texts(40_000, seed=2) if t and t.isascii()]
    assert len(ascii_texts) > 10_000
    for text in ascii_texts:
        assert _after_spaces(text) == cuts_reference(text), text
    assert _after_spaces("Hello world, foo !") == ["Hello ", "world, ", "foo !"]
    assert _after_spaces(" lead and trail ") == [" ", "lead ", "and ", "trail "]
