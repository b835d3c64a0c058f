"""Hostile pages: each must render, or fail cleanly, within its budget and a stated memory bound.

    python bench/hostile.py [--only NAME,...] [--quick] [--json FILE] [--cap-mb 6000] [--max-time S]

Every case is a page written into a temporary directory (or served by a small
HTTP server on 127.0.0.1 started here), loaded by a fresh `minibrowser` process
with the case's arguments.  The figures are the child's own: wall time, CPU
time and peak resident memory from os.wait4 (ru_maxrss).  A case passes when
its exit status is one of those it allows (0: rendered; 63: a budget cut it,
with partial output where that makes sense; 28: --max-time) — never 70, a
traceback or a signal — and its peak memory is under its bound.  Each child
runs under an address-space cap (`--cap-mb`, RLIMIT_AS) so that a regression
fails here instead of swapping the machine.  `--max-time` is a wall-clock budget, so on a machine
whose cores other work holds it measures the machine: `--max-time S` passes a longer one to every
case that does not set its own (the CPU time column stays the page's own cost).

The page generators are plain functions (`build_*`), used by tests/hardening too.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import resource
import shutil
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEANING = {0: "rendered", 2: "usage error", 28: "stopped: --max-time", 63: "budget exceeded",
           70: "INTERNAL ERROR", -9: "KILLED (timeout)"}


# ---------------------------------------------------------------------------
# page generators: each returns bytes (an HTML page) or writes extra files into `d`

def build_deep(depth: int = 100_000, tag: str = "div") -> bytes:
    return f"<!doctype html><body>{f'<{tag}>' * depth}bottom{f'</{tag}>' * depth}".encode()


def build_long_text(size: int = 10_000_000) -> bytes:
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit "
    return b"<!doctype html><p>" + (words * (size // len(words) + 1))[:size].encode() + b"</p>"


def build_many_elements(count: int = 200_000) -> bytes:
    return b"<!doctype html><body>" + b"<span>a</span> " * (count // 2) + b"<i></i>" * (count - count // 2)


def build_many_rules(count: int = 50_000) -> bytes:
    rules = "".join(f".c{i} div > p.x{i}:hover, #id{i} ~ em {{color: rgb({i % 256},0,0); margin: {i % 50}px}}\n"
                    for i in range(count))
    return f"<!doctype html><style>{rules}</style><p class=c1>{'<em>text</em> ' * 100}".encode()


def build_pathological_selectors() -> bytes:
    """:is()/:not() nested 1,000 deep, 10,000-way :is() lists, and descendant chains that make a
    backtracking matcher try every ancestor, over a 500-deep tree of divs."""
    nested = "p" + "".join(":is(" for _ in range(1_000)) + "div" + ")" * 1_000
    negated = "p" + "".join(":not(:is(" for _ in range(500)) + "span" + "))" * 500
    wide = ":is(" + ", ".join(f".k{i}" for i in range(10_000)) + ") { color: red }"
    chain = " ".join(["div"] * 200) + " p:not(.x) { color: blue }"
    chain_miss = ":is(" + " ".join(["div"] * 300) + " span) p { color: green }"
    css = f"{nested} {{ color: red }}\n{negated} {{ color: red }}\n{wide}\n{chain}\n{chain_miss}\n"
    return f"<!doctype html><style>{css}</style>{'<div>' * 500}{'<p>x</p>' * 20}{'</div>' * 500}".encode()


def build_backtracking_selector() -> bytes:
    """A descendant chain inside :is() that fails only at its far end: a matcher that tries every
    choice of ancestors for every step does C(300, 10) tries per element."""
    selector = ":is(.a " + " ".join(["div"] * 10) + ")"
    return f"<!doctype html><style>{selector} {{ color: red }}</style>{'<div>' * 300}x{'</div>' * 300}".encode()


def build_nested_inline(count: int = 10_000) -> bytes:
    return f"<!doctype html><p>{'<span>' * count}one line of text{'</span>' * count}</p>".encode()


def build_wrapped_nested_inline(count: int = 2_000) -> bytes:
    """Nested inline boxes that wrap across lines: each line gets a fragment of every open box."""
    return f"<!doctype html><p>{'<span>a ' * count}{'</span>' * count}</p>".encode()


def build_var_bombs() -> bytes:
    doubling = "".join(f"--v{i}: var(--v{i - 1}) var(--v{i - 1});" for i in range(1, 40))
    return (b"<!doctype html><style>"
            b":root { --a: var(--b); --b: var(--c); --c: var(--a); --self: var(--self) x; "
            + doubling.encode() + b" --v0: 1px; }"
            b"p { color: var(--a, red); margin-left: var(--self); padding-left: var(--v39); "
            b"width: var(--v25); font-family: var(--v30), serif }"
            b"</style><p>var() cycles and a 2^39 expansion</p>")


def build_huge_font() -> bytes:
    return (b"<!doctype html><p style='font-size: 1e9px'>enormous</p>"
            b"<p style='font-size: 3.4e38px; line-height: 1e30'>larger than a float32</p>"
            b"<p style='font-size: 1e308px'>near the double limit</p><p>after</p>")


NUMERIC_PROPERTIES = (
    "width", "height", "min-width", "min-height", "max-width", "max-height", "margin", "margin-top",
    "margin-left", "padding", "padding-left", "border-width", "border-top-width", "border-radius",
    "border-spacing", "outline-width", "outline-offset", "top", "left", "right", "bottom", "font-size",
    "font-weight", "line-height", "letter-spacing", "word-spacing", "text-indent", "tab-size", "opacity",
    "z-index", "vertical-align", "background-size", "background-position", "column-gap", "row-gap",
    "counter-increment", "counter-reset", "font-stretch", "inset", "gap")
HOSTILE_VALUES = (
    "calc(1px / 0)", "calc(-1px / 0)", "calc(infinity * 1px)", "calc(-infinity * 1px)", "calc(NaN * 1px)",
    "1e308px", "-1e308px", "1e39px", "99999999999999999999px", "calc(1e308px * 10)", "calc(1 / 0)",
    "calc(NaN)", "1e308", "-1e308", "99999999999999999999", "1e308%", "calc(infinity * 1%)", "1e308em",
    "calc(0px / 0 + 1em)", "x 99999999999999999999", "calc(1px * 1e308 * 1e308)")


def build_bad_numbers() -> bytes:
    """Negative, NaN- and infinity-producing values in every numeric property, on blocks, on inline
    boxes and on table cells, plus huge numbers in HTML attributes."""
    parts = []
    for prop in NUMERIC_PROPERTIES:
        for value in HOSTILE_VALUES:
            decl = f"{prop}: {value}"
            extra = "; position: relative" if prop in ("top", "left", "right", "bottom", "inset", "z-index") else ""
            parts.append(f"<div style='{decl}{extra}'>{decl} <span style='{decl}'>inline\ttab</span></div>")
        parts.append(f"<table><tr><td style='{prop}: calc(1px / 0)'>cell</td>"
                     f"<td style='{prop}: -1e308px'>cell</td></tr></table>")
    attrs = ("<table><tr><td colspan=99999999 rowspan=65535>cell</td><td width=1e308>w</td></tr></table>"
             "<img width=99999999999 height=-5 alt='huge attribute'>"
             "<ol start=-99999999999999999999><li>a</li><li value=99999999999999999999>b</li></ol>"
             "<ul><li value=1e400>c</li></ul><pre style='tab-size: 1e300'>\ta\tb</pre>"
             "<hr size=1e100 width=1e100><font size=1e9>f</font><p style='font-size: 1e9px; tab-size: 1e12'>"
             "\t</p><ol style='list-style-type: upper-roman' start=99999999><li>r</li></ol>"
             "<ol style='list-style-type: lower-alpha' start=-99999999999><li>a</li></ol>"
             "<ol style='list-style-type: cjk-ideographic' start=1e20><li>c</li></ol>")
    return f"<!doctype html><body>{''.join(parts)}{attrs}</body>".encode()


def png_bytes(width: int, height: int) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("L", (width, height), 128).save(out, format="PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR that claim `width` × `height`, then one tiny IDAT and IEND."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + \
        chunk(b"IEND", b"")


def build_images(d: str) -> bytes:
    """A 1 × 1,000,000 image, a header claiming 100,000 × 100,000, truncated and corrupt files, and a
    small image stretched to absurd sizes."""
    from PIL import Image
    files = {"tall.png": png_bytes(1, 1_000_000), "claims.png": png_claiming(100_000, 100_000),
             "small.png": png_bytes(8, 8)}
    whole = png_bytes(300, 300)
    files["truncated.png"] = whole[:len(whole) // 2]
    jpeg = io.BytesIO()
    Image.new("RGB", (300, 300), (200, 10, 10)).save(jpeg, format="JPEG")
    files["truncated.jpg"] = jpeg.getvalue()[:len(jpeg.getvalue()) // 3]
    files["corrupt.png"] = whole[:40] + bytes(range(256)) * 20
    files["corrupt.jpg"] = b"\xff\xd8\xff\xe0" + os.urandom(4000)
    files["corrupt.gif"] = b"GIF89a\xff\xff\xff\xff" + os.urandom(200)
    files["empty.png"] = b""
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as handle:
            handle.write(data)
    imgs = "".join(f"<img src='{name}' alt='{name}'>" for name in files)
    return (f"<!doctype html><body>{imgs}"
            "<img src='small.png' width=100000 height=100000>"
            "<img src='small.png' style='width: 1e9px; height: 1e9px'>"
            "<div style='width: 400px; height: 300px; background: url(small.png) 0 0 / 0.001px 0.001px'>"
            "tiny tiles</div><div style=\"height: 50px; background-image: url('claims.png')\">bg</div>"
            "</body>").encode()


def build_import_cycle(d: str) -> bytes:
    with open(os.path.join(d, "a.css"), "w") as handle:
        handle.write("@import 'b.css'; @import 'a.css'; p { color: red }")
    with open(os.path.join(d, "b.css"), "w") as handle:
        handle.write("@import 'a.css'; @import url(b.css); p { margin: 1px }")
    return (b"<!doctype html><link rel=stylesheet href=a.css><style>@import 'a.css'; @import 'self.html';"
            b"</style><p>import cycles</p>")


def build_encodings(d: str) -> dict[str, bytes]:
    """Broken UTF-8, mixed encodings, NUL bytes and a declared charset that is wrong."""
    broken = (b"<!doctype html><meta charset=utf-8><p>broken: \xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c\xbc "
              b"overlong \xc0\xaf surrogate \xed\xa0\x80 max \xf4\x90\x80\x80 cut \xe4\xb8</p>" * 200)
    mixed = ("<!doctype html><p>utf-8: 中文 ".encode() + " gbk: 中文 ".encode("gbk")
             + " latin-1: café ".encode("latin-1") + " shift_jis: 日本 ".encode("shift_jis")
             + " utf-16: ".encode() + "字".encode("utf-16") + b"</p>") * 200
    nul = (b"<!doctype html><p>nul\0in text<\0div a\0b='\0'>x</\0div><style>p { color: red\0; }\0</style>"
           b"<title>\0</title><img src='\0'><a href='\0javascript:\0'>\0</a>" * 200)
    wrong = ("<!doctype html><meta charset=shift_jis><p>utf-8 text declared as Shift_JIS: 中文 ✓ 😀</p>" * 200
             ).encode("utf-8")
    utf16_claim = ("<!doctype html><meta charset=utf-16><p>declared UTF-16, is ASCII</p>").encode()
    bogus = ("<!doctype html><meta charset=x-no-such-charset><p>bogus label: é</p>").encode("latin-1")
    bom_conflict = b"\xef\xbb\xbf<!doctype html><meta charset=windows-1251><p>BOM says UTF-8: \xd0\x96</p>"
    return {"broken-utf8.html": broken, "mixed.html": mixed, "nul.html": nul, "wrong-charset.html": wrong,
            "utf16-claim.html": utf16_claim, "bogus-charset.html": bogus, "bom-conflict.html": bom_conflict}


def build_terminal_escapes() -> bytes:
    """Text that would drive a terminal if printed raw: colours, clear screen, OSC title, bell, C1 CSI."""
    evil = "\x1b[2J\x1b[31mred\x1b]0;owned\x07\x9b31m\x1bP+q\x1b\\\x08\x7f"
    return (f"<!doctype html><title>{evil}</title><p>{evil}</p><pre>{evil}</pre><a href='/{evil}'>link</a>"
            f"<img src='{evil}.png' alt='{evil}'><link rel=stylesheet href='{evil}.css'>").encode("utf-8")


# ---------------------------------------------------------------------------
# a small HTTP server for the cases that need one

class HostileHandler(http.server.BaseHTTPRequestHandler):
    """/import/N: a stylesheet importing two new sheets (a tree that never ends);
    /big: a body larger than the response budget; /bomb: gzip that inflates 1000-fold;
    /slow: a body that trickles forever; /many: a page with 2,000 distinct images;
    /img/N: a small PNG; /charset: UTF-8 bytes with a wrong charset in Content-Type."""

    protocol_version = "HTTP/1.1"
    SMALL_PNG = b""

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html", extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one branch per hostile resource
        path = self.path
        try:
            if path.startswith("/import/"):
                n = path.rsplit("/", 1)[1]
                css = f"@import '/import/{n}0'; @import '/import/{n}1'; p {{ margin-left: {len(n)}px }}"
                self._send(200, css.encode(), "text/css")
            elif path == "/imports":
                self._send(200, b"<!doctype html><link rel=stylesheet href='/import/1'><p>import tree</p>")
            elif path == "/big":
                size = 3 * 1024 * 1024
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(size))
                self.end_headers()
                for _ in range(size // 65536):
                    self.wfile.write(b"<p>big</p>".ljust(65536, b" "))
            elif path == "/bomb":
                self._send(200, BOMB, "text/html", {"Content-Encoding": "gzip"})
            elif path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "1000000")
                self.end_headers()
                for _ in range(600):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.5)
            elif path == "/many":
                imgs = "".join(f"<img src='/img/{i}'>" for i in range(2_000))
                self._send(200, f"<!doctype html><p>2,000 images</p>{imgs}".encode())
            elif path.startswith("/img/"):
                self._send(200, self.SMALL_PNG, "image/png")
            elif path == "/charset":
                self._send(200, "<!doctype html><p>中文 ✓ déjà vu</p>".encode("utf-8"),
                           "text/html; charset=x-bogus-charset")
            elif path == "/charset-utf16":
                self._send(200, "<!doctype html><p>中文 ✓ déjà vu</p>".encode("utf-8"), "text/html; charset=utf-16")
            else:
                self._send(404, b"not found")
        except (BrokenPipeError, ConnectionResetError):
            pass


BOMB = b""


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def start_server() -> tuple[_Server, int]:
    global BOMB
    if not BOMB:
        BOMB = gzip.compress(b"<p>" + b" " * (300 * 1024 * 1024), compresslevel=9)
    HostileHandler.SMALL_PNG = png_bytes(4, 4)
    server = _Server(("127.0.0.1", 0), HostileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


# ---------------------------------------------------------------------------
# cases

@dataclass
class Case:
    name: str
    what: str
    make: Callable[[str, int], str]          # (directory, server port) -> URL or path to load
    args: list[str] = field(default_factory=list)
    allowed: tuple[int, ...] = (0,)          # exit statuses that count as handled
    bound_mb: int = 1_000                    # peak resident memory must stay under this
    quick: bool = False                      # part of --quick


def _page(name: str, builder: Callable[[], bytes]) -> Callable[[str, int], str]:
    def make(d: str, port: int) -> str:
        path = os.path.join(d, name)
        with open(path, "wb") as handle:
            handle.write(builder())
        return path
    return make


def _page_in(name: str, builder: Callable[[str], bytes]) -> Callable[[str, int], str]:
    def make(d: str, port: int) -> str:
        path = os.path.join(d, name)
        with open(path, "wb") as handle:
            handle.write(builder(d))
        return path
    return make


def _encoding(name: str) -> Callable[[str, int], str]:
    def make(d: str, port: int) -> str:
        pages = build_encodings(d)
        path = os.path.join(d, name)
        with open(path, "wb") as handle:
            handle.write(pages[name])
        return path
    return make


def _served(path: str) -> Callable[[str, int], str]:
    return lambda d, port: f"http://127.0.0.1:{port}{path}"


CASES: list[Case] = [
    Case("deep-100k", "100,000 nested <div>s (flattened at depth 512 as Blink's parser does: a warning)",
         _page("deep.html", build_deep), bound_mb=1_000),
    Case("deep-100k-full", "100,000 nested <div>s, --max-layout-depth 200000 (really nested)",
         _page("deep.html", build_deep), ["--max-layout-depth", "200000"], bound_mb=2_500),
    Case("deep-100k-text", "100,000 nested <div>s in text mode", _page("deep.html", build_deep), ["--text"],
         bound_mb=1_000),
    Case("deep-100k-dump", "100,000 nested <div>s, --dump layout-json", _page("deep.html", build_deep),
         ["--dump", "layout-json"], bound_mb=2_000),
    Case("deep-100k-dump-style", "100,000 nested <div>s, --dump style (every property of every element)",
         _page("deep.html", build_deep), ["--dump", "style"], bound_mb=4_000),
    Case("deep-20k-dumps", "20,000 nested <span>s, --dump boxes", _page("deep-span.html",
         lambda: build_deep(20_000, "span")), ["--dump", "boxes"], bound_mb=1_500, quick=True),
    Case("text-10mb", "10 MB of text in one paragraph", _page("text.html", build_long_text), bound_mb=2_000),
    Case("elements-200k", "200,000 elements", _page("elements.html", build_many_elements), bound_mb=2_500),
    Case("elements-200k-cut", "200,000 elements, --max-dom-nodes 20000 (the first 20,000 render)",
         _page("elements.html", build_many_elements), ["--max-dom-nodes", "20000"], allowed=(63,),
         bound_mb=1_000, quick=True),
    Case("css-rules-50k", "50,000 CSS rules", _page("rules.html", build_many_rules), bound_mb=1_500),
    Case("css-rules-50k-cut", "50,000 CSS rules, --max-css-rules 5000", _page("rules.html", build_many_rules),
         ["--max-css-rules", "5000"], allowed=(63,), bound_mb=1_000, quick=True),
    Case("selectors", ":is()/:not() nested 1,000 deep, 10,000-way :is(), 300-step descendant chains",
         _page("selectors.html", build_pathological_selectors), allowed=(0, 63), bound_mb=1_000, quick=True),
    Case("selectors-backtracking", "':is(.a div × 10)' over a 300-deep tree with no .a: backtracking in "
         "the :is() matcher, --max-time 20", _page("backtrack.html", build_backtracking_selector),
         ["--max-time", "20"], allowed=(0, 28), bound_mb=600),
    Case("inline-10k", "10,000 nested inline elements on one line (flattened at depth 512: a warning)",
         _page("inline.html", build_nested_inline), bound_mb=1_000, quick=True),
    Case("inline-10k-full", "10,000 nested inline elements on one line, really nested",
         _page("inline.html", build_nested_inline), ["--max-layout-depth", "20000"], bound_mb=1_500),
    Case("inline-2k-wrapped", "2,000 nested inline elements wrapping over many lines",
         _page("wrapped.html", build_wrapped_nested_inline), ["--max-layout-depth", "5000"], bound_mb=1_500),
    Case("var-bombs", "var() cycles, self-reference and a 2^39 doubling expansion", _page("vars.html",
         build_var_bombs), bound_mb=600, quick=True),
    Case("font-size-1e9", "font-size: 1e9px, 3.4e38px, 1e308px", _page("font.html", build_huge_font),
         bound_mb=800, quick=True),
    Case("font-size-1e9-full", "font-size: 1e9px with --full-page (canvas over the pixel budget)",
         _page("font.html", build_huge_font), ["--full-page"], allowed=(0, 63), bound_mb=800),
    Case("bad-numbers", "calc(1px/0), NaN, ±infinity, ±1e308px, 1e20 in 40 numeric properties, huge attributes",
         _page("numbers.html", build_bad_numbers), allowed=(0, 63), bound_mb=800, quick=True),
    Case("bad-numbers-text", "the same in text mode", _page("numbers.html", build_bad_numbers), ["--text"],
         allowed=(0, 63), bound_mb=800, quick=True),
    Case("images", "1×1,000,000 px, a header claiming 100,000×100,000, truncated/corrupt/empty files, "
         "an 8 px image at 1e9 px", _page_in("images.html", build_images), allowed=(63,), bound_mb=800,
         quick=True),
    Case("images-full-page", "the same with --full-page (a 1,000,000 px tall page)",
         _page_in("images.html", build_images), ["--full-page"], allowed=(63,), bound_mb=800),
    Case("import-cycle", "@import of itself and an a → b → a cycle", _page_in("imports.html", build_import_cycle),
         bound_mb=500, quick=True),
    Case("import-tree", "every sheet @imports two new ones (served over HTTP)", _served("/imports"),
         allowed=(63,), bound_mb=600),
    Case("many-images", "2,000 distinct images (served over HTTP)", _served("/many"), allowed=(63,), bound_mb=600),
    Case("response-size", "a 3 MB page with --max-response-size 1000000", _served("/big"),
         ["--max-response-size", "1000000"], allowed=(63,), bound_mb=400, quick=True),
    Case("gzip-bomb", "300 KB of gzip that inflates to 300 MB", _served("/bomb"), allowed=(63,), bound_mb=700),
    Case("slow-server", "a body that trickles a byte per half second, --max-time 3", _served("/slow"),
         ["--max-time", "3"], allowed=(28,), bound_mb=400, quick=True),
    Case("broken-utf8", "invalid, overlong, surrogate and cut UTF-8 sequences", _encoding("broken-utf8.html"),
         bound_mb=400, quick=True),
    Case("mixed-encodings", "UTF-8, GBK, Latin-1, Shift_JIS and UTF-16 bytes in one page",
         _encoding("mixed.html"), bound_mb=400, quick=True),
    Case("nul-bytes", "NUL bytes in text, tag names, attributes, CSS and URLs", _encoding("nul.html"),
         bound_mb=400, quick=True),
    Case("wrong-charset", "UTF-8 bytes declared as Shift_JIS", _encoding("wrong-charset.html"), bound_mb=400),
    Case("utf16-claim", "<meta charset=utf-16> on an ASCII page", _encoding("utf16-claim.html"), bound_mb=400),
    Case("bogus-charset", "an unknown charset label", _encoding("bogus-charset.html"), bound_mb=400),
    Case("bom-conflict", "a UTF-8 BOM against <meta charset=windows-1251>", _encoding("bom-conflict.html"),
         bound_mb=400),
    Case("http-bad-charset", "Content-Type: text/html; charset=x-bogus-charset", _served("/charset"),
         bound_mb=400),
    Case("terminal-escapes", "ESC, OSC, C1 and BEL in title, text, links and alt, --text",
         _page("escapes.html", build_terminal_escapes), ["--text", "--color", "never"], bound_mb=400, quick=True),
]


# ---------------------------------------------------------------------------
# running

@dataclass
class Result:
    case: str
    what: str
    status: int
    wall: float
    cpu: float
    peak_mb: float
    bound_mb: int
    ok: bool
    stderr: str


def run_case(case: Case, directory: str, port: int, cap_mb: int, timeout: float,
             max_time: float | None = None) -> Result:
    target = case.make(directory, port)
    out = os.path.join(directory, f"{case.name}.png")
    argv = [sys.executable, "-m", "minibrowser", target, *case.args]
    if max_time and "--max-time" not in case.args:
        argv += ["--max-time", f"{max_time:g}"]
    if "--text" not in case.args and "--dump" not in case.args:
        argv += ["-o", out]

    def limits() -> None:
        cap = cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = dict(os.environ, MINIBROWSER_FONTS="bundled")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(argv, stdout=stdout, stderr=stderr, preexec_fn=limits, env=env, cwd=directory)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, wait_status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(wait_status)
        wall = time.perf_counter() - start
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    status = child.returncode
    peak = usage.ru_maxrss / 1024
    ok = status in case.allowed and peak < case.bound_mb and "Traceback" not in err
    return Result(case.name, case.what, status, wall, usage.ru_utime + usage.ru_stime, peak, case.bound_mb, ok, err)


def table(results: list[Result]) -> str:
    lines = ["| case | what | outcome | wall s | CPU s | peak MB | bound MB |", "|---|---|---|---:|---:|---:|---:|"]
    for r in results:
        outcome = f"{r.status} {MEANING.get(r.status, 'exit ' + str(r.status))}" + ("" if r.ok else " **FAIL**")
        lines.append(f"| {r.case} | {r.what} | {outcome} | {r.wall:.1f} | {r.cpu:.1f} | {r.peak_mb:.0f} | "
                     f"{r.bound_mb:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--quick", action="store_true", help="only the cases marked quick")
    parser.add_argument("--cap-mb", type=int, default=6_000, help="address-space cap per child (RLIMIT_AS)")
    parser.add_argument("--timeout", type=float, default=300, help="kill a child after this many seconds")
    parser.add_argument("--json", help="write the results here as JSON")
    parser.add_argument("--max-time", type=float, help="--max-time for cases without their own (a loaded machine)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each case's stderr")
    args = parser.parse_args(argv)
    chosen = [c for c in CASES if (not args.quick or c.quick) and
              (not args.only or c.name in args.only.split(","))]
    server, port = start_server()
    results = []
    directory = tempfile.mkdtemp(prefix="minibrowser-hostile-")
    try:
        for case in chosen:
            result = run_case(case, directory, port, args.cap_mb, max(args.timeout, 2 * (args.max_time or 0)),
                              args.max_time)
            results.append(result)
            flag = "ok  " if result.ok else "FAIL"
            print(f"{flag} {case.name:22} exit {result.status:3}  {result.wall:6.1f} s  {result.cpu:6.1f} s CPU  "
                  f"{result.peak_mb:6.0f} MB", file=sys.stderr, flush=True)
            if args.verbose or not result.ok:
                for line in result.stderr.splitlines()[:12]:
                    print(f"     | {line[:200]}", file=sys.stderr)
    finally:
        server.shutdown()
        shutil.rmtree(directory, ignore_errors=True)
    print(table(results))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump([r.__dict__ for r in results], handle, indent=1)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
