"""Content codings: gzip, deflate and br, chained, with a size limit.

A server may stack codings (`Content-Encoding: gzip, br` means gzip was
applied first), so decoding runs the list backwards.  Every decoder works in
bounded steps and stops at `limit` output bytes: a 1 MB decompression bomb
never becomes 10 GB in memory.
"""
from __future__ import annotations

import zlib
from typing import Callable

import brotli

from ..errors import BudgetExceeded, ContentError

MAX_CODINGS = 5
ACCEPT_ENCODING = "gzip, deflate, br"
_STEP = 64 * 1024  # output produced per decompressor call


def _gzip(data: bytes, limit: int) -> bytes:
    """gzip (RFC 1952); several members are concatenated, as gunzip does."""
    out = bytearray()
    while True:
        d = zlib.decompressobj(wbits=31)
        _drain_zlib(d, data, out, limit, "gzip")
        if not d.eof:
            raise ContentError("gzip data is truncated")
        data = d.unused_data
        if not data.strip(b"\x00"):   # trailing zero padding is tolerated, as gzip does
            return bytes(out)


def _deflate(data: bytes, limit: int) -> bytes:
    """deflate: RFC 9110 means zlib-wrapped (RFC 1950), but many servers send a raw
    RFC 1951 stream; the two-byte zlib header tells them apart."""
    is_zlib = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
    d = zlib.decompressobj(wbits=15 if is_zlib else -15)
    out = bytearray()
    _drain_zlib(d, data, out, limit, "deflate")
    if not d.eof:
        raise ContentError("deflate data is truncated")
    return bytes(out)


def _drain_zlib(d, data: bytes, out: bytearray, limit: int, name: str) -> None:
    """Feed `data` through a zlib decompressor, at most _STEP output bytes per call."""
    pending = data
    try:
        while True:
            chunk = d.decompress(pending, _STEP)
            out += chunk
            if len(out) > limit:
                raise BudgetExceeded(f"decompressed body exceeds {_size(limit)} ({name})")
            if d.eof:
                return
            pending = d.unconsumed_tail
            if not pending and len(chunk) < _STEP:
                return
    except zlib.error as exc:
        raise ContentError(f"corrupt {name} data: {exc}") from None


def _br(data: bytes, limit: int) -> bytes:
    """Brotli (RFC 7932), produced in bounded steps."""
    d = brotli.Decompressor()
    out = bytearray()
    try:
        chunk = d.process(data, output_buffer_limit=_STEP)
        while True:
            out += chunk
            if len(out) > limit or d.is_finished():
                break
            chunk = d.process(b"", output_buffer_limit=_STEP)
            if not chunk and d.can_accept_more_data():
                break          # it wants more input than there is: truncated
    except brotli.error as exc:
        raise ContentError(f"corrupt br data: {exc}") from None
    if len(out) > limit:
        raise BudgetExceeded(f"decompressed body exceeds {_size(limit)} (br)")
    if not d.is_finished():
        raise ContentError("br data is truncated")
    return bytes(out)


DECODERS: dict[str, Callable[[bytes, int], bytes]] = {
    "gzip": _gzip,
    "x-gzip": _gzip,
    "deflate": _deflate,
    "br": _br,
}


def parse_codings(header: str | None) -> list[str]:
    """`Content-Encoding` → codings in the order they were applied, identity dropped."""
    if not header:
        return []
    return [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]


def decode(body: bytes, codings: list[str], limit: int) -> bytes:
    """Undo `codings` (applied first to last) and return the original bytes."""
    if len(codings) > MAX_CODINGS:
        raise ContentError(f"more than {MAX_CODINGS} content codings: {', '.join(codings)[:80]}")
    for coding in reversed(codings):
        decoder = DECODERS.get(coding)
        if decoder is None:
            raise ContentError(f"unsupported content coding: {coding[:40]}")
        if body:
            body = decoder(body, limit)
    return body


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale and n % scale == 0:
            return f"{n // scale} {unit}"
    return f"{n} bytes"
