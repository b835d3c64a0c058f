"""One HTTP exchange: a request out and a response back, over a pooled connection.

This is where the codec (http1), the connection and the pool meet, and where
the retry rule lives: a request that went out on a *reused* connection and
got not a single byte back is sent once more on a fresh connection, when its
method is idempotent (RFC 9110 §9.2.2).  A POST is never resent.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from ..errors import BrowserError, BudgetExceeded, ConnectError, TimeoutError_
from ..url import URL
from . import http1
from .connection import Connection, Deadline, TLSConfig, TLSContexts, open_connection
from .events import Recorder
from .pool import Pool
from .resolver import Resolver
from .response import ConnectionInfo, Timing


@dataclass
class RawResponse:
    """A response as framed by HTTP/1.1, before content decoding."""

    head: http1.ResponseHead
    body: bytes
    request_bytes: bytes
    timing: Timing
    connection: ConnectionInfo
    interim: list[http1.ResponseHead] = field(default_factory=list)


@dataclass
class TransportSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_body_bytes: int = 100 * 1024 * 1024
    tls: TLSConfig = field(default_factory=TLSConfig)


_KEEP_ALIVE_TIMEOUT = re.compile(r"(?:^|,)\s*timeout\s*=\s*(\d{1,6})", re.I)


class Transport:
    def __init__(self, settings: TransportSettings, resolver: Resolver, recorder: Recorder,
                 pool: Pool | None = None) -> None:
        self.settings = settings
        self.resolver = resolver
        self.recorder = recorder
        self.pool = pool or Pool(recorder)
        self.contexts = TLSContexts()

    def round_trip(self, method: str, url: URL, headers: list[tuple[str, str]],
                   body: bytes | None, deadline: Deadline) -> RawResponse:
        request = http1.encode_request(method, url.request_target, headers, body)
        fresh = False
        while True:
            phases: dict[str, float] = {}
            start = time.perf_counter()
            conn = self._checkout(url, deadline, phases, fresh)
            reader = http1.ResponseReader(method)
            try:
                return self._exchange(conn, method, request, reader, deadline, phases, start)
            except BrowserError as exc:
                self.pool.discard(conn, f"error: {exc}")
                retry = (conn.reused and not fresh and reader.received == 0
                         and method.upper() in http1.IDEMPOTENT_METHODS
                         and isinstance(exc, (ConnectError, http1.RemoteClosedEarly)))
                if not retry:
                    raise
                self.recorder.event("retry", conn=conn.id, method=method, url=str(url), reason=str(exc))
                self.recorder.info(f"Connection #{conn.id} died before answering ({exc}); "
                                   "retrying once on a new connection")
                fresh = True
            except BaseException:
                self.pool.discard(conn, "interrupted")
                raise

    def _checkout(self, url: URL, deadline: Deadline, phases: dict[str, float],
                  fresh: bool) -> Connection:
        settings = self.settings
        tls_config = settings.tls if url.scheme == "https" else TLSConfig()
        key = (url.scheme, url.host, url.port, tls_config)

        def opener() -> Connection:
            t0 = time.perf_counter()
            seconds, _ = deadline.timeout(settings.connect_timeout, "resolve")
            answer = self.resolver.resolve(url.host, url.port, timeout=seconds)
            phases["dns"] = time.perf_counter() - t0
            conn, tcp, tls = open_connection(url.scheme, url.host, url.port, answer.addresses,
                                             tls_config=tls_config, contexts=self.contexts,
                                             connect_timeout=settings.connect_timeout,
                                             deadline=deadline, recorder=self.recorder)
            phases["connect"], phases["tls"] = tcp, tls
            return conn

        return self.pool.acquire(key, opener, deadline, settings.connect_timeout, fresh=fresh)

    def _exchange(self, conn: Connection, method: str, request: bytes, reader: http1.ResponseReader,
                  deadline: Deadline, phases: dict[str, float], start: float) -> RawResponse:
        settings, rec = self.settings, self.recorder
        rec.event("request", conn=conn.id, reused=conn.reused, method=method,
                  host=conn.host, port=conn.port, bytes=len(request))
        if rec.verbose:
            head = request.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            for line in head.split("\r\n"):
                rec.line("> " + line)
            rec.line(">")
        t_send = time.perf_counter()
        send_error: BrowserError | None = None
        try:
            conn.sendall(request, deadline, settings.read_timeout)
        except ConnectError as exc:
            # The server may have answered and closed while we were still sending
            # (a 413 to a large upload): read what it said before giving up.
            send_error = exc
        t_sent = time.perf_counter()
        first_byte: float | None = None
        # one growing buffer, not a list of pieces: a body sent as a million 1-byte chunks would be
        # a million bytes objects (40 bytes each) in a list
        body = bytearray()
        total = 0
        head: http1.ResponseHead | None = None
        event: http1.Event = http1.NEED_DATA     # nothing can be parsed before the first recv
        while True:
            if event is http1.NEED_DATA:
                try:
                    data = conn.recv(deadline, settings.read_timeout)
                except (ConnectError, TimeoutError_) as exc:
                    if send_error is not None and reader.received == 0:
                        raise send_error from None
                    if isinstance(exc, ConnectError) and reader.received == 0:
                        # a reset before the first byte is the same answer as a close (the race
                        # between the two is the kernel's): an empty reply, retried like one
                        raise http1.RemoteClosedEarly("server closed the connection without sending a "
                                                      f"response ({exc})") from None
                    raise
                if first_byte is None and data:
                    first_byte = time.perf_counter()
                reader.feed(data)
            try:
                event = reader.next_event()
            except BrowserError:
                if send_error is not None and reader.received == 0:
                    raise send_error from None
                raise
            if event is http1.NEED_DATA:
                continue
            if isinstance(event, http1.ResponseHead):
                head = event
                self._show_head(reader)
                if reader.expected_length is not None and reader.expected_length > settings.max_body_bytes:
                    raise BudgetExceeded(f"response body of {reader.expected_length} bytes exceeds the "
                                         f"limit of {settings.max_body_bytes} bytes")
                ka = _KEEP_ALIVE_TIMEOUT.search(head.headers.get("Keep-Alive") or "")
                if ka:
                    conn.idle_timeout = float(ka.group(1))
            elif isinstance(event, http1.Data):
                total += len(event.data)
                if total > settings.max_body_bytes:
                    raise BudgetExceeded(f"response body exceeds the limit of {settings.max_body_bytes} bytes")
                body += event.data
            elif isinstance(event, http1.EndOfMessage):
                break
        t_end = time.perf_counter()
        assert head is not None
        keep_alive = event.keep_alive and send_error is None
        reason = event.close_reason or (f"request not fully sent: {send_error}" if send_error else "")
        conn.requests += 1
        if conn.tls is not None:
            self.contexts.save_session((conn.host, conn.port, conn.tls_config),
                                       getattr(conn.sock, "session", None))
        info = ConnectionInfo(id=conn.id, reused=conn.reused, peer=conn.peer, local=conn.local,
                              tls=conn.tls, addresses_tried=list(conn.addresses_tried))
        self.pool.release(conn, keep_alive, reason)
        first_byte = first_byte or t_end
        timing = Timing(dns=phases.get("dns", 0.0), connect=phases.get("connect", 0.0),
                        tls=phases.get("tls", 0.0), send=t_sent - t_send,
                        wait=max(0.0, first_byte - t_sent), receive=t_end - first_byte, start=start)
        rec.event("response", conn=conn.id, status=head.status, version=head.version,
                  body_bytes=total, keep_alive=keep_alive, close_reason=reason,
                  wait=round(timing.wait, 6), receive=round(timing.receive, 6))
        return RawResponse(head, bytes(body), request, timing, info, list(reader.interim))

    def _show_head(self, reader: http1.ResponseReader) -> None:
        if not self.recorder.verbose:
            return
        for head in [*reader.interim, reader.head]:
            text = head.raw.decode("latin-1").replace("\r\n", "\n").rstrip("\n")
            for line in text.split("\n"):
                self.recorder.line("< " + line)
            self.recorder.line("<")

    def close(self, reason: str = "fetcher closed") -> None:
        self.pool.close_all(reason)
