"""The terminal summary of an `explain` run: one short section per stage, with its time.

Long lists (outlines, display list, subresource heads) are cut here; the
report and --json carry them whole.  Every line goes through
`errors.sanitize`, so a page's text or a server's header can never send an
escape sequence to the terminal.
"""
from __future__ import annotations

from typing import Any, Callable

from ..errors import sanitize
from .tables import STAGE_TITLES, STAGES

OUTLINE_LINES = 24
COMMAND_LINES = 16
BYTES_SHOWN_FOR = ("document", "redirect")   # full request/response heads in the terminal


def fmt_ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms" if value >= 1 else f"{value:.3f} ms"


def _cut(lines: list[str], limit: int, more: int = 0, where: str = "--report or --json") -> list[str]:
    hidden = max(0, len(lines) - limit) + more
    shown = [f"    {line}" for line in lines[:limit]]
    if hidden:
        shown.append(f"    … {hidden} more ({where} shows all)")
    return shown


def render(data: dict[str, Any]) -> str:
    out: list[str] = []
    for stage in STAGES:
        section = data[stage]
        out.append("")
        out.append(f"── {STAGE_TITLES[stage]} ({fmt_ms(section.get('time_ms'))}) " + "─" * 20)
        if "skipped" in section:
            out.append(f"  {section['skipped']}")
        else:
            out += RENDERERS[stage](section)
        if stage == "paint" and "skipped" not in section:
            out.append("")
            shot = section.get("screenshot_size")
            out.append("── 11. Final screenshot " + "─" * 20)
            out.append(f"  {shot[0]}x{shot[1]} px, rasterized in {fmt_ms(section.get('raster_ms'))}; "
                       "--report DIR writes it" if shot else "  not drawn in this run")
    timing = data["timings"]
    out.append("")
    steps = "  ".join(f"{k} {v:.1f}" for k, v in timing.items() if isinstance(v, float) and k != "total")
    out.append(f"Timings (ms): {steps}")
    out.append(f"Total: {fmt_ms(timing.get('total'))}")
    if timing.get("error"):
        out.append(f"The load failed: {timing['error']}")
    return sanitize("\n".join(out).lstrip("\n"), keep_newlines=True) + "\n"


def _url(s: dict) -> list[str]:
    lines = [f"  {s['href']}", f"  scheme   {s['scheme']}"]
    if "note" in s:
        lines.append(f"  {s['note']}")
    if s["scheme"] == "data":
        lines.append(f"  media type {s['media_type']}, {'base64' if s['base64'] else 'percent-encoded'}, "
                     f"{s['payload_chars']} characters of payload")
    if s["scheme"] == "file":
        lines.append(f"  path     {s['path']}")
    if "host" in s:
        lines += [f"  host     {s['host']}", f"  port     {s['port']}: {s['port_note']}",
                  f"  path     {s['path']}", f"  query    {s['query'] or '(none)'}",
                  f"  fragment {s['fragment'] or '(none)'}" + (f": {s['fragment_note']}" if s["fragment"] else ""),
                  f"  the request line will ask for {s['request_target']}"]
    return lines


def _resolve(s: dict) -> list[str]:
    """One line per distinct answer (each new connection asks again; the same answer is counted)."""
    lines = []
    groups: dict[tuple, list[dict]] = {}
    for look in s["lookups"]:
        key = (look["host"], look["source"], tuple(look["addresses"]), tuple(look["cnames"]), look["server"])
        groups.setdefault(key, []).append(look)
    for looks in groups.values():
        look = looks[0]
        ttl = f", TTL {look['ttl']} s" if look["ttl"] is not None else ""
        cname = f", via CNAME {' → '.join(look['cnames'])}" if look["cnames"] else ""
        server = f" from {look['server']} over {look['transport']}" if look["server"] else ""
        times = ", ".join(fmt_ms(x["time_ms"]) for x in looks[:6]) + (", …" if len(looks) > 6 else "")
        count = f" ({len(looks)} lookups: {times})" if len(looks) > 1 else f" in {times}"
        lines.append(f"  {look['host']} → {', '.join(look['addresses'])} [{look['source']}{server}{ttl}{cname}]{count}")
        lines.append(f"    {look['meaning']}")
    return lines


