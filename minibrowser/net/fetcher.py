"""URL → Response: the network stage's one entry point.

The fetcher picks a handler by scheme, and for http(s) adds what sits above
a single exchange: default request fields, the cookie jar, the HTTP cache,
redirects (and the rules that keep credentials and file: access from
crossing origins), content decoding, and the event log `explain` prints.
HTTP error statuses are returned, not raised: a browser still shows a 404.

The http(s) machinery (resolver, pool, TLS connections, transport, cookie jar,
cache) is built, and its modules imported, when the first http(s) URL is
fetched: a file: or data: page never loads ssl, socket, email or threads
(`minibrowser --text page.html` starts in a fraction of the time).
"""
from __future__ import annotations

import base64
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from ..errors import BrowserError, TooManyRedirects, UnsupportedScheme
from ..url import URL, parse, resolve
from . import local
from .events import Recorder
from .pool import IDLE_TIMEOUT, MAX_PER_ORIGIN
from .response import Headers, Response, Timing

if TYPE_CHECKING:   # imported for real in Fetcher._start_http, on the first http(s) fetch
    from .cache import HTTPCache
    from .connection import Deadline
    from .cookies import CookieJar
    from .pool import Pool
    from .resolver import Resolver
    from .transport import RawResponse, Transport

MiB = 1024 * 1024
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HeaderInput = Mapping[str, str] | Iterable[tuple[str, str]] | Headers | None


class BlockedRequest(UnsupportedScheme):
    """A request the rules for web pages forbid (e.g. an http page loading file:)."""


@dataclass
class FetchOptions:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_time: float | None = None
    insecure: bool = False
    cacert: str | None = None
    resolve_overrides: dict[tuple[str, int], str] = field(default_factory=dict)  # --resolve HOST:PORT:ADDR
    dns_server: str | None = None
    hosts_file: str | None = None
    max_redirects: int = 20
    max_body_bytes: int = 100 * MiB
    max_decompressed_bytes: int = 200 * MiB
    user_agent: str = "minibrowser/0.1"
    cache_dir: str | None = None
    verbose: Callable[[str], None] | None = None   # receives curl -v style lines ("* ...", "> ...", "< ...")
    warn: Callable[[str], None] | None = None      # warnings (e.g. --insecure); default: stderr
    max_per_origin: int = MAX_PER_ORIGIN
    idle_timeout: float = IDLE_TIMEOUT
    use_cache: bool = True


def _stderr_warning(text: str) -> None:
    print(f"minibrowser: warning: {text}", file=sys.stderr)


