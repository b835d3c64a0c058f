"""Hostile HTTP servers: real sockets on 127.0.0.1 that misbehave on purpose, met by the whole command.

tests/net checks the codec and the fetcher rule by rule; this module checks what a user sees when
a server is out to hurt the browser.  Loading a page from each server in `SERVERS` must end

- within a time bound (the slow ones exactly at --max-time),
- with one line on stderr and no traceback,
- with the exit status the README documents for it,
- with no output file, not even a temporary one;

and the same server behind a stylesheet and an image of a good page must leave that page rendered,
with a warning (exit 63 when a budget is what kept the subresource out).

Each server is a script run per connection (`Script`); the bombs are built so that they are small on
the wire and huge once decoded.  bench/hostile_servers.py runs this table in fresh processes for the
README's figures.
"""
from __future__ import annotations

import functools
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Callable

import brotli
import pytest

MiB = 1024 * 1024

# ---------------------------------------------------------------------------
# servers

Script = Callable[[socket.socket, "HostileServer"], None]


class HostileServer:
    """A listening socket on 127.0.0.1; every accepted connection runs `script` in its own thread,
    over TLS with `tls` when given.  Scripts stop when the client hangs up or the server closes."""

    def __init__(self, script: Script, tls: ssl.SSLContext | None = None, https: bool = False) -> None:
        self.script, self.tls, self.https = script, tls, https or tls is not None
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str = "/") -> str:
        return f"{'https' if self.https else 'http'}://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(10)
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            self.script(conn, self)
        except (OSError, ssl.SSLError):
            pass            # the client hung up: that is how most of these end
        finally:
            conn.close()

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


