"""The network half of `explain`: URL, resolution, TCP, TLS, HTTP and closing, as JSON-able dicts.

Everything here is read from what the network stage recorded during the run:
the `Response` records (exact request and response-head bytes, per-phase
`Timing`, `ConnectionInfo`) and the fetcher's event log (net/events.py:
resolve, connect, tls, request, response, cache, redirect, retry, close).
The log is read defensively — a missing field is shown as missing, never
guessed.
"""
from __future__ import annotations

from typing import Any

from ..net.response import Response
from ..url import DEFAULT_PORTS
from .run import Run
from .tables import (DEFAULT_PORT_RULE, RESOLVE_SOURCES, TCP_HANDSHAKE, TLS_HANDSHAKE, close_meaning,
                     status_meaning)

LOCAL_SCHEMES = {
    "file": "a file: URL names a file on this computer: it is read from disk, with no network at all",
    "data": "a data: URL carries the document inside the URL itself (RFC 2397): nothing is fetched",
    "about": "about:blank is an empty document built into the browser: nothing is fetched",
}
MAX_DATA_PREVIEW = 120


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)


def events(run: Run, kind: str) -> list[dict[str, Any]]:
    if run.fetcher is None:
        return []
    return [e for e in list(run.fetcher.events) if e.get("kind") == kind]


def not_run(run: Run, stage: str) -> str | None:
    """Why a stage has nothing to show: the run stopped or failed before it, or it does not apply."""
    if not run.reached(stage):
        return f"not run: the run stopped after {run.stop_after} (--stop-after)"
    return None


def local_reason(run: Run) -> str | None:
    if run.url is not None and run.url.scheme in LOCAL_SCHEMES:
        return LOCAL_SCHEMES[run.url.scheme]
    return None


def skipped(reason: str, time: float | None = None) -> dict[str, Any]:
    return {"skipped": reason, "time_ms": ms(time)}


# ---------------------------------------------------------------- the document's responses

def document_chain(run: Run) -> list[Response]:
    """The document's redirects, then its final response."""
    response = run.response
    return [*response.history, response] if response is not None else []


def all_responses(run: Run) -> list[Response]:
    """Every response of the load (redirect hops included), in the order the requests started."""
    out = document_chain(run)
    if run.page is not None:
        for sub in run.page.subresources:
            out += [*sub.history, sub]
    first = out[:1]
    rest = sorted(out[1:], key=lambda r: r.timing.start)
    return first + rest


def _doc_phase(run: Run, phase: str) -> float | None:
    chain = [r for r in document_chain(run) if r.url.scheme in ("http", "https")]
    if chain:
        return sum(getattr(r.timing, phase) for r in chain)
    return run.timings.get(phase)


# ---------------------------------------------------------------- 1. URL

def url_section(run: Run) -> dict[str, Any]:
    url = run.url
    out: dict[str, Any] = {"time_ms": ms(run.timings.get("url")), "input": run.input, "href": str(url),
                           "scheme": url.scheme}
    if url.scheme in ("data", "about"):
        meta, _, payload = url.opaque.partition(",")
        out.update({"opaque": url.opaque[:MAX_DATA_PREVIEW],
                    "note": LOCAL_SCHEMES[url.scheme]})
        if url.scheme == "data":
            out.update({"media_type": meta.removesuffix(";base64") or "text/plain;charset=US-ASCII (the default)",
                        "base64": meta.lower().endswith(";base64"), "payload_chars": len(payload)})
        return out
    if url.scheme == "file":
        out.update({"path": str(url.file_path()), "query": url.query, "fragment": url.fragment,
                    "note": LOCAL_SCHEMES["file"]})
        return out
    default = DEFAULT_PORTS.get(url.scheme)
    if not url.explicit_port:
        port_note = f"not written in the URL, so the default for {url.scheme} ({DEFAULT_PORT_RULE})"
    elif url.port == default:
        port_note = f"written in the URL, and equal to {url.scheme}'s default ({default}): left out of Host"
    else:
        port_note = (f"written in the URL; {url.scheme}'s default would be {default}, so the Host header "
                     f"carries it: Host: {url.host_header}")
    out.update({"host": url.host, "port": url.port, "explicit_port": url.explicit_port, "port_note": port_note,
                "path": url.path, "query": url.query, "fragment": url.fragment,
                "fragment_note": "never sent to the server: the browser keeps it to scroll to" if url.fragment
                else "", "request_target": url.request_target, "origin": f"{url.scheme}://{url.netloc}",
                "username": url.username})
    return out


