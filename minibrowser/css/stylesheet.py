"""From CSS text to rules: tinycss2 does the syntax, this module the meaning.

A `StyleSheet` is a flat list of `Rule`s (selectors + declarations) that
already passed their @media and @supports conditions for this viewport, plus
what the cascade and `explain` want to know about the sheet: its @import
requests, @font-face rules, and how many declarations and rules were dropped
(CSS Syntax error recovery drops them; we count them).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import cssselect2
import tinycss2
from tinycss2 import ast

from .matching import compile_selectors
from .media import MediaContext, matches_media, supports
from .properties import ALIASES, PROPERTIES
from .shorthands import LONGHANDS, SHORTHANDS
from .values import _strip

CSS_WIDE_KEYWORDS = frozenset({"initial", "inherit", "unset", "revert", "revert-layer"})
ORIGINS = ("ua", "user", "author")
MAX_NESTING = 32  # @media inside @supports inside ... deeper than this is dropped
MAX_COMBINATORS = 32   # a selector `a b c ...` with more steps than this drops the rule (see _longest_chain)
MAX_TOKEN_DEPTH = 32  # blocks and functions nested deeper (":is(:is(...", "calc(calc(...") drop the rule


@dataclass
class Unparsed:
    """A value with var() in it: parsed only after substitution, per element (CSS Variables §3)."""

    tokens: list
    shorthand: str | None = None  # the shorthand this longhand came from, if any


@dataclass
class Declaration:
    name: str               # a longhand, or a custom property (--x)
    value: Any              # specified value, CSS-wide keyword, Unparsed, or tokens for --x
    important: bool
    rule: "Rule | None"     # None for style="" attributes and presentational hints
    line: int = 0
    source_text: str = ""   # "name: value" as written (the shorthand, for expanded ones)


@dataclass(eq=False)
class Rule:
    prelude: list            # the selector list's tokens; their text is made when a dump asks
    selectors: list          # compiled selectors (matching.LazySelector), one per comma part
    declarations: list[Declaration]
    origin: str
    sheet: "StyleSheet"
    line: int

    @cached_property
    def selector_text(self) -> str:
        return tinycss2.serialize(self.prelude).strip()

    @cached_property
    def selector_texts(self) -> list[str]:
        """One text per selector of the list, in order (what `why` and --dump style print)."""
        return [tinycss2.serialize(part).strip() for part in _split_top_level_commas(self.prelude)]


@dataclass
class FontFace:
    family: str
    sources: list[tuple[str, str | None]]  # (url, format)
    weight: Any = "normal"
    style: str = "normal"
    base_url: str = ""


@dataclass
class StyleSheet:
    url: str                 # where it came from ("<style> #1", "UA", a URL)
    origin: str
    base_url: Any = None     # url() values resolve against this (CSS Values 4 §4.5): the sheet's URL
    rules: list[Rule] = field(default_factory=list)
    imports: list[tuple[str, list]] = field(default_factory=list)  # (href, media tokens)
    font_faces: list[FontFace] = field(default_factory=list)
    dropped_declarations: int = 0
    dropped_rules: int = 0
    unknown_properties: int = 0
    skipped_at_rules: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def declaration_count(self) -> int:
        return sum(len(r.declarations) for r in self.rules)


def _contains_var(tokens: list) -> bool:
    stack = list(tokens)
    while stack:
        tok = stack.pop()
        if tok.type == "function":
            if tok.lower_name == "var":
                return True
            stack.extend(tok.arguments)
        elif tok.type in ("() block", "[] block", "{} block"):
            stack.extend(tok.content)
    return False


def parse_declaration(name: str, tokens: list, important: bool, rule: Rule | None, line: int,
                      source_text: str = "") -> list[Declaration] | None:
    """One `name: value` into longhand Declarations, or None when invalid."""
    if name.startswith("--"):
        return [Declaration(name, list(tokens), important, rule, line, source_text)]
    name = name.lower()
    name = ALIASES.get(name, name)
    stripped = _strip(tokens)
    if not stripped:
        return None
    if name not in PROPERTIES and name not in SHORTHANDS:
        return None
    if len(stripped) == 1 and stripped[0].type == "ident" and stripped[0].lower_value in CSS_WIDE_KEYWORDS:
        keyword = stripped[0].lower_value
        names = LONGHANDS.get(name, (name,))
        return [Declaration(n, keyword, important, rule, line, source_text) for n in names]
    if _contains_var(stripped):
        names = LONGHANDS.get(name, (name,))
        shorthand = name if name in SHORTHANDS else None
        return [Declaration(n, Unparsed(list(tokens), shorthand), important, rule, line, source_text)
                for n in names]
    if name in SHORTHANDS:
        expanded = SHORTHANDS[name](stripped)
        if expanded is None:
            return None
        return [Declaration(n, v, important, rule, line, source_text) for n, v in expanded.items()]
    value = PROPERTIES[name].parse(stripped)
    if value is None:
        return None
    return [Declaration(name, value, important, rule, line, source_text)]


def declaration_is_supported(name: str, tokens: list) -> bool:
    """For @supports (prop: value)."""
    return parse_declaration(name, tokens, False, None, 0) is not None


def parse_declarations(content: list, sheet: StyleSheet, rule: Rule | None) -> list[Declaration]:
    """The body of a rule or a style="" attribute, with invalid declarations counted and dropped."""
    declarations: list[Declaration] = []
    for item in tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True):
        if item.type == "error":
            sheet.dropped_declarations += 1
            sheet.errors.append(f"line {item.source_line}: {item.message}")
            continue
        if item.type != "declaration":
            sheet.dropped_declarations += 1  # a nested rule or at-rule inside declarations
            continue
        text = f"{item.name}: {tinycss2.serialize(item.value).strip()}"
        if item.important:
            text += " !important"
        parsed = parse_declaration(item.name, item.value, item.important, rule, item.source_line, text)
        if parsed is None:
            low = item.lower_name
            if not low.startswith("--") and ALIASES.get(low, low) not in PROPERTIES and low not in SHORTHANDS:
                sheet.unknown_properties += 1
            else:
                sheet.dropped_declarations += 1
                sheet.errors.append(f"line {item.source_line}: invalid value for {item.name}")
            continue
        if sheet.base_url is not None:
            for decl in parsed:
                decl.value = absolute_urls(decl.value, sheet.base_url)
        declarations.extend(parsed)
    return declarations


def absolute_urls(value: Any, base: Any) -> Any:
    """url() in a specified value, resolved against the sheet's base URL (CSS Values 4 §4.5):
    an external sheet's relative URLs are relative to the sheet, not the document."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "url" and isinstance(value[1], str):
        from ..errors import BrowserError
        from ..url import resolve
        try:
            return ("url", str(resolve(base, value[1])))
        except BrowserError:
            return value
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):  # content: a list of items
        return tuple(absolute_urls(item, base) for item in value)
    return value


