"""Addresses → a connected socket: TCP with Happy Eyeballs, then TLS.

Happy Eyeballs (RFC 8305): addresses are interleaved by family (IPv6 first),
a new attempt starts every 250 ms while earlier ones are still pending, and
the first to connect wins; a failed attempt starts the next one at once.
TLS uses the system trust store with hostname checking (or --cacert), TLS
1.2 at least, SNI, ALPN "http/1.1", and resumes a session from an earlier
connection to the same origin.  Every failure becomes a BrowserError with a
one-line reason; no socket or ssl exception leaves this module.
"""
from __future__ import annotations

import errno
import itertools
import ipaddress
import os
import select
import selectors
import socket
import ssl
import threading
import time
from dataclasses import dataclass

from ..errors import CertificateError, ConnectError, TLSError, TimeoutError_
from .der import decode_certificate
from .events import Recorder
from .response import TLSInfo

HAPPY_EYEBALLS_DELAY = 0.250
RECV_SIZE = 256 * 1024
_ids = itertools.count(1)


class Deadline:
    """The --max-time budget of one fetch, shared by every phase of it."""

    def __init__(self, max_time: float | None, at: float | None = None) -> None:
        self.max_time = max_time
        self.at = at if at is not None else (time.monotonic() + max_time if max_time else None)

    def remaining(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def timeout(self, phase_timeout: float, phase: str) -> tuple[float, str]:
        """The timeout for the next blocking step, and what to blame if it expires."""
        remaining = self.remaining()
        if remaining is not None and remaining <= 0:
            raise TimeoutError_(f"operation timed out after {self.max_time:g} s (--max-time)")
        if remaining is not None and remaining < phase_timeout:
            return remaining, f"operation timed out after {self.max_time:g} s (--max-time)"
        return phase_timeout, f"{phase} timed out after {phase_timeout:g} s"


@dataclass(frozen=True)
class TLSConfig:
    """The TLS settings a connection was made with (part of the pool key)."""

    insecure: bool = False
    cacert: str | None = None


class TLSContexts:
    """One SSLContext per TLSConfig (loading the trust store is slow), and the
    sessions kept for resumption, per origin."""

    def __init__(self) -> None:
        self._contexts: dict[TLSConfig, ssl.SSLContext] = {}
        self._sessions: dict[tuple, ssl.SSLSession] = {}
        self._lock = threading.Lock()

    def context(self, config: TLSConfig) -> ssl.SSLContext:
        with self._lock:
            ctx = self._contexts.get(config)
            if ctx is None:
                ctx = self._contexts[config] = _make_context(config)
            return ctx

    def session(self, key: tuple) -> ssl.SSLSession | None:
        with self._lock:
            return self._sessions.get(key)

    def save_session(self, key: tuple, session: ssl.SSLSession | None) -> None:
        if session is not None:
            with self._lock:
                self._sessions[key] = session


def _make_context(config: TLSConfig) -> ssl.SSLContext:
    try:
        ctx = ssl.create_default_context(cafile=config.cacert)
    except (OSError, ssl.SSLError) as exc:
        raise TLSError(f"cannot load CA certificates from {config.cacert}: {exc}") from None
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_alpn_protocols(["http/1.1"])
    if config.insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class Connection:
    """One open connection to an origin, and the facts about it."""

    def __init__(self, sock: socket.socket, *, scheme: str, host: str, port: int,
                 tls_config: TLSConfig, tls: TLSInfo | None, addresses_tried: list[str]) -> None:
        self.id = next(_ids)
        self.sock = sock
        self.scheme, self.host, self.port = scheme, host, port
        self.tls_config = tls_config
        self.tls = tls
        self.addresses_tried = addresses_tried
        self.peer = _addr(sock.getpeername())
        self.local = _addr(sock.getsockname())
        self.created = self.last_used = time.monotonic()
        self.requests = 0
        self.reused = False             # set by the pool at checkout
        self.idle_timeout: float | None = None   # from a Keep-Alive: timeout=N header
        self._timeout: float | None = sock.gettimeout()
        self.closed = False

    @property
    def key(self) -> tuple:
        """Connections are interchangeable when these agree (the pool's key)."""
        return (self.scheme, self.host, self.port, self.tls_config)

    def sendall(self, data: bytes, deadline: Deadline, timeout: float) -> None:
        seconds, blame = deadline.timeout(timeout, "sending the request")
        try:
            self._set_timeout(seconds)
            self.sock.sendall(data)
        except (socket.timeout, TimeoutError):
            raise TimeoutError_(blame) from None
        except (OSError, ssl.SSLError) as exc:
            raise ConnectError(f"connection to {self.host} lost while sending: {_reason(exc)}") from None

    def recv(self, deadline: Deadline, timeout: float) -> bytes:
        seconds, blame = deadline.timeout(timeout, "waiting for the server")
        try:
            self._set_timeout(seconds)
            return self.sock.recv(RECV_SIZE)
        except (socket.timeout, TimeoutError):
            raise TimeoutError_(blame) from None
        except (OSError, ssl.SSLError) as exc:
            raise ConnectError(f"connection to {self.host} lost while reading: {_reason(exc)}") from None

    def _set_timeout(self, seconds: float) -> None:
        """settimeout is a system call; skip it when the timeout is unchanged (the common case)."""
        if seconds != self._timeout:
            self.sock.settimeout(seconds)
            self._timeout = seconds

    def stale_reason(self) -> str | None:
        """Why an idle connection cannot carry a request, or None if it looks alive.

        An idle HTTP/1.1 connection has nothing to say: if its socket is
        readable, the server either closed it or sent bytes nobody asked for."""
        if self.closed:
            return "closed"
        try:
            readable = _readable(self.sock)
        except (OSError, ValueError):
            return "socket error"
        if isinstance(self.sock, ssl.SSLSocket) and self.sock.pending():
            return "unexpected bytes while idle"
        if not readable:
            return None
        try:
            self.sock.setblocking(False)
            data = self.sock.recv(1)
        except ssl.SSLWantReadError:
            return None      # only TLS housekeeping (e.g. a late session ticket)
        except (BlockingIOError, InterruptedError):
            return None
        except (OSError, ssl.SSLError) as exc:
            return f"socket error while idle: {_reason(exc)}"
        finally:
            self._timeout = -1.0      # unknown now: the next operation sets it again
            try:
                self.sock.setblocking(True)
            except OSError:
                pass
        return "server closed the idle connection" if not data else "unexpected bytes while idle"

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self.sock.close()
            except OSError:
                pass


def _readable(sock: socket.socket) -> bool:
    """Is there something to read (data or EOF) right now?  poll() with no wait."""
    poller = select.poll()
    poller.register(sock, select.POLLIN | select.POLLHUP | select.POLLERR)
    return bool(poller.poll(0))


def _addr(sockaddr) -> tuple:
    return (sockaddr[0], sockaddr[1])


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return exc.reason or str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def interleave(addresses: list[str]) -> list[str]:
    """RFC 8305 §4: alternate families, starting with the first address's family (IPv6 if any)."""
    v6 = [a for a in addresses if ":" in a]
    v4 = [a for a in addresses if ":" not in a]
    first, second = (v6, v4) if v6 else (v4, v6)
    out: list[str] = []
    for pair in itertools.zip_longest(first, second):
        out += [a for a in pair if a is not None]
    return out


def happy_eyeballs(addresses: list[str], port: int, timeout: float, blame: str,
                   recorder: Recorder, delay: float = HAPPY_EYEBALLS_DELAY,
                   host: str | None = None) -> tuple[socket.socket, list[str]]:
    """Race connection attempts (RFC 8305 §5); return the winner and the addresses tried."""
    order = interleave(addresses)
    tried: list[str] = []
    failures: list[str] = []
    pending: dict[socket.socket, str] = {}
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    give_up = start + timeout
    next_start = start
    winner: socket.socket | None = None
    try:
        while winner is None:
            now = time.monotonic()
            if order and (now >= next_start or not pending):
                address = order.pop(0)
                tried.append(address)
                recorder.info(f"Trying {_bracket(address)}:{port}...")
                sock = _start_connect(address, port, failures)
                if sock is not None:
                    pending[sock] = address
                    sel.register(sock, selectors.EVENT_WRITE)
                next_start = now + delay
                continue
            if not pending:
                raise ConnectError(_connect_failure(host, port, tried, failures))
            if now >= give_up:
                raise TimeoutError_(blame)
            wait = give_up - now
            if order:
                wait = min(wait, max(0.0, next_start - now))
            for key, _ in sel.select(wait):
                sock = key.fileobj
                address = pending.pop(sock)
                sel.unregister(sock)
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err == 0 and winner is None:
                    winner = sock
                else:
                    failures.append(f"{_bracket(address)}: {_strerror(err) if err else 'lost the race'}")
                    sock.close()
                    next_start = time.monotonic()   # a failure starts the next attempt at once
    finally:
        for sock in pending:
            sock.close()
        sel.close()
    winner.setblocking(True)
    winner.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return winner, tried


def _connect_failure(host: str | None, port: int, tried: list[str], failures: list[str]) -> str:
    """"failed to connect to 127.0.0.1 port 1: connection refused", or every address's reason."""
    if len(failures) == 1 and (host is None or tried == [host]):
        return f"failed to connect to {tried[0]} port {port}: {failures[0].split(': ', 1)[1]}"
    return f"failed to connect to {host or 'server'} port {port} ({'; '.join(failures)})"


def _strerror(err: int) -> str:
    return os.strerror(err).lower()


def _start_connect(address: str, port: int, failures: list[str]) -> socket.socket | None:
    family = socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET
    try:
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        failures.append(f"{_bracket(address)}: {_reason(exc)}")
        return None
    sock.setblocking(False)
    err = sock.connect_ex((address, port))
    if err in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY):
        return sock
    failures.append(f"{_bracket(address)}: {_strerror(err)}")
    sock.close()
    return None


