"""URLs: parse, validate, resolve relative references, and turn CLI input into a URL.

A browser meets URLs in three places: the address the user typed, `href`/`src`
attributes resolved against the document, and `Location` headers resolved
against the request.  `URL` holds the parts the rest of the engine needs;
`resolve` follows RFC 3986 §5 (via `urllib.parse.urljoin`, which implements it)
with the WHATWG tweaks that matter in practice (backslashes, stray whitespace).
"""
from __future__ import annotations

import ipaddress
import os
import pathlib
import urllib.parse
from dataclasses import dataclass

from .errors import URLError, UnsupportedScheme

DEFAULT_PORTS = {"http": 80, "https": 443}
SPECIAL_SCHEMES = ("http", "https", "file", "data", "about")
# C0 controls and space are stripped from both ends; tab and newlines are removed anywhere
# (WHATWG URL Standard, "basic URL parser", steps 1-3).
_STRIP = "".join(chr(c) for c in range(0x21))


@dataclass(frozen=True)
class URL:
    """A parsed absolute URL.  `host` is lowercase ASCII (IDNA applied),
    IPv6 literals without brackets; `port` is the explicit or default port."""

    scheme: str
    host: str = ""
    port: int | None = None
    path: str = "/"
    query: str = ""
    fragment: str = ""
    username: str = ""
    password: str = ""
    explicit_port: bool = False
    opaque: str = ""  # the whole body of data: and about: URLs

    # ---- derived views -------------------------------------------------
    @property
    def origin(self) -> tuple[str, str, int | None]:
        """(scheme, host, port): what the same-origin policy and the pool key on."""
        return (self.scheme, self.host, self.port)

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.explicit_port and self.port != DEFAULT_PORTS.get(self.scheme):
            host = f"{host}:{self.port}"
        return host

    @property
    def host_header(self) -> str:
        """The Host header value (RFC 9110 §7.2): host, and port if not the default."""
        return self.netloc

    @property
    def request_target(self) -> str:
        """origin-form request target (RFC 9112 §3.2.1): path and query, never the fragment."""
        return self.path + (f"?{self.query}" if self.query else "")

    @property
    def is_network(self) -> bool:
        return self.scheme in DEFAULT_PORTS

    def without_fragment(self) -> "URL":
        return URL(self.scheme, self.host, self.port, self.path, self.query, "",
                   self.username, self.password, self.explicit_port, self.opaque)

    def file_path(self) -> pathlib.Path:
        """The local path of a file: URL."""
        return pathlib.Path(urllib.parse.unquote(self.path))

    def __str__(self) -> str:
        if self.scheme in ("data", "about"):
            return f"{self.scheme}:{self.opaque}"
        if self.scheme == "file":
            text = f"file://{self.netloc}{self.path}"
        else:
            auth = ""
            if self.username:
                auth = self.username + (f":{self.password}" if self.password else "") + "@"
            text = f"{self.scheme}://{auth}{self.netloc}{self.path}"
        if self.query:
            text += f"?{self.query}"
        if self.fragment:
            text += f"#{self.fragment}"
        return text


def _clean(text: str) -> str:
    text = text.strip(_STRIP)
    return text.replace("\t", "").replace("\n", "").replace("\r", "")


def _normalize_host(raw: str, scheme: str) -> str:
    """Lowercase, IDNA-encode and validate a host (WHATWG "host parser", simplified)."""
    if raw.startswith("["):
        if not raw.endswith("]"):
            raise URLError(f"bad IPv6 address in URL: {raw}")
        try:
            return str(ipaddress.IPv6Address(raw[1:-1]))
        except ValueError:
            raise URLError(f"bad IPv6 address in URL: {raw}") from None
    host = urllib.parse.unquote(raw).rstrip(".") if raw not in ("", ".") else raw
    if not host:
        if scheme == "file":
            return ""
        raise URLError("URL has no host")
    if any(ch in host for ch in " <>^|%/\\?#@[]\x00"):
        raise URLError(f"forbidden character in host: {host!r}")
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise URLError(f"host cannot be encoded (IDNA): {host!r}") from None
    ascii_host = ascii_host.lower()
    if len(ascii_host) > 253 or any(len(label) > 63 for label in ascii_host.split(".")):
        raise URLError(f"host name too long: {host[:80]}")
    return ascii_host


