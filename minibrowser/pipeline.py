"""One page load, stage by stage: fetch → parse → style → boxes → layout → paint.

`load()` runs the stages of DESIGN.md in order, keeps what each produced in a
`PageLoad`, and times each one (`--timings`, `explain`).  Subresources —
stylesheets (with @import), images and @font-face fonts — are fetched
concurrently through the same connection pool, between the stages that need
them; no stage after this file does I/O.
"""
from __future__ import annotations

import gc
import os
import pathlib
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from . import dom
from .budgets import BudgetedFetcher, Budgets, deadline_of, fit_document, image_too_large, limit_rules
from .css.cascade import StyleEngine, StyledDocument, ua_stylesheet
from .css.media import MediaContext, matches_media
from .css.stylesheet import StyleSheet, parse_stylesheet
from .errors import BrowserError, BudgetExceeded
from .layout import LayoutResult, layout_document
from .layout.boxes import BoxBuilder, ImageInfo
from .layout.tree import Box
from .net.fetcher import Fetcher, FetchOptions
from .net.response import Response
from .paint.display_list import DisplayList
from .paint.painter import Painter
from .url import URL, resolve

MAX_IMPORT_DEPTH = 16
MAX_IMAGE_PIXELS = Budgets.max_image_pixels   # the default of --max-image-pixels (budgets.py)


@dataclass
class LoadOptions:
    width: int = 800
    height: int = 600
    text_mode: bool = False
    columns: int = 80
    link_numbers: bool = True     # text mode: "[n]" after each link (off with --no-references)
    user_css: str | None = None
    font_dirs: list[str] = field(default_factory=list)
    explain: bool = False
    fetch: FetchOptions = field(default_factory=FetchOptions)
    load_images: bool = True
    budgets: Budgets = field(default_factory=Budgets)   # --max-time, --max-dom-nodes, ... (budgets.py)
    # explain: called as after_stage(stage, output, timings) when each stage is done; may raise to stop
    after_stage: Callable[[str, Any, dict], None] | None = None


@dataclass
class PageLoad:
    url: URL
    response: Response
    document: dom.Document
    styled: StyledDocument
    boxes: Box | None
    layout: LayoutResult
    display_list: DisplayList
    metrics: Any
    fetcher: Fetcher
    timings: dict[str, float] = field(default_factory=dict)
    subresources: list[Response] = field(default_factory=list)
    subresource_errors: list[str] = field(default_factory=list)
    images: dict = field(default_factory=dict)
    links: list[str] = field(default_factory=list)   # text mode: the URL of link [n] at n - 1
    budget_overruns: list[str] = field(default_factory=list)   # what a budget cut (the CLI exits 63)