def _bracket(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def tls_handshake(sock: socket.socket, host: str, port: int, config: TLSConfig,
                  contexts: TLSContexts, timeout: float, blame: str) -> tuple[ssl.SSLSocket, TLSInfo]:
    """Wrap a connected socket in TLS and collect the facts of the handshake."""
    ctx = contexts.context(config)
    session_key = (host, port, config)
    session = contexts.session(session_key)
    try:
        sock.settimeout(timeout)
        tls_sock = ctx.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False,
                                   session=session)
        tls_sock.do_handshake()
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise CertificateError(f"certificate of {host} refused: {exc.verify_message or exc.reason}") from None
    except (socket.timeout, TimeoutError):
        sock.close()
        raise TimeoutError_(f"TLS handshake with {host}: {blame}") from None
    except ssl.SSLError as exc:
        sock.close()
        raise TLSError(f"TLS handshake with {host} failed: {_reason(exc)}") from None
    except (OSError, ValueError) as exc:
        sock.close()
        raise TLSError(f"TLS handshake with {host} failed: {_reason(exc)}") from None
    return tls_sock, tls_facts(tls_sock)


def tls_facts(tls_sock: ssl.SSLSocket) -> TLSInfo:
    # unverified (--insecure), getpeercert() says nothing: the names are read from the DER bytes
    cert = tls_sock.getpeercert() or decode_certificate(tls_sock.getpeercert(binary_form=True))
    cipher = tls_sock.cipher()
    return TLSInfo(
        version=tls_sock.version() or "",
        cipher=cipher[0] if cipher else "",
        alpn=tls_sock.selected_alpn_protocol(),
        session_reused=tls_sock.session_reused,
        subject=_dn(cert.get("subject", ())),
        issuer=_dn(cert.get("issuer", ())),
        sans=[f"{kind}:{value}" for kind, value in cert.get("subjectAltName", ())],
        not_before=cert.get("notBefore", ""),
        not_after=cert.get("notAfter", ""),
    )