def parse(text: str) -> URL:
    """Parse an absolute URL; raise URLError or UnsupportedScheme with a one-line reason."""
    text = _clean(text)
    if ":" not in text:
        raise URLError(f"not an absolute URL: {text[:200]!r}")
    scheme, _, rest = text.partition(":")
    scheme = scheme.lower()
    if not scheme or not (scheme[0].isalpha() and all(c.isalnum() or c in "+-." for c in scheme)):
        raise URLError(f"not an absolute URL: {text[:200]!r}")
    if scheme in ("data", "about"):
        if scheme == "about":
            return URL("about", path=rest, opaque=rest)
        return URL("data", path="", opaque=rest.split("#", 1)[0])
    if scheme not in DEFAULT_PORTS and scheme != "file":
        raise UnsupportedScheme(f"unsupported URL scheme: {scheme}:")
    rest = rest.replace("\\", "/")
    if scheme == "file" and not rest.startswith("//"):
        rest = "//" + rest if rest.startswith("/") else "///" + rest
    if not rest.startswith("//"):
        raise URLError(f"URL has no host: {text[:200]!r}")
    try:
        parts = urllib.parse.urlsplit(f"{scheme}:{rest}", allow_fragments=True)
    except ValueError as exc:   # "http://[::1/": urllib's own complaint about the brackets
        raise URLError(f"malformed URL ({exc}): {text[:200]!r}") from None
    netloc = parts.netloc
    userinfo, _, hostport = netloc.rpartition("@")
    username, _, password = userinfo.partition(":")
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise URLError(f"bad IPv6 address in URL: {hostport}")
        host_raw, port_raw = hostport[: end + 1], hostport[end + 1:]
        if port_raw and not port_raw.startswith(":"):
            raise URLError(f"bad port in URL: {port_raw}")
        port_raw = port_raw[1:]
    else:
        host_raw, _, port_raw = hostport.partition(":")
    port: int | None = DEFAULT_PORTS.get(scheme)
    explicit = False
    if port_raw:
        if not port_raw.isdigit() or int(port_raw) > 65535:
            raise URLError(f"bad port in URL: {port_raw[:20]!r}")
        port, explicit = int(port_raw), True
    host = _normalize_host(host_raw, scheme)
    path = _remove_dot_segments(parts.path or "/")
    path = urllib.parse.quote(path, safe="/%:@!$&'()*+,;=-._~")
    query = urllib.parse.quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return URL(scheme, host, port, path, query, parts.fragment,
               urllib.parse.unquote(username), urllib.parse.unquote(password), explicit)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, so that `/a/../b` and `/b` are the same resource."""
    out: list[str] = []
    for segment in path.split("/")[1:]:
        if segment in (".", "%2e", "%2E"):
            continue
        if segment in ("..", ".%2e", "%2e.", "%2e%2e", ".%2E", "%2E.", "%2E%2E"):
            if out:
                out.pop()
            continue
        out.append(segment)
    if path.rstrip("/").endswith(("/.", "/..")) or path.endswith(("/.", "/..")):
        out.append("")
    return "/" + "/".join(out)


def resolve(base: URL | None, reference: str) -> URL:
    """Resolve `reference` (an href, src or Location value) against `base`."""
    reference = _clean(reference)
    if ":" in reference.split("/", 1)[0] and not reference.startswith("//"):
        scheme = reference.split(":", 1)[0]
        if scheme and scheme[0].isalpha() and all(c.isalnum() or c in "+-." for c in scheme):
            if base is None or scheme.lower() != base.scheme or scheme.lower() not in DEFAULT_PORTS:
                return parse(reference)
            reference = reference[len(scheme) + 1:]  # "http:foo" relative to an http base
    if base is None:
        raise URLError(f"relative URL without a base: {reference[:200]!r}")
    if base.scheme in ("data", "about"):
        if reference.startswith("#"):
            return URL(base.scheme, path=base.path, opaque=base.opaque, fragment=reference[1:])
        raise URLError(f"cannot resolve {reference[:200]!r} against a {base.scheme}: URL")
    reference = reference.replace("\\", "/")
    try:
        joined = urllib.parse.urljoin(str(base.without_fragment()), reference)
    except ValueError as exc:   # <img src="//["> on a page: an invalid URL, not a crash
        raise URLError(f"malformed URL ({exc}): {reference[:200]!r}") from None
    return parse(joined)


def from_user_input(text: str, cwd: str | None = None) -> URL:
    """What the CLI accepts: an absolute URL, or a local file path."""
    cleaned = _clean(text)
    if not cleaned:
        raise URLError("empty URL")
    head = cleaned.split(":", 1)[0].lower()
    looks_like_url = ":" in cleaned and (head in SPECIAL_SCHEMES or "://" in cleaned)
    if looks_like_url:
        return parse(cleaned)
    if ":" in cleaned and "/" not in head and len(head) > 1 and head.isalpha():
        # "ftp:x", "javascript:..." — a scheme, not a path
        raise UnsupportedScheme(f"unsupported URL scheme: {head}:")
    path = pathlib.Path(os.path.expanduser(cleaned))
    if not path.is_absolute():
        path = pathlib.Path(cwd or os.getcwd()) / path
    return parse(path.resolve().as_uri())
