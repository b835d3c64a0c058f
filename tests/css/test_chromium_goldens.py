"""Computed styles against headless Chromium's getComputedStyle, page by page.

The goldens are made by scripts/make_style_goldens.py (never by the tests): one JSON file per page
and viewport width, holding Chromium's value of every property in its list for every element path
(and ::before/::after/::marker).  Each of our computed values is written in Chromium's form
(chromium_values.py) and must match; a failure lists every mismatch.
"""
from __future__ import annotations

import json

import pytest

from minibrowser.dom import ElementPaths

from .chromium_values import RESOLVED_AS_USED, implicit_list_counter, not_compared, same, serialize
from .helpers import GOLDENS, PAGES, style_file

GOLDEN_FILES = sorted(GOLDENS.glob("*.json"))


def test_enough_goldens():
    assert len({g.name.split(".w")[0] for g in GOLDEN_FILES}) >= 20


def mismatches(golden_path) -> list[str]:
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    styled, _errors = style_file(PAGES / golden["page"], golden["width"], golden["height"])
    paths = ElementPaths(styled.document.root)
    ours: dict[str, object] = {}
    for element in styled.document.elements():
        if element in styled.styles:
            path = paths(element)
            ours[path] = styled.styles[element]
            for pseudo in ("before", "after", "marker"):
                pstyle = styled.pseudo_styles.get((element, pseudo))
                if pstyle is not None:
                    ours[f"{path}::{pseudo}"] = pstyle
    problems: list[str] = []
    for path, row in golden["elements"].items():
        values = dict(zip(golden["properties"], row))
        style = ours.get(path)
        if style is None:
            problems.append(f"{path}: no style")
            continue
        for prop, theirs in values.items():
            if not_compared(path, prop, style.display):
                continue
            mine = serialize(prop, style)
            if prop in RESOLVED_AS_USED and not mine.endswith("px") and mine != "normal" and theirs.endswith("px"):
                continue  # Chromium reports the used value: layout's business, not the cascade's
            if not same(mine, theirs) and not implicit_list_counter(path, prop, mine, theirs):
                problems.append(f"{path} {prop}: ours {mine!r}, Chromium {theirs!r}")
    return problems


@pytest.mark.parametrize("golden_path", GOLDEN_FILES, ids=[g.stem for g in GOLDEN_FILES])
def test_matches_chromium(golden_path):
    problems = mismatches(golden_path)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)