_DN_NAMES = {"commonName": "CN", "organizationName": "O", "organizationalUnitName": "OU",
             "countryName": "C", "localityName": "L", "stateOrProvinceName": "ST"}


def _dn(rdns) -> str:
    return ", ".join(f"{_DN_NAMES.get(k, k)}={v}" for rdn in rdns for k, v in rdn)


def open_connection(scheme: str, host: str, port: int, addresses: list[str], *,
                    tls_config: TLSConfig, contexts: TLSContexts, connect_timeout: float,
                    deadline: Deadline, recorder: Recorder) -> tuple[Connection, float, float]:
    """Connect (and handshake for https); return the connection, TCP time and TLS time."""
    t0 = time.perf_counter()
    seconds, blame = deadline.timeout(connect_timeout, "connect")
    limited_by_deadline = not blame.startswith("connect")   # --max-time ends first: blame it
    if not limited_by_deadline:
        blame = f"connection to {host} port {port} timed out after {connect_timeout:g} s"
    sock, tried = happy_eyeballs(addresses, port, seconds, blame, recorder, host=host)
    t1 = time.perf_counter()
    tls = None
    if scheme == "https":
        remaining = max(0.001, seconds - (t1 - t0))
        sock, tls = tls_handshake(sock, host, port, tls_config, contexts, remaining,
                                  blame if limited_by_deadline else f"timed out after {connect_timeout:g} s")
    t2 = time.perf_counter()
    conn = Connection(sock, scheme=scheme, host=host, port=port, tls_config=tls_config,
                      tls=tls, addresses_tried=tried)
    recorder.event("connect", conn=conn.id, host=host, port=port, peer=list(conn.peer),
                   local=list(conn.local), tried=tried, elapsed=round(t1 - t0, 6))
    recorder.info(f"Connected to {host} ({_bracket(conn.peer[0])}) port {port} (#{conn.id})")
    if tls is not None:
        recorder.event("tls", conn=conn.id, version=tls.version, cipher=tls.cipher, alpn=tls.alpn,
                       session_reused=tls.session_reused, subject=tls.subject, issuer=tls.issuer,
                       sans=tls.sans, not_after=tls.not_after, elapsed=round(t2 - t1, 6))
        recorder.info(f"TLS connection using {tls.version} / {tls.cipher}, ALPN {tls.alpn or 'none'}"
                      f"{', session resumed' if tls.session_reused else ''}")
        if tls.subject:
            recorder.info(f"Server certificate: subject {tls.subject}; issuer {tls.issuer}; "
                          f"expires {tls.not_after}")
        if tls_config.insecure:
            recorder.info("Server certificate NOT verified (--insecure)")
    return conn, t1 - t0, t2 - t1