def parse_stylesheet(text: str | bytes, url: str, origin: str, media: MediaContext,
                     encoding_hint: str | None = None, base_url: Any = None) -> StyleSheet:
    """Parse a whole sheet.  Bytes are decoded per CSS Syntax §3.2 (BOM, @charset, hint)."""
    sheet = StyleSheet(url=url, origin=origin, base_url=base_url)
    if isinstance(text, bytes):
        nodes, _encoding = tinycss2.parse_stylesheet_bytes(text, protocol_encoding=encoding_hint,
                                                           skip_comments=True, skip_whitespace=True)
    else:
        nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    _parse_rules(nodes, sheet, media, depth=0, top_level=True)
    return sheet


def parse_style_attribute(text: str, sheet: StyleSheet) -> list[Declaration]:
    tokens = tinycss2.parse_component_value_list(text)
    if _too_deep(tokens):
        sheet.dropped_declarations += 1
        sheet.errors.append(f"style attribute nested more than {MAX_TOKEN_DEPTH} deep: dropped")
        return []
    return parse_declarations(tokens, sheet, None)


def _longest_chain(tokens: list) -> int:
    """The most combinators in one complex selector, at any nesting level (`a b > c` has two).
    Each combinator is one more nested test in the compiled matcher; Python's parser stops at 200
    nested parentheses, so `div div div ... p` with 300 steps could never be compiled."""
    longest = 0
    stack = [tokens]
    while stack:
        count, previous = 0, None
        for token in stack.pop():
            if token.type == "literal" and token.value == ",":
                count, previous = 0, None
                continue
            if token.type == "whitespace" or (token.type == "literal" and token.value in (">", "+", "~")):
                if previous is not None and previous != "combinator":
                    count += 1
                    longest = max(longest, count)
                previous = "combinator"
                continue
            previous = "compound"
            if token.type == "function":
                stack.append(token.arguments)
    return longest


def _too_deep(tokens: list) -> bool:
    """Whether functions and blocks nest more than MAX_TOKEN_DEPTH deep.  tinycss2 parses any depth
    without recursion, but serializing and selector compiling recurse once per level: a hostile
    `:is(` × 1,000 would reach Python's recursion limit.  No real stylesheet nests 32 deep."""
    stack = [(iter(tokens), 0)]
    while stack:
        tokens_iter, depth = stack[-1]
        token = next(tokens_iter, None)
        if token is None:
            stack.pop()
            continue
        inner = getattr(token, "arguments", None)
        if inner is None:
            inner = getattr(token, "content", None)
        if isinstance(inner, list) and inner:
            if depth + 1 > MAX_TOKEN_DEPTH:
                return True
            stack.append((iter(inner), depth + 1))
    return False