def _connect(s: dict) -> list[str]:
    lines = []
    for c in s["connections"]:
        peer = c["peer"] or ["?", "?"]
        local = c["local"] or ["?", "?"]
        lines.append(f"  connection #{c['id']}: tried {', '.join(c['tried'])}; connected to {peer[0]} port {peer[1]} "
                     f"from port {local[1]} in {fmt_ms(c['time_ms'])}; carried {c['requests']} request(s)")
    for r in s.get("retries", []):
        lines.append(f"  retry: connection #{r['conn']} died before answering ({r['reason']})")
    lines.append(f"  {s['handshake']}")
    return lines


def _tls(s: dict) -> list[str]:
    lines = []
    shown: dict[tuple, int] = {}
    for h in s["handshakes"]:
        cert = h["certificate"]
        lines.append(f"  connection #{h['conn']}: {h['version']}, cipher {h['cipher']}, ALPN {h['alpn'] or 'none'}, "
                     f"{'session resumed' if h['session_resumed'] else 'full handshake'}, {fmt_ms(h['time_ms'])}")
        key = (cert["subject"], cert["issuer"], cert["not_after"])
        if cert["subject"] and key in shown:
            lines.append(f"    the same certificate as connection #{shown[key]}")
        elif cert["subject"]:
            shown[key] = h["conn"]
            lines += [f"    certificate subject {cert['subject']}", f"      issued by {cert['issuer']}",
                      f"      valid {cert['not_before']} → {cert['not_after']}",
                      f"      names {', '.join(cert['sans']) or '(none)'}"]
        else:
            lines.append("    certificate not verified (--insecure): its details were not read")
    return lines


def _http(s: dict) -> list[str]:
    sm = s["summary"]
    lines = [f"  {sm['requests']} request(s) on {sm['connections_opened']} new connection(s); "
             f"{sm['reused_connection']} reused a kept-alive connection; {sm['cache_hits']} cache hit(s), "
             f"{sm['not_modified']} 304(s); {sm['saved_by_compression']} bytes saved by compression"]
    for r in s["requests"]:
        conn = f"conn #{r['connection']} {'reused' if r['reused'] else 'new'}" if r["connection"] else "no connection"
        cache = f"; cache {r['cache']}" if r["cache"] else ""
        lines.append(f"  [{r['index']}] {r['method']} {r['url']} → {r['status']} {r['reason']} "
                     f"({r['role']}, {conn}{cache}, {fmt_ms(r['timing']['total_ms'])})")
        lines.append(f"      {r['status_meaning']}")
        if r["content_encoding"]:
            lines.append(f"      Content-Encoding {r['content_encoding']}: {r['body_bytes_on_wire']} bytes on the "
                         f"wire → {r['body_bytes']} decoded ({r['saved_by_compression']} saved)")
        if r["role"] in BYTES_SHOWN_FOR:
            if r["request_bytes"]:
                lines.append(f"      request, {len(r['request_bytes'])} bytes (each line ends in CR LF):")
                lines += [f"      > {line}" for line in r["request_bytes"].split("\r\n")[:-2]]
            if r["response_head_bytes"]:
                lines.append(f"      response head, {len(r['response_head_bytes'])} bytes:")
                lines += [f"      < {line}" for line in r["response_head_bytes"].split("\r\n")[:-2]]
    if any(r["role"] not in BYTES_SHOWN_FOR for r in s["requests"]):
        lines.append("  (--report or --json show the exact bytes of every request)")
    for error in s["errors"][:10]:
        lines.append(f"  failed: {error}")
    return lines


def _parse(s: dict) -> list[str]:
    lines = [f"  {s['bytes']} bytes decoded as {s['charset']}: {s['charset_reason']}",
             f"    ({s['charset_rule']})",
             f"  {s['parser']}; {s['quirks_mode']} mode; {s['parse_errors']} parse error(s) recovered",
             f"  {s['elements']} elements, {s['text_nodes']} text nodes; title {s['title']!r}"]
    return lines + _cut(s["outline"], OUTLINE_LINES, s["outline_more"])


