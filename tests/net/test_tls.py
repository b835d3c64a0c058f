"""TLS against servers with trustme certificates on 127.0.0.1 (hostile item 18 among them)."""
from __future__ import annotations

import time

import pytest

from minibrowser.errors import CertificateError, TimeoutError_

from .conftest import recv_head


def test_verified_https_with_cacert_records_tls_facts(certs, https_server_factory, fetcher_factory):
    server = https_server_factory(certs.good)
    server.routes["/"] = (200, {"Content-Type": "text/html"}, b"<p>secure</p>")
    fetcher = fetcher_factory(cacert=certs.ca_path)
    response = fetcher.fetch(server.url("/"))
    assert response.body == b"<p>secure</p>"
    tls = response.connection.tls
    assert tls.version in ("TLSv1.2", "TLSv1.3") and tls.cipher and tls.alpn == "http/1.1"
    assert "IP Address:127.0.0.1" in tls.sans and "DNS:localhost" in tls.sans
    assert tls.issuer and tls.not_after
    assert response.timing.tls > 0
    tls_events = [e for e in fetcher.events if e["kind"] == "tls"]
    assert tls_events and tls_events[0]["version"] == tls.version


def test_keep_alive_over_tls_and_session_resumption(certs, https_server_factory, fetcher_factory):
    server = https_server_factory(certs.good)
    server.routes["/"] = (200, {}, b"x")
    server.routes["/bye"] = (200, {"Connection": "close"}, b"bye")
    fetcher = fetcher_factory(cacert=certs.ca_path)
    first = fetcher.fetch(server.url("/"))
    assert fetcher.fetch(server.url("/")).connection.reused
    fetcher.fetch(server.url("/bye"))                  # the server ends the connection
    again = fetcher.fetch(server.url("/"))             # a new connection to an origin seen before
    assert not first.connection.tls.session_reused
    assert not again.connection.reused and again.connection.tls.session_reused
    assert server.connections == 2


def test_system_trust_store_refuses_a_private_ca(certs, https_server_factory, fetcher_factory):
    server = https_server_factory(certs.good)
    with pytest.raises(CertificateError, match="certificate of 127.0.0.1 refused") as info:
        fetcher_factory().fetch(server.url("/"))
    assert info.value.exit_code == 60


@pytest.mark.parametrize("which, reason", [
    ("wrong_host", "IP address mismatch|Hostname mismatch"),
    ("expired", "certificate has expired"),
    ("unknown_ca", "unable to get local issuer certificate"),
])
def test_bad_certificates_are_refused_with_a_reason(certs, https_server_factory, fetcher_factory, which, reason):
    server = https_server_factory(getattr(certs, which))
    fetcher = fetcher_factory(cacert=certs.ca_path)
    with pytest.raises(CertificateError, match=reason) as info:
        fetcher.fetch(server.url("/"))
    assert "\n" not in info.value.one_line()


def test_wrong_host_by_name(certs, https_server_factory, fetcher_factory):
    server = https_server_factory(certs.wrong_host)
    fetcher = fetcher_factory(cacert=certs.ca_path, resolve_overrides={("localhost", server.port): "127.0.0.1"})
    with pytest.raises(CertificateError, match="Hostname mismatch"):
        fetcher.fetch(f"https://localhost:{server.port}/")


def test_insecure_accepts_but_warns(certs, https_server_factory, fetcher_factory):
    server = https_server_factory(certs.expired)
    server.routes["/"] = (200, {}, b"ok")
    warnings: list[str] = []
    fetcher = fetcher_factory(insecure=True, warn=warnings.append)
    assert fetcher.fetch(server.url("/")).body == b"ok"
    assert warnings and "not verified" in warnings[0]


def test_stalled_handshake_times_out(raw_server, fetcher_factory):
    server = raw_server(lambda conn, index, state: (recv_head(conn), time.sleep(2)))
    fetcher = fetcher_factory(connect_timeout=0.3)
    start = time.monotonic()
    with pytest.raises(TimeoutError_, match="TLS handshake"):
        fetcher.fetch(f"https://127.0.0.1:{server.port}/")
    assert time.monotonic() - start < 1.5


def test_plain_http_to_a_tls_port_is_a_protocol_error(certs, https_server_factory, fetcher):
    server = https_server_factory(certs.good)
    with pytest.raises(Exception) as info:
        fetcher.fetch(f"http://127.0.0.1:{server.port}/")
    assert info.value.exit_code in (7, 8)


def test_insecure_still_records_whom_the_certificate_names(certs, https_server_factory, fetcher_factory):
    """Unverified, Python's ssl decodes nothing: the subject, issuer, dates and alternative names
    are read from the DER bytes (net/der.py) and must be what a verified connection reports."""
    server = https_server_factory(certs.good)
    server.routes["/"] = (200, {}, b"ok")
    verified = fetcher_factory(cacert=certs.ca_path).fetch(server.url("/")).connection.tls
    insecure = fetcher_factory(insecure=True, warn=lambda message: None).fetch(server.url("/")).connection.tls
    assert insecure.subject and insecure.issuer and insecure.not_after
    assert (insecure.subject, insecure.issuer, insecure.sans, insecure.not_before, insecure.not_after) == \
        (verified.subject, verified.issuer, verified.sans, verified.not_before, verified.not_after)


def test_malformed_certificate_bytes_decode_to_nothing(certs):
    import ssl as ssl_module

    from minibrowser.net.der import decode_certificate

    der = ssl_module.PEM_cert_to_DER_cert(certs.ca.cert_pem.bytes().decode())
    assert decode_certificate(der)["subject"]
    for broken in (b"", b"\x30", b"\x30\x84\xff\xff\xff\xff", der[:len(der) // 2], b"\x02\x01\x00",
                   der[:4] + bytes(len(der) - 4), bytes(reversed(der))):
        assert decode_certificate(broken) == {}, broken[:8]