class Stopwatch:
    """Wall time per stage.  Stages may nest (fetching inside stylesheet collection): the time of an
    inner stage is charged to it alone, so the figures never overlap and add up to the whole load."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._running: list[list] = []   # [stage, time it last resumed], innermost last

    @contextmanager
    def measure(self, stage: str) -> Iterator[None]:
        now = time.perf_counter()
        if self._running:
            self._charge(now)
        self._running.append([stage, now])
        try:
            yield
        finally:
            now = time.perf_counter()
            self._charge(now)
            self._running.pop()
            if self._running:
                self._running[-1][1] = now   # the outer stage resumes

    def _charge(self, now: float) -> None:
        stage, since = self._running[-1]
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since


def _measure(watch: Stopwatch | None, stage: str):
    """A stage of `watch`, or nothing when the caller keeps no stopwatch."""
    return watch.measure(stage) if watch is not None else nullcontext()


def text_mode_width(options: LoadOptions) -> int:
    """The text-mode viewport in CSS px: like w3m, the last column stays empty, so that a terminal
    never wraps a full line by itself (8 px per cell, raster/grid.py)."""
    return max(1, options.columns - 1) * 8


def make_metrics(options: LoadOptions):
    if options.text_mode:
        from .raster.grid import CellMetrics
        return CellMetrics()
    from .paint.fonts import FontMetricsPIL
    return FontMetricsPIL(extra_dirs=options.font_dirs)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the duration, then back as it was.

    A load allocates hundreds of thousands of objects that all stay alive until it ends (DOM, styles,
    boxes, fragments), so each collection scans a growing heap and frees almost nothing: on the
    20,000-item page the collector was a third of the CPU time (bench/README.md).  Reference counting
    still frees everything that is not in a cycle; the cycles left (parse-time wrappers, ~10 % more peak
    memory on the 700 KB page) go at the next collection after the load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(url: URL, options: LoadOptions, fetcher: Fetcher | None = None, metrics: Any = None) -> PageLoad:
    """Run every stage for one URL.  `metrics` lets a caller that loads many pages share one set of fonts."""
    with cyclic_gc_paused():
        return _load(url, options, fetcher, metrics)


def _load(url: URL, options: LoadOptions, fetcher: Fetcher | None, metrics: Any) -> PageLoad:
    watch = Stopwatch()
    fetcher = fetcher or Fetcher(options.fetch)  # the caller closes it (explain reads the pool first)
    # the page's view of it: one deadline for every fetch, subresources counted (budgets.py)
    page_fetcher = BudgetedFetcher(fetcher, options.budgets, deadline_of(options.budgets))
    overruns: list[str] = []
    errors: list[str] = []   # warnings: failed subresources, and cuts a browser makes too (deep nesting)
    media = MediaContext(width=float(text_mode_width(options) if options.text_mode else options.width),
                         height=float(options.height), grid=options.text_mode)
    with watch.measure("fetch"):
        response = page_fetcher.fetch(url)
    page_fetcher.document = response.url   # subresources are fetched on the document's behalf
    _after(options, "fetch", response, watch)
    page_url = response.url
    with watch.measure("parse"):
        mime, params = response.content_type()
        document = dom.parse(response.body, page_url, params.get("charset"),
                             mime if mime and mime != "text/plain" else None)
        if mime == "text/plain":
            document = _plain_text_document(response.body, page_url, params.get("charset"))
        document.content_language = response.headers.get("content-language")
        overruns.extend(fit_document(document.root, options.budgets, errors))
    _after(options, "parse", document, watch)
    base = document.base_url or page_url
    subresources: list[Response] = []
    with watch.measure("css"):
        sheets = collect_stylesheets(document, base, media, page_fetcher, options, subresources, errors, watch)
        cut = limit_rules(sheets, options.budgets.max_css_rules)
        if cut:
            overruns.append(cut)
    with watch.measure("fonts"):
        metrics = metrics.for_page() if metrics is not None else make_metrics(options)
    with watch.measure("style"):
        engine = StyleEngine(sheets, media, explain=options.explain)
        styled = engine.run(document)
    _after(options, "style", styled, watch)
    images: dict = {}
    if options.load_images:
        with watch.measure("images"):
            images = fetch_images(document, styled, base, page_fetcher, subresources, errors, options, watch,
                                  overruns)
        if not options.text_mode:
            with watch.measure("fonts"):
                load_font_faces(styled, base, page_fetcher, metrics, subresources, errors, watch)
    page_urls = PageURLs(base)   # boxes (links, images) and paint (backgrounds) share one memo
    with watch.measure("boxes"):
        builder = BoxBuilder(styled, images, text_mode=options.text_mode, resolve_url=page_urls,
                             link_numbers=options.link_numbers)
        boxes = builder.build()
    _after(options, "boxes", boxes, watch)
    with watch.measure("layout"):
        width = text_mode_width(options) if options.text_mode else options.width
        layout = layout_document(boxes, metrics, float(width), float(options.height),
                                 quirks=document.quirks_mode == "quirks")
    _after(options, "layout", layout, watch)
    with watch.measure("paint"):
        painter = Painter(images, metrics)
        display_list = painter.paint(layout, page_urls,
                                     styled.styles.get(document.root))
    _after(options, "paint", display_list, watch)
    page = PageLoad(page_url, response, document, styled, boxes, layout, display_list, metrics, fetcher,
                    watch.timings, subresources, errors, images, builder.links,
                    overruns + page_fetcher.overruns())
    return page


def _after(options: LoadOptions, stage: str, output: Any, watch: Stopwatch) -> None:
    """Hand a finished stage's output to an observer (`minibrowser explain`, which may stop the load)."""
    if options.after_stage is not None:
        options.after_stage(stage, output, watch.timings)