class Fetcher:
    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options = options or FetchOptions()
        self.recorder = Recorder(options.verbose)
        self.events: list[dict[str, Any]] = self.recorder.events
        self._http: tuple[Resolver, Transport, CookieJar, HTTPCache | None] | None = None
        if options.insecure:   # TLS verification is never silently disabled
            (options.warn or _stderr_warning)("--insecure: TLS certificates are not verified")

    def _start_http(self) -> tuple[Resolver, Transport, CookieJar, HTTPCache | None]:
        """The http(s) machinery, built (and its modules imported) on first use."""
        if self._http is None:
            from .cache import HTTPCache
            from .connection import TLSConfig
            from .cookies import CookieJar
            from .pool import Pool
            from .resolver import Resolver
            from .transport import Transport, TransportSettings
            options = self.options
            resolver = Resolver(hosts_file=options.hosts_file, dns_server=options.dns_server,
                                overrides=options.resolve_overrides, recorder=self.recorder)
            settings = TransportSettings(options.connect_timeout, options.read_timeout, options.max_body_bytes,
                                         TLSConfig(options.insecure, options.cacert))
            pool = Pool(self.recorder, max_per_origin=options.max_per_origin, idle_timeout=options.idle_timeout)
            self._http = (resolver, Transport(settings, resolver, self.recorder, pool), CookieJar(),
                          HTTPCache(options.cache_dir) if options.use_cache else None)
        return self._http

    @property
    def resolver(self) -> Resolver:
        return self._start_http()[0]

    @property
    def transport(self) -> Transport:
        return self._start_http()[1]

    @property
    def cookies(self) -> CookieJar:
        return self._start_http()[2]

    @property
    def cache(self) -> HTTPCache | None:
        return self._start_http()[3]

    @property
    def pool(self) -> Pool:
        return self.transport.pool

    # ---- public ----
    def fetch(self, url: URL | str, *, method: str = "GET", headers: HeaderInput = None,
              body: bytes | None = None, initiator: URL | None = None,
              deadline: float | None = None) -> Response:
        """Fetch one URL.  `initiator` is the document that asked (for subresources);
        `deadline` an absolute time.monotonic() to share a budget across fetches."""
        if isinstance(url, str):
            url = parse(url)
        check_initiator(url, initiator)
        handler = {
            "http": self._fetch_http,
            "https": self._fetch_http,
            "file": lambda u, *a: local.fetch_file(u, self.options.max_body_bytes),
            "data": lambda u, *a: local.fetch_data(u),
            "about": lambda u, *a: local.fetch_about(u),
        }.get(url.scheme)
        if handler is None:
            raise UnsupportedScheme(f"unsupported URL scheme: {url.scheme}:")
        response = handler(url, method.upper(), Headers(_header_items(headers)), body, deadline)
        if url.scheme not in ("http", "https"):
            self.recorder.event("local", url=str(url)[:200], scheme=url.scheme, bytes=len(response.body))
        return response

    def fetch_all(self, urls: list[URL], *, initiator: URL | None = None,
                  deadline: float | None = None) -> list[Response | BrowserError]:
        """Fetch a page's subresources concurrently through the pool; results keep the order of `urls`."""
        if not urls:
            return []

        def one(url: URL) -> Response | BrowserError:
            try:
                return self.fetch(url, initiator=initiator, deadline=deadline)
            except BrowserError as exc:
                return exc

        from concurrent.futures import ThreadPoolExecutor

        workers = max(1, min(len(urls), self.options.max_per_origin))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as executor:
            return list(executor.map(one, urls))

    def close(self) -> None:
        if self._http is not None:
            self.transport.close("fetcher closed")

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- http(s) ----
    def _fetch_http(self, url: URL, method: str, user_headers: Headers, body: bytes | None,
                    at: float | None) -> Response:
        from .connection import Deadline
        deadline = Deadline(self.options.max_time, at=at)
        history: list[Response] = []
        chain = [url]
        first_origin = url.origin
        while True:
            response = self._one_hop(url, method, user_headers, body, deadline)
            location = response.headers.get("Location")
            if response.status not in REDIRECT_STATUSES or location is None or method == "CONNECT":
                response.history = history
                return response
            target = self._redirect_target(url, location, chain)
            self.recorder.event("redirect", status=response.status, source=str(url), target=str(target))
            self.recorder.info(f"Issue another request to this URL: '{target}'")
            history.append(response)
            chain.append(target)
            if len(history) > self.options.max_redirects:
                raise TooManyRedirects(_redirect_message(chain, self.options.max_redirects))
            if response.status in (301, 302, 303) and method != "HEAD":
                # The rule (and what browsers do for POST): the method becomes GET, the body goes.
                method, body = "GET", None
                for name in ("Content-Type", "Content-Length", "Content-Encoding"):
                    user_headers.remove(name)
            if target.origin != first_origin:
                # Credentials never cross origins (Fetch standard, "HTTP-redirect fetch" step 13).
                for name in ("Authorization", "Cookie", "Proxy-Authorization"):
                    user_headers.remove(name)
            url = target

    def _redirect_target(self, url: URL, location: str, chain: list[URL]) -> URL:
        try:
            target = resolve(url, location)
        except BrowserError as exc:
            raise type(exc)(f"bad redirect Location from {url}: {exc}") from None
        if target.scheme not in ("http", "https"):
            raise BlockedRequest(f"redirect from {url} to {target.scheme}: refused "
                                 "(only http and https redirects are followed)")
        if not target.fragment and url.fragment:
            target = URL(target.scheme, target.host, target.port, target.path, target.query,
                         url.fragment, target.username, target.password, target.explicit_port)
        return target

    def _request_headers(self, url: URL, method: str, user_headers: Headers) -> Headers:
        """Defaults first, then the caller's fields (an empty value removes a default, as in curl)."""
        from . import decoding
        defaults = [("Host", url.host_header), ("User-Agent", self.options.user_agent),
                    ("Accept", DEFAULT_ACCEPT), ("Accept-Encoding", decoding.ACCEPT_ENCODING),
                    ("Connection", "keep-alive")]
        if url.username:
            token = base64.b64encode(f"{url.username}:{url.password}".encode("utf-8")).decode("ascii")
            defaults.append(("Authorization", f"Basic {token}"))
        cookie = self.cookies.header_for(url)
        if cookie and "Cookie" not in user_headers:
            defaults.append(("Cookie", cookie))
        headers = Headers(defaults)
        given = {name.lower() for name, _ in user_headers}
        for name in given:
            headers.remove(name)
        for name, value in user_headers:
            if value.strip():
                headers.add(name, value)
        return headers

    def _one_hop(self, url: URL, method: str, user_headers: Headers, body: bytes | None,
                 deadline: Deadline) -> Response:
        headers = self._request_headers(url, method, user_headers)
        key = str(url.without_fragment())
        cache = self.cache if method == "GET" else None
        entry = cache.lookup(key, headers) if cache else None
        if entry is not None:
            request_no_cache = "no-cache" in (headers.get("Cache-Control") or "") or "Pragma" in headers
            if entry.is_fresh(time.time()) and not request_no_cache:
                self.recorder.event("cache", url=key, result="hit")
                self.recorder.info(f"Cache hit for {key}")
                return self._from_entry(url, entry)
            if entry.validators():
                for name, value in entry.validators():
                    if name not in headers:
                        headers.add(name, value)
            else:
                entry = None
        request_time = time.time()
        raw = self.transport.round_trip(method, url, headers.items(), body, deadline)
        response_time = time.time()
        self.cookies.store(url, raw.head.headers.get_all("Set-Cookie"))
        if entry is not None and raw.head.status == 304:
            entry = cache.freshen(entry, raw.head.headers, request_time, response_time)
            self.recorder.event("cache", url=key, result="revalidated")
            self.recorder.info(f"Cache entry for {key} revalidated (304)")
            response = self._from_entry(url, entry)
            response.timing, response.connection = raw.timing, raw.connection
            response.request_bytes, response.response_head_bytes = raw.request_bytes, raw.head.raw
            return response
        response = self._build(url, method, raw)
        if cache is not None:
            if cache.store(key, method, headers, response.status, response.reason, response.http_version,
                           response.headers, response.body, request_time, response_time):
                self.recorder.event("cache", url=key, result="stored")
        elif self.cache is not None and method not in ("GET", "HEAD", "OPTIONS", "TRACE") \
                and 200 <= response.status < 400:
            self.cache.invalidate(key)
        return response

    def _build(self, url: URL, method: str, raw: RawResponse) -> Response:
        from . import decoding
        head = raw.head
        body = raw.body
        is_redirect = head.status in REDIRECT_STATUSES and "Location" in head.headers
        if method != "HEAD" and body and not is_redirect:
            codings = decoding.parse_codings(head.headers.get("Content-Encoding")) + head.transfer_codings
            body = decoding.decode(body, codings, self.options.max_decompressed_bytes)
        return Response(url, head.status, head.reason, head.headers, body, head.version,
                        timing=raw.timing, connection=raw.connection, request_bytes=raw.request_bytes,
                        response_head_bytes=head.raw, encoded_size=len(raw.body))

    @staticmethod
    def _from_entry(url: URL, entry) -> Response:
        return Response(url, entry.status, entry.reason, Headers(entry.headers), entry.body,
                        entry.http_version, timing=Timing(start=time.perf_counter()),
                        encoded_size=len(entry.body), from_cache=True)


