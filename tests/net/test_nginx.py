"""Interop with a real server: nginx serving pages/ over HTTP and HTTPS, with keep-alive and gzip.

Skipped, with a message, where nginx is not installed (CI installs the Debian package)."""
from __future__ import annotations

import os
import pathlib
import shutil
import socket
import subprocess
import time

import pytest

from minibrowser.url import parse

PAGES = pathlib.Path(__file__).resolve().parents[2] / "pages"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                      if os.access(p, os.X_OK)), None)

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")

CONFIG = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    types {{ text/html html; text/css css; image/png png; image/gif gif; image/jpeg jpg; text/plain md; }}
    default_type application/octet-stream;
    keepalive_timeout 30;
    keepalive_requests 1000;
    gzip on; gzip_min_length 0; gzip_types text/css text/plain;
    server {{
        listen 127.0.0.1:{http_port};
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {tmp}/cert.pem;
        ssl_certificate_key {tmp}/key.pem;
        ssl_session_cache shared:tests:1m;
        root {root};
        location = /moved {{ return 301 /index.html; }}
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, certs):
    tmp = tmp_path_factory.mktemp("nginx")
    leaf = certs.ca.issue_cert("localhost", "127.0.0.1")
    leaf.cert_chain_pems[0].write_to_path(str(tmp / "cert.pem"))
    leaf.private_key_pem.write_to_path(str(tmp / "key.pem"))
    http_port, https_port = _free_port(), _free_port()
    (tmp / "nginx.conf").write_text(CONFIG.format(tmp=tmp, root=PAGES, http_port=http_port, https_port=https_port))
    proc = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-e", str(tmp / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", http_port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.skip(f"nginx did not start: {proc.stderr.read().decode(errors='replace')[:300]}")
            time.sleep(0.05)
    yield {"http": f"http://127.0.0.1:{http_port}", "https": f"https://127.0.0.1:{https_port}", "log": tmp / "access.log"}
    proc.terminate()
    proc.wait(5)


def test_pages_over_http_with_keep_alive(nginx, fetcher):
    names = ["index.html", "article.html", "lists.html", "images/logo.png"]
    responses = [fetcher.fetch(f"{nginx['http']}/{name}") for name in names]
    for name, response in zip(names, responses):
        assert response.status == 200 and response.body == (PAGES / name).read_bytes()
    assert [r.connection.reused for r in responses] == [False, True, True, True]
    assert responses[0].headers.get("Server", "").startswith("nginx")


def test_gzip_from_nginx(nginx, fetcher):
    css = next((PAGES / "css").glob("*.css"), None)
    if css is None:
        pytest.skip("pages/css has no stylesheet")
    response = fetcher.fetch(f"{nginx['http']}/css/{css.name}")
    assert response.headers.get("Content-Encoding") == "gzip"
    assert response.body == css.read_bytes() and response.encoded_size < len(response.body)
    assert response.headers.get("Transfer-Encoding") == "chunked"


def test_https_verified_with_session_resumption(nginx, fetcher_factory, certs):
    fetcher = fetcher_factory(cacert=certs.ca_path, use_cache=False)   # nginx's Last-Modified makes pages cacheable
    first = fetcher.fetch(f"{nginx['https']}/index.html")
    assert first.body == (PAGES / "index.html").read_bytes()
    assert first.connection.tls.alpn == "http/1.1"
    assert fetcher.fetch(f"{nginx['https']}/lists.html").connection.reused
    fetcher.pool.close_all("test: force a new connection")
    again = fetcher.fetch(f"{nginx['https']}/index.html")
    assert not again.connection.reused and again.connection.tls.session_reused


def test_redirect_404_head_and_revalidation(nginx, fetcher):
    moved = fetcher.fetch(f"{nginx['http']}/moved")
    assert moved.history[0].status == 301 and str(moved.url).endswith("/index.html")
    assert fetcher.fetch(f"{nginx['http']}/nope.html").status == 404
    head = fetcher.fetch(f"{nginx['http']}/images/logo.png", method="HEAD")
    assert head.body == b"" and int(head.headers.get("Content-Length")) == (PAGES / "images/logo.png").stat().st_size
    page = f"{nginx['http']}/article.html"
    fetcher.fetch(page, headers={"Cache-Control": "no-cache"})
    again = fetcher.fetch(page, headers={"Cache-Control": "no-cache"})   # must ask; nginx answers 304
    assert again.from_cache and again.body == (PAGES / "article.html").read_bytes()
    assert logged(nginx["log"], b'"GET /article.html HTTP/1.1" 304')


def logged(log: pathlib.Path, line: bytes, within: float = 5.0) -> bool:
    """Whether nginx's access log holds `line`: nginx writes it after sending the response, so the
    client can read the answer before the line is there — wait for it a little."""
    deadline = time.monotonic() + within
    while line not in log.read_bytes():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_fetch_all_against_nginx(nginx, fetcher):
    urls = [parse(f"{nginx['http']}/images/{p.name}") for p in sorted((PAGES / "images").iterdir())]
    results = fetcher.fetch_all(urls)
    assert [r.body for r in results] == [(PAGES / "images" / u.path.rsplit("/", 1)[1]).read_bytes() for u in urls]
