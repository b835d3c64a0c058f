"""A small web site on 127.0.0.1 for the explain tests, over http and https.

The server is Python's http.server speaking HTTP/1.1 with keep-alive; it
keeps the exact bytes of every request head it read (its input stream is
teed), which connection each came on, and how many connections it accepted,
so a test can hold explain's report against what really went over the wire.
"""
from __future__ import annotations

import gzip
import http.server
import json
import ssl
import threading
from dataclasses import dataclass, field

import pytest

from minibrowser.cli import main as cli_main

STYLE = (b"body { margin: 8px; font-family: sans-serif }\n"
         b".card { width: 200px; height: 50px; margin: 10px; padding: 5px; border: 2px solid #336699;"
         b" background-color: #ffcc00 }\n"
         b"p { color: red; color: 12px }\n"
         b".lead { color: green }\n") + b"/* padding so gzip has something to save */\n" * 40
PAGE = (b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Explain test</title>"
        b"<link rel='stylesheet' href='/style.css'></head><body>"
        b"<div class='card'>card</div>"
        b"<div>loose text<p class='lead'>lead paragraph</p></div>"
        b"<img src='/dot.png' width='4' height='4'>"
        b"</body></html>")


def _png() -> bytes:
    import io
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


class _Tee:
    """A read-side file wrapper that remembers every byte read (the request heads)."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.seen = bytearray()

    def readline(self, limit: int = -1) -> bytes:
        line = self.raw.readline(limit)
        self.seen += line
        return line

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.seen += data
        return data

    def __getattr__(self, name):
        return getattr(self.raw, name)


@dataclass
class Site:
    scheme: str
    host: str
    port: int
    routes: dict = field(default_factory=dict)
    heads: list = field(default_factory=list)         # (path, exact head bytes, connection number)
    connections: int = 0
    cafile: str | None = None

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def head_for(self, path: str, nth: int = 0) -> bytes:
        return [h for p, h, _ in self.heads if p == path][nth]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ExplainTest/1"

    def log_message(self, *args) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        site: Site = self.server.site
        site.connections += 1
        self.connection_number = site.connections
        self.rfile = _Tee(self.rfile)

    def do_GET(self) -> None:
        site: Site = self.server.site
        head = bytes(self.rfile.seen)
        self.rfile.seen.clear()
        site.heads.append((self.path, head, self.connection_number))
        route = site.routes.get(self.path)
        if route is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        else:
            status, headers, body = route(self) if callable(route) else route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


def _etag_route(tag: str, body: bytes, content_type: str):
    """200 with an ETag and no-cache; a 304 when the client already has that ETag."""
    def route(handler):
        if handler.headers.get("If-None-Match") == tag:
            return 304, {"ETag": tag, "Cache-Control": "no-cache"}, b""
        return 200, {"Content-Type": content_type, "ETag": tag, "Cache-Control": "no-cache"}, body
    return route


def default_routes() -> dict:
    return {
        "/": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
        "/style.css": (200, {"Content-Type": "text/css", "Content-Encoding": "gzip"}, gzip.compress(STYLE)),
        "/dot.png": (200, {"Content-Type": "image/png", "Cache-Control": "max-age=3600"}, _png()),
        "/etag.html": _etag_route('"v1"', b"<!DOCTYPE html><p>cached page<img src='/dot.png'>", "text/html"),
        "/close.html": (200, {"Content-Type": "text/html", "Connection": "close"}, b"<p>bye"),
    }


def _serve(scheme: str, host: str, context: ssl.SSLContext | None):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    site = Site(scheme, host, server.server_address[1], default_routes())
    server.site = site
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, site


@pytest.fixture
def site():
    server, running = _serve("http", "127.0.0.1", None)
    yield running
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    import trustme
    ca = trustme.CA()
    cafile = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    return str(cafile), context


@pytest.fixture
def tls_site(tls_files):
    cafile, context = tls_files
    server, running = _serve("https", "localhost", context)
    running.cafile = cafile
    yield running
    server.shutdown()
    server.server_close()


@pytest.fixture
def explain(tmp_path, capsys):
    """Run `minibrowser explain ARGS --json FILE` as the command does; return (exit status, JSON data,
    stdout, stderr)."""
    counter = iter(range(1000))

    def run(*args: str):
        out = tmp_path / f"explain-{next(counter)}.json"
        status = cli_main(["explain", *args, "--json", str(out)])
        captured = capsys.readouterr()
        data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
        return status, data, captured.out, captured.err
    return run
