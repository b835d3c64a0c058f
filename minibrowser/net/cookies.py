"""A cookie jar for one run of the browser (RFC 6265).

Set-Cookie is parsed as §5.2 says; a cookie is stored under (name, domain,
path) and sent back (§5.4) to hosts that domain-match, on paths that
path-match, over https only when it is Secure, most specific path first.
HttpOnly is recorded (there is no script to hide it from).  Without a public
suffix list, a Domain attribute must name at least two labels, so no cookie
can be set for a whole top-level domain.
"""
from __future__ import annotations

import email.utils
import ipaddress
import threading
import time
from dataclasses import dataclass

from ..url import URL

MAX_COOKIE_BYTES = 4096        # RFC 6265 §6.1: at least 4096 bytes per cookie
MAX_COOKIES_PER_DOMAIN = 50    # §6.1: at least 50


@dataclass
class Cookie:
    name: str
    value: str
    domain: str
    path: str
    host_only: bool = True
    expires: float | None = None   # wall-clock seconds; None = session cookie
    secure: bool = False
    http_only: bool = False
    same_site: str = ""
    created: float = 0.0

    def expired(self, now: float) -> bool:
        return self.expires is not None and self.expires <= now


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def domain_match(host: str, domain: str) -> bool:
    """§5.1.3: identical, or host ends with "." + domain and host is a name, not an IP."""
    return host == domain or (host.endswith("." + domain) and not _is_ip(host))


def default_path(url: URL) -> str:
    """§5.1.4: the request path up to, not including, its last "/"."""
    path = url.path or "/"
    if not path.startswith("/") or path.count("/") == 1:
        return "/"
    return path[: path.rindex("/")]


def path_match(request_path: str, cookie_path: str) -> bool:
    """§5.1.4."""
    if request_path == cookie_path:
        return True
    if request_path.startswith(cookie_path):
        return cookie_path.endswith("/") or request_path[len(cookie_path)] == "/"
    return False


def _parse_expires(text: str) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when.timestamp() if when is not None else None


def parse_set_cookie(header: str, url: URL, now: float) -> Cookie | None:
    """§5.2 and §5.3 for one Set-Cookie value; None when the cookie is to be ignored."""
    if len(header) > MAX_COOKIE_BYTES:
        return None
    pair, *attributes = header.split(";")
    name, eq, value = pair.partition("=")
    name, value = name.strip(), value.strip()
    if not eq or not name:
        return None
    cookie = Cookie(name, value, url.host, default_path(url), created=now)
    max_age: float | None = None
    domain_attr = ""
    for attribute in attributes:
        key, _, val = attribute.partition("=")
        key, val = key.strip().lower(), val.strip()
        if key == "expires":
            expires = _parse_expires(val)
            if expires is not None:
                cookie.expires = expires
        elif key == "max-age":
            if val.lstrip("-").isdigit():
                max_age = float(val)
        elif key == "domain":
            domain_attr = val.lstrip(".").lower()
        elif key == "path":
            cookie.path = val if val.startswith("/") else default_path(url)
        elif key == "secure":
            cookie.secure = True
        elif key == "httponly":
            cookie.http_only = True
        elif key == "samesite":
            cookie.same_site = val.lower()
    if max_age is not None:                        # Max-Age wins over Expires (§5.3 step 3)
        cookie.expires = now + max_age if max_age > 0 else 0.0
    if domain_attr:
        if not domain_match(url.host, domain_attr):
            return None                            # §5.3 step 6: not for this host
        if "." not in domain_attr and domain_attr != url.host:
            return None                            # a whole top-level domain
        cookie.domain, cookie.host_only = domain_attr, False
    if cookie.secure and url.scheme != "https":
        return None                                # RFC 6265bis: only secure origins set Secure
    return cookie


class CookieJar:
    """Thread-safe; shared by every fetch of the run."""

    def __init__(self) -> None:
        self._cookies: dict[tuple[str, str, str], Cookie] = {}
        self._lock = threading.Lock()

    def store(self, url: URL, set_cookie_headers: list[str], now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self._lock:
            for header in set_cookie_headers:
                cookie = parse_set_cookie(header, url, now)
                if cookie is None:
                    continue
                key = (cookie.name, cookie.domain, cookie.path)
                old = self._cookies.pop(key, None)
                if old is not None:
                    cookie.created = old.created       # §5.3 step 11.3
                if not cookie.expired(now):
                    self._cookies[key] = cookie
                    self._trim(cookie.domain)

    def _trim(self, domain: str) -> None:
        same = sorted((c for c in self._cookies.values() if c.domain == domain), key=lambda c: c.created)
        for cookie in same[: max(0, len(same) - MAX_COOKIES_PER_DOMAIN)]:
            del self._cookies[(cookie.name, cookie.domain, cookie.path)]

    def cookies_for(self, url: URL, now: float | None = None) -> list[Cookie]:
        now = time.time() if now is None else now
        with self._lock:
            for key in [k for k, c in self._cookies.items() if c.expired(now)]:
                del self._cookies[key]
            chosen = [c for c in self._cookies.values()
                      if (url.host == c.domain if c.host_only else domain_match(url.host, c.domain))
                      and path_match(url.path or "/", c.path)
                      and (url.scheme == "https" or not c.secure)]
        chosen.sort(key=lambda c: (-len(c.path), c.created))   # §5.4 step 2
        return chosen

    def header_for(self, url: URL) -> str | None:
        """The Cookie header value for a request to `url`, or None."""
        cookies = self.cookies_for(url)
        return "; ".join(f"{c.name}={c.value}" for c in cookies) if cookies else None

    def __len__(self) -> int:
        return len(self._cookies)