_TEXT_SHEETS: dict[MediaContext, StyleSheet] = {}


def text_mode_stylesheet(media: MediaContext) -> StyleSheet:
    """css/ua-text.css: user-agent rules that apply only to the character-cell surface (parsed once,
    then kept between runs like ua.css: css/ua_cache.py)."""
    if media not in _TEXT_SHEETS:
        from .css.ua_cache import cached_parse
        path = pathlib.Path(__file__).with_name("css") / "ua-text.css"
        _TEXT_SHEETS[media] = cached_parse(path, media, lambda: parse_stylesheet(
            path.read_text(encoding="utf-8"), "UA text-mode stylesheet", "ua", media))
    return _TEXT_SHEETS[media]


def _resolve_or_empty(base: URL, href: str) -> str:
    """An href that is not a valid URL leads nowhere, as in browsers."""
    try:
        return str(resolve(base, href))
    except (BrowserError, ValueError):   # ValueError: urllib's own complaints ("http://[bad")
        return ""


class PageURLs:
    """href → absolute URL text for one page ("" when it cannot be resolved), remembered per href.

    Pages repeat URLs (one list-style-image for every item, the same nav links) and link to their own
    fragments (a documentation page has thousands of `#name` links).  A fragment-only reference keeps
    the base's scheme, host, path and query and replaces the fragment (URL Standard, "basic URL
    parser", fragment state; RFC 3986 §5.2.2), so it is the base's text plus the reference, unparsed."""

    def __init__(self, base: URL) -> None:
        self.base = base
        self.memo: dict[str, str] = {}
        self.own = str(base.without_fragment()) if base.scheme in ("http", "https", "file") else None

    def __call__(self, href: str) -> str:
        text = self.memo.get(href)
        if text is None:
            if self.own is not None and href.startswith("#") and href.isprintable() and " " not in href:
                text = self.own + href if len(href) > 1 else self.own
            else:
                text = _resolve_or_empty(self.base, href)
            self.memo[href] = text
        return text


def _plain_text_document(body: bytes, url: URL, charset: str | None) -> dom.Document:
    """text/plain is shown as a <pre> (HTML Standard §7.5.4)."""
    codec, source, reason = dom.decide_encoding(body, charset)
    text = body.decode(codec, errors="replace")
    import html
    doc = dom.parse(f"<!doctype html><pre>{html.escape(text)}</pre>".encode("utf-8"), url, "utf-8")
    doc.charset, doc.charset_source, doc.charset_reason = codec, source, reason
    return doc


# ---------------------------------------------------------------------------
# stylesheets

def collect_stylesheets(document: dom.Document, base: URL, media: MediaContext, fetcher: Fetcher,
                        options: LoadOptions, subresources: list, errors: list,
                        watch: Stopwatch | None = None) -> list[StyleSheet]:
    """UA sheet, user sheet, then author sheets in document order, @imports resolved."""
    sheets: list[StyleSheet] = [ua_stylesheet(media)]
    if options.text_mode:
        sheets.append(text_mode_stylesheet(media))
    if options.user_css:
        try:
            with open(options.user_css, "rb") as handle:
                sheets.append(parse_stylesheet(handle.read(), options.user_css, "user", media,
                                               base_url=_file_url(options.user_css)))
        except OSError as exc:
            errors.append(f"user stylesheet {options.user_css}: {exc.strerror}")
    # find <style> and <link rel=stylesheet> in document order
    sources: list[tuple[str, Any]] = []
    links: list[URL] = []
    style_count = 0
    for element in document.elements():
        tag = element.tag
        if tag == "style":
            if matches_media(element.get("media", ""), media) and _is_css(element.get("type")):
                style_count += 1
                text = "".join(element.itertext())
                if document.is_xml:
                    text = text.replace("<![CDATA[", "").replace("]]>", "")
                sources.append(("inline", (text, f"<style> #{style_count}")))
        elif tag == "link":
            rel = (element.get("rel") or "").lower().split()
            href = element.get("href")
            if "stylesheet" in rel and "alternate" not in rel and href and _is_css(element.get("type")) and \
                    matches_media(element.get("media", ""), media):
                try:
                    link_url = resolve(base, href)
                except BrowserError as exc:
                    errors.append(f"stylesheet {href}: {exc.one_line()}")
                    continue
                sources.append(("link", link_url))
                links.append(link_url)
    with _measure(watch, "fetch-css"):
        fetched = dict(zip(map(str, links), fetcher.fetch_all(links, initiator=base)))
    for kind, value in sources:
        if kind == "inline":
            text, label = value
            sheet = parse_stylesheet(text, label, "author", media, base_url=base)
            sheets.extend(_with_imports(sheet, base, media, fetcher, subresources, errors, {str(base)}, 0, watch))
        else:
            result = fetched.get(str(value))
            sheet = _sheet_from_response(result, str(value), media, subresources, errors)
            if sheet is not None:
                sheets.extend(_with_imports(sheet, value, media, fetcher, subresources, errors, {str(value)}, 0,
                                            watch))
    return sheets


