"""The document half of `explain`: parsing, style, render tree, layout and paint, as JSON-able dicts.

Each function reads the value its stage handed on — the `Document`, the
`StyledDocument`, the box tree, the laid-out tree, the display list — and
never recomputes anything.  Trees are walked with explicit stacks (a page
may be 100,000 elements deep) and long lists are cut at a stated limit.
"""
from __future__ import annotations

from typing import Any

import cssselect2
import tinycss2

from ..css.properties import PROPERTIES, Num
from ..dom import ElementPaths
from ..dumps import format_value
from ..layout import iter_boxes
from ..layout.tree import INLINE, TEXT, Box
from .net_sections import _failed, ms, not_run, skipped
from .run import Run
from .tables import CHARSET_SOURCES, ORIGIN_WORDS

MAX_OUTLINE = 400        # lines of a DOM or box-tree outline
MAX_GEOMETRY = 3000      # boxes and lines listed in the layout section
MAX_COMMANDS = 3000      # display-list commands listed
MAX_TEXT = 60            # characters of page text in an outline line
# properties whose computed value is a plain number, not px
UNITLESS = frozenset({"font-weight", "opacity", "z-index", "orphans", "widows", "flex-grow", "flex-shrink",
                      "order", "column-count", "fill-opacity", "stroke-opacity"})


MAX_INDENT = 40          # outline levels shown by indentation; deeper lines say their depth
MAX_PATH_STEPS = 32      # steps of an element path; a deeper path starts with "…/"


def indent(depth: int) -> str:
    """Two spaces a level, up to MAX_INDENT levels (a 100,000-deep page must not print 100,000 spaces)."""
    return "  " * depth if depth <= MAX_INDENT else "  " * MAX_INDENT + f"[depth {depth}] "


def short_path(paths: ElementPaths, element) -> str:
    """The DESIGN.md path of `element`, its last MAX_PATH_STEPS steps only (constant cost per element)."""
    steps = []
    node = element
    while node is not None and len(steps) < MAX_PATH_STEPS:
        steps.append(paths.step[node])
        node = paths.parent.get(node)
    return ("…/" if node is not None else "") + "/".join(reversed(steps))


def _missing(run: Run, stage: str) -> dict[str, Any]:
    return skipped(not_run(run, stage) or _failed(run) or f"the {stage} stage did not run")


def element_label(element) -> str:
    """`div#main.note.wide`: what developer tools show for an element."""
    label = str(element.tag)
    if element.get("id"):
        label += "#" + element.get("id")
    label += "".join("." + name for name in (element.get("class") or "").split())
    return label


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


# ---------------------------------------------------------------- 6. parsing

def dom_outline(root) -> tuple[list[str], int]:
    """The element tree with text snippets, indented two spaces per level (iterative)."""
    lines: list[str] = []
    total = 0
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        total += 1
        if len(lines) < MAX_OUTLINE:
            lines.append(indent(depth) + (f'"{node}"' if isinstance(node, str) else f"<{element_label(node)}>"))
        if isinstance(node, str):
            continue
        items: list[tuple[Any, int]] = []
        if node.text and node.text.strip():
            items.append((_snippet(node.text), depth + 1))
        for child in node:
            if isinstance(child.tag, str):
                items.append((child, depth + 1))
            if child.tail and child.tail.strip():
                items.append((_snippet(child.tail), depth + 1))
        stack.extend(reversed(items))
    return lines, total - len(lines)


def parse_section(run: Run) -> dict[str, Any]:
    document = run.outputs.get("parse")
    if document is None:
        return _missing(run, "parse")
    outline, more = dom_outline(document.root)
    counts = document.counts()
    response = run.response
    return {"time_ms": ms(run.timings.get("parse")), "bytes": len(response.body) if response else None,
            "content_type": response.headers.get("Content-Type") if response else None,
            "charset": document.charset, "charset_source": document.charset_source,
            "charset_reason": document.charset_reason, "charset_rule": CHARSET_SOURCES.get(document.charset_source, ""),
            "parser": "XML parser (XHTML)" if document.is_xml else "html5lib (the HTML Standard's tokenizer and tree builder)",
            "quirks_mode": document.quirks_mode, "parse_errors": document.parse_errors,
            "elements": counts["elements"], "text_nodes": counts["text_nodes"], "title": document.title,
            "base_url": str(document.base_url) if document.base_url else None,
            "outline": outline, "outline_more": more}


# ---------------------------------------------------------------- 7. style