def _parse_rules(nodes: list, sheet: StyleSheet, media: MediaContext, depth: int, top_level: bool) -> None:
    """Walk rules; conditional group rules recurse at most MAX_NESTING deep (bounded)."""
    imports_allowed = top_level
    for node in nodes:
        if node.type == "error":
            sheet.dropped_rules += 1
            sheet.errors.append(f"line {node.source_line}: {node.message}")
            continue
        if node.type in ("qualified-rule", "at-rule") and \
                (_too_deep(node.prelude) or _too_deep(node.content or [])):
            sheet.dropped_rules += 1
            sheet.errors.append(f"line {node.source_line}: nested more than {MAX_TOKEN_DEPTH} deep: rule dropped")
            continue
        if node.type == "qualified-rule" and _longest_chain(node.prelude) > MAX_COMBINATORS:
            sheet.dropped_rules += 1
            sheet.errors.append(f"line {node.source_line}: a selector with more than {MAX_COMBINATORS} "
                                "combinators: rule dropped")
            continue
        if node.type == "qualified-rule":
            imports_allowed = False
            _add_qualified_rule(node, sheet)
            continue
        if node.type != "at-rule":
            continue
        keyword = node.lower_at_keyword
        if keyword == "import":
            if imports_allowed:
                _add_import(node, sheet)
            else:
                sheet.dropped_rules += 1  # @import after other rules is invalid (CSS Cascade §2.1)
            continue
        if keyword in ("charset", "namespace", "layer"):
            continue
        imports_allowed = False
        if keyword in ("media", "supports") and node.content is not None:
            if depth >= MAX_NESTING:
                sheet.dropped_rules += 1
                continue
            applies = matches_media(node.prelude, media) if keyword == "media" else \
                supports(node.prelude, declaration_is_supported)
            if applies:
                inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
                _parse_rules(inner, sheet, media, depth + 1, top_level=False)
            continue
        if keyword == "font-face" and node.content is not None:
            _add_font_face(node, sheet)
            continue
        sheet.skipped_at_rules += 1  # @page, @keyframes, @font-feature-values, unknown: skipped cleanly


def _add_qualified_rule(node: ast.QualifiedRule, sheet: StyleSheet) -> None:
    try:
        selectors = compile_selectors(node.prelude)
    except (cssselect2.SelectorError, SyntaxError, RecursionError) as exc:
        # a selector too long to compile (a 1,000-step descendant chain) is dropped like an invalid one
        sheet.dropped_rules += 1
        sheet.errors.append(f"line {node.source_line}: selector "
                            f"{tinycss2.serialize(node.prelude).strip()[:60]!r}: {exc}")
        return
    rule = Rule(node.prelude, selectors, [], sheet.origin, sheet, node.source_line)
    rule.declarations = parse_declarations(node.content, sheet, rule)
    if rule.declarations:
        sheet.rules.append(rule)


def _split_top_level_commas(tokens: list) -> list[list]:
    """A selector list's prelude, split at its commas (blocks and functions are single tokens)."""
    parts: list[list] = [[]]
    for tok in tokens:
        if tok.type == "literal" and tok.value == ",":
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _add_import(node: ast.AtRule, sheet: StyleSheet) -> None:
    prelude = _strip(node.prelude)
    if not prelude:
        sheet.dropped_rules += 1
        return
    first = prelude[0]
    href = None
    if first.type in ("string", "url"):
        href = first.value
    elif first.type == "function" and first.lower_name == "url":
        args = _strip(first.arguments)
        if args and args[0].type == "string":
            href = args[0].value
    if href is None:
        sheet.dropped_rules += 1
        return
    rest = prelude[1:]
    # layer(...) and supports(...) conditions: honour supports(), ignore layer names
    kept = []
    for tok in rest:
        if tok.type == "function" and tok.lower_name == "supports":
            if not supports([ast.ParenthesesBlock(0, 0, tok.arguments)], declaration_is_supported):
                return
        elif (tok.type == "ident" and tok.lower_value == "layer") or (
                tok.type == "function" and tok.lower_name == "layer"):
            continue
        else:
            kept.append(tok)
    sheet.imports.append((href, kept))


def _add_font_face(node: ast.AtRule, sheet: StyleSheet) -> None:
    family = None
    sources: list[tuple[str, str | None]] = []
    weight: Any = "normal"
    style = "normal"
    for decl in tinycss2.parse_declaration_list(node.content, skip_comments=True, skip_whitespace=True):
        if decl.type != "declaration":
            continue
        value = _strip(decl.value)
        if decl.lower_name == "font-family" and value:
            if value[0].type == "string":
                family = value[0].value
            else:
                family = " ".join(t.value for t in value if t.type == "ident")
        elif decl.lower_name == "src":
            group: list = []
            for tok in value + [None]:
                if tok is None or (tok.type == "literal" and tok.value == ","):
                    url = fmt = None
                    for item in group:
                        if item.type == "url":
                            url = item.value
                        elif item.type == "function" and item.lower_name == "url":
                            args = _strip(item.arguments)
                            url = args[0].value if args and args[0].type == "string" else None
                        elif item.type == "function" and item.lower_name == "format":
                            args = _strip(item.arguments)
                            fmt = args[0].value if args and args[0].type in ("string", "ident") else None
                    if url:
                        sources.append((url, fmt))
                    group = []
                else:
                    group.append(tok)
        elif decl.lower_name == "font-weight" and value:
            nums = [t.value for t in value if t.type == "number"]
            weight = nums[0] if nums else value[0].lower_value if value[0].type == "ident" else "normal"
        elif decl.lower_name == "font-style" and value and value[0].type == "ident":
            style = value[0].lower_value
    if family and sources:
        sheet.font_faces.append(FontFace(family, sources, weight, style, sheet.url))