def check_initiator(url: URL, initiator: URL | None) -> None:
    """Rules for web pages: a page fetched over http(s) may not load file: resources."""
    if initiator is not None and initiator.scheme in ("http", "https") and url.scheme == "file":
        raise BlockedRequest(f"blocked: a page from {initiator.scheme}://{initiator.netloc} may not load "
                             f"file: resources ({str(url)[:120]})")


def _header_items(headers: HeaderInput) -> list[tuple[str, str]]:
    if headers is None:
        return []
    if isinstance(headers, Headers):
        return headers.items()
    if isinstance(headers, Mapping):
        return list(headers.items())
    return list(headers)


def _redirect_message(chain: list[URL], limit: int) -> str:
    """One line: the chain, with a loop pointed out when a URL comes back."""
    texts = [str(u) for u in chain]
    seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        if text in seen:
            cycle = texts[seen[text]:i + 1]
            return (f"too many redirects (more than {limit}): loop "
                    f"{' -> '.join(_short(t) for t in cycle)}")
        seen[text] = i
    shown = texts[:3] + ["..."] + texts[-2:] if len(texts) > 6 else texts
    return f"too many redirects (more than {limit}): {' -> '.join(_short(t) for t in shown)}"


def _short(text: str) -> str:
    return text if len(text) <= 100 else text[:97] + "..."

