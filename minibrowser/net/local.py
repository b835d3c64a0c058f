"""The schemes that never touch the network: file:, data: and about:blank.

They answer with the same `Response` record as http, so the rest of the
browser does not care where a document came from.
"""
from __future__ import annotations

import base64
import binascii
import time
import urllib.parse

from ..errors import BudgetExceeded, FileReadError, URLError, UnsupportedScheme
from ..url import URL
from .response import Headers, Response, Timing

# Extensions the platform's mimetypes table may not know, or knows wrongly.
_MIME_OVERRIDES = {".html": "text/html", ".htm": "text/html", ".css": "text/css",
                   ".js": "text/javascript", ".svg": "image/svg+xml", ".webp": "image/webp",
                   ".txt": "text/plain", ".png": "image/png", ".json": "application/json"}


def fetch_file(url: URL, max_bytes: int) -> Response:
    """A local file.  A directory or a missing file is an error, not a listing."""
    start = time.perf_counter()
    path = url.file_path()
    try:
        if path.is_dir():
            raise FileReadError(f"cannot read {path}: is a directory")
        size = path.stat().st_size
        if size > max_bytes:
            raise BudgetExceeded(f"file {path} is {size} bytes, over the limit of {max_bytes}")
        body = path.read_bytes()
    except FileNotFoundError:
        raise FileReadError(f"cannot read {path}: no such file") from None
    except PermissionError:
        raise FileReadError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise FileReadError(f"cannot read {path}: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    mime = _MIME_OVERRIDES.get(suffix)
    if mime is None:
        import mimetypes   # here: its first guess reads the system's tables, and most pages are .html
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = Headers([("Content-Type", mime), ("Content-Length", str(len(body)))])
    elapsed = time.perf_counter() - start
    return Response(url, 200, "OK", headers, body, http_version="",
                    timing=Timing(receive=elapsed, start=start), encoded_size=len(body))


def fetch_data(url: URL) -> Response:
    """RFC 2397: data:[<mediatype>][;base64],<data>.  The media type (default
    text/plain;charset=US-ASCII) and its charset go into Content-Type."""
    meta, comma, payload = url.opaque.partition(",")
    if not comma:
        raise URLError("data: URL without a comma")
    meta = urllib.parse.unquote(meta).strip()
    params = [p.strip() for p in meta.split(";")]
    is_base64 = len(params) > 1 and params[-1].lower() == "base64"
    if is_base64:
        params.pop()
    mime = params[0].lower() if params[0] else ""
    rest = [p for p in params[1:] if "=" in p]
    if not mime or "/" not in mime:
        mime = "text/plain"
        if not rest:
            rest = ["charset=US-ASCII"]
    body = urllib.parse.unquote_to_bytes(payload)
    if is_base64:
        body = _forgiving_base64(body)
    content_type = "; ".join([mime, *rest])
    headers = Headers([("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return Response(url, 200, "OK", headers, body, http_version="", encoded_size=len(body))


def _forgiving_base64(data: bytes) -> bytes:
    """WHATWG "forgiving-base64 decode": whitespace ignored, padding optional."""
    data = bytes(b for b in data if b not in b" \t\n\f\r")
    if len(data) % 4 == 0 and data.endswith(b"="):
        data = data[:-2] if data.endswith(b"==") else data[:-1]
    if len(data) % 4 == 1:
        raise URLError("bad base64 in data: URL (wrong length)")
    try:
        return base64.b64decode(data + b"=" * (-len(data) % 4), validate=True)
    except binascii.Error:
        raise URLError("bad base64 in data: URL") from None


def fetch_about(url: URL) -> Response:
    if url.opaque.split("?", 1)[0].split("#", 1)[0] != "blank":
        raise UnsupportedScheme(f"unknown about: page: about:{url.opaque[:40]}")
    return Response(url, 200, "OK", Headers([("Content-Type", "text/html; charset=utf-8")]), b"",
                    http_version="")
