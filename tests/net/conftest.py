"""Real peers for the network tests, all on 127.0.0.1 and started by the test.

- `http_server`: Python's ThreadingHTTPServer speaking HTTP/1.1 with
  keep-alive, with a route table and a count of accepted connections.
- `raw_server`: a socket server that runs a script per connection, for
  servers that misbehave on purpose.
- `certs`: a trustme CA and certificates (good, wrong host, expired).
- `dns_server`: a DNS server (dnspython messages) on UDP and TCP, with a
  mode that truncates every UDP answer to force the TCP fallback.
"""
from __future__ import annotations

import datetime
import http.server
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import pytest

from minibrowser.net import FetchOptions, Fetcher

# ---------------------------------------------------------------- helpers


def recv_head(conn: socket.socket, limit: int = 65536) -> bytes:
    """Read one request head (through the blank line) from a socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
        if len(data) > limit:
            break
    return data


def recv_request(conn: socket.socket) -> bytes:
    """Read a request head and its Content-Length body."""
    data = recv_head(conn)
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@pytest.fixture
def fetcher_factory():
    made: list[Fetcher] = []

    def make(**kwargs) -> Fetcher:
        kwargs.setdefault("connect_timeout", 2.0)
        kwargs.setdefault("read_timeout", 2.0)
        kwargs.setdefault("hosts_file", "/dev/null")
        kwargs.setdefault("dns_server", "127.0.0.1:9")   # never the machine's own resolver
        f = Fetcher(FetchOptions(**kwargs))
        made.append(f)
        return f

    yield make
    for f in made:
        f.close()


@pytest.fixture
def fetcher(fetcher_factory) -> Fetcher:
    return fetcher_factory()


# ---------------------------------------------------------------- HTTP/1.1 server

Route = Callable[[http.server.BaseHTTPRequestHandler], None] | tuple


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive
    server_version = "TestServer/1"

    def log_message(self, *args) -> None:   # keep test output quiet
        pass

    def _dispatch(self) -> None:
        state: ServerState = self.server.state
        state.requests.append((self.command, self.path, dict(self.headers.items()),
                               self.client_address))
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        state.bodies.append(self.body)
        route = state.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self.reply(404, {"Content-Type": "text/plain"}, b"not found")
        elif callable(route):
            route(self)
        else:
            self.reply(*route)

    def reply(self, status: int, headers: dict | list, body: bytes) -> None:
        self.send_response(status)
        items = headers.items() if isinstance(headers, dict) else headers
        names = {k.lower() for k, _ in items}
        for name, value in items:
            self.send_header(name, value)
        if "content-length" not in names and "transfer-encoding" not in names:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _dispatch


@dataclass
class ServerState:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list = field(default_factory=list)
    bodies: list = field(default_factory=list)
    connections: int = 0


class _CountingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        pass   # clients that hang up on purpose are the point of many tests

    def get_request(self):
        conn, addr = super().get_request()
        self.state.connections += 1
        return conn, addr


@dataclass
class RunningServer:
    port: int
    state: ServerState
    scheme: str = "http"
    host: str = "127.0.0.1"

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    @property
    def routes(self) -> dict:
        return self.state.routes

    @property
    def connections(self) -> int:
        return self.state.connections


def _start_http(tls_context: ssl.SSLContext | None = None) -> tuple[RunningServer, Callable[[], None]]:
    server = _CountingServer(("127.0.0.1", 0), _Handler)
    server.state = ServerState()
    if tls_context is not None:
        server.socket = tls_context.wrap_socket(server.socket, server_side=True,
                                                do_handshake_on_connect=False)
        orig = server.get_request

        def get_request():
            conn, addr = orig()
            conn.settimeout(5)
            conn.do_handshake()
            return conn, addr
        server.get_request = get_request
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    running = RunningServer(server.server_address[1], server.state,
                            "https" if tls_context else "http")

    def stop() -> None:
        server.shutdown()
        server.server_close()
    return running, stop


@pytest.fixture
def http_server():
    running, stop = _start_http()
    yield running
    stop()


# ---------------------------------------------------------------- scripted raw server

@dataclass
class RawServer:
    port: int
    accepted: int = 0
    received: list = field(default_factory=list)   # bytes read by scripts, per connection
    errors: list = field(default_factory=list)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def raw_server():
    """raw_server(script) → RawServer; script(conn, index, server) runs per accepted connection."""
    listeners: list[socket.socket] = []
    threads: list[threading.Thread] = []

    def start(script: Callable[[socket.socket, int, RawServer], None]) -> RawServer:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listeners.append(listener)
        state = RawServer(listener.getsockname()[1])

        def serve_one(conn: socket.socket, index: int) -> None:
            try:
                conn.settimeout(5)
                script(conn, index, state)
            except Exception as exc:   # a script failing shows up in the test through state.errors
                state.errors.append(exc)
            finally:
                conn.close()

        def accept_loop() -> None:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                index = state.accepted
                state.accepted += 1
                t = threading.Thread(target=serve_one, args=(conn, index), daemon=True)
                t.start()
                threads.append(t)

        t = threading.Thread(target=accept_loop, daemon=True)
        t.start()
        return state

    yield start
    for listener in listeners:
        listener.close()


def canned(response: bytes, keep_open: float = 0.0):
    """A script that reads one request, sends `response`, and optionally lingers."""
    def script(conn: socket.socket, index: int, server: RawServer) -> None:
        server.received.append(recv_request(conn))
        conn.sendall(response)
        if keep_open:
            time.sleep(keep_open)
    return script


# ---------------------------------------------------------------- TLS

@dataclass
class Certs:
    ca: object
    ca_path: str
    good: ssl.SSLContext        # localhost, 127.0.0.1
    wrong_host: ssl.SSLContext  # only other.example
    expired: ssl.SSLContext
    unknown_ca: ssl.SSLContext  # signed by a CA the client does not trust


@pytest.fixture(scope="session")
def certs(tmp_path_factory) -> Certs:
    import trustme
    ca = trustme.CA()
    other_ca = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))

    def ctx(cert) -> ssl.SSLContext:
        c = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(c)
        c.set_alpn_protocols(["http/1.1"])
        return c

    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    return Certs(
        ca, str(path),
        ctx(ca.issue_cert("localhost", "127.0.0.1", "::1")),
        ctx(ca.issue_cert("other.example")),
        ctx(ca.issue_cert("localhost", "127.0.0.1", not_before=past - datetime.timedelta(days=30),
                          not_after=past)),
        ctx(other_ca.issue_cert("localhost", "127.0.0.1")),
    )


@pytest.fixture
def https_server_factory():
    stops = []

    def start(context: ssl.SSLContext) -> RunningServer:
        running, stop = _start_http(context)
        stops.append(stop)
        return running

    yield start
    for stop in stops:
        stop()


# ---------------------------------------------------------------- DNS

@dataclass
class DNSState:
    records: dict = field(default_factory=dict)   # (name, "A"|"AAAA"|"CNAME") -> (ttl, [values])
    truncate_udp: bool = False
    queries: list = field(default_factory=list)   # (transport, name, type)
    port: int = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def _dns_answer(state: DNSState, wire: bytes, transport: str) -> bytes:
    import dns.flags
    import dns.message
    import dns.rcode
    import dns.rdatatype
    import dns.rrset

    query = dns.message.from_wire(wire)
    question = query.question[0]
    name = question.name.to_text(omit_final_dot=True).lower()
    rdtype = dns.rdatatype.to_text(question.rdtype)
    state.queries.append((transport, name, rdtype))
    response = dns.message.make_response(query)
    if transport == "udp" and state.truncate_udp:
        response.flags |= dns.flags.TC
        return response.to_wire()
    known = any(key[0] == name for key in state.records)
    for _ in range(10):
        cname = state.records.get((name, "CNAME"))
        if cname is None:
            break
        ttl, (target,) = cname
        response.answer.append(dns.rrset.from_text(name + ".", ttl, "IN", "CNAME", target + "."))
        name = target
        known = True
    found = state.records.get((name, rdtype))
    if found:
        ttl, values = found
        response.answer.append(dns.rrset.from_text_list(name + ".", ttl, "IN", rdtype, values))
    elif not known and not any(key[0] == name for key in state.records):
        response.set_rcode(dns.rcode.NXDOMAIN)
    return response.to_wire()


@pytest.fixture
def dns_server():
    state = DNSState()
    for _ in range(50):   # UDP and TCP on the same port: retry until both are free
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        state.port = udp.getsockname()[1]
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            tcp.bind(("127.0.0.1", state.port))
            break
        except OSError:
            udp.close()
            tcp.close()
    tcp.listen(8)
    stop = threading.Event()

    def serve_udp() -> None:
        udp.settimeout(0.1)
        while not stop.is_set():
            try:
                wire, addr = udp.recvfrom(4096)
            except (socket.timeout, OSError):
                continue
            try:
                udp.sendto(_dns_answer(state, wire, "udp"), addr)
            except Exception:
                pass

    def serve_tcp() -> None:
        tcp.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = tcp.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(2)
                try:
                    size = int.from_bytes(conn.recv(2), "big")
                    wire = b""
                    while len(wire) < size:
                        wire += conn.recv(size - len(wire))
                    answer = _dns_answer(state, wire, "tcp")
                    conn.sendall(len(answer).to_bytes(2, "big") + answer)
                except Exception:
                    pass

    threads = [threading.Thread(target=serve_udp, daemon=True), threading.Thread(target=serve_tcp, daemon=True)]
    for t in threads:
        t.start()
    yield state
    stop.set()
    for t in threads:
        t.join(1)
    udp.close()
    tcp.close()


def free_port() -> int:
    """A port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    return free_port()


