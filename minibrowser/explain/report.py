"""`--report DIR`: a self-contained HTML report of the run.

DIR receives index.html, its pictures (screenshot.png, overlay.png,
waterfall.png) and explain.json — the same data as `--json`.  The page links
to nothing else: no scripts, no web fonts, no external URLs, the CSS inline,
so it opens anywhere, offline.  The markup is well-formed (every element
closed, attributes quoted), so an XML parser reads it as well as an HTML one.
Every piece of page or server text is escaped, and control characters are
replaced, before it is written.
"""
from __future__ import annotations

import html
import json
import os
import re
from typing import Any, Callable

from ..errors import WriteError, sanitize
from .run import Run
from .tables import OVERLAY_COLORS, PHASES, STAGE_TITLES, STAGES

# characters XML 1.0 forbids or HTML calls parse errors, beyond the C0/C1 controls sanitize() replaces
_NONCHARS = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
MAX_HTML_ROWS = 400


def esc(value: Any) -> str:
    text = _NONCHARS.sub("\ufffd", sanitize(str(value), keep_newlines=True))
    return html.escape(text, quote=True)


def fmt_ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms" if value >= 1 else f"{value:.3f} ms"


def kv(rows: list[tuple[str, Any]]) -> str:
    body = "".join(f"<tr><th>{esc(k)}</th><td>{v if isinstance(v, Raw) else esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="kv">{body}</table>'


def table(headers: list[str], rows: list[list[Any]], more: int = 0) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if isinstance(c, Raw) else esc(c)}</td>" for c in row) + "</tr>"
                   for row in rows[:MAX_HTML_ROWS])
    hidden = max(0, len(rows) - MAX_HTML_ROWS) + more
    note = f'<p class="note">{hidden} more rows are in <a href="explain.json">explain.json</a>.</p>' if hidden else ""
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}'


class Raw(str):
    """Markup made here (already escaped), as opposed to text to escape."""


def pre(lines: list[str], more: int = 0, cls: str = "") -> str:
    note = f"\n… {more} more lines are in explain.json" if more else ""
    return f'<pre class="{cls}">{esc(chr(10).join(lines) + note)}</pre>'


def wire(text: str) -> str:
    """Bytes of an HTTP head, one line each, the CR LF that ends every line shown."""
    lines = text.split("\r\n")
    out = "".join(f'{esc(line)}<span class="crlf">\\r\\n</span>\n' for line in lines[:-1])
    if lines[-1]:
        out += esc(lines[-1])
    return f'<pre class="wire">{out}</pre>'


def img(src: str, alt: str, width: int | None = None) -> str:
    size = f' width="{width}"' if width else ""
    return f'<img src="{esc(src)}" alt="{esc(alt)}"{size} />'


# ---------------------------------------------------------------- sections

def _url(s: dict, _files: dict) -> str:
    rows = [("href", s["href"]), ("scheme", s["scheme"])]
    if "host" in s:
        rows += [("host", s["host"]), ("port", f"{s['port']} — {s['port_note']}"), ("path", s["path"]),
                 ("query", s["query"] or "(none)"),
                 ("fragment", (s["fragment"] + " — " + s["fragment_note"]) if s["fragment"] else "(none)"),
                 ("request target", s["request_target"]), ("origin", s["origin"])]
    if s["scheme"] == "file":
        rows.append(("path", s["path"]))
    if s["scheme"] == "data":
        rows += [("media type", s["media_type"]), ("encoding", "base64" if s["base64"] else "percent-encoded"),
                 ("payload", f"{s['payload_chars']} characters")]
    out = kv(rows)
    if "note" in s:
        out += f'<p class="note">{esc(s["note"])}</p>'
    return out


def _resolve(s: dict, _files: dict) -> str:
    rows = [[r["host"], ", ".join(r["addresses"]), Raw(f"<b>{esc(r['source'])}</b> — {esc(r['meaning'])}"),
             r["ttl"] if r["ttl"] is not None else "—", " → ".join(r["cnames"]) or "—",
             f"{r['server']} ({r['transport']})" if r["server"] else "—", fmt_ms(r["time_ms"])]
            for r in s["lookups"]]
    return table(["host", "addresses", "source", "TTL (s)", "CNAME chain", "DNS server", "time"], rows)