def _style(s: dict) -> list[str]:
    lines = [f"  {len(s['sheets'])} sheet(s), {s['rules']} rules, {s['elements_styled']} elements styled "
             f"(fetching sheets {fmt_ms(s['fetch_css_ms'])}, cascade {fmt_ms(s['cascade_ms'])})"]
    for sheet in s["sheets"]:
        lines.append(f"    {sheet['origin']:6} {sheet['url']}: {sheet['rules']} rules, {sheet['declarations']} "
                     f"declarations; dropped {sheet['dropped_declarations']} invalid, "
                     f"{sheet['unknown_properties']} unknown properties, {sheet['dropped_rules']} rules")
        for error in sheet["errors"][:3]:
            lines.append(f"        {error}")
    element = s["element"]
    if element is None:
        lines.append("  (--element SELECTOR shows every declaration that reaches one element, winner marked)")
    elif element["first"] is None:
        lines.append(f"  --element {element['selector']}: no element matches")
    else:
        first = element["first"]
        lines.append(f"  --element {element['selector']}: {element['matches']} match(es); the first is "
                     f"{first['path']} — its declarations in cascade order, ✔ = the winner:")
        for prop in first["properties"]:
            lines.append(f"    {prop['property']} = {prop['computed']}")
            for row in prop["declarations"]:
                mark = "✔" if row["winner"] else "✗"
                spec = ",".join(map(str, row["specificity"])) if row["specificity"] else "-"
                line = f":{row['line']}" if row["line"] else ""
                lines.append(f"      {mark} {row['declaration']}   ← {row['selector']} ({row['origin_words']}, "
                             f"specificity {spec}, {row['sheet']}{line})")
    return lines


def _boxes(s: dict) -> list[str]:
    if not s["count"]:
        return [f"  {s['note']}"]
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(s["by_kind"].items(), key=lambda kv: -kv[1]))
    return ([f"  {s['count']} boxes ({kinds}); {s['anonymous']} anonymous", f"  {s['note']}"]
            + _cut(s["outline"], OUTLINE_LINES, s["outline_more"]))


def _layout(s: dict) -> list[str]:
    lines = [f"  viewport {s['viewport'][0]:g}x{s['viewport'][1]:g}; document {s['document_width']:g}x"
             f"{s['document_height']:g}; {len(s['boxes']) + s['boxes_more']} boxes placed, "
             f"{len(s['lines']) + s['lines_more']} line boxes"]
    rows = []
    for b in s["boxes"]:
        m, bo, p = b["margin"], b["border"], b["padding"]
        rows.append(f"{b['box']}: {b['width']:g}x{b['height']:g} at ({b['x']:g},{b['y']:g}) "
                    f"margin {_sides(m)} border {_sides(bo)} padding {_sides(p)}")
    lines += _cut(rows, OUTLINE_LINES, s["boxes_more"])
    lines.append("  (--report DIR draws the overlay: margin orange, border yellow, padding green, content blue, "
                 "baselines red)")
    return lines


def _sides(values: list[float]) -> str:
    return f"{values[0]:g}" if len(set(values)) == 1 else "/".join(f"{v:g}" for v in values)


def _paint(s: dict) -> list[str]:
    kinds = ", ".join(f"{n} {k}" for k, n in s["by_type"].items())
    return ([f"  {s['commands']} commands ({kinds}) on a {s['canvas']} canvas", f"  {s['order']}"]
            + _cut(s["list"], COMMAND_LINES, s["list_more"]))


def _close(s: dict) -> list[str]:
    return [f"  connection #{c['conn']} to {c['host']}:{c['port']} after {c['requests']} request(s): "
            f"{c['reason']} — {c['meaning']}" for c in s["connections"]]


RENDERERS: dict[str, Callable[[dict], list[str]]] = {
    "url": _url, "resolve": _resolve, "connect": _connect, "tls": _tls, "http": _http, "parse": _parse,
    "style": _style, "boxes": _boxes, "layout": _layout, "paint": _paint, "close": _close,
}
assert set(RENDERERS) == set(STAGES)
