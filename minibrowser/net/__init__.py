"""The network stage: URL → Response (DESIGN.md).

Read it in this order, each module one idea:
  url (in the package root)  what a URL is and how relative ones resolve
  response.py    the record handed to the rest of the browser
  fetcher.py     the entry point: schemes, redirects, cookies, cache, decoding
  transport.py   one request/response exchange over a pooled connection, and the retry rule
  http1.py       HTTP/1.1 syntax and framing, without I/O (every RFC 9112 rule it enforces is listed)
  pool.py        keep-alive connections shared between threads
  connection.py  Happy Eyeballs, timeouts and TLS
  resolver.py    hosts file, TTL cache, DNS stub, system fallback
  decoding.py    gzip, deflate, br, with a size limit
  cookies.py, cache.py, local.py (file:, data:, about:blank), events.py (the log `explain` reads)
  cli_fetch.py   `minibrowser fetch`, a small curl
"""
from .fetcher import BlockedRequest, FetchOptions, Fetcher
from .response import ConnectionInfo, Headers, Response, Timing, TLSInfo

__all__ = ["BlockedRequest", "ConnectionInfo", "FetchOptions", "Fetcher", "Headers", "Response",
           "TLSInfo", "Timing"]
