"""The words `explain` uses to say what a value means: tables, not if-chains.

Each table maps a fact the engine recorded (a status code, where an address
came from, why a connection closed) to one sentence a learner can read next
to the real value.
"""
from __future__ import annotations

# The stages, in the order a page load runs them; the JSON's top-level keys are these plus "timings".
STAGES = ("url", "resolve", "connect", "tls", "http", "parse", "style", "boxes", "layout", "paint", "close")

# Where `pipeline.load` reports each stage (LoadOptions.after_stage) → the explain stage it completes.
PIPELINE_STAGE = {"fetch": "http", "parse": "parse", "style": "style", "boxes": "boxes",
                  "layout": "layout", "paint": "paint"}

STAGE_TITLES = {
    "url": "1. URL", "resolve": "2. Name resolution", "connect": "3. TCP connection", "tls": "4. TLS",
    "http": "5. HTTP", "parse": "6. Parsing", "style": "7. Style", "boxes": "8. Render tree",
    "layout": "9. Layout", "paint": "10. Paint", "close": "12. Closing connections",
}

# RFC 9110 §15: the common status codes and what they tell the browser.
STATUS_MEANINGS = {
    100: "Continue: the server will read the request body",
    101: "Switching Protocols: the connection changes protocol (e.g. WebSocket)",
    200: "OK: the body is the resource that was asked for",
    201: "Created: a new resource was made",
    204: "No Content: success, and there is no body",
    206: "Partial Content: the body is the byte range that was asked for",
    301: "Moved Permanently: the resource lives at Location from now on",
    302: "Found: the resource is at Location for now",
    303: "See Other: fetch Location with GET",
    304: "Not Modified: the cached copy is still good; no body is sent",
    307: "Temporary Redirect: repeat the same request at Location",
    308: "Permanent Redirect: repeat the same request at Location, from now on",
    400: "Bad Request: the server could not understand the request",
    401: "Unauthorized: credentials are needed",
    403: "Forbidden: the server refuses, whoever asks",
    404: "Not Found: nothing is at this path",
    405: "Method Not Allowed: this resource does not take that method",
    408: "Request Timeout: the server gave up waiting for the request",
    410: "Gone: the resource was removed for good",
    413: "Content Too Large: the request body is too big",
    418: "I'm a teapot: an April Fools' code (RFC 2324) some servers still send",
    429: "Too Many Requests: slow down (see Retry-After)",
    500: "Internal Server Error: the server failed",
    501: "Not Implemented: the server does not support the method",
    502: "Bad Gateway: a proxy got a bad answer from upstream",
    503: "Service Unavailable: overloaded or down for maintenance",
    504: "Gateway Timeout: a proxy got no answer from upstream in time",
}

STATUS_CLASSES = {1: "informational", 2: "success", 3: "redirection", 4: "client error", 5: "server error"}


def status_meaning(status: int) -> str:
    """The sentence for a status code; an uncommon code is described by its class (RFC 9110 §15)."""
    if status in STATUS_MEANINGS:
        return STATUS_MEANINGS[status]
    return f"{STATUS_CLASSES.get(status // 100, 'unknown class')} ({status // 100}xx), not a common code"


# net/resolver.py: Answer.source
RESOLVE_SOURCES = {
    "override": "pinned with --resolve: no lookup at all",
    "literal": "the host is already an IP address: nothing to look up",
    "hosts": "found in the hosts file, which is read before any DNS query",
    "localhost": "\"localhost\" always means this machine (RFC 6761 §6.3): no query is sent",
    "cache": "an earlier answer whose TTL has not run out yet",
    "dns": "asked a DNS server (A and AAAA queries at the same time)",
    "system": "no DNS server answered; the operating system's resolver (getaddrinfo) was asked",
}

DEFAULT_PORT_RULE = "RFC 9110 §4.2: 80 for http, 443 for https"

TCP_HANDSHAKE = ("TCP opens a connection with a three-way handshake: the client sends SYN, the server "
                 "answers SYN-ACK, the client sends ACK. connect() returns as soon as the SYN-ACK arrives "
                 "(the ACK goes out without waiting), so the connect time measured here is one network "
                 "round trip to the server.")

TLS_HANDSHAKE = ("TLS runs over the TCP connection before any HTTP byte: the client says which versions, "
                 "ciphers and application protocols (ALPN) it speaks and which host it wants (SNI); the "
                 "server picks, sends its certificate chain, and both derive keys. TLS 1.3 needs one round "
                 "trip for this, TLS 1.2 two. A resumed session skips the certificate.")

# Why a connection closed (net/pool.py and net/http1.py reasons) → what it means, by reason prefix.
CLOSE_REASONS = (
    ("server sent Connection: close", "server", "the server said Connection: close in its response"),
    ("HTTP/1.0 response", "server", "an HTTP/1.0 server closes after each response unless asked otherwise"),
    ("body delimited by connection close", "server",
     "the response had no Content-Length or chunked framing, so its end was the close"),
    ("both Transfer-Encoding and Content-Length", "server",
     "ambiguous framing (RFC 9112 §6.3): the connection cannot be trusted for another request"),
    ("idle timeout", "idle", "idle longer than the pool keeps connections (or the server's Keep-Alive timeout)"),
    ("stale at checkout", "idle", "the server had closed the idle connection before it was reused"),
    ("fetcher closed", "end", "the page load was over: the browser closed its idle connections"),
    ("explain", "end", "explain stopped the run here"),
    ("making room", "pool", "the pool needed a slot for a fresh connection"),
    ("error", "error", "a request on this connection failed"),
    ("interrupted", "error", "the request was interrupted"),
    ("request not fully sent", "error", "the server closed while the request was being sent"),
)


def close_meaning(reason: str) -> tuple[str, str]:
    """(category, sentence) for a close reason recorded by the pool."""
    for prefix, category, sentence in CLOSE_REASONS:
        if reason.startswith(prefix):
            return category, sentence
    return "other", reason


# How the parse stage chose the character encoding (dom.Document.charset_source).
CHARSET_SOURCES = {
    "bom": "a byte order mark wins over every label (HTML Standard §13.2.3.1)",
    "http": "the Content-Type header's charset comes next",
    "meta": "a <meta charset> found by the prescan of the first 1024 bytes",
    "sniffed": "no label anywhere: the bytes were examined",
    "default": "no label anywhere: the default",
    "xml": "XML documents say their encoding in the XML declaration (UTF-8 by default)",
}

# Where a declaration came from (css/cascade.py Candidate.origin), in cascade precedence words.
ORIGIN_WORDS = {"ua": "browser default (UA sheet)", "user": "user sheet", "author": "page",
                "hint": "presentational hint (HTML attribute)"}

# Devtools' box-model colours (Chromium's inspector overlay), RGBA.
OVERLAY_COLORS = {"margin": (246, 178, 107, 168), "border": (255, 229, 153, 168),
                  "padding": (147, 196, 125, 140), "content": (111, 168, 220, 110)}

# Waterfall phase colours, in drawing order.
PHASES = ("dns", "connect", "tls", "send", "wait", "receive")
PHASE_COLORS = {"dns": (0, 150, 136), "connect": (255, 152, 0), "tls": (156, 39, 176),
                "send": (120, 144, 156), "wait": (76, 175, 80), "receive": (33, 150, 243)}
PHASE_WORDS = {"dns": "name lookup", "connect": "TCP handshake", "tls": "TLS handshake",
               "send": "sending the request", "wait": "waiting for the first byte",
               "receive": "receiving the body"}
