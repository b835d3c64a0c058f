"""The values the network stage hands to the rest of the browser.

Data, not behaviour, crosses the stage border (DESIGN.md): a `Response` is a
plain record of what happened — final URL, status, headers, body, redirect
chain, per-phase timings and connection facts — so that parsing, `explain`
and tests can read it without touching a socket.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..url import URL


class Headers:
    """HTTP header fields: case-insensitive names, repeats kept in order (RFC 9110 §5)."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items: list[tuple[str, str]] = [(str(k), str(v)) for k, v in items]

    def add(self, name: str, value: str) -> None:
        self._items.append((name, value))

    def set(self, name: str, value: str) -> None:
        self.remove(name)
        self._items.append((name, value))

    def remove(self, name: str) -> None:
        low = name.lower()
        self._items = [(k, v) for k, v in self._items if k.lower() != low]

    def get(self, name: str, default: str | None = None) -> str | None:
        """The field value; repeated fields are joined with ", " (RFC 9110 §5.3)."""
        values = self.get_all(name)
        return ", ".join(values) if values else default

    def get_all(self, name: str) -> list[str]:
        low = name.lower()
        return [v for k, v in self._items if k.lower() == low]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self.get_all(name))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> list[tuple[str, str]]:
        return list(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


@dataclass
class Timing:
    """Seconds spent in each phase of one request, like curl's -w variables.

    Phases are durations; `cumulative()` gives curl's running totals
    (time_namelookup, time_connect, time_appconnect, time_pretransfer,
    time_starttransfer, time_total)."""

    dns: float = 0.0
    connect: float = 0.0
    tls: float = 0.0
    send: float = 0.0
    wait: float = 0.0      # request sent → first response byte
    receive: float = 0.0   # first byte → last byte
    start: float = 0.0     # time.perf_counter() when the request began (for waterfalls)

    @property
    def total(self) -> float:
        return self.dns + self.connect + self.tls + self.send + self.wait + self.receive

    def cumulative(self) -> dict[str, float]:
        namelookup = self.dns
        connect = namelookup + self.connect
        appconnect = connect + self.tls if self.tls else 0.0
        pretransfer = connect + self.tls + self.send
        starttransfer = pretransfer + self.wait
        return {"namelookup": namelookup, "connect": connect, "appconnect": appconnect,
                "pretransfer": pretransfer, "starttransfer": starttransfer, "total": self.total}


@dataclass
class TLSInfo:
    version: str = ""
    cipher: str = ""
    alpn: str | None = None
    session_reused: bool = False
    subject: str = ""
    issuer: str = ""
    sans: list[str] = field(default_factory=list)
    not_before: str = ""
    not_after: str = ""


@dataclass
class ConnectionInfo:
    """Facts about the connection a response travelled on."""

    id: int = 0
    reused: bool = False
    peer: tuple | None = None    # (address, port)
    local: tuple | None = None
    tls: TLSInfo | None = None
    addresses_tried: list[str] = field(default_factory=list)


@dataclass
class Response:
    url: URL
    status: int = 200
    reason: str = "OK"
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    http_version: str = "HTTP/1.1"
    history: list["Response"] = field(default_factory=list)  # the redirects that led here
    timing: Timing = field(default_factory=Timing)
    connection: ConnectionInfo | None = None
    request_bytes: bytes = b""        # the request head exactly as sent
    response_head_bytes: bytes = b""  # the response head exactly as received
    encoded_size: int = 0             # body bytes on the wire before Content-Encoding decoding
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    def content_type(self) -> tuple[str, dict[str, str]]:
        """The MIME type (lowercase) and its parameters, e.g. ("text/html", {"charset": "gbk"})."""
        raw = self.headers.get("Content-Type") or ""
        mime, _, rest = raw.partition(";")
        params: dict[str, str] = {}
        for part in rest.split(";"):
            key, eq, value = part.partition("=")
            if eq:
                params[key.strip().lower()] = value.strip().strip('"')
        return mime.strip().lower(), params
