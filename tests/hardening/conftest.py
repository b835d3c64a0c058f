"""Real peers for the hardening tests, all on 127.0.0.1: an HTTP/1.1 server with a route table
that records every request it gets (so a test can say what the browser did *not* send), a TLS
variant with trustme certificates, and the `minibrowser` command run in-process."""
from __future__ import annotations

import http.server
import ssl
import sys
import threading
from dataclasses import dataclass, field
from typing import Callable

import pytest

Route = tuple[int, dict, bytes] | Callable


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        server: "Server" = self.server.owner
        server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = server.routes.get(self.path.split("?", 1)[0])
        if route is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        elif callable(route):
            status, headers, body = route(self)
        else:
            status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


@dataclass
class Server:
    host: str = "127.0.0.1"
    scheme: str = "http"
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


@pytest.fixture
def serve():
    """serve(routes, tls=None) → a running Server; stopped after the test."""
    running = []

    def start(routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> Server:
        server = Server(routes=routes, scheme="https" if tls else "http")
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.owner = server
        if tls is not None:
            httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
        server.port = httpd.server_address[1]
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        running.append(httpd)
        return server

    yield start
    for httpd in running:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Certs:
    ca_path: str
    good: ssl.SSLContext        # 127.0.0.1 and localhost, signed by the CA in ca_path
    self_signed: ssl.SSLContext  # 127.0.0.1, signed by its own key
    unknown_ca: ssl.SSLContext  # 127.0.0.1, signed by a CA nobody trusts
    expired: ssl.SSLContext     # the trusted CA, 127.0.0.1, but it expired in 2020
    wrong_host: ssl.SSLContext  # the trusted CA, but only for other.example


def _self_signed(directory) -> ssl.SSLContext:
    """A leaf certificate for 127.0.0.1 that is its own issuer (what `openssl req -x509` makes)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    pem = directory / "self-signed.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(pem))
    return ctx


def make_certs(directory) -> Certs:
    """Every certificate the tests serve, written under `directory` (a pathlib.Path); also used by
    bench/hostile_servers.py."""
    import datetime

    import trustme
    ca, stranger = trustme.CA(), trustme.CA()
    path = directory / "ca.pem"
    ca.cert_pem.write_to_path(str(path))

    def context(issuer, *names: str, **dates) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        issuer.issue_cert(*(names or ("127.0.0.1", "localhost")), **dates).configure_cert(ctx)
        return ctx
    end = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    return Certs(str(path), context(ca), _self_signed(directory), context(stranger),
                 context(ca, not_before=end - datetime.timedelta(days=30), not_after=end),
                 context(ca, "other.example"))


@pytest.fixture(scope="session")
def certs(tmp_path_factory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("ca"))


@dataclass
class Run:
    status: int
    stdout: bytes
    stderr: bytes


@pytest.fixture
def cli(capfdbinary, monkeypatch):
    """cli(*argv) → Run: the `minibrowser` command in this process, its file descriptors captured."""
    from minibrowser.cli import main

    def run(*argv: str, cwd=None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capfdbinary.readouterr()
        try:
            status = main(list(argv))
        except SystemExit as exc:    # argparse exits by itself on bad arguments
            status = exc.code
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = capfdbinary.readouterr()
        return Run(status, out, err)
    return run
