"""Cookies (RFC 6265), the HTTP cache (RFC 9111) and content codings, against real servers."""
from __future__ import annotations

import email.utils
import time
import zlib

import brotli
import pytest

from minibrowser.errors import BudgetExceeded, ContentError
from minibrowser.net import decoding
from minibrowser.net.cookies import CookieJar, default_path, domain_match, path_match
from minibrowser.url import parse


# ---------------------------------------------------------------- cookies (unit)

def test_domain_and_path_matching():
    assert domain_match("www.site.test", "site.test") and not domain_match("evilsite.test", "site.test")
    assert not domain_match("127.0.0.1", "0.0.1")
    assert path_match("/docs/a", "/docs") and path_match("/docs/", "/docs/") and not path_match("/docsx", "/docs")
    assert default_path(parse("http://h/a/b/c")) == "/a/b" and default_path(parse("http://h/a")) == "/"


def test_jar_rules():
    jar = CookieJar()
    page = parse("http://www.site.test/shop/cart")
    jar.store(page, ["sid=1; Path=/", "pref=dark", "wide=1; Domain=.site.test; Path=/", "tld=1; Domain=test",
                     "other=1; Domain=elsewhere.test", "sec=1; Secure", "bad", "=novalue"])
    assert jar.header_for(page) == "pref=dark; sid=1; wide=1"    # longest path first (§5.4)
    assert jar.header_for(parse("http://api.site.test/")) == "wide=1"
    assert jar.header_for(parse("http://www.site.test/other")) == "sid=1; wide=1"
    secure_page = parse("https://www.site.test/")
    jar.store(secure_page, ["sec=2; Secure; HttpOnly"])
    assert "sec=2" in jar.header_for(secure_page) and "sec=2" not in (jar.header_for(parse("http://www.site.test/")) or "")


def test_expiry_and_deletion():
    jar = CookieJar()
    url = parse("http://h.test/")
    past = email.utils.formatdate(time.time() - 3600, usegmt=True)
    jar.store(url, ["a=1; Max-Age=1", "b=2", f"c=3; Expires={past}", "d=4; Max-Age=100; Expires=" + past])
    assert jar.header_for(url) == "a=1; b=2; d=4"
    jar.store(url, ["b=gone; Max-Age=0"])
    assert jar.header_for(url) == "a=1; d=4"
    assert jar.cookies_for(url, now=time.time() + 2) and "a" not in [c.name for c in jar.cookies_for(url, now=time.time() + 2)]


def test_cookies_round_trip_through_a_server(http_server, fetcher):
    http_server.routes["/login"] = (200, [("Set-Cookie", "session=abc; Path=/; HttpOnly"),
                                          ("Set-Cookie", "theme=dark")], b"in")
    http_server.routes["/account"] = lambda h: h.reply(200, {}, (h.headers.get("Cookie") or "").encode())
    fetcher.fetch(http_server.url("/login"))
    assert fetcher.fetch(http_server.url("/account")).body == b"session=abc; theme=dark"


def test_cookie_set_on_redirect_is_sent_to_the_target(http_server, fetcher):
    http_server.routes["/set"] = (302, {"Set-Cookie": "k=v", "Location": "/echo"}, b"")
    http_server.routes["/echo"] = lambda h: h.reply(200, {}, (h.headers.get("Cookie") or "-").encode())
    assert fetcher.fetch(http_server.url("/set")).body == b"k=v"


# ---------------------------------------------------------------- cache

def _counting(http_server, path, headers, body=b"payload"):
    calls = []

    def route(handler):
        calls.append(dict(handler.headers.items()))
        handler.reply(200, headers, body)
    http_server.routes[path] = route
    return calls


def test_fresh_response_served_from_memory(http_server, fetcher):
    calls = _counting(http_server, "/fresh", {"Cache-Control": "max-age=60"})
    first = fetcher.fetch(http_server.url("/fresh"))
    second = fetcher.fetch(http_server.url("/fresh"))
    assert len(calls) == 1 and second.body == b"payload" and second.from_cache and not first.from_cache


@pytest.mark.parametrize("headers", [{"Cache-Control": "no-store, max-age=60"}, {}, {"Cache-Control": "max-age=0"},
                                     {"Vary": "*", "Cache-Control": "max-age=60"}])
def test_not_served_from_cache(http_server, fetcher, headers):
    calls = _counting(http_server, "/x", headers)
    fetcher.fetch(http_server.url("/x"))
    assert not fetcher.fetch(http_server.url("/x")).from_cache and len(calls) == 2


def test_expires_header(http_server, fetcher):
    now = time.time()
    calls = _counting(http_server, "/e", {"Date": email.utils.formatdate(now, usegmt=True),
                                          "Expires": email.utils.formatdate(now + 60, usegmt=True)})
    fetcher.fetch(http_server.url("/e"))
    assert fetcher.fetch(http_server.url("/e")).from_cache and len(calls) == 1


