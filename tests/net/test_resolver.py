"""Name resolution: hosts file, TTL cache, a DNS stub against a DNS server on 127.0.0.1, --resolve."""
from __future__ import annotations

import time

import pytest

from minibrowser.errors import ResolveError
from minibrowser.net.resolver import Resolver, parse_hosts, parse_server


def test_parse_hosts():
    table = parse_hosts("# comment\n127.0.0.1 localhost web.test  # trailing\n::1 localhost ip6-localhost\n"
                        "not-an-ip bogus\n10.0.0.1\n10.0.0.2 Web.Test.\n")
    assert table["localhost"] == ["127.0.0.1", "::1"]
    assert table["web.test"] == ["127.0.0.1", "10.0.0.2"]
    assert "bogus" not in table


@pytest.mark.parametrize("text, expected", [("127.0.0.1", ("127.0.0.1", 53)), ("127.0.0.1:5353", ("127.0.0.1", 5353)),
                                            ("[::1]:53", ("::1", 53)), ("::1", ("::1", 53))])
def test_parse_server(text, expected):
    assert parse_server(text) == expected


def test_bad_dns_server():
    with pytest.raises(ResolveError):
        parse_server("not-an-address")


def test_hosts_file_first(tmp_path, dns_server):
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.5 site.test\n")
    dns_server.records[("site.test", "A")] = (300, ["127.0.0.9"])
    answer = Resolver(hosts_file=str(hosts), dns_server=dns_server.address).resolve("SITE.test", 80)
    assert (answer.source, answer.addresses) == ("hosts", ["127.0.0.5"])
    assert dns_server.queries == []


def test_override_beats_everything(tmp_path):
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.5 site.test\n")
    resolver = Resolver(hosts_file=str(hosts), overrides={("site.test", 8443): "127.0.0.7"})
    assert resolver.resolve("site.test", 8443).addresses == ["127.0.0.7"]
    assert resolver.resolve("site.test", 80).source == "hosts"


def test_dns_query_a_and_aaaa_with_cname_chain_and_min_ttl(dns_server):
    dns_server.records[("www.site.test", "CNAME")] = (600, ["edge.site.test"])
    dns_server.records[("edge.site.test", "CNAME")] = (60, ["host.cdn.test"])
    dns_server.records[("host.cdn.test", "A")] = (300, ["127.0.0.2"])
    dns_server.records[("host.cdn.test", "AAAA")] = (300, ["::1"])
    resolver = Resolver(hosts_file="/dev/null", dns_server=dns_server.address)
    answer = resolver.resolve("www.site.test", 80)
    assert answer.source == "dns" and answer.transport == "udp"
    assert answer.addresses == ["::1", "127.0.0.2"]
    assert answer.cnames == ["edge.site.test", "host.cdn.test"]
    assert answer.ttl == 60
    assert {q[2] for q in dns_server.queries} == {"A", "AAAA"}


def test_cache_honours_ttl(dns_server):
    dns_server.records[("short.test", "A")] = (1, ["127.0.0.3"])
    dns_server.records[("long.test", "A")] = (300, ["127.0.0.4"])
    resolver = Resolver(hosts_file="/dev/null", dns_server=dns_server.address)
    assert resolver.resolve("short.test", 80).source == "dns"
    assert resolver.resolve("long.test", 80).source == "dns"
    assert resolver.resolve("long.test", 80).source == "cache"
    time.sleep(1.05)
    assert resolver.resolve("short.test", 80).source == "dns"    # expired after its 1 s TTL
    assert resolver.resolve("long.test", 80).source == "cache"
    assert len([q for q in dns_server.queries if q[1] == "long.test"]) == 2   # A and AAAA, once


def test_zero_ttl_is_not_cached(dns_server):
    dns_server.records[("zero.test", "A")] = (0, ["127.0.0.3"])
    resolver = Resolver(hosts_file="/dev/null", dns_server=dns_server.address)
    resolver.resolve("zero.test", 80)
    assert resolver.resolve("zero.test", 80).source == "dns"


def test_truncated_udp_answer_retried_over_tcp(dns_server):
    dns_server.records[("big.test", "A")] = (300, ["127.0.0.6"])
    dns_server.truncate_udp = True
    answer = Resolver(hosts_file="/dev/null", dns_server=dns_server.address).resolve("big.test", 80)
    assert answer.addresses == ["127.0.0.6"] and answer.transport == "tcp"
    assert ("udp", "big.test", "A") in dns_server.queries and ("tcp", "big.test", "A") in dns_server.queries


def test_nxdomain_is_a_resolve_error_without_asking_the_system(dns_server):
    resolver = Resolver(hosts_file="/dev/null", dns_server=dns_server.address)
    with pytest.raises(ResolveError, match="could not resolve host: nowhere.test .NXDOMAIN") as info:
        resolver.resolve("nowhere.test", 80)
    assert info.value.exit_code == 6


def test_unreachable_dns_server_times_out_per_try(closed_port):
    resolver = Resolver(hosts_file="/dev/null", dns_server=f"127.0.0.1:{closed_port}")
    start = time.monotonic()
    with pytest.raises(ResolveError):
        resolver.resolve("any.test", 80, timeout=0.3)
    assert time.monotonic() - start < 2.0


def test_system_fallback_when_no_nameserver_answers(closed_port, tmp_path):
    resolver = Resolver(hosts_file="/dev/null", dns_server=f"127.0.0.1:{closed_port}", use_system=True)
    answer = resolver.resolve("localhost.", 80, timeout=0.3)
    assert answer.source == "localhost"          # RFC 6761 before anything else
    answer = resolver._from_system("localhost")
    assert answer is not None and set(answer.addresses) & {"127.0.0.1", "::1"}


def test_literals_and_events(dns_server):
    resolver = Resolver(hosts_file="/dev/null", dns_server=dns_server.address)
    assert resolver.resolve("127.0.0.1", 80).source == "literal"
    assert resolver.resolve("::1", 80).addresses == ["::1"]
    assert dns_server.queries == []
    event = resolver.recorder.events[0]
    assert event["kind"] == "resolve" and event["source"] == "literal"


def test_fetch_through_dns_server(http_server, dns_server, fetcher_factory):
    dns_server.records[("app.test", "A")] = (300, ["127.0.0.1"])
    http_server.routes["/"] = (200, {}, b"by name")
    fetcher = fetcher_factory(dns_server=dns_server.address)
    response = fetcher.fetch(f"http://app.test:{http_server.port}/")
    assert response.body == b"by name" and response.timing.dns > 0
    assert http_server.state.requests[0][2]["Host"] == f"app.test:{http_server.port}"
    resolve = [e for e in fetcher.events if e["kind"] == "resolve"][0]
    assert resolve["source"] == "dns" and resolve["server"] == dns_server.address


def test_happy_eyeballs_falls_back_from_ipv6_to_ipv4(http_server, fetcher_factory, tmp_path):
    hosts = tmp_path / "hosts"
    hosts.write_text("::1 dual.test\n127.0.0.1 dual.test\n")
    http_server.routes["/"] = (200, {}, b"v4")
    fetcher = fetcher_factory(hosts_file=str(hosts))
    response = fetcher.fetch(f"http://dual.test:{http_server.port}/")
    assert response.body == b"v4" and response.connection.peer[0] == "127.0.0.1"
    assert response.connection.addresses_tried == ["::1", "127.0.0.1"]