# ---------------------------------------------------------------- 2. resolution

def resolve_section(run: Run) -> dict[str, Any]:
    lookups = [{"host": e.get("host"), "source": e.get("source"),
                "meaning": RESOLVE_SOURCES.get(e.get("source", ""), ""),
                "addresses": e.get("addresses") or [], "ttl": e.get("ttl"), "cnames": e.get("cnames") or [],
                "server": e.get("server"), "transport": e.get("transport"), "time_ms": ms(e.get("elapsed")),
                "at_ms": ms(e.get("t"))}
               for e in events(run, "resolve")]
    if not lookups:
        return skipped(local_reason(run) or not_run(run, "resolve") or _failed(run) or "no host was looked up")
    time = _doc_phase(run, "dns")
    return {"time_ms": ms(time) if time is not None else sum(x["time_ms"] or 0.0 for x in lookups),
            "lookups": lookups}


def _failed(run: Run) -> str | None:
    return f"nothing recorded: the load failed ({run.error.one_line()})" if run.error is not None else None


# ---------------------------------------------------------------- 3. TCP

def connect_section(run: Run) -> dict[str, Any]:
    requests = _requests_per_connection(run)
    connections = [{"id": e.get("conn"), "host": e.get("host"), "port": e.get("port"),
                    "tried": e.get("tried") or [], "peer": e.get("peer"), "local": e.get("local"),
                    "time_ms": ms(e.get("elapsed")), "at_ms": ms(e.get("t")),
                    "requests": requests.get(e.get("conn"), 0)}
                   for e in events(run, "connect")]
    if not connections:
        return skipped(local_reason(run) or not_run(run, "connect") or _failed(run) or "no connection was opened")
    return {"time_ms": ms(_doc_phase(run, "connect")), "handshake": TCP_HANDSHAKE, "connections": connections,
            "retries": [{"conn": e.get("conn"), "url": e.get("url"), "reason": e.get("reason")}
                        for e in events(run, "retry")]}


def _requests_per_connection(run: Run) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for e in events(run, "request"):
        counts[e.get("conn")] = counts.get(e.get("conn"), 0) + 1
    return counts


# ---------------------------------------------------------------- 4. TLS

def tls_section(run: Run) -> dict[str, Any]:
    infos = {r.connection.id: r.connection.tls for r in all_responses(run)
             if r.connection is not None and r.connection.tls is not None}
    probe = run.probe.get("connection")
    if probe is not None and probe.tls is not None:
        infos[probe.id] = probe.tls
    handshakes = []
    for e in events(run, "tls"):
        info = infos.get(e.get("conn"))
        chain = getattr(info, "chain", None) if info is not None else None
        handshakes.append({
            "conn": e.get("conn"), "version": e.get("version"), "cipher": e.get("cipher"),
            "alpn": e.get("alpn"), "session_resumed": bool(e.get("session_reused")),
            "time_ms": ms(e.get("elapsed")),
            "certificate": {"subject": e.get("subject") or "", "issuer": e.get("issuer") or "",
                            "not_before": getattr(info, "not_before", "") if info is not None else "",
                            "not_after": e.get("not_after") or "", "sans": e.get("sans") or []},
            "chain": chain if isinstance(chain, list) else None,
            "verified": bool(e.get("subject")),
        })
    if not handshakes:
        reason = local_reason(run) or not_run(run, "tls") or _failed(run)
        if reason is None and run.url.scheme == "http":
            reason = "http:// is plain text over TCP: there is no TLS handshake (https:// would have one)"
        return skipped(reason or "no TLS connection was made")
    return {"time_ms": ms(_doc_phase(run, "tls")), "handshake": TLS_HANDSHAKE, "handshakes": handshakes}


# ---------------------------------------------------------------- 5. HTTP

def _method(request_bytes: bytes) -> str:
    return request_bytes.split(b" ", 1)[0].decode("latin-1") if request_bytes else "GET"


def _cache_state(response: Response) -> str:
    if not response.from_cache:
        return ""
    if response.request_bytes:
        return "revalidated: 304 Not Modified, body from the cache"
    return "hit: served from the cache, no request sent"


