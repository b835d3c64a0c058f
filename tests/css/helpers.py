"""Style a page file the way the pipeline does, without layout: fetch, parse, collect sheets, cascade."""
from __future__ import annotations

import pathlib

from minibrowser import dom
from minibrowser.css.cascade import StyleEngine, StyledDocument
from minibrowser.css.media import MediaContext
from minibrowser.net.fetcher import Fetcher
from minibrowser.pipeline import LoadOptions, collect_stylesheets
from minibrowser.url import parse

HERE = pathlib.Path(__file__).resolve().parent
PAGES = HERE / "pages"
GOLDENS = HERE / "goldens"


def style_file(path: pathlib.Path, width: int = 800, height: int = 600, user_css: str | None = None,
               explain: bool = False) -> tuple[StyledDocument, list[str]]:
    """The styled document of a local page, and the subresource errors."""
    options = LoadOptions(width=width, height=height, user_css=user_css, explain=explain)
    media = MediaContext(width=float(width), height=float(height))
    fetcher = Fetcher(options.fetch)
    try:
        response = fetcher.fetch(parse(path.as_uri()))
        mime, params = response.content_type()
        document = dom.parse(response.body, response.url, params.get("charset"))
        errors: list[str] = []
        sheets = collect_stylesheets(document, document.base_url or response.url, media, fetcher, options, [],
                                     errors)
    finally:
        fetcher.close()
    return StyleEngine(sheets, media, explain=explain).run(document), errors


def style_html(html: str, width: int = 800, tmp: pathlib.Path | None = None, **kw):
    """Style HTML text written to a file under `tmp` (so relative links resolve beside it)."""
    path = (tmp or HERE) / "page.html"
    path.write_text(html, encoding="utf-8")
    return style_file(path, width, **kw)