def _connect(s: dict, _files: dict) -> str:
    rows = [[f"#{c['id']}", f"{c['host']}:{c['port']}", ", ".join(c["tried"]),
             ":".join(map(str, c["peer"] or [])), ":".join(map(str, c["local"] or [])), fmt_ms(c["time_ms"]),
             c["requests"]] for c in s["connections"]]
    out = table(["conn", "host", "addresses tried", "connected to", "from", "handshake round trip", "requests"], rows)
    for r in s.get("retries", []):
        out += f'<p class="note">Retry: connection #{esc(r["conn"])} died before answering: {esc(r["reason"])}</p>'
    return out + f'<p class="explain">{esc(s["handshake"])}</p>'


def _tls(s: dict, _files: dict) -> str:
    """One row per handshake, then each distinct certificate once, with the connections that saw it."""
    rows = [[f"#{h['conn']}", h["version"], h["cipher"], h["alpn"] or "none",
             "resumed (no certificate exchange)" if h["session_resumed"] else "full handshake", fmt_ms(h["time_ms"])]
            for h in s["handshakes"]]
    out = table(["conn", "version", "cipher", "ALPN", "session", "handshake time"], rows)
    certificates: dict[tuple, list] = {}
    for h in s["handshakes"]:
        cert = h["certificate"]
        certificates.setdefault((cert["subject"], cert["issuer"], cert["not_after"]), []).append(h)
    for handshakes in certificates.values():
        cert, chain = handshakes[0]["certificate"], handshakes[0].get("chain")
        seen = ", ".join(f"#{h['conn']}" for h in handshakes)
        if not cert["subject"]:
            out += f'<p class="note">Connections {esc(seen)}: certificate not verified (--insecure), ' \
                   "so its details were not read.</p>"
            continue
        rows = [("subject", cert["subject"]), ("issued by", cert["issuer"]),
                ("valid", f"{cert['not_before']} → {cert['not_after']}"),
                ("names (SAN)", ", ".join(cert["sans"]) or "(none)")]
        rows.append(("chain", Raw("<br />".join(esc(str(link)) for link in chain)) if chain else
                     "this certificate, signed by the issuer above, whom the trust store (or --cacert) vouches for"))
        out += f"<h3>Certificate presented on connection(s) {esc(seen)}</h3>" + kv(rows)
    return out + f'<p class="explain">{esc(s["handshake"])}</p>'


def _http(s: dict, files: dict) -> str:
    sm = s["summary"]
    out = kv([("requests", sm["requests"]), ("connections opened", sm["connections_opened"]),
              ("requests on a reused connection", sm["reused_connection"]),
              ("request bytes sent", sm["request_bytes"]), ("response head bytes", sm["response_head_bytes"]),
              ("body bytes on the wire", sm["body_bytes_on_wire"]),
              ("saved by compression", f"{sm['saved_by_compression']} bytes"),
              ("cache hits / 304 Not Modified", f"{sm['cache_hits']} / {sm['not_modified']}")])
    if "waterfall" in files:
        out += ("<h3>Waterfall</h3>" + img(files["waterfall"], "request waterfall")
                + '<p class="explain">One row per request, from when it started; the square before each row has '
                "the colour of its connection, so rows with the same colour shared one kept-alive connection. "
                "A reused connection has no lookup or handshake to draw.</p>")
    for r in s["requests"]:
        conn = (f"connection #{r['connection']}, " + ("reused (kept alive)" if r["reused"] else "new")
                if r["connection"] else "no connection")
        t = r["timing"]
        rows = [("status", f"{r['status']} {r['reason']} — {r['status_meaning']}"), ("role", r["role"]),
                ("connection", conn), ("content type", r["content_type"] or "—"),
                ("body", f"{r['body_bytes_on_wire']} bytes on the wire, {r['body_bytes']} decoded"
                 + (f" ({r['content_encoding']}: {r['saved_by_compression']} bytes saved)"
                    if r["content_encoding"] else "")),
                ("cache", r["cache"] or "not from the cache"),
                ("timing", " · ".join(f"{p} {fmt_ms(t[p + '_ms'])}" for p in PHASES) + f" = {fmt_ms(t['total_ms'])}")]
        out += f'<h3 id="req{r["index"]}">[{r["index"]}] {esc(r["method"])} {esc(r["url"])}</h3>' + kv(rows)
        if r["request_bytes"]:
            out += f"<p>Request, {len(r['request_bytes'])} bytes exactly as sent:</p>" + wire(r["request_bytes"])
        if r["response_head_bytes"]:
            out += (f"<p>Response head, {len(r['response_head_bytes'])} bytes exactly as received:</p>"
                    + wire(r["response_head_bytes"]))
    for error in s["errors"]:
        out += f'<p class="note">Failed: {esc(error)}</p>'
    return out