def sheet_entry(sheet) -> dict[str, Any]:
    return {"url": sheet.url, "origin": sheet.origin, "rules": len(sheet.rules),
            "declarations": sheet.declaration_count, "dropped_declarations": sheet.dropped_declarations,
            "unknown_properties": sheet.unknown_properties, "dropped_rules": sheet.dropped_rules,
            "skipped_at_rules": sheet.skipped_at_rules, "font_faces": len(sheet.font_faces),
            "errors": sheet.errors[:20]}


def compile_selector(selector: str) -> list:
    """The --element selector, compiled (cssselect2.SelectorError, a ValueError, when it is invalid)."""
    compiled = cssselect2.compile_selector_list(selector)
    if not compiled:
        raise ValueError("empty selector")
    return compiled


def matching_elements(document, selector: str) -> list:
    compiled = compile_selector(selector)
    root = cssselect2.ElementWrapper.from_xml_root(document.root) if document.is_xml \
        else cssselect2.ElementWrapper.from_html_root(document.root)
    return [w.etree_element for w in root.iter_subtree()
            if any(s.pseudo_element is None and s.test(w) for s in compiled)]


def _computed(style, name: str) -> str:
    if name.startswith("--"):
        tokens = style.custom_properties.get(name)
        return tinycss2.serialize(tokens).strip() if tokens is not None else "(invalid at computed-value time)"
    prop = PROPERTIES.get(name)
    if prop is None:
        return ""
    value = getattr(style, prop.attr)
    if isinstance(value, Num) or (name in UNITLESS and isinstance(value, (int, float))):
        return f"{value:g}"
    return format_value(value)


def cascade_for(styled, element, paths: ElementPaths) -> dict[str, Any]:
    """Every declaration that matched `element`, grouped by property, each group in cascade
    order (lowest precedence first, CSS Cascade 4 §6); the last of a group wins."""
    candidates = styled.candidates.get(element, [])
    groups: dict[str, list] = {}
    for cand in candidates:
        groups.setdefault(cand.declaration.name, []).append(cand)
    style = styled.styles.get(element)
    properties = []
    for name, cands in groups.items():
        rows = []
        for i, cand in enumerate(cands):
            decl = cand.declaration
            rule = decl.rule
            spec = cand.specificity
            where = "style attribute" if cand.selector == 'style=""' else \
                "presentational hint" if rule is None else rule.sheet.url
            rows.append({"declaration": decl.source_text or name, "selector": cand.selector,
                         "specificity": list(spec[:3]) if cand.selector not in ('style=""', "presentational hint")
                         else None,
                         "origin": cand.origin, "origin_words": ORIGIN_WORDS.get(cand.origin, cand.origin),
                         "important": decl.important, "sheet": where, "line": decl.line or None,
                         "winner": i == len(cands) - 1})
        properties.append({"property": name, "computed": _computed(style, name) if style is not None else "",
                           "declarations": rows})
    return {"path": short_path(paths, element), "label": element_label(element), "properties": properties,
            "declaration_count": len(candidates)}


def style_section(run: Run, selector: str | None) -> dict[str, Any]:
    styled = run.outputs.get("style")
    if styled is None:
        return _missing(run, "style")
    sheets = [sheet_entry(s) for s in styled.sheets]
    attr = styled.style_attr_sheet
    out: dict[str, Any] = {
        "time_ms": ms((run.timings.get("fetch-css") or 0.0) + (run.timings.get("style") or 0.0)),
        "fetch_css_ms": ms(run.timings.get("fetch-css")), "cascade_ms": ms(run.timings.get("style")),
        "sheets": sheets, "rules": sum(s["rules"] for s in sheets),
        "style_attribute_dropped": attr.dropped_declarations if attr is not None else 0,
        "elements_styled": len(styled.styles), "shared_styles": styled.shared_styles,
        "element": None}
    if selector:
        matches = matching_elements(styled.document, selector)
        paths = ElementPaths(styled.document.root)
        out["element"] = {"selector": selector, "matches": len(matches),
                          "first": cascade_for(styled, matches[0], paths) if matches else None}
    return out


# ---------------------------------------------------------------- 8. render tree

def box_label(box: Box) -> str:
    if box.kind == TEXT:
        return f'text "{_snippet(box.text)}"' if box.text.strip() else "text (white space only)"
    name = element_label(box.element) if box.element is not None else ""
    if box.pseudo:
        name += f"::{box.pseudo}"
    parts = [box.kind, "anonymous" if box.anonymous else "", name,
             "(inline-level)" if box.inline_level else "(block-level)"]
    return " ".join(p for p in parts if p)