def read_request(conn: socket.socket) -> bytes:
    """One request head (through the blank line), b"" if the client hung up first."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            return b""
        data += chunk
    return data


def path_of(request: bytes) -> str:
    return request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else "/"


def sends(*parts: bytes) -> Script:
    """Read the request, send `parts`, close."""
    def script(conn: socket.socket, server: HostileServer) -> None:
        read_request(conn)
        for part in parts:
            conn.sendall(part)
    return script


def at_once(data: bytes) -> Script:
    """Send `data` as soon as the connection is accepted, whatever the client says, then wait for it to
    hang up."""
    def script(conn: socket.socket, server: HostileServer) -> None:
        conn.sendall(data)
        while not server.stopped.is_set() and conn.recv(4096):
            pass
    return script


def forever(head: bytes, piece: bytes) -> Script:
    """Read the request, send `head`, then `piece` again and again until the client gives up."""
    def script(conn: socket.socket, server: HostileServer) -> None:
        read_request(conn)
        conn.sendall(head)
        while not server.stopped.is_set():
            conn.sendall(piece)
    return script


def trickle(data: bytes, every: float) -> Script:
    """Read the request, then send `data` one byte every `every` seconds."""
    def script(conn: socket.socket, server: HostileServer) -> None:
        read_request(conn)
        for byte in data:
            if server.stopped.wait(every):
                return
            conn.sendall(bytes([byte]))
    return script


def keep_alive(answer: Callable[[str], bytes]) -> Script:
    """Answer request after request on one connection with `answer(path)`."""
    def script(conn: socket.socket, server: HostileServer) -> None:
        while request := read_request(conn):
            conn.sendall(answer(path_of(request)))
    return script


def reset_mid_body(conn: socket.socket, server: HostileServer) -> None:
    """Half the promised body, then a TCP reset (SO_LINGER 0) instead of a close."""
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/html\r\n\r\n" + b"<p>x" * 125)
    time.sleep(0.2)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def close_at_once(conn: socket.socket, server: HostileServer) -> None:
    """Accept, then close without reading or sending anything."""


def never_handshake(conn: socket.socket, server: HostileServer) -> None:
    """Take the TLS ClientHello and never answer it."""
    while not server.stopped.is_set() and conn.recv(4096):
        pass


def silent(conn: socket.socket, server: HostileServer) -> None:
    """Take the request and never answer it."""
    read_request(conn)
    never_handshake(conn, server)


# ---------------------------------------------------------------------------
# responses

PAGE = b"<!doctype html><p>served by a hostile server</p>"
OK_PAGE = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(PAGE), PAGE)
CHUNKED = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"


def redirect(location: str) -> bytes:
    return b"HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n" % location.encode("latin-1")


def chain_of_50(path: str) -> bytes:
    last = path.rsplit("/", 1)[1]
    step = int(last) if last.isdigit() else 0
    return redirect(f"/{step + 1}") if step < 50 else OK_PAGE


def encoded(body: bytes, coding: str) -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: %s\r\nContent-Length: %d\r\n\r\n"
            % (coding.encode(), len(body))) + body


@functools.cache
def bomb(coding: str, mebibytes: int = 1024) -> bytes:
    """`mebibytes` MiB of zeros, small on the wire: after a flush a compressor forgets its history,
    so every later 1 MiB block compresses to the same bytes — compress two, repeat the second.
    1 GiB comes to about 1 MB of gzip or deflate, 15 KB of brotli."""
    zeros, blocks = bytes(MiB), mebibytes
    if coding == "br":
        packer = brotli.Compressor(quality=5)
        first = packer.process(zeros) + packer.flush()
        block = packer.process(zeros) + packer.flush()
        return first + block * (blocks - 1) + packer.finish()
    packer = zlib.compressobj(9, zlib.DEFLATED, {"gzip": 31, "deflate": 15}[coding])
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    return first + block * (blocks - 1) + packer.flush()


def serve_bomb(coding: str) -> Script:
    def script(conn: socket.socket, server: HostileServer) -> None:
        read_request(conn)
        conn.sendall(encoded(bomb(coding), coding))
    return script


def chunk(data: bytes, extension: bytes = b"") -> bytes:
    return b"%x%s\r\n%s\r\n" % (len(data), extension, data)


# ---------------------------------------------------------------------------
# the table

@dataclass(frozen=True)
class Case:
    name: str
    what: str               # for the README
    script: Script
    status: int             # exit status when the page itself comes from this server
    says: str               # a regex the one line on stderr matches (for status 0: text on stdout)
    args: tuple[str, ...] = ()
    max_time: float = 5.0   # --max-time for the page load
    sub_status: int = 0     # exit status when it serves a stylesheet and an image of a good page
    tls: str | None = None  # the certificate (a Certs field) the server speaks TLS with
    https: bool = False     # an https:// URL even without a certificate (the server is not what it claims)


SERVERS: tuple[Case, ...] = (
    Case("trickle", "sends its response one byte a second", trickle(OK_PAGE, 1.0), 28, r"--max-time 1\b",
         max_time=1),
    Case("silent", "reads the request and never answers", silent, 28, r"--max-time 1\b", max_time=1),
    Case("endless-headers", "header fields that never end", forever(b"HTTP/1.1 200 OK\r\n", b"X-Flood: " + b"x" * 90
         + b"\r\n"), 8, r"response head larger than 64 KiB"),
    Case("header-10mb", "one header line of 10 MB", sends(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (10 * MiB)
         + b"\r\n\r\n"), 8, r"response head larger than 64 KiB"),
    Case("endless-chunked", "a chunked body that never ends", forever(CHUNKED, chunk(b"a" * 16384)), 63,
         r"response body exceeds the limit of 1000000 bytes", ("--max-response-size", "1000000"), sub_status=63),
    Case("one-byte-chunks", "a chunked body of endless 1-byte chunks (bounded memory: one buffer, not a "
         "list of pieces)", forever(CHUNKED, chunk(b"x") * 1000), 63, r"response body exceeds the limit of 20000 bytes",
         ("--max-response-size", "20000"), sub_status=63),
    Case("endless-close-delimited", "an HTTP/1.0 body with no length that never ends", forever(
         b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n", b"<p>more" * 4096), 63,
         r"response body exceeds the limit of 1000000 bytes", ("--max-response-size", "1000000"), sub_status=63),
    Case("huge-content-length", "Content-Length: 2^63 - 1 (refused from the header, under the default budget)",
         sends(b"HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n<p>"), 63,
         r"response body of 9223372036854775807 bytes exceeds the limit of 104857600 bytes", sub_status=63),
    Case("chunk-2^64", "a chunk size of 2^64 (17 hex digits)", sends(CHUNKED + b"10000000000000000\r\nhello"), 8,
         r"chunk size has more than 16 hex digits"),
    Case("chunk-2^64-1", "a chunk size of 2^64 - 1, then endless data", forever(CHUNKED + b"ffffffffffffffff\r\n",
         b"a" * 16384), 63, r"response body exceeds the limit of 1000000 bytes",
         ("--max-response-size", "1000000"), sub_status=63),
    Case("chunk-extension-garbage", "chunk extensions of control bytes, quotes and bare '=' (ignored, as "
         "Chromium does)", sends(CHUNKED + chunk(PAGE, b";\x01\x7f=\"\xff;;=; ;x=\"") + b"0;\x02\r\n\r\n"), 0,
         r"served by a hostile server"),
    Case("endless-chunk-extension", "a chunk extension that never ends", forever(CHUNKED + b"5;", b"x" * 4096), 8,
         r"chunk size line longer than 4096 bytes"),
    Case("short-body", "Content-Length: 100000, 16 bytes, then close", sends(
         b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<p>only this</p>"), 8,
         r"closed after 16 of 100000 body bytes"),
    Case("two-lengths", "two different Content-Length fields (RFC 9112 §6.3: an error)", sends(
         b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"), 8,
         r"conflicting Content-Length values: 5, 6"),
    Case("te-and-cl", "Transfer-Encoding: chunked and Content-Length (chunked wins, the connection closes)", sends(
         b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
         + chunk(PAGE) + b"0\r\n\r\n"), 0, r"served by a hostile server"),
    Case("not-http", "an SSH banner instead of a status line", sends(b"SSH-2.0-OpenSSH_9.6\r\n"), 8,
         r"malformed status line: SSH-2.0"),
    Case("http-0.9", "an HTTP/0.9-style bare body, no status line", sends(PAGE), 8,
         r"malformed status line: <!doctyp"),
    Case("1000-continues", "1,000 '100 Continue' responses, then the page", sends(
         b"HTTP/1.1 100 Continue\r\n\r\n" * 1000 + OK_PAGE), 0, r"served by a hostile server"),
    Case("endless-continues", "'100 Continue' responses that never end", forever(b"", b"HTTP/1.1 100 Continue\r\n\r\n"
         * 100), 28, r"--max-time 1\b", max_time=1),
    Case("redirect-loop", "/a redirects to /b, /b to /a", keep_alive(lambda p: redirect("/b" if p == "/a" else "/a")),
         47, r"too many redirects \(more than 20\): loop .*/a -> .*/b -> .*/a"),
    Case("redirect-to-file", "a redirect to file:///etc/passwd", sends(redirect("file:///etc/passwd")), 1,
         r"redirect from .* to file: refused"),
    Case("redirect-chain-50", "a chain of 50 redirects", keep_alive(chain_of_50), 47,
         r"too many redirects \(more than 20\): \S+:\d+/ -> \S+/1 -> \S+/2 -> \.\.\. -> \S+/20 -> \S+/21$"),
    Case("redirect-growing", "redirects forever, each Location 2,000 bytes longer", keep_alive(
         lambda p: redirect(p.rstrip("/") + "/" + "a" * 2000)), 47, r"too many redirects \(more than 20\)"),
    Case("gzip-bomb", "1 GiB of zeros as 1 MB of gzip", serve_bomb("gzip"), 63,
         r"decompressed body exceeds 8 MiB \(gzip\)", ("--max-decompressed-size", str(8 * MiB)), sub_status=63),
    Case("deflate-bomb", "1 GiB of zeros as 1 MB of deflate", serve_bomb("deflate"), 63,
         r"decompressed body exceeds 8 MiB \(deflate\)", ("--max-decompressed-size", str(8 * MiB)), sub_status=63),
    Case("brotli-bomb", "1 GiB of zeros as 15 KB of brotli", serve_bomb("br"), 63,
         r"decompressed body exceeds 8 MiB \(br\)", ("--max-decompressed-size", str(8 * MiB)), sub_status=63),
    Case("nul-in-header", "a NUL byte in a header value", sends(
         b"HTTP/1.1 200 OK\r\nX-Evil: a\x00b\r\nContent-Length: 2\r\n\r\nok"), 8, r"control character in header X-Evil"),
    Case("cr-in-header", "a bare CR in a header value", sends(
         b"HTTP/1.1 200 OK\r\nX-Evil: a\rSet-Cookie: x=1\r\nContent-Length: 2\r\n\r\nok"), 8, r"bare CR in response head"),
    Case("crlf-in-header", "CR LF inside a header value (a line that is not a field)", sends(
         b"HTTP/1.1 200 OK\r\nX-Evil: a\r\n<script>alert(1)</script>\r\nContent-Length: 2\r\n\r\nok"), 8,
         r"header line without a colon"),
    Case("reset-mid-body", "a TCP reset half-way through the body", reset_mid_body, 7,
         r"connection to 127.0.0.1 lost while reading: connection reset by peer"),
    Case("close-at-once", "closes each connection as soon as it is accepted", close_at_once, 8,
         r"server closed the connection without sending a response"),
    Case("speaks-http2", "answers in HTTP/2 frames (a SETTINGS frame) instead of HTTP/1.1", sends(
         b"\x00\x00\x06\x04\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x64"), 8, r"malformed status line"),
    Case("plain-http-on-https", "an https:// URL answered in plain HTTP", at_once(OK_PAGE), 35,
         r"TLS handshake with 127.0.0.1 failed", https=True),
    Case("tls-close-after-handshake", "completes the TLS handshake, then closes", close_at_once, 8,
         r"server closed the connection without sending a response", tls="good"),
    Case("tls-never-handshakes", "takes the TLS ClientHello and never answers", never_handshake, 28,
         r"(TLS handshake with 127.0.0.1: operation timed out after 1 s \(|took longer than )--max-time 1\b",
         max_time=1, https=True),
    Case("tls-expired", "a certificate that expired in 2020", sends(OK_PAGE), 60, r"certificate has expired",
         tls="expired"),
    Case("tls-wrong-host", "a certificate for other.example", sends(OK_PAGE), 60, r"IP address mismatch",
         tls="wrong_host"),
    Case("tls-self-signed", "a self-signed certificate", sends(OK_PAGE), 60, r"self[- ]signed certificate",
         tls="self_signed"),
    Case("tls-unknown-ca", "a certificate from a CA nobody trusts", sends(OK_PAGE), 60,
         r"unable to get local issuer certificate", tls="unknown_ca"),
)

SLACK = 4.0   # seconds on top of --max-time: a loaded 2-core machine runs eight test suites at once


@pytest.fixture
def hostile(certs):
    """hostile(case) → a running HostileServer for that case; closed after the test."""
    running: list[HostileServer] = []

    def start(case: Case) -> HostileServer:
        server = HostileServer(case.script, getattr(certs, case.tls) if case.tls else None, case.https)
        running.append(server)
        return server
    yield start
    for server in running:
        server.close()


def one_clean_line(stderr: bytes) -> bytes:
    assert b"Traceback" not in stderr
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("minibrowser: ")
    return lines[0].encode()


@pytest.mark.parametrize("case", SERVERS, ids=lambda case: case.name)
def test_page_from_a_hostile_server(case, hostile, certs, cli, tmp_path):
    server = hostile(case)
    out = tmp_path / "out" / "page.png"
    out.parent.mkdir()
    argv = [server.url("/"), "--max-time", f"{case.max_time:g}", "--cacert", certs.ca_path, *case.args]
    started = time.monotonic()
    run = cli(*argv, *(["--text"] if case.status == 0 else ["-o", str(out)]))
    elapsed = time.monotonic() - started
    assert run.status == case.status, run.stderr
    assert elapsed < case.max_time + SLACK
    if case.status == 0:
        assert re.search(case.says, run.stdout.decode()), run.stdout
        assert b"Traceback" not in run.stderr
        return
    line = one_clean_line(run.stderr).decode()
    assert re.search(case.says, line), line
    assert len(line) < 1000
    assert list(out.parent.iterdir()) == []                  # no PNG, no temporary file
    if case.max_time < 5:                                     # the slow ones end at --max-time, not before
        assert elapsed >= case.max_time * 0.9


def page_with_subresources_from(*servers: HostileServer) -> bytes:
    links = "".join(f"<link rel=stylesheet href='{server.url('/style.css')}'>" for server in servers)
    images = "".join(f"<img src='{server.url('/image.png')}' alt='picture {i}'>" for i, server in enumerate(servers))
    return f"{links}<p>the page itself</p>{images}".encode()


def check_rendered_with_warnings(run, started: float, max_time: float, status: int, failed: bool) -> list[str]:
    assert run.status == status, run.stderr
    assert b"text 'the page itself'" in run.stdout and b"text 'picture 0'" in run.stdout   # the alt text
    assert time.monotonic() - started < max_time + SLACK
    assert b"Traceback" not in run.stderr
    lines = run.stderr.decode("utf-8", "replace").strip().splitlines()
    assert all(line.startswith("minibrowser: ") for line in lines), lines
    if failed:                                                # what failed the page is a warning here
        assert any(line.startswith("minibrowser: warning: ") for line in lines), lines
    return lines


@pytest.mark.parametrize("case", [case for case in SERVERS if case.max_time >= 5], ids=lambda case: case.name)
def test_hostile_server_behind_a_stylesheet_and_an_image(case, hostile, serve, certs, cli):
    """The page comes from a good server; its stylesheet and image from the hostile one.  The page
    renders (the boxes dump: no raster needed to see the image fall back to its alt text), with a
    warning; a subresource that a budget kept out makes the exit status 63."""
    server = hostile(case)
    good = serve({"/": (200, {"Content-Type": "text/html"}, page_with_subresources_from(server))})
    started = time.monotonic()
    run = cli(good.url("/"), "--dump", "boxes", "--max-time", "5", "--cacert", certs.ca_path, *case.args)
    check_rendered_with_warnings(run, started, 5, case.sub_status, case.status != 0)


def test_the_slow_servers_behind_one_page(hostile, serve, certs, cli):
    """The servers that only time can stop (trickle, silence, endless 1xx, a TLS handshake that never
    ends), all behind one page at once: subresources get 3/4 of --max-time (budgets.py), so the page
    still renders in time, each of them a warning."""
    slow = [hostile(case) for case in SERVERS if case.max_time < 5]
    good = serve({"/": (200, {"Content-Type": "text/html"}, page_with_subresources_from(*slow))})
    started = time.monotonic()
    run = cli(good.url("/"), "--dump", "boxes", "--max-time", "5", "--cacert", certs.ca_path)
    lines = check_rendered_with_warnings(run, started, 5, 0, True)
    assert time.monotonic() - started >= 5 * 0.75 * 0.9
    late = "still loading after 3.75 s, the subresources' share of --max-time 5 s: left out"
    assert len([line for line in lines if line.endswith(late)]) == 2 * len(slow), lines
    assert all(server.accepted >= 1 for server in slow)


def decoded_size(data: bytes, coding: str) -> int:
    """Bytes the bomb decodes to.  The gzip and zlib trailers' checksums cover only the two blocks
    the packer saw (the size budget stops every real decoder long before them), so the raw deflate
    stream between header and trailer is what is measured."""
    if coding == "br":
        return len(brotli.decompress(data))
    raw = data[10:-8] if coding == "gzip" else data[2:-4]   # RFC 1952 / RFC 1950 framing
    return len(zlib.decompressobj(-15).decompress(raw))


@pytest.mark.parametrize("coding, wire", [("gzip", 1_200_000), ("deflate", 1_200_000), ("br", 20_000)])
def test_the_bombs_are_small_on_the_wire_and_huge_decoded(coding, wire):
    assert len(bomb(coding)) < wire                       # the 1 GiB bomb the cases send
    assert decoded_size(bomb(coding, 16), coding) == 16 * MiB   # the same construction, 16 MiB
