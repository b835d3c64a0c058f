"""`minibrowser why URL SELECTOR PROPERTY`: why does this element have this value?

Loads the page up to the style stage (fetch, parse, every stylesheet, the
cascade in explain mode), finds the first element in document order that
matches SELECTOR (a `::before`, `::after` or `::marker` at its end selects
that pseudo-element), and prints every declaration of PROPERTY that applies
to it, in cascade order (CSS Cascade 4 §6: origin and importance, then
specificity, then order of appearance) — the last one is the winner, marked
with `*`.  With no declaration the value is inherited (from which ancestor)
or initial.  A shorthand PROPERTY is answered for each of its longhands.

    $ minibrowser why page.html 'p.note' color
    html[1]/body[1]/p[2] color: rgb(0, 128, 0)
        UA stylesheet:38 ... ua
      * https://example.com/site.css:12 p.note (0, 1, 1) author  color: green

Errors (bad selector, unknown property, nothing matches, the page cannot be
loaded) are one line on stderr with a non-zero exit status.
"""
from __future__ import annotations

import argparse
import sys

import cssselect2

from ..errors import ExitCode, UsageError, sanitize
from .properties import ALIASES, PROPERTIES
from .shorthands import LONGHANDS

PSEUDO_SUFFIXES = ("::before", "::after", "::marker")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not argparse's usage block
        raise UsageError(f"why: {message} (usage: minibrowser why URL SELECTOR PROPERTY)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="minibrowser why",
                                     description="Explain one computed value: every matching declaration "
                                                 "in cascade order, the winner marked.")
    parser.add_argument("url", help="the page (URL or local path)")
    parser.add_argument("selector", help="CSS selector; the first matching element is explained")
    parser.add_argument("property", help="a CSS property, e.g. color or margin-top (shorthands too)")
    parser.add_argument("--width", type=int, default=800, help="viewport width for media queries (800)")
    parser.add_argument("--height", type=int, default=600, help="viewport height (600)")
    parser.add_argument("--user-css", metavar="FILE", help="a user stylesheet")
    return parser


def longhands_of(name: str) -> tuple[str, ...]:
    """The longhands a property name stands for, or UsageError for an unknown one."""
    name = name.strip().lower()
    name = ALIASES.get(name, name)
    if name in PROPERTIES:
        return (name,)
    if name in LONGHANDS:
        return LONGHANDS[name]
    raise UsageError(f"unknown CSS property: {name}")


def split_pseudo(selector: str) -> tuple[str, str | None]:
    for suffix in PSEUDO_SUFFIXES:
        if selector.rstrip().lower().endswith(suffix):
            return selector.rstrip()[: -len(suffix)] or "*", suffix[2:]
    return selector, None


def explain(styled, element, pseudo: str | None, names: tuple[str, ...], paths) -> list[str]:
    """The report lines for one element (or its pseudo-element) and some longhands."""
    from ..dumps import describe_candidate, style_value

    path = paths(element)

    key = element if pseudo is None else (element, pseudo)
    style = styled.styles[element] if pseudo is None else styled.pseudo_styles.get(key)
    label = path + (f"::{pseudo}" if pseudo else "")
    if style is None:
        return [f"{label}: no such pseudo-element box (no rule gives it a style)"]
    candidates = styled.candidates.get(key, [])
    lines: list[str] = []
    for name in names:
        prop = PROPERTIES[name]
        lines.append(f"{label} {name}: {style_value(name, getattr(style, prop.attr))}")
        mine = [c for c in candidates if c.declaration.name == name]
        for i, cand in enumerate(mine):
            marker = "*" if i == len(mine) - 1 else " "
            text = cand.declaration.source_text or f"{name}: ..."
            lines.append(f"  {marker} {describe_candidate(cand)}  {text}")
        if not mine:
            holder = _declaring_ancestor(styled, paths, element if pseudo else paths.parent.get(element), name)
            if prop.inherited and holder is not None:
                lines.append(f"    no declaration applies: inherited from {paths(holder)}")
            elif prop.inherited:
                lines.append("    no declaration applies: inherited, and no ancestor declares it: the initial value")
            else:
                lines.append("    no declaration applies: the initial value")
    return lines


def _declaring_ancestor(styled, paths, element, name: str):
    """The nearest element, from `element` up, with a declaration of `name` (an iterative walk)."""
    while element is not None:
        if any(c.declaration.name == name for c in styled.candidates.get(element, ())):
            return element
        element = paths.parent.get(element)
    return None


def main(argv: list[str]) -> int:
    from ..dom import ElementPaths
    from ..pipeline import LoadOptions, collect_stylesheets
    from ..net.fetcher import Fetcher
    from ..url import from_user_input
    from . import media as media_mod
    from .cascade import StyleEngine
    from .. import dom

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help
        return ExitCode.OK if not exc.code else ExitCode.USAGE
    names = longhands_of(args.property)
    selector_text, pseudo = split_pseudo(args.selector)
    try:
        selectors = [s for s in cssselect2.compile_selector_list(selector_text) if s.pseudo_element is None]
    except cssselect2.SelectorError as exc:
        raise UsageError(f"bad selector {args.selector!r}: {exc}") from None
    if not selectors:
        raise UsageError(f"bad selector {args.selector!r}: it selects no element")
    options = LoadOptions(width=args.width, height=args.height, user_css=args.user_css, explain=True)
    media = media_mod.MediaContext(width=float(args.width), height=float(args.height))
    fetcher = Fetcher(options.fetch)
    try:
        response = fetcher.fetch(from_user_input(args.url))
        mime, params = response.content_type()
        document = dom.parse(response.body, response.url, params.get("charset"),
                             mime if mime and mime != "text/plain" else None)
        errors: list[str] = []
        sheets = collect_stylesheets(document, document.base_url or response.url, media, fetcher, options, [],
                                     errors)
    finally:
        fetcher.close()
    for message in errors[:20]:
        print(f"minibrowser: warning: {sanitize(message)}", file=sys.stderr)
    root = cssselect2.ElementWrapper.from_xml_root(document.root) if document.is_xml else \
        cssselect2.ElementWrapper.from_html_root(document.root)
    found = next((w for w in root.iter_subtree() if any(s.test(w) for s in selectors)), None)
    if found is None:
        raise UsageError(f"no element matches {args.selector!r}")
    styled = StyleEngine(sheets, media, explain=True).run(document)
    paths = ElementPaths(document.root)
    sys.stdout.write(sanitize("\n".join(explain(styled, found.etree_element, pseudo, names, paths)),
                              keep_newlines=True) + "\n")
    return ExitCode.OK