def _sheet_from_response(result, label: str, media: MediaContext, subresources: list,
                         errors: list) -> StyleSheet | None:
    if isinstance(result, BrowserError) or result is None:
        errors.append(f"stylesheet {label}: {result.one_line() if result else 'not fetched'}")
        return None
    subresources.append(result)
    if result.status >= 400:
        errors.append(f"stylesheet {label}: HTTP {result.status}")
        return None
    charset = result.content_type()[1].get("charset")
    return parse_stylesheet(result.body, str(result.url), "author", media, encoding_hint=charset,
                            base_url=result.url)


def _is_css(type_attr: str | None) -> bool:
    """<style type> / <link type>: only CSS (or no type) is a stylesheet (HTML §4.2.6)."""
    return type_attr is None or type_attr.strip().lower() in ("", "text/css")


def _file_url(path: str) -> URL | None:
    try:
        return resolve(None, pathlib.Path(path).resolve().as_uri())
    except (BrowserError, ValueError):
        return None


def _with_imports(sheet: StyleSheet, base: URL, media: MediaContext, fetcher: Fetcher, subresources: list,
                  errors: list, seen: set[str], depth: int, watch: Stopwatch | None = None) -> list[StyleSheet]:
    """@import sheets come before the rules of the sheet that imports them; cycles stop."""
    if not sheet.imports or depth >= MAX_IMPORT_DEPTH:
        return [sheet]
    urls: list[URL] = []
    for href, media_tokens in sheet.imports:
        if media_tokens and not matches_media(media_tokens, media):
            continue
        try:
            url = resolve(base, href)
        except BrowserError as exc:
            errors.append(f"@import {href}: {exc.one_line()}")
            continue
        if str(url) in seen:
            errors.append(f"@import {url}: import cycle stopped")
            continue
        urls.append(url)
    out: list[StyleSheet] = []
    with _measure(watch, "fetch-css"):
        results = fetcher.fetch_all(urls, initiator=base)
    for url, result in zip(urls, results):
        imported = _sheet_from_response(result, str(url), media, subresources, errors)
        if imported is not None:
            out.extend(_with_imports(imported, url, media, fetcher, subresources, errors, seen | {str(url)},
                                     depth + 1, watch))
    out.append(sheet)
    return out


# ---------------------------------------------------------------------------
# images and fonts