def test_revalidation_with_etag_and_last_modified(http_server, fetcher):
    seen = []
    modified = email.utils.formatdate(time.time() - 10, usegmt=True)

    def route(handler):
        seen.append((handler.headers.get("If-None-Match"), handler.headers.get("If-Modified-Since")))
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.reply(304, {"ETag": '"v1"', "Cache-Control": "no-cache", "X-Fresh": "yes"}, b"")
        else:
            handler.reply(200, {"ETag": '"v1"', "Last-Modified": modified, "Cache-Control": "no-cache"}, b"body")
    http_server.routes["/r"] = route
    first = fetcher.fetch(http_server.url("/r"))
    second = fetcher.fetch(http_server.url("/r"))
    assert first.body == second.body == b"body"
    assert second.status == 200 and second.from_cache and second.headers.get("X-Fresh") == "yes"
    assert seen == [(None, None), ('"v1"', modified)]
    assert second.connection is not None     # it did go to the network


def test_disk_cache_survives_the_fetcher(http_server, fetcher_factory, tmp_path):
    calls = _counting(http_server, "/d", {"Cache-Control": "max-age=60", "Content-Type": "text/css"}, b"p{}")
    fetcher_factory(cache_dir=str(tmp_path)).fetch(http_server.url("/d"))
    later = fetcher_factory(cache_dir=str(tmp_path)).fetch(http_server.url("/d"))
    assert later.from_cache and later.body == b"p{}" and later.content_type()[0] == "text/css"
    assert len(calls) == 1
    assert len(list(tmp_path.glob("*.json"))) == 1 and not list(tmp_path.glob(".tmp-*"))


def test_damaged_disk_entry_is_a_miss(http_server, fetcher_factory, tmp_path):
    calls = _counting(http_server, "/d", {"Cache-Control": "max-age=60"})
    fetcher_factory(cache_dir=str(tmp_path)).fetch(http_server.url("/d"))
    for body in tmp_path.glob("*.body"):
        body.write_bytes(b"truncated")
    assert not fetcher_factory(cache_dir=str(tmp_path)).fetch(http_server.url("/d")).from_cache
    assert len(calls) == 2


def test_post_invalidates(http_server, fetcher):
    calls = _counting(http_server, "/p", {"Cache-Control": "max-age=60"})
    fetcher.fetch(http_server.url("/p"))
    fetcher.fetch(http_server.url("/p"), method="POST", body=b"x")
    assert not fetcher.fetch(http_server.url("/p")).from_cache and len(calls) == 3


# ---------------------------------------------------------------- content codings

TEXT = b"The quick brown fox jumps over the lazy dog. " * 200


@pytest.mark.parametrize("coding, data", [
    ("deflate", zlib.compress(TEXT)),                                    # zlib-wrapped, as RFC 9110 says
    ("deflate", zlib.compress(TEXT)[2:-4]),                              # raw deflate, as many servers send
    ("br", brotli.compress(TEXT)),
    ("gzip, br", brotli.compress(zlib.compress(TEXT, wbits=31))),
    ("identity", TEXT),
])
def test_codings(http_server, fetcher, coding, data):
    http_server.routes["/c"] = (200, {"Content-Encoding": coding}, data)
    assert fetcher.fetch(http_server.url("/c")).body == TEXT


def test_head_is_not_decoded(http_server, fetcher):
    http_server.routes["/c"] = (200, {"Content-Encoding": "gzip"}, b"not gzip")
    assert fetcher.fetch(http_server.url("/c"), method="HEAD").body == b""


def test_unknown_coding_and_corrupt_br():
    with pytest.raises(ContentError, match="unsupported content coding: zstd"):
        decoding.decode(b"x", ["zstd"], 100)
    with pytest.raises(ContentError, match="br"):
        decoding.decode(b"\xff\xff\xff\xff", ["br"], 100)
    with pytest.raises(ContentError, match="truncated"):
        decoding.decode(brotli.compress(TEXT)[:-5], ["br"], 1 << 20)


@pytest.mark.parametrize("coding, pack", [("gzip", lambda d: zlib.compress(d, wbits=31)),
                                          ("deflate", zlib.compress),
                                          ("br", lambda d: brotli.compress(d, quality=4))])
def test_limits_apply_to_every_coding(coding, pack):
    bomb = pack(bytes(4 << 20))
    with pytest.raises(BudgetExceeded, match="exceeds 1 MiB"):
        decoding.decode(bomb, [coding], 1 << 20)
    assert decoding.decode(bomb, [coding], 4 << 20) == bytes(4 << 20)