def _children(box: Box) -> list[Box]:
    kids = list(box.children)
    if box.marker is not None:
        kids.insert(0, box.marker)
    return kids


def boxes_section(run: Run) -> dict[str, Any]:
    if "boxes" not in run.outputs:
        return _missing(run, "boxes")
    root = run.outputs["boxes"]
    if root is None:
        return {"time_ms": ms(run.timings.get("boxes")), "count": 0, "outline": [],
                "note": "the root element is display: none: nothing is rendered"}
    lines: list[str] = []
    kinds: dict[str, int] = {}
    anonymous = total = 0
    stack: list[tuple[Box, int]] = [(root, 0)]
    while stack:
        box, depth = stack.pop()
        total += 1
        kinds[box.kind] = kinds.get(box.kind, 0) + 1
        anonymous += box.anonymous
        if len(lines) < MAX_OUTLINE:
            lines.append(indent(depth) + box_label(box))
        stack.extend((c, depth + 1) for c in reversed(_children(box)))
    return {"time_ms": ms(run.timings.get("boxes")), "count": total, "anonymous": anonymous, "by_kind": kinds,
            "outline": lines, "outline_more": total - len(lines),
            "note": "Elements with display: none make no box; anonymous boxes wrap inline content that sits "
                    "beside blocks (CSS 2.1 §9.2.1.1) and table parts the markup left out (§17.2.1)."}


# ---------------------------------------------------------------- 9. layout

def _r(value: float) -> float:
    return round(value, 2)


def layout_section(run: Run) -> dict[str, Any]:
    layout = run.outputs.get("layout")
    if layout is None:
        return _missing(run, "layout")
    out: dict[str, Any] = {"time_ms": ms(run.timings.get("layout")),
                           "viewport": [layout.viewport[0], layout.viewport[1]],
                           "document_height": _r(layout.document_height), "document_width": _r(layout.document_width),
                           "boxes": [], "lines": [], "boxes_more": 0, "lines_more": 0}
    if layout.root is None:
        return out
    document = run.outputs.get("parse")
    paths = ElementPaths(document.root) if document is not None else None
    for box in iter_boxes(layout.root):
        if box.kind == TEXT or not box.laid_out:
            continue
        if len(out["boxes"]) >= MAX_GEOMETRY:
            out["boxes_more"] += 1
        else:
            named = box.element is not None and paths is not None and box.element in paths.step
            out["boxes"].append({
                "box": box_label(box), "path": short_path(paths, box.element) if named else None,
                "x": _r(box.x), "y": _r(box.y), "width": _r(box.width), "height": _r(box.height),
                "margin": [_r(v) for v in box.margin], "border": [_r(v) for v in box.border],
                "padding": [_r(v) for v in box.padding]})
        for line in box.lines or ():
            if len(out["lines"]) >= MAX_GEOMETRY:
                out["lines_more"] += 1
                continue
            text = "".join(f.text for f in line.fragments if f.kind == TEXT)
            out["lines"].append({"in": box_label(box), "x": _r(line.x), "y": _r(line.y), "width": _r(line.width),
                                 "height": _r(line.height), "baseline": _r(line.baseline),
                                 "fragments": len(line.fragments), "text": _snippet(text)})
    out["inline_boxes"] = sum(1 for b in out["boxes"] if b["box"].startswith(INLINE + " "))
    return out


# ---------------------------------------------------------------- 10. paint

def paint_section(run: Run) -> dict[str, Any]:
    display_list = run.outputs.get("paint")
    if display_list is None:
        return _missing(run, "paint")
    by_type: dict[str, int] = {}
    for cmd in display_list.commands:
        by_type[type(cmd).__name__] = by_type.get(type(cmd).__name__, 0) + 1
    commands = [c.describe() for c in display_list.commands[:MAX_COMMANDS]]
    return {"time_ms": ms(run.timings.get("paint")), "commands": len(display_list.commands), "by_type": by_type,
            "canvas": display_list.background.hex(), "list": commands,
            "list_more": max(0, len(display_list.commands) - MAX_COMMANDS),
            "order": "CSS 2.1 Appendix E: the canvas background, then the backgrounds and borders of block "
                     "boxes in tree order, then inline content (text, decorations, markers, images), then "
                     "positioned and translucent boxes; later commands paint over earlier ones",
            "raster_ms": ms(run.timings.get("raster")),
            "screenshot_size": list(run.screenshot.size) if run.screenshot is not None else None}