def _parse(s: dict, _files: dict) -> str:
    out = kv([("bytes", s["bytes"]), ("content type", s["content_type"] or "—"),
              ("character encoding", f"{s['charset']}: {s['charset_reason']}"),
              ("why that rule", s["charset_rule"]), ("parser", s["parser"]), ("mode", s["quirks_mode"]),
              ("parse errors recovered", s["parse_errors"]), ("elements", s["elements"]),
              ("text nodes", s["text_nodes"]), ("title", s["title"] or "(none)")])
    return out + "<h3>DOM outline</h3>" + pre(s["outline"], s["outline_more"], "outline")


def _style(s: dict, _files: dict) -> str:
    rows = [[sh["origin"], sh["url"], sh["rules"], sh["declarations"], sh["dropped_declarations"],
             sh["unknown_properties"], sh["dropped_rules"], "; ".join(sh["errors"][:5]) or "—"] for sh in s["sheets"]]
    out = kv([("time", f"finding and parsing sheets {fmt_ms(s['fetch_css_ms'])}, cascade {fmt_ms(s['cascade_ms'])}"),
              ("elements styled", s["elements_styled"]),
              ("styles shared between siblings", s["shared_styles"])])
    out += table(["origin", "sheet", "rules", "declarations", "invalid dropped", "unknown properties",
                  "rules dropped", "why dropped"], rows)
    element = s["element"]
    if element is None:
        return out + '<p class="note">Run with <code>--element SELECTOR</code> to see every declaration that ' \
                     "reaches one element, in cascade order, with the winner marked.</p>"
    if element["first"] is None:
        return out + f'<p class="note">--element {esc(element["selector"])}: no element matches.</p>'
    first = element["first"]
    out += (f"<h3>The cascade for <code>{esc(element['selector'])}</code>: {esc(first['path'])}</h3>"
            f'<p>{element["matches"]} element(s) match; the first is shown. For each property, the declarations '
            "that matched are listed from lowest to highest precedence (origin and !important, then specificity, "
            "then order of appearance); the last one wins.</p>")
    rows = []
    for prop in first["properties"]:
        for row in prop["declarations"]:
            spec = ",".join(map(str, row["specificity"])) if row["specificity"] else "—"
            mark = Raw('<b class="win">✔ wins</b>') if row["winner"] else Raw('<span class="lose">overridden</span>')
            rows.append([prop["property"], row["declaration"], row["selector"], row["origin_words"], spec,
                         f"{row['sheet']}" + (f":{row['line']}" if row["line"] else ""), mark,
                         prop["computed"] if row["winner"] else ""])
    return out + table(["property", "declaration", "selector", "origin", "specificity", "where", "", "computed"], rows)


def _boxes(s: dict, _files: dict) -> str:
    if not s["count"]:
        return f'<p class="note">{esc(s["note"])}</p>'
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(s["by_kind"].items(), key=lambda kv_: -kv_[1]))
    return (kv([("boxes", s["count"]), ("by kind", kinds), ("anonymous", s["anonymous"])])
            + f'<p class="explain">{esc(s["note"])}</p>' + pre(s["outline"], s["outline_more"], "outline"))


def _layout(s: dict, files: dict) -> str:
    out = kv([("viewport", f"{s['viewport'][0]:g} × {s['viewport'][1]:g}"),
              ("document", f"{s['document_width']:g} × {s['document_height']:g}"),
              ("boxes placed", len(s["boxes"]) + s["boxes_more"]), ("line boxes", len(s["lines"]) + s["lines_more"])])
    if "overlay" in files:
        legend = "".join(f'<span class="swatch" style="background:rgba{color[:3] + (round(color[3] / 255, 2),)}">'
                         f"</span>{name} " for name, color in OVERLAY_COLORS.items())
        out += (f'<p class="legend">{legend}<span class="swatch line"></span>line box '
                '<span class="swatch base"></span>baseline <span class="swatch inl"></span>inline box'
                + (f'<span class="swatch hl"></span><code>{esc(files["highlight"])}</code>' if "highlight" in files
                   else "") + "</p>"
                + img(files["overlay"], "layout overlay: margin, border, padding and content of every box"))
    sides = lambda v: " ".join(f"{x:g}" for x in v)   # noqa: E731 (top right bottom left)
    rows = [[b["box"], b["path"] or "—", f"{b['x']:g}", f"{b['y']:g}", f"{b['width']:g}", f"{b['height']:g}",
             sides(b["margin"]), sides(b["border"]), sides(b["padding"])] for b in s["boxes"]]
    out += (f"<details><summary>Box geometry: {len(rows) + s['boxes_more']} boxes (border box, CSS px; sides "
            "top right bottom left)</summary>"
            + table(["box", "path", "x", "y", "width", "height", "margin", "border", "padding"], rows, s["boxes_more"])
            + "</details>")
    rows = [[ln["in"], f"{ln['x']:g}", f"{ln['y']:g}", f"{ln['width']:g}", f"{ln['height']:g}", f"{ln['baseline']:g}",
             ln["fragments"], ln["text"]] for ln in s["lines"]]
    out += (f"<details><summary>Line boxes: {len(rows) + s['lines_more']}</summary>"
            + table(["in", "x", "y", "width", "height", "baseline", "fragments", "text"], rows, s["lines_more"])
            + "</details>")
    return out


