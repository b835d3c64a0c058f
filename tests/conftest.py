"""Shared test setup: the bundled PyPI fonts only, so results do not depend on the machine's fonts."""
import os
import pathlib

import pytest

os.environ["MINIBROWSER_FONTS"] = "bundled"

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "pages"


@pytest.fixture
def render():
    """Load HTML text through the whole pipeline (PNG surface unless text=True)."""
    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.url import parse

    loaded = []

    def _render(html: str, width: int = 800, height: int = 600, text: bool = False, columns: int = 80):
        import urllib.parse
        url = parse("data:text/html;charset=utf-8," + urllib.parse.quote(html))
        page = load(url, LoadOptions(width=width, height=height, text_mode=text, columns=columns))
        loaded.append(page)
        return page

    yield _render
    for page in loaded:
        page.fetcher.close()


def element_box(page, path: str):
    """The layout-json box for an element path."""
    from minibrowser.dumps import layout_boxes
    for box in layout_boxes(page):
        if box["path"] == path:
            return box
    raise AssertionError(f"no box for {path}")
