"""Render pages in text mode the way `minibrowser --text` does, in-process (fast)."""
from __future__ import annotations

import difflib
import pathlib
import re
import urllib.parse

from minibrowser.pipeline import LoadOptions, load
from minibrowser.raster.grid import render_text
from minibrowser.url import from_user_input, parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDENS = ROOT / "tests" / "text" / "goldens"
REPO_URL = "file:///REPO"   # what scripts/make_text_goldens.py writes for the checkout's file: URL

# word tokens: runs of letters and digits, and each
# CJK / kana / hangul character on its own; punctuation, bullets and rules are not tokens
CJK = (r"\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
       r"\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f")
WORD_RE = re.compile(rf"[{CJK}]|[^\W{CJK}]+", re.UNICODE)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def word_similarity(reference: str, candidate: str) -> float:
    """2 × matching tokens / all tokens (difflib, no autojunk): 1.0 is the same words in order."""
    a, b = words(reference), words(candidate)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def render_url(url, columns: int = 80, references: bool = False, color: bool = False) -> str:
    page = load(url, LoadOptions(text_mode=True, columns=columns, link_numbers=references))
    try:
        return render_text(page.display_list, page.links, columns, color, references)
    finally:
        page.fetcher.close()


def render_file(path: pathlib.Path, **kwargs) -> str:
    return render_url(from_user_input(str(path)), **kwargs).replace(ROOT.as_uri(), REPO_URL)


def render_html(html: str, **kwargs) -> str:
    return render_url(parse("data:text/html;charset=utf-8," + urllib.parse.quote(html)), **kwargs)
