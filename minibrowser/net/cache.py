"""A private HTTP cache (RFC 9111), in memory and optionally on disk.

What is stored: responses to GET with a status that may be cached, unless
either side said no-store or the response varies on everything (Vary: *).
What is served without asking: a stored response still fresh — its lifetime
from max-age, else Expires − Date, else 10 % of its age since Last-Modified
(the heuristic of §4.2.2) — and not marked no-cache.  What is revalidated: a
stale or no-cache response with an ETag or Last-Modified is asked for again
with If-None-Match / If-Modified-Since; a 304 refreshes it (§4.3.4).
With --cache-dir, entries are also written to disk (JSON metadata and the
body, each written atomically) and read back by later runs.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import os
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field

from .response import Headers

# §15.1 of RFC 9110: statuses that are "heuristically cacheable".
CACHEABLE_STATUSES = frozenset({200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501})
HEURISTIC_FRACTION = 0.1
HEURISTIC_MAX = 24 * 3600
# Fields a 304 must not overwrite in the stored response (§3.2).
_KEEP_ON_UPDATE = frozenset({"content-length", "content-encoding", "transfer-encoding", "content-range"})


def cache_control(headers: Headers) -> dict[str, str | None]:
    """Cache-Control directives, lowercased; a directive without a value maps to None."""
    out: dict[str, str | None] = {}
    for value in headers.get_all("Cache-Control"):
        for part in value.split(","):
            name, eq, arg = part.strip().partition("=")
            if name:
                out[name.strip().lower()] = arg.strip().strip('"') if eq else None
    return out


def _http_date(text: str | None) -> float | None:
    if not text:
        return None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when.timestamp() if when is not None else None


def _seconds(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


@dataclass
class CacheEntry:
    url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes
    request_time: float              # wall clock when the request went out
    response_time: float             # wall clock when the response arrived
    vary: dict[str, str | None] = field(default_factory=dict)   # request fields it varies on

    @property
    def header_map(self) -> Headers:
        return Headers(self.headers)

    def freshness_lifetime(self) -> float:
        """§4.2.1: max-age, else Expires − Date, else the heuristic, else 0."""
        headers = self.header_map
        directives = cache_control(headers)
        max_age = _seconds(directives.get("max-age"))
        if max_age is not None:
            return max_age
        expires = headers.get("Expires")
        if expires is not None:
            when = _http_date(expires)
            date = _http_date(headers.get("Date")) or self.response_time
            return max(0.0, when - date) if when is not None else 0.0   # invalid Expires = stale
        last_modified = _http_date(headers.get("Last-Modified"))
        if last_modified is not None:
            date = _http_date(headers.get("Date")) or self.response_time
            return min(HEURISTIC_MAX, max(0.0, (date - last_modified) * HEURISTIC_FRACTION))
        return 0.0

    def current_age(self, now: float) -> float:
        """§4.2.3."""
        headers = self.header_map
        date = _http_date(headers.get("Date")) or self.response_time
        apparent = max(0.0, self.response_time - date)
        age_value = _seconds(headers.get("Age")) or 0
        corrected = age_value + (self.response_time - self.request_time)
        return max(apparent, corrected) + (now - self.response_time)

    def is_fresh(self, now: float) -> bool:
        if "no-cache" in cache_control(self.header_map):
            return False
        return self.freshness_lifetime() > self.current_age(now)

    def validators(self) -> list[tuple[str, str]]:
        """The conditional request fields for revalidation (§4.3.1)."""
        headers = self.header_map
        out = []
        if headers.get("ETag"):
            out.append(("If-None-Match", headers.get("ETag")))
        if headers.get("Last-Modified"):
            out.append(("If-Modified-Since", headers.get("Last-Modified")))
        return out


class HTTPCache:
    def __init__(self, cache_dir: str | None = None) -> None:
        self.cache_dir = cache_dir
        self._memory: dict[str, CacheEntry] = {}
        self._lock = threading.Lock()
        if cache_dir:
            os.makedirs(cache_dir, exist_ok=True)

    # ---- policy ----
    @staticmethod
    def storable(method: str, status: int, request_headers: Headers, response_headers: Headers) -> bool:
        """§3: may this response be stored at all?"""
        if method != "GET" or status not in CACHEABLE_STATUSES:
            return False
        if "no-store" in cache_control(request_headers) or "no-store" in cache_control(response_headers):
            return False
        if "*" in [v.strip() for v in ",".join(response_headers.get_all("Vary")).split(",")]:
            return False
        directives = cache_control(response_headers)
        return ("max-age" in directives or "Expires" in response_headers or "ETag" in response_headers
                or "Last-Modified" in response_headers or "no-cache" in directives)

    def lookup(self, url: str, request_headers: Headers) -> CacheEntry | None:
        entry = self._get(url)
        if entry is None:
            return None
        for name, value in entry.vary.items():
            if request_headers.get(name) != value:
                return None
        return entry

    def store(self, url: str, method: str, request_headers: Headers, status: int, reason: str,
              http_version: str, headers: Headers, body: bytes, request_time: float,
              response_time: float) -> CacheEntry | None:
        if not self.storable(method, status, request_headers, headers):
            return None
        vary_names = [v.strip().lower() for v in ",".join(headers.get_all("Vary")).split(",") if v.strip()]
        entry = CacheEntry(url, status, reason, http_version, headers.items(), body, request_time,
                           response_time, {n: request_headers.get(n) for n in vary_names})
        self._put(entry)
        return entry

    def freshen(self, entry: CacheEntry, not_modified: Headers, request_time: float,
                response_time: float) -> CacheEntry:
        """§4.3.4: a 304 replaces the stored header fields it carries."""
        updated = Headers(entry.headers)
        for name in {n.lower() for n, _ in not_modified}:
            if name not in _KEEP_ON_UPDATE:
                updated.remove(name)
                for value in not_modified.get_all(name):
                    updated.add(name, value)
        fresh = CacheEntry(entry.url, entry.status, entry.reason, entry.http_version, updated.items(),
                           entry.body, request_time, response_time, entry.vary)
        self._put(fresh)
        return fresh

    def invalidate(self, url: str) -> None:
        """§4.4: an unsafe request that succeeded makes the stored response stale."""
        with self._lock:
            self._memory.pop(url, None)
        if self.cache_dir:
            for path in self._paths(url):
                try:
                    os.unlink(path)
                except OSError:
                    pass

    # ---- storage ----
    def _get(self, url: str) -> CacheEntry | None:
        with self._lock:
            entry = self._memory.get(url)
        if entry is None and self.cache_dir:
            entry = self._read_disk(url)
            if entry is not None:
                with self._lock:
                    self._memory[url] = entry
        return entry

    def _put(self, entry: CacheEntry) -> None:
        with self._lock:
            self._memory[entry.url] = entry
        if self.cache_dir:
            self._write_disk(entry)

    def _paths(self, url: str) -> tuple[str, str]:
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        base = os.path.join(self.cache_dir or "", digest)
        return base + ".json", base + ".body"

    def _read_disk(self, url: str) -> CacheEntry | None:
        meta_path, body_path = self._paths(url)
        try:
            with open(meta_path, encoding="utf-8") as f:
                meta = json.load(f)
            with open(body_path, "rb") as f:
                body = f.read()
            if meta.get("url") != url or len(body) != meta.get("body_length"):
                return None
            return CacheEntry(meta["url"], meta["status"], meta["reason"], meta["http_version"],
                              [tuple(h) for h in meta["headers"]], body, meta["request_time"],
                              meta["response_time"], meta.get("vary") or {})
        except (OSError, ValueError, KeyError, TypeError):
            return None      # a missing or damaged entry is a miss, never an error

    def _write_disk(self, entry: CacheEntry) -> None:
        meta_path, body_path = self._paths(entry.url)
        meta = asdict(entry)
        del meta["body"]
        meta["body_length"] = len(entry.body)
        try:
            _atomic_write(body_path, entry.body)
            _atomic_write(meta_path, json.dumps(meta).encode("utf-8"))
        except OSError:
            pass             # the disk cache is an optimisation; failing to write it is not an error


def _atomic_write(path: str, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def now() -> float:
    return time.time()