def _paint(s: dict, files: dict) -> str:
    kinds = ", ".join(f"{n} {k}" for k, n in s["by_type"].items())
    out = kv([("commands", s["commands"]), ("by type", kinds), ("canvas", s["canvas"])])
    out += f'<p class="explain">{esc(s["order"])}</p>'
    return out + "<h3>Display list, in paint order</h3>" + pre(s["list"], s["list_more"], "outline")


def _close(s: dict, _files: dict) -> str:
    rows = [[f"#{c['conn']}", f"{c['host']}:{c['port']}", c["requests"], c["reason"], c["meaning"]]
            for c in s["connections"]]
    return table(["conn", "host", "requests carried", "reason", "what it means"], rows)


RENDERERS: dict[str, Callable[[dict, dict], str]] = {
    "url": _url, "resolve": _resolve, "connect": _connect, "tls": _tls, "http": _http, "parse": _parse,
    "style": _style, "boxes": _boxes, "layout": _layout, "paint": _paint, "close": _close,
}

CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0; background: #f6f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0; } h1 code { font-size: 18px; word-break: break-all; }
section { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 18px 14px; margin: 16px 0; }
h2 { font-size: 18px; border-bottom: 1px solid #d8dee4; padding-bottom: 4px; }
h2 .t { float: right; font-weight: normal; color: #57606a; font-size: 14px; }
h3 { font-size: 15px; margin: 18px 0 6px; word-break: break-all; }
table { border-collapse: collapse; margin: 6px 0; font-size: 13px; }
table.kv th { text-align: left; padding: 2px 14px 2px 0; color: #57606a; font-weight: normal; vertical-align: top; white-space: nowrap; }
table.grid th, table.grid td { border: 1px solid #d0d7de; padding: 2px 6px; vertical-align: top; text-align: left; }
table.grid thead th { background: #f6f8fa; }
pre { background: #f6f8fa; border: 1px solid #d8dee4; padding: 8px; overflow-x: auto; font-size: 12px; line-height: 1.4; }
pre.wire { background: #0d1117; color: #e6edf3; } .crlf { color: #7d8590; }
pre.outline { max-height: 480px; overflow: auto; }
.note { color: #57606a; font-style: italic; } .explain { color: #3d444d; max-width: 80ch; }
.skip { color: #57606a; }
.win { color: #1a7f37; } .lose { color: #8c959f; }
img { max-width: 100%; border: 1px solid #d0d7de; }
.swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 10px; vertical-align: -1px; border: 1px solid #8c959f; }
.swatch.line { border: 2px solid rgb(0, 150, 136); background: transparent; }
.swatch.base { background: rgb(229, 57, 53); height: 2px; vertical-align: 3px; border: 0; }
.swatch.inl { border: 2px solid rgb(41, 98, 255); background: transparent; }
.swatch.hl { border: 2px solid rgb(216, 27, 196); background: transparent; }
nav table td { padding: 1px 8px 1px 0; } .bar { display: inline-block; height: 10px; background: #0969da; }
"""


def _overview(data: dict) -> str:
    times = [(stage, data[stage].get("time_ms")) for stage in STAGES]
    top = max([t for _, t in times if t] + [1.0])
    rows = "".join(
        f'<tr><td><a href="#{stage}">{esc(STAGE_TITLES[stage])}</a></td><td>{esc(fmt_ms(t))}</td>'
        f'<td><span class="bar" style="width:{round(300 * (t or 0) / top)}px"></span></td>'
        f'<td class="skip">{esc(data[stage].get("skipped", ""))}</td></tr>' for stage, t in times)
    shot = '<tr><td><a href="#screenshot">11. Final screenshot</a></td><td></td><td></td><td></td></tr>'
    rows = rows.replace('<tr><td><a href="#close">', shot + '<tr><td><a href="#close">')
    return f"<nav><table>{rows}</table></nav>"


def render_html(data: dict, files: dict[str, str]) -> str:
    url = data["url"]["href"]
    timing = data["timings"]
    parts = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" />',
             f"<title>minibrowser explain: {esc(url)}</title><style>{CSS}</style></head><body><main>",
             f"<h1>What happened when minibrowser loaded <code>{esc(url)}</code></h1>",
             f"<p>Every value below was recorded during this load, in {esc(fmt_ms(timing.get('total')))}. "
             'The same data is in <a href="explain.json">explain.json</a>.</p>']
    if timing.get("error"):
        parts.append(f'<p class="note">The load failed: {esc(timing["error"])}</p>')
    if timing.get("stopped_after"):
        parts.append(f'<p class="note">The run stopped after {esc(timing["stopped_after"])} (--stop-after).</p>')
    parts.append(_overview(data))
    for stage in STAGES:
        section = data[stage]
        parts.append(f'<section id="{stage}"><h2>{esc(STAGE_TITLES[stage])} '
                     f'<span class="t">{esc(fmt_ms(section.get("time_ms")))}</span></h2>')
        parts.append(f'<p class="skip">{esc(section["skipped"])}</p>' if "skipped" in section
                     else RENDERERS[stage](section, files))
        parts.append("</section>")
        if stage == "paint":
            parts.append('<section id="screenshot"><h2>11. Final screenshot '
                         f'<span class="t">{esc(fmt_ms(data["paint"].get("raster_ms")))}</span></h2>')
            parts.append(img(files["screenshot"], "the page as minibrowser drew it") if "screenshot" in files
                         else '<p class="skip">not drawn in this run</p>')
            parts.append("</section>")
    steps = ", ".join(f"{k} {v:.1f} ms" for k, v in timing.items() if isinstance(v, float) and k != "total")
    parts.append(f'<section id="timings"><h2>Timings</h2><p>{esc(steps)}</p></section>')
    parts.append("</main></body></html>\n")
    return "".join(parts)


def _box_of(run: Run, selector: str | None):
    """The first box of the first element matching --element, to outline in the overlay."""
    from ..layout import iter_boxes
    from .page_sections import matching_elements

    document, layout = run.outputs.get("parse"), run.outputs.get("layout")
    if not selector or document is None or layout is None:
        return None
    matches = matching_elements(document, selector)
    if not matches:
        return None
    return next((box for box in iter_boxes(layout.root) if box.element is matches[0] and not box.pseudo), None)


def write_report(directory: str, data: dict, run: Run, selector: str | None = None) -> str:
    """Write DIR/index.html and the files it shows; return the path of index.html."""
    from .overlay import draw_overlay
    from .waterfall import draw_waterfall

    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {directory}: {exc.strerror or exc}") from None
    files: dict[str, str] = {}
    pictures: list[tuple[str, Any]] = []
    if run.screenshot is not None:
        pictures.append(("screenshot", run.screenshot))
        layout = run.outputs.get("layout")
        if layout is not None:
            highlight = _box_of(run, selector)
            if highlight is not None:
                files["highlight"] = selector     # named in the overlay's legend
            pictures.append(("overlay", draw_overlay(run.screenshot, layout.root, highlight)))
    requests = data["http"].get("requests") or []
    if requests:
        pictures.append(("waterfall", draw_waterfall(requests, data["http"].get("stage_marks", []))))
    for name, picture in pictures:
        files[name] = f"{name}.png"
        _write(os.path.join(directory, files[name]), lambda h, p=picture: p.save(h, format="PNG"))
    blob = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    _write(os.path.join(directory, "explain.json"), lambda h: h.write(blob.encode("utf-8")))
    page = render_html(data, files)
    index = os.path.join(directory, "index.html")
    _write(index, lambda h: h.write(page.encode("utf-8")))
    return index


def _write(path: str, writer) -> None:
    """Atomically, and readable by others like any file a program writes (a report may be served)."""
    from ..cli import write_atomically

    write_atomically(path, writer)
    try:
        os.chmod(path, 0o644)
    except OSError:
        pass