def request_entry(index: int, response: Response, role: str, origin: float) -> dict[str, Any]:
    timing = response.timing
    encoding = response.headers.get("Content-Encoding") or ""
    wire, decoded = response.encoded_size, len(response.body)
    status = response.status
    head_status = response.response_head_bytes.split(b" ", 2)[1:2] if response.response_head_bytes else []
    if head_status and head_status[0].isdigit():
        status = int(head_status[0])     # a 304 that refreshed a cache entry: show what the wire said
    conn = response.connection
    return {
        "index": index, "role": role, "url": str(response.url), "method": _method(response.request_bytes),
        "status": status, "reason": response.reason, "status_meaning": status_meaning(status),
        "http_version": response.http_version, "connection": conn.id if conn else None,
        "reused": bool(conn and conn.reused), "peer": list(conn.peer) if conn and conn.peer else None,
        "request_bytes": response.request_bytes.decode("latin-1"),
        "response_head_bytes": response.response_head_bytes.decode("latin-1"),
        "content_type": response.headers.get("Content-Type") or "",
        "content_encoding": encoding, "body_bytes_on_wire": wire, "body_bytes": decoded,
        "saved_by_compression": max(0, decoded - wire) if encoding else 0,
        "cache": _cache_state(response),
        "timing": {"start_ms": ms(max(0.0, timing.start - origin)) if timing.start else 0.0,
                   "dns_ms": ms(timing.dns), "connect_ms": ms(timing.connect), "tls_ms": ms(timing.tls),
                   "send_ms": ms(timing.send), "wait_ms": ms(timing.wait), "receive_ms": ms(timing.receive),
                   "total_ms": ms(timing.total)},
    }


def http_section(run: Run) -> dict[str, Any]:
    responses = [r for r in all_responses(run) if r.url.scheme in ("http", "https")]
    if not responses:
        return skipped(local_reason(run) or not_run(run, "http") or _failed(run) or "no HTTP request was made")
    chain = set(map(id, document_chain(run)))
    starts = [r.timing.start for r in responses if r.timing.start]
    origin = min(starts) if starts else 0.0
    requests = []
    for i, response in enumerate(responses, 1):
        role = "document" if response is run.response else "redirect" if id(response) in chain else "subresource"
        requests.append(request_entry(i, response, role, origin))
    opened = {e.get("conn") for e in events(run, "connect")}
    summary = {
        "requests": len(requests),
        "sent": sum(1 for r in requests if r["request_bytes"]),
        "connections_opened": len(opened),
        "reused_connection": sum(1 for r in requests if r["reused"]),
        "request_bytes": sum(len(r["request_bytes"]) for r in requests),
        "response_head_bytes": sum(len(r["response_head_bytes"]) for r in requests),
        "body_bytes_on_wire": sum(r["body_bytes_on_wire"] for r in requests if not r["cache"].startswith("hit")),
        "saved_by_compression": sum(r["saved_by_compression"] for r in requests),
        "cache_hits": sum(1 for r in requests if r["cache"].startswith("hit")),
        "not_modified": sum(1 for r in requests if r["status"] == 304),
    }
    errors = list(run.page.subresource_errors) if run.page is not None else []
    time = sum(r.timing.send + r.timing.wait + r.timing.receive for r in document_chain(run))
    # when each document stage finished, on the waterfall's clock: subresources wait for the stage that finds them
    marks = [{"stage": stage, "at_ms": ms(at - origin)} for stage, at in run.finished_at.items()
             if stage != "http" and origin and at > origin]
    return {"time_ms": ms(time), "requests": requests, "summary": summary, "errors": errors, "stage_marks": marks,
            "cache_events": [{"url": e.get("url"), "result": e.get("result")} for e in events(run, "cache")],
            "redirects": [{"status": e.get("status"), "from": e.get("source"), "to": e.get("target")}
                          for e in events(run, "redirect")]}


# ---------------------------------------------------------------- 12. closing

def close_section(run: Run) -> dict[str, Any]:
    closed = []
    for e in events(run, "close"):
        category, meaning = close_meaning(str(e.get("reason", "")))
        closed.append({"conn": e.get("conn"), "host": e.get("host"), "port": e.get("port"),
                       "requests": e.get("requests"), "reason": e.get("reason"), "category": category,
                       "meaning": meaning, "at_ms": ms(e.get("t"))})
    if not closed:
        reason = local_reason(run) or (not_run(run, "connect") if run.stop_after in ("url", "resolve") else None)
        return skipped(reason or _failed(run) or "no connection was opened", run.timings.get("close"))
    return {"time_ms": ms(run.timings.get("close")), "connections": closed}
