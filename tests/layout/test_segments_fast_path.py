"""The ASCII fast path of `segments` cuts text exactly where the character-by-character rules do."""
import random

import pytest

from minibrowser.layout import text as text_module
from minibrowser.layout.text import segments

ALPHABET = "ab Z09  .,!?;:()[]{}'\"$%/\\*+=_#@~`<>|&^\t"


def general(text: str, word_break: str) -> list[str]:
    """The rules without the fast path (its test forced false)."""
    saved = text_module._CLOSE_OPEN
    text_module._CLOSE_OPEN = type("Always", (), {"search": staticmethod(lambda s: True)})()
    try:
        return segments(text, word_break)
    finally:
        text_module._CLOSE_OPEN = saved


@pytest.mark.parametrize("word_break", ["normal", "keep-all", "break-word"])
def test_fast_path_matches_the_rules(word_break):
    rng = random.Random(7)
    cases = ["Hello world, again !", "  lead", "trail  ", "a ) b", "x (y) z", "f(x) [1] {2}", "$5 and 6%",
             "one  two   three", " ! ? ", "a", " "]
    cases += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    for case in cases:
        fast = text_module._after_spaces(case) if text_module._CLOSE_OPEN.search(case) is None else None
        if fast is not None:
            assert fast == general(case, word_break), case
        assert segments(case, word_break) == general(case, word_break), case
