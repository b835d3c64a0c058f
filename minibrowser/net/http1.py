"""HTTP/1.1 message syntax and framing (RFC 9112), with no I/O inside.

The codec turns a request into bytes, and bytes into response events.  It
never touches a socket: the caller feeds it whatever `recv` returned (b"" for
end of file) and asks for the next event.  That keeps every framing rule in
one place where a test can drive it byte by byte (the idea of h11).

Rules enforced, each with the RFC section it comes from (and a test in
tests/net/test_http1.py):

  R1  start line: HTTP-version SP 3DIGIT SP reason (§4); the version is
      "HTTP/" DIGIT "." DIGIT (§2.3) and its major must be 1.  A missing
      reason phrase is accepted ("HTTP/1.1 200" and "HTTP/1.1 200 ").
  R2  CRLF ends a line; a bare LF is tolerated (§2.2).  A bare CR anywhere
      in the head is rejected (§2.2).
  R3  field-name is a token and is followed directly by ":"; whitespace
      between name and colon is rejected (§5.1).  A line without a colon is
      rejected.
  R4  field values may not contain NUL or other control characters except
      HTAB (§5.5, RFC 9110 §5.5); leading and trailing whitespace is removed.
  R5  obs-fold (a line starting with SP or HTAB) is replaced by one SP and
      joined to the previous value (§5.2); a fold before any field is
      rejected.
  R6  limits: at most 64 KiB of head and 100 fields (§2.3 lets a recipient
      bound them); the limit is checked before the whole head has arrived,
      so memory stays bounded.
  R7  1xx responses are interim: skipped, the final response follows
      (RFC 9110 §15.2), in a loop (1,000 of them are no deeper than one).
      The first MAX_INTERIM_KEPT are kept for -v; the rest are only counted,
      so an endless stream of them costs time (--max-time ends it), never
      memory.  101 is refused: this client never asks to upgrade.
  R8  responses to HEAD, and 1xx, 204 and 304 responses, have no body
      whatever their headers say (§6.3 rule 1).
  R9  Transfer-Encoding: its last coding must be chunked (stricter than
      §6.3 rule 4, which would read to close; a response framed that way is
      indistinguishable from a truncated one).  Earlier codings are reported
      for the caller to decode.  Transfer-Encoding overrides Content-Length,
      and the connection is closed after such a message (§6.3 rule 3).
  R10 Content-Length is 1*DIGIT; repeated or listed values must all be the
      same ("5, 5" is 5, "5, 10" is an error); a sign or more than 19 digits
      (beyond 64 bits) is an error (§6.3 rule 5, §8.6 of RFC 9110).
  R11 chunk-size is 1*HEXDIG, at most 16 digits ("0x5", "+5", " 5" and
      "ZZZ" are errors); chunk extensions after ";" are discarded; chunk
      data must be followed by exactly CRLF; trailer fields are read with
      the header rules and discarded (§7.1, §7.1.1, §7.1.2).
  R12 with neither Transfer-Encoding nor Content-Length the body runs to the
      connection's close (§6.3 rule 8), and the connection is not reused.
  R13 end of file before the declared end of a body is an error naming the
      shortfall (§8).
  R14 keep-alive (§9.3): HTTP/1.1 without "Connection: close" keeps the
      connection; HTTP/1.0 never does here.  Bytes that arrive after a
      complete response are not a next response: the connection is closed.
  R15 requests: method is a token, the target has no whitespace or
      controls, field names are tokens and values carry no CR, LF or NUL
      (§3, §5; this is what prevents header injection).  A body is sent
      with Content-Length (§6.2).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ProtocolError
from .response import Headers

MAX_HEAD_BYTES = 64 * 1024
MAX_FIELDS = 100
MAX_INTERIM_KEPT = 10          # 1xx heads kept for -v (R7); later ones are counted only
MAX_CHUNK_LINE = 4096          # chunk-size plus extensions
MAX_CHUNK_SIZE_DIGITS = 16     # 16 hex digits = 64 bits
MAX_CONTENT_LENGTH_DIGITS = 19  # 19 decimal digits fit a signed 64-bit length

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_STATUS_LINE = re.compile(rb"HTTP/(\d)\.(\d) (\d{3})(?: ([\t\x20-\x7e\x80-\xff]*))?\Z")
_BAD_VALUE_CHARS = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_TARGET = re.compile(r"[^\x00-\x20\x7f]+\Z")
_HEX = re.compile(rb"[0-9A-Fa-f]+\Z")
_DIGITS = re.compile(r"[0-9]+\Z")
NO_BODY_STATUSES = frozenset({204, 304})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})


class RemoteClosedEarly(ProtocolError):
    """The peer closed before sending a single byte of a response.

    On a reused connection this is the classic keep-alive race (the server
    timed the connection out just as we sent); the pool may retry once."""


# ---- events -----------------------------------------------------------

@dataclass
class ResponseHead:
    """The status line and header fields of a response."""

    version: str            # "HTTP/1.1"
    status: int
    reason: str
    headers: Headers
    raw: bytes              # the head exactly as received
    transfer_codings: list[str] = field(default_factory=list)  # before chunked, e.g. ["gzip"]


@dataclass
class Data:
    data: bytes


@dataclass
class EndOfMessage:
    keep_alive: bool        # may the connection carry another request?
    close_reason: str = ""  # why not, when it may not


class _NeedData:
    def __repr__(self) -> str:
        return "NEED_DATA"


NEED_DATA = _NeedData()
Event = ResponseHead | Data | EndOfMessage | _NeedData


# ---- requests ---------------------------------------------------------

def encode_request(method: str, target: str, headers: list[tuple[str, str]],
                   body: bytes | None = None) -> bytes:
    """Serialize a request head (and body) following R15."""
    if not _TOKEN.match(method.encode("latin-1", "replace")):
        raise ProtocolError(f"invalid request method: {method[:40]!r}")
    if not _TARGET.match(target):
        raise ProtocolError(f"invalid request target: {target[:80]!r}")
    lines = [f"{method} {target} HTTP/1.1"]
    has_length = False
    for name, value in headers:
        if not _TOKEN.match(name.encode("latin-1", "replace")):
            raise ProtocolError(f"invalid header name: {name[:40]!r}")
        if any(ch in value for ch in "\r\n\x00"):
            raise ProtocolError(f"header {name} contains CR, LF or NUL")
        has_length = has_length or name.lower() == "content-length"
        lines.append(f"{name}: {value}")
    if body is not None and not has_length:
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    return head + body if body else head


# ---- responses --------------------------------------------------------

def _split_lines(block: bytes) -> list[bytes]:
    """Split a head into lines: CRLF or bare LF (R2); a bare CR is an error."""
    lines = block.split(b"\n")
    out = []
    for line in lines:
        if line.endswith(b"\r"):
            line = line[:-1]
        if b"\r" in line:
            raise ProtocolError("bare CR in response head")
        out.append(line)
    return out


def parse_fields(lines: list[bytes], where: str = "header") -> Headers:
    """Field lines → Headers, following R3, R4, R5 and the field count of R6."""
    items: list[list[str]] = []
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            if not items:
                raise ProtocolError(f"{where} section starts with a folded line")
            folded = line.strip(b" \t")
            if _BAD_VALUE_CHARS.search(folded):
                raise ProtocolError(f"control character in {where} {items[-1][0]}")
            items[-1][1] = (items[-1][1] + " " + folded.decode("latin-1")).strip()
            continue
        name, colon, value = line.partition(b":")
        if not colon:
            raise ProtocolError(f"{where} line without a colon: {_show(line)}")
        if not _TOKEN.match(name):
            if name.rstrip(b" \t") != name:
                raise ProtocolError(f"whitespace before the colon in {where} {_show(name.strip())}")
            raise ProtocolError(f"invalid {where} name: {_show(name)}")
        value = value.strip(b" \t")
        if _BAD_VALUE_CHARS.search(value):
            raise ProtocolError(f"control character in {where} {name.decode('latin-1')}")
        items.append([name.decode("ascii"), value.decode("latin-1")])
        if len(items) > MAX_FIELDS:
            raise ProtocolError(f"more than {MAX_FIELDS} {where} fields")
    return Headers((name, value) for name, value in items)


def _show(raw: bytes) -> str:
    return repr(raw[:60])[2:-1]


def _tokens(headers: Headers, name: str) -> list[str]:
    """The comma-separated list values of a field, lowercased."""
    return [t.strip().lower() for v in headers.get_all(name) for t in v.split(",") if t.strip()]


def content_length(headers: Headers) -> int | None:
    """R10: the one agreed Content-Length, or None when absent."""
    values = [v.strip() for raw in headers.get_all("Content-Length") for v in raw.split(",")]
    if not values:
        return None
    for value in values:
        if not _DIGITS.match(value):
            raise ProtocolError(f"invalid Content-Length: {value[:30]!r}")
        if len(value) > MAX_CONTENT_LENGTH_DIGITS:
            raise ProtocolError(f"Content-Length too long ({len(value)} digits)")
    lengths = {int(v) for v in values}
    if len(lengths) > 1:
        raise ProtocolError(f"conflicting Content-Length values: {', '.join(values)[:60]}")
    return lengths.pop()


class ResponseReader:
    """Parse one response (after any 1xx) from fed bytes.

    Usage: `feed(data)` with what recv returned (b"" means EOF), then call
    `next_event()` until it returns NEED_DATA or an EndOfMessage."""

    def __init__(self, request_method: str = "GET") -> None:
        self.request_method = request_method.upper()
        self._buf = bytearray()
        self._eof = False
        self._scan_from = 0
        self._state = "head"
        self._remaining = 0        # body bytes left (length framing or current chunk)
        self._chunked = False
        self._close_reasons: list[str] = []
        self._trailer_lines = 0
        self.head: ResponseHead | None = None
        self.interim: list[ResponseHead] = []
        self.interim_count = 0      # every 1xx skipped, kept or not (R7)
        self.received = 0           # every byte fed, so callers can tell "nothing came"
        self.body_bytes = 0         # bytes of body (framing removed) handed out
        self.expected_length: int | None = None

    # -- input --
    def feed(self, data: bytes) -> None:
        if not data:
            self._eof = True
            return
        self.received += len(data)
        self._buf += data

    @property
    def done(self) -> bool:
        return self._state == "done"

    @property
    def leftover(self) -> bytes:
        """Bytes that arrived after the end of the message (R14)."""
        return bytes(self._buf) if self._state == "done" else b""

    # -- output --
    def next_event(self) -> Event:
        handler = {
            "head": self._read_head,
            "length": self._read_length_body,
            "chunk-size": self._read_chunk_size,
            "chunk-data": self._read_chunk_data,
            "chunk-crlf": self._read_chunk_crlf,
            "trailers": self._read_trailers,
            "close": self._read_to_close,
            "end": self._finish,
        }.get(self._state)
        if handler is None:
            raise ProtocolError("response already complete")
        return handler()

    # -- head --
    def _read_head(self) -> Event:
        while True:
            head = self._parse_head()
            if head is NEED_DATA:
                return NEED_DATA
            if head.status >= 200:
                break
            if head.status == 101:
                raise ProtocolError("unexpected 101 Switching Protocols")
            self.interim_count += 1                                           # R7
            if len(self.interim) < MAX_INTERIM_KEPT:
                self.interim.append(head)
        self.head = head
        self._choose_framing(head, minor=int(head.version.rsplit(".", 1)[1]))
        return head

    def _parse_head(self) -> ResponseHead | _NeedData:
        """The next head in the buffer (final or interim), or NEED_DATA."""
        buf = self._buf
        if buf[:1] and not b"HTTP/".startswith(bytes(buf[:5])):
            raise ProtocolError(_not_http_reason(bytes(buf[:8])))
        end = self._find_head_end()
        if end < 0:
            if len(buf) > MAX_HEAD_BYTES:
                raise ProtocolError(f"response head larger than {MAX_HEAD_BYTES // 1024} KiB")
            if self._eof:
                if not buf and self.head is None and not self.interim_count:
                    raise RemoteClosedEarly("server closed the connection without sending a response")
                raise ProtocolError(f"connection closed in the middle of the response head ({len(buf)} bytes)")
            return NEED_DATA
        if end > MAX_HEAD_BYTES:
            raise ProtocolError(f"response head larger than {MAX_HEAD_BYTES // 1024} KiB")
        raw = bytes(buf[:end])
        del buf[:end]
        self._scan_from = 0
        lines = _split_lines(raw.rstrip(b"\r\n"))
        match = _STATUS_LINE.match(lines[0])
        if not match:
            raise ProtocolError(f"malformed status line: {_show(lines[0])}")
        major, minor, status = int(match[1]), int(match[2]), int(match[3])
        if major != 1:
            raise ProtocolError(f"unsupported HTTP version HTTP/{major}.{minor}")
        if status < 100:
            raise ProtocolError(f"invalid status code {status}")
        headers = parse_fields(lines[1:])
        return ResponseHead(f"HTTP/{major}.{minor}", status,
                            (match[4] or b"").decode("latin-1").strip(), headers, raw)

    def _find_head_end(self) -> int:
        """Index just past the blank line that ends the head, or -1."""
        buf = self._buf
        start = max(0, self._scan_from - 3)
        # the bare-LF search stops where the CRLF one ended: a buffer of many small heads (a flood
        # of 1xx) is then scanned once, not once per head
        crlf = buf.find(b"\n\r\n", start)
        lf = buf.find(b"\n\n", start, crlf + 2 if crlf >= 0 else len(buf))
        if lf >= 0:
            return lf + 2
        if crlf >= 0:
            return crlf + 3
        self._scan_from = len(buf)
        return -1

    def _choose_framing(self, head: ResponseHead, minor: int) -> None:
        """Decide how the body is delimited (§6.3) and whether the connection lives on."""
        headers = head.headers
        if minor == 0:
            self._close_reasons.append("HTTP/1.0 response")
        if "close" in _tokens(headers, "Connection"):
            self._close_reasons.append("server sent Connection: close")
        codings = _tokens(headers, "Transfer-Encoding")
        length = content_length(headers) if not codings else None
        if self.request_method == "HEAD" or head.status in NO_BODY_STATUSES:   # R8
            self._state = "end"
            return
        if codings:                                                           # R9
            if codings[-1] != "chunked":
                raise ProtocolError(f"Transfer-Encoding does not end in chunked: {', '.join(codings)[:60]}")
            if "chunked" in codings[:-1]:
                raise ProtocolError("chunked applied more than once")
            if "Content-Length" in headers:
                self._close_reasons.append("both Transfer-Encoding and Content-Length")
            head.transfer_codings = [c for c in codings[:-1] if c != "identity"]
            self._chunked = True
            self._state = "chunk-size"
        elif length is not None:                                              # R10
            self.expected_length = length
            self._remaining = length
            self._state = "length" if length else "end"
        else:                                                                 # R12
            self._close_reasons.append("body delimited by connection close")
            self._state = "close"

    # -- bodies --
    def _take(self, limit: int) -> bytes:
        size = min(limit, len(self._buf))
        data = bytes(self._buf[:size])
        del self._buf[:size]
        self.body_bytes += size
        return data

    def _read_length_body(self) -> Event:
        if self._buf:
            data = self._take(self._remaining)
            self._remaining -= len(data)
            if not self._remaining:
                self._state = "end"
            return Data(data)
        if self._eof:                                                         # R13
            got = self.expected_length - self._remaining
            raise ProtocolError(f"connection closed after {got} of {self.expected_length} body bytes "
                                f"({self._remaining} missing)")
        return NEED_DATA

    def _read_line(self, limit: int, what: str) -> bytes | None:
        end = self._buf.find(b"\n")
        if end < 0:
            if len(self._buf) > limit:
                raise ProtocolError(f"{what} longer than {limit} bytes")
            if self._eof:
                raise ProtocolError(f"connection closed in the middle of a chunked body ({what})")
            return None
        if end > limit:
            raise ProtocolError(f"{what} longer than {limit} bytes")
        line = bytes(self._buf[:end])
        del self._buf[:end + 1]
        if line.endswith(b"\r"):
            line = line[:-1]
        if b"\r" in line:
            raise ProtocolError(f"bare CR in {what}")
        return line

    def _read_chunk_size(self) -> Event:                                      # R11
        line = self._read_line(MAX_CHUNK_LINE, "chunk size line")
        if line is None:
            return NEED_DATA
        size_text = line.split(b";", 1)[0].rstrip(b" \t")  # BWS before extensions
        if not _HEX.match(size_text):
            raise ProtocolError(f"invalid chunk size: {_show(size_text)}")
        if len(size_text) > MAX_CHUNK_SIZE_DIGITS:
            raise ProtocolError(f"chunk size has more than {MAX_CHUNK_SIZE_DIGITS} hex digits")
        size = int(size_text, 16)
        if size == 0:
            self._state = "trailers"
            return self._read_trailers()
        self.expected_length = size
        self._remaining = size
        self._state = "chunk-data"
        return self._read_chunk_data()

    def _read_chunk_data(self) -> Event:
        if self._buf:
            data = self._take(self._remaining)
            self._remaining -= len(data)
            if not self._remaining:
                self._state = "chunk-crlf"
            return Data(data)
        if self._eof:
            got = self.expected_length - self._remaining
            raise ProtocolError(f"connection closed in the middle of a chunk: got {got} of "
                                f"{self.expected_length} bytes ({self._remaining} missing)")
        return NEED_DATA

    def _read_chunk_crlf(self) -> Event:
        if len(self._buf) < 2:
            if self._eof:
                raise ProtocolError("connection closed after chunk data, before its CRLF")
            if self._buf[:1] not in (b"", b"\r"):
                raise ProtocolError(f"chunk data not followed by CRLF: {_show(bytes(self._buf[:8]))}")
            return NEED_DATA
        if self._buf[:2] != b"\r\n":
            raise ProtocolError(f"chunk data not followed by CRLF: {_show(bytes(self._buf[:8]))}")
        del self._buf[:2]
        self._state = "chunk-size"
        return self._read_chunk_size()

    def _read_trailers(self) -> Event:
        while True:
            line = self._read_line(MAX_HEAD_BYTES, "trailer line")
            if line is None:
                return NEED_DATA
            if not line:
                self._state = "end"
                return self._finish()
            self._trailer_lines += 1
            parse_fields([line], where="trailer")   # validated, then discarded
            if self._trailer_lines > MAX_FIELDS:
                raise ProtocolError(f"more than {MAX_FIELDS} trailer fields")

    def _read_to_close(self) -> Event:
        if self._buf:
            return Data(self._take(len(self._buf)))
        if self._eof:
            self._state = "end"
            return self._finish()
        return NEED_DATA

    def _finish(self) -> Event:
        self._state = "done"
        reasons = list(self._close_reasons)
        if self._buf:                                                         # R14
            reasons.append(f"{len(self._buf)} unexpected bytes after the response")
        return EndOfMessage(keep_alive=not reasons, close_reason="; ".join(reasons))


def _not_http_reason(start: bytes) -> str:
    if start[:1] == b"\x16" and start[1:2] == b"\x03":
        return "server answered with TLS bytes (is this an https:// URL?)"
    return f"malformed status line: {_show(start)}"