def fetch_images(document: dom.Document, styled: StyledDocument, base: URL, fetcher: Fetcher,
                 subresources: list, errors: list, options: LoadOptions,
                 watch: Stopwatch | None = None, overruns: list | None = None) -> dict[str, ImageInfo]:
    wanted: list[str] = []
    for element in document.elements():
        style = styled.styles.get(element)
        if style is None or style.display == "none":
            continue
        if element.tag == "img" and element.get("src") and not options.text_mode:
            wanted.append(element.get("src"))
        if not options.text_mode:
            image = style.background_image
            if isinstance(image, tuple) and image[0] == "url":
                wanted.append(image[1])
            image = style.list_style_image
            if isinstance(image, tuple) and image[0] == "url":
                wanted.append(image[1])
    urls: list[URL] = []
    seen: set[str] = set()
    for href in wanted:
        try:
            url = resolve(base, href)
        except BrowserError:
            continue
        if str(url) not in seen:
            seen.add(str(url))
            urls.append(url)
    images: dict[str, ImageInfo] = {}
    with _measure(watch, "fetch-images"):
        results = fetcher.fetch_all(urls, initiator=base)
    for url, result in zip(urls, results):
        if isinstance(result, BrowserError):
            errors.append(f"image {url}: {result.one_line()}")
            continue
        subresources.append(result)
        if result.status >= 400:
            errors.append(f"image {url}: HTTP {result.status}")
            continue
        too_large = image_too_large(result.body, options.budgets)   # from the header alone
        if too_large:
            errors.append(f"image {url}: not decoded, {too_large}")
            if overruns is not None:
                overruns.append(f"image {url}: {too_large}")
            continue
        info = decode_image(result.body, str(url), errors)
        if info is not None:
            images[str(url)] = info
    return images


def decode_image(data: bytes, label: str, errors: list) -> ImageInfo | None:
    """Decode once with Pillow: PNG, JPEG, GIF (its first frame), WebP, BMP, ICO (the largest icon).

    Decompression bombs are refused by their declared size before any pixel is decoded.  JPEG
    EXIF orientation is applied (CSS Images 3 `image-orientation: from-image`, the default).  SVG
    is not rasterized: the element is shown as a box with its alt text.
    """
    from PIL import Image, ImageOps  # here, not at the top: text mode decodes no images and skips the import
    from .paint.image_open import open_image   # the sniffed format's plugin only

    if data.lstrip()[:5] in (b"<svg ", b"<svg>", b"<?xml") and b"<svg" in data[:4096]:
        errors.append(f"image {label}: SVG images are not rasterized (shown as a box with the alt text)")
        return None
    try:
        with open_image(data) as probe:
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                errors.append(f"image {label}: refused, {width}x{height} is over the limit of "
                              f"{MAX_IMAGE_PIXELS} pixels (a decompression bomb?)")
                return None
            probe.seek(0)
            image = ImageOps.exif_transpose(probe) or probe
            image = image.convert("RGBA")
    except Image.DecompressionBombError as exc:
        errors.append(f"image {label}: refused, {str(exc).splitlines()[0][:120]}")
        return None
    except (OSError, ValueError, EOFError, SyntaxError) as exc:
        errors.append(f"image {label}: cannot decode ({str(exc).splitlines()[0][:80] if str(exc) else 'bad data'})")
        return None
    return ImageInfo(float(image.width), float(image.height), image)


def load_font_faces(styled: StyledDocument, base: URL, fetcher: Fetcher, metrics, subresources: list,
                    errors: list, watch: Stopwatch | None = None) -> None:
    faces = styled.font_faces
    if not faces or not hasattr(metrics, "add_face"):
        return
    for face in faces:
        for href, _fmt in face.sources:
            try:
                url = resolve(_base_of(face.base_url, base), href)
            except BrowserError:
                continue
            try:
                with _measure(watch, "fetch-fonts"):
                    result = fetcher.fetch(url, initiator=base)
            except BrowserError as exc:
                errors.append(f"font {url}: {exc.one_line()}")
                continue
            if result.status >= 400 or not result.body:
                continue
            suffix = ".woff2" if result.body[:4] == b"wOF2" else ".woff" if result.body[:4] == b"wOFF" else ".ttf"
            import tempfile   # here: only web fonts need it, and it imports shutil, random, bz2, lzma
            handle, path = tempfile.mkstemp(prefix="minibrowser-webfont-", suffix=suffix)
            with os.fdopen(handle, "wb") as out:
                out.write(result.body)
            try:
                metrics.add_face(face.family, path, face.weight, face.style)
                subresources.append(result)
                break
            except Exception as exc:  # an unreadable font is skipped like a browser does
                errors.append(f"font {url}: cannot read ({type(exc).__name__})")


def _base_of(sheet_url: str, document_base: URL) -> URL:
    try:
        from .url import parse
        return parse(sheet_url)
    except BrowserError:
        return document_base
