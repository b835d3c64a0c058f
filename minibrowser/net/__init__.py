"""The network stage: URL → Response (see DESIGN.md, and net/fetcher.py to start reading)."""
from .fetcher import BlockedRequest, FetchOptions, Fetcher
from .response import ConnectionInfo, Headers, Response, Timing, TLSInfo

__all__ = ["BlockedRequest", "ConnectionInfo", "FetchOptions", "Fetcher", "Headers", "Response",
           "TLSInfo", "Timing"]
