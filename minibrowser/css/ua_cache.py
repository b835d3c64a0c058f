"""The parsed user-agent stylesheet, kept between runs in the user's cache folder.

Parsing ua.css (tokens, selectors, every shorthand expanded) is 25-70 ms of
every page load, the same work each time; unpickling the result is a
fraction of that.  The cached file is named after checksums of everything the
parse depends on: the sheet's bytes, the media context, the Python version,
and the size and modification time of each module of this package that
parses CSS — so an edited sheet or parser is never served stale.

Where: $MINIBROWSER_CACHE_DIR, else $XDG_CACHE_HOME/minibrowser, else
~/.cache/minibrowser (created private to the user).  A pickle runs code when
loaded, so only a file owned by the current user is read; any failure to
read or write falls back to parsing, never to an error.
"""
from __future__ import annotations

import os
import pathlib
import pickle
import sys
import time
import zlib
from typing import Callable, TypeVar

T = TypeVar("T")
PARSER_DIR = pathlib.Path(__file__).parent        # css/*.py: the code a parsed sheet depends on
STALE_SECONDS = 7 * 24 * 3600


def cache_dir() -> pathlib.Path:
    explicit = os.environ.get("MINIBROWSER_CACHE_DIR")
    if explicit:
        return pathlib.Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return pathlib.Path(base) / "minibrowser"


def cache_key(sheet: pathlib.Path, context: object) -> str:
    """64 bits of checksums (CRC-32 and Adler-32: zlib is loaded anyway, hashlib's OpenSSL costs
    ~5 ms to import) over the sheet, the context, the Python version and the parser modules."""
    parts = [sheet.read_bytes(), repr(context).encode(), sys.version.encode()]
    for module in sorted(PARSER_DIR.glob("*.py")):
        stat = module.stat()
        parts.append(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    data = b"\0".join(parts)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def cached_parse(sheet: pathlib.Path, context: object, parse: Callable[[], T]) -> T:
    """`parse()`'s result for this sheet and context: from the cache when it holds it, else parsed
    and stored for the next run."""
    try:
        folder = cache_dir()
        path = folder / f"ua-{cache_key(sheet, context)}.pickle"
    except OSError:
        return parse()
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_uid == os.getuid():
                result = pickle.load(handle)
                _touch(path)        # still in use: not stale
                return result
    except Exception:  # missing, foreign, truncated or from an incompatible version: parse instead
        pass
    result = parse()
    temporary = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        import tempfile   # only when writing: it imports shutil, random, bz2 and lzma
        handle, temporary = tempfile.mkstemp(prefix="ua-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)     # readers see the whole file or none
        temporary = None
        now = time.time()
        for old in folder.glob("ua-*.pickle"):   # entries of sheets or parsers unused for a week
            if now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        if temporary is not None:
            pathlib.Path(temporary).unlink(missing_ok=True)
    return result


def _touch(path: pathlib.Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass
