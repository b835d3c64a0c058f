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
    self_signed: ssl.SSLContext  # signed by a CA nobody trusts


@pytest.fixture(scope="session")
def certs(tmp_path_factory) -> Certs:
    import trustme
    ca, stranger = trustme.CA(), trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))

    def context(issuer) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        issuer.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
        return ctx
    return Certs(str(path), context(ca), context(stranger))


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
