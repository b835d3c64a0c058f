"""`--dump STAGE`: print what a stage made.  Every dump names elements by path
(DESIGN.md: `html[1]/body[1]/div[2]`), so a dump can be diffed with another
engine's.  All walks are iterative.
"""
from __future__ import annotations

import json
from typing import Any

from .css.computed import ATTRS
from .css.properties import PROPERTY_LIST
from .css.properties import Num
from .css.values import RGBA, CalcPct, Pct
from .dom import ElementPaths
from .errors import sanitize
from .layout.tree import INLINE, MARKER, TEXT, Box


def dump(page, stage: str) -> str:
    return {"dom": dump_dom, "style": dump_style, "boxes": dump_boxes, "layout": dump_layout,
            "layout-json": dump_layout_json, "display-list": dump_display_list}[stage](page)


def dump_dom(page) -> str:
    doc = page.document
    lines = [f"#document charset={doc.charset} ({doc.charset_source}: {doc.charset_reason}) "
             f"mode={doc.quirks_mode} parse_errors={doc.parse_errors}"]
    stack: list[tuple[Any, int]] = [(doc.root, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            lines.append("  " * depth + repr(node))
            continue
        if not isinstance(node.tag, str):
            lines.append("  " * depth + "<!-- comment -->")
            if node.tail and node.tail.strip():
                lines.append("  " * depth + repr(" ".join(node.tail.split())[:200]))
            continue
        attrs = "".join(f' {k}="{v}"' for k, v in node.attrib.items())
        lines.append("  " * depth + f"<{node.tag}{attrs}>")
        items: list = []
        if node.text and node.text.strip():
            items.append((" ".join(node.text.split())[:200], depth + 1))
        for child in node:
            items.append((child, depth + 1))
            if child.tail and child.tail.strip():
                items.append((" ".join(child.tail.split())[:200], depth + 1))
        stack.extend(reversed(items))
    return sanitize("\n".join(lines), keep_newlines=True) + "\n"


def format_value(value: Any) -> str:
    if isinstance(value, RGBA):
        return value.hex() if value.a < 1 else f"rgb({value.r}, {value.g}, {value.b})"
    if isinstance(value, float):
        return f"{value:g}px" if value == value else "NaN"
    if isinstance(value, Pct):
        return f"{value.value:g}%"
    if isinstance(value, tuple):
        return " ".join(format_value(v) if not isinstance(v, str) else v for v in value) or "none"
    return str(value)


def describe_candidate(cand) -> str:
    """Where a declaration comes from: sheet URL and line, selector, specificity, then origin."""
    decl = cand.declaration
    origin = cand.origin + (" !important" if decl.important else "")
    if decl.rule is None:
        what = "style attribute" if cand.selector == 'style=""' else cand.selector
        return f"{what} {origin}"
    line = f":{decl.line}" if decl.line else ""
    return f"{decl.rule.sheet.url}{line} {cand.selector} {tuple(cand.specificity[:3])} {origin}"


def dump_style(page) -> str:
    """Every element's computed values, each with what won it (CSS Cascade 4): the winning
    declaration, "inherited from PATH" (the ancestor that declared it) or "initial"."""
    styled = page.styled
    paths = ElementPaths(page.document.root)
    out: list[str] = []
    for sheet in styled.sheets:
        out.append(f"sheet {sheet.url} ({sheet.origin}): {len(sheet.rules)} rules, "
                   f"{sheet.dropped_declarations} invalid declarations dropped, "
                   f"{sheet.unknown_properties} unknown properties, {sheet.dropped_rules} rules dropped")
    attr_sheet = styled.style_attr_sheet
    if attr_sheet is not None:
        out.append(f"style attributes: {attr_sheet.dropped_declarations} invalid declarations dropped, "
                   f"{attr_sheet.unknown_properties} unknown properties")
    inherited = [p for p in PROPERTY_LIST if p.inherited]
    # element -> {property: the element whose declaration it inherits, or None (initial)}
    declared_in: dict = {}
    for element in page.document.elements():
        style = styled.styles.get(element)
        if style is None:
            continue
        path = paths(element)
        winners = {cand.declaration.name: cand for cand in styled.candidates.get(element, ())}
        parent = paths.parent.get(element)
        from_parent = declared_in.get(parent, {})
        mine = {}
        for prop in inherited:
            mine[prop.name] = element if prop.name in winners else from_parent.get(prop.name)
        declared_in[element] = mine
        out.append(path)
        out.extend(_style_lines(style, winners, mine, paths))
        for pseudo in ("before", "after", "marker"):
            pstyle = styled.pseudo_styles.get((element, pseudo))
            if pstyle is not None:
                out.append(f"{path}::{pseudo}")
                pwinners = {c.declaration.name: c for c in styled.candidates.get((element, pseudo), ())}
                pmine = {name: element if name in winners else holder for name, holder in mine.items()}
                out.extend(_style_lines(pstyle, pwinners, pmine, paths))
    return sanitize("\n".join(out), keep_newlines=True) + "\n"


UNITLESS = {"font-weight", "opacity", "z-index", "tab-size"}


def style_value(name: str, value: Any) -> str:
    """A computed value as CSS text: px lengths, rgb()/rgba() colours, numbers where unitless."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, RGBA):
        return f"rgb({value.r}, {value.g}, {value.b})" if value.a >= 1 else \
            f"rgba({value.r}, {value.g}, {value.b}, {value.a:g})"
    if isinstance(value, Num) or (name in UNITLESS and isinstance(value, (int, float))):
        return f"{value:g}"
    if isinstance(value, float):
        return f"{value:g}px"
    if isinstance(value, Pct):
        return f"{value.value:g}%"
    if isinstance(value, CalcPct):
        return "calc(" + repr(value.expr) + ")"
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):  # content, quotes, counters: a list of items
            return " ".join(" ".join(style_value(name, v) for v in item) for item in value)
        return " ".join(style_value(name, v) if not isinstance(v, str) else v for v in value) or "none"
    return str(value)


def _style_lines(style, winners: dict, declared_in: dict, paths: ElementPaths) -> list[str]:
    lines = []
    for prop in PROPERTY_LIST:
        value = style_value(prop.name, getattr(style, prop.attr))
        cand = winners.get(prop.name)
        if cand is not None:
            source = describe_candidate(cand)
        elif prop.inherited and declared_in.get(prop.name) is not None:
            source = f"inherited from {paths(declared_in[prop.name])}"
        else:
            source = "initial"
        lines.append(f"  {prop.name}: {value}  <- {source}")
    return lines


def _label(box: Box, paths: ElementPaths) -> str:
    if box.element is not None and box.element in paths.step:
        name = paths(box.element)
    else:
        name = "(anonymous)" if box.anonymous else ""
    if box.pseudo:
        name += f"::{box.pseudo}"
    return name


def dump_boxes(page) -> str:
    paths = ElementPaths(page.document.root)
    out: list[str] = []
    if page.boxes is None:
        return "(no boxes: the root is display: none)\n"
    stack: list[tuple[Box, int]] = [(page.boxes, 0)]
    while stack:
        box, depth = stack.pop()
        label = _label(box, paths)
        if box.kind == TEXT:
            out.append("  " * depth + f"text {box.text[:60]!r}")
        else:
            anon = " anonymous" if box.anonymous else ""
            level = "inline-level" if box.inline_level else "block-level"
            out.append("  " * depth + f"{box.kind}{anon} {level} {label}".rstrip())
        kids = list(box.children)
        if box.marker is not None:
            kids.insert(0, box.marker)
        stack.extend((c, depth + 1) for c in reversed(kids))
    return sanitize("\n".join(out), keep_newlines=True) + "\n"


def dump_layout(page) -> str:
    paths = ElementPaths(page.document.root)
    layout = page.layout
    out = [f"viewport {layout.viewport[0]:g}x{layout.viewport[1]:g} document_height {layout.document_height:g}"]
    if page.boxes is None:
        return "\n".join(out) + "\n"
    stack: list[tuple[Box, int]] = [(page.boxes, 0)]
    while stack:
        box, depth = stack.pop()
        if box.kind == TEXT:
            continue
        pad = "  " * depth
        out.append(f"{pad}{box.kind} {_label(box, paths)} x={box.x:.2f} y={box.y:.2f} "
                   f"w={box.width:.2f} h={box.height:.2f}")
        if box.lines:
            for line in box.lines:
                out.append(f"{pad}  line x={line.x:.2f} y={line.y:.2f} w={line.width:.2f} h={line.height:.2f} "
                           f"baseline={line.baseline:.2f}")
                for frag in line.fragments:
                    if frag.kind == TEXT:
                        out.append(f"{pad}    text x={frag.x:.2f} y={frag.y:.2f} w={frag.width:.2f} "
                                   f"h={frag.height:.2f} {frag.text!r}")
        kids = [c for c in box.children if c.kind not in (TEXT,)]
        if box.marker is not None:
            kids.insert(0, box.marker)
        stack.extend((c, depth + 1) for c in reversed(kids))
    return sanitize("\n".join(out), keep_newlines=True) + "\n"


def layout_boxes(page) -> list[dict]:
    """The border box of every element that generates a box (chromium_boxes.py format).

    An inline box split around a block (CSS 2.1 §9.2.1.1) reports, as getBoundingClientRect
    does, the union of its parts and of the blocks that split it, each as wide as the line."""
    paths = ElementPaths(page.document.root)
    rects: dict = {}      # element → [left, top, right, bottom], in document order
    stack: list[tuple[Box, Box | None]] = [(page.boxes, None)] if page.boxes is not None else []
    while stack:
        box, parent = stack.pop()
        kids = list(box.children)
        if box.marker is not None:
            kids.insert(0, box.marker)
        stack.extend((child, box) for child in reversed(kids))
        if box.interrupts and parent is not None and box.laid_out:
            block = [parent.content_x, box.y - box.margin[0], parent.content_x + parent.content_width,
                     box.y + box.height + box.margin[2]]
            for element in box.interrupts:
                _union(rects, element, block)
        element = box.element
        if element is None or box.pseudo or box.kind == TEXT or not box.laid_out:
            continue
        if element in rects and box.kind != INLINE:
            continue
        _union(rects, element, [box.x, box.y, box.x + box.width, box.y + box.height])
    boxes: list[dict] = []
    for element, (left, top, right, bottom) in rects.items():
        if right - left == 0 and bottom - top == 0:
            continue
        boxes.append({"path": paths(element), "tag": element.tag, "x": round(left, 2), "y": round(top, 2),
                      "width": round(right - left, 2), "height": round(bottom - top, 2)})
    return boxes


def _union(rects: dict, element, rect: list) -> None:
    old = rects.get(element)
    if old is None:
        rects[element] = rect
    else:
        rects[element] = [min(old[0], rect[0]), min(old[1], rect[1]), max(old[2], rect[2]), max(old[3], rect[3])]


def dump_layout_json(page) -> str:
    layout = page.layout
    doc = {"viewport": [layout.viewport[0], layout.viewport[1]],
           "document_height": round(layout.document_height, 2), "boxes": layout_boxes(page)}
    blob = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return blob.replace('},{"path"', '},\n{"path"') + "\n"


def dump_display_list(page) -> str:
    return sanitize(page.display_list.dump(), keep_newlines=True) + "\n"
