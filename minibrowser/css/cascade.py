"""The cascade: from matched rules to one `ComputedStyle` per element (CSS Cascade 4).

For each element, in document order (an explicit loop, never recursion):
  1. cssselect2's `Matcher` (indexed by id, class and tag) finds the matching rules;
  2. their declarations are sorted by precedence — origin and importance, then
     specificity, then order of appearance — and the last one per property wins;
  3. custom properties are computed and var() substituted;
  4. each winning value is computed with the property table (properties.py);
     properties without a winner inherit or take their initial value.
Elements that provably match the same rules are matched once (match_sharing.py);
siblings with the same parent style and the same matched rules share one
ComputedStyle object, as browsers do ("style sharing").
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass, field
from typing import Any, Iterator

import tinycss2

from ..dom import Document
from .computed import ATTRS, INHERITED_ATTRS, INITIAL_NONINHERITED, INITIAL_VALUES, ComputedStyle
from .hints import HINTED_TAGS, presentational_hints
from .match_sharing import MatchSharing
from .matching import AncestorFilter, Matched, Node, RuleIndex, element_keys
from .media import MediaContext
from .font_ratios import font_ratios
from .properties import (MEDIUM_FONT_SIZE, MONOSPACE_FONT_SIZE, PROPERTIES, ComputeContext, is_monospace,
                         keyword_font_size)
from .shorthands import SHORTHANDS
from .stylesheet import Declaration, Rule, StyleSheet, Unparsed, parse_declaration, parse_stylesheet, \
    parse_style_attribute
from .values import CURRENT_COLOR, LengthContext, _strip

UA_SHEET_PATH = pathlib.Path(__file__).with_name("ua.css")

# Precedence of (origin, important) pairs: CSS Cascade 4 §6.1, transitions/animations aside.
LAYER = {("ua", False): 0, ("user", False): 1, ("hint", False): 2, ("author", False): 3,
         ("author", True): 4, ("hint", True): 4, ("user", True): 5, ("ua", True): 6}
ORIGIN_OF_LAYER = {0: "ua", 1: "user", 2: "author", 3: "author", 4: "author", 5: "user", 6: "ua"}
STYLE_ATTR_SPECIFICITY = (1 << 20, 0, 0)  # above any selector
HINT_SPECIFICITY = (-1, 0, 0)             # presentational hints lose to every author rule
MAX_VAR_TOKENS = 20_000                   # a var() expansion larger than this is invalid

_UA_CACHE: dict[MediaContext, StyleSheet] = {}


def ua_stylesheet(media: MediaContext) -> StyleSheet:
    """The user-agent sheet, parsed once per media context (and kept between runs: ua_cache.py)."""
    if media not in _UA_CACHE:
        from .ua_cache import cached_parse

        _UA_CACHE[media] = cached_parse(UA_SHEET_PATH, media, lambda: parse_stylesheet(
            UA_SHEET_PATH.read_text(encoding="utf-8"), "UA stylesheet", "ua", media))
    return _UA_CACHE[media]


@dataclass
class Candidate:
    """One matching declaration, with what decides its precedence."""

    declaration: Declaration
    layer: int
    specificity: tuple
    order: int
    where: Any  # (rule, index of the selector in its list), or a label: 'style=""', "presentational hint"

    @property
    def selector(self) -> str:
        """The selector that matched, as written (or the label of an attribute or hint)."""
        if isinstance(self.where, tuple):
            rule, index = self.where
            texts = rule.selector_texts
            return texts[index] if index < len(texts) else rule.selector_text
        return self.where

    @property
    def origin(self) -> str:
        return ORIGIN_OF_LAYER[self.layer] if self.declaration.rule is not None or self.layer != 2 else "hint"

    def key(self) -> tuple:
        return (self.layer, self.specificity, self.order)


@dataclass
class StyledDocument:
    """What the style stage hands on: the document plus one style per element."""

    document: Document
    styles: dict  # Element -> ComputedStyle
    pseudo_styles: dict  # (Element, "before"|"after"|"marker") -> ComputedStyle
    sheets: list[StyleSheet]
    media: MediaContext
    # filled only when explaining: per element, candidates sorted in cascade order
    candidates: dict = field(default_factory=dict)
    style_attr_sheet: StyleSheet | None = None
    shared_styles: int = 0
    shared_matches: int = 0   # elements whose matched rules were an alike element's (match_sharing.py)

    def style(self, element) -> ComputedStyle:
        return self.styles[element]

    @property
    def font_faces(self) -> list:
        return [ff for sheet in self.sheets for ff in sheet.font_faces]


class _VarCycle(Exception):
    pass


def _substitute(tokens: list, custom: dict[str, list], depth: int = 0) -> list:
    """Replace var(--x, fallback) in a token list (CSS Variables 1 §3). Raises ValueError if invalid."""
    if depth > 32:
        raise ValueError("var() nesting too deep")
    out: list = []
    for tok in tokens:
        if tok.type == "function" and tok.lower_name == "var":
            args = tok.arguments
            stripped = _strip(args)
            if not stripped or stripped[0].type != "ident" or not stripped[0].value.startswith("--"):
                raise ValueError("bad var()")
            name = stripped[0].value
            value = custom.get(name)
            if value is None:
                comma = next((i for i, t in enumerate(args) if t.type == "literal" and t.value == ","), None)
                if comma is None:
                    raise ValueError(f"undefined {name}")
                value = _substitute(args[comma + 1:], custom, depth + 1)
            out.extend(value)
        elif tok.type == "function":
            inner = _substitute(tok.arguments, custom, depth + 1)
            out.append(tinycss2.ast.FunctionBlock(tok.source_line, tok.source_column, tok.name, inner))
        elif tok.type in ("() block", "[] block"):
            inner = _substitute(tok.content, custom, depth + 1)
            cls = tinycss2.ast.ParenthesesBlock if tok.type == "() block" else tinycss2.ast.SquareBracketsBlock
            out.append(cls(tok.source_line, tok.source_column, inner))
        else:
            out.append(tok)
        if len(out) > MAX_VAR_TOKENS:
            raise ValueError("var() expansion too large")
    return out


def _compute_custom_properties(declared: dict[str, list], inherited: dict[str, list]) -> dict[str, list]:
    """Custom properties with var() references resolved; cycles make every member invalid."""
    if not declared:
        return inherited
    result = dict(inherited)
    for name, tokens in declared.items():
        result[name] = tokens
    resolved: dict[str, list | None] = {}

    def resolve(name: str, visiting: list[str]) -> list | None:
        if name in resolved:
            return resolved[name]
        if name in visiting or len(visiting) > 64:
            raise _VarCycle(name)
        raw = result.get(name)
        if raw is None:
            return None
        if name not in declared:
            resolved[name] = raw  # inherited values are already substituted
            return raw
        visiting.append(name)
        try:
            for ref in _var_names(raw):
                if ref in declared and ref not in resolved:
                    resolve(ref, visiting)
            view = {k: v for k, v in ((k, resolved.get(k, result.get(k))) for k in result) if v is not None}
            value = _substitute(raw, view)
        except ValueError:
            value = None
        finally:
            visiting.pop()
        resolved[name] = value
        return value

    for name in declared:
        try:
            resolve(name, [])
        except _VarCycle:
            # every property in the cycle is invalid at computed-value time
            for member in declared:
                if member in _cycle_members(member, declared):
                    resolved[member] = None
    out = dict(inherited)
    for name in declared:
        value = resolved.get(name)
        if value is None or (len(_strip(value)) == 1 and _strip(value)[0].type == "ident"
                             and _strip(value)[0].lower_value == "initial"):
            out.pop(name, None)
        else:
            out[name] = value
    return out


def _var_names(tokens: list) -> Iterator[str]:
    stack = list(tokens)
    while stack:
        tok = stack.pop()
        if tok.type == "function":
            if tok.lower_name == "var":
                args = _strip(tok.arguments)
                if args and args[0].type == "ident":
                    yield args[0].value
            stack.extend(tok.arguments)
        elif tok.type in ("() block", "[] block", "{} block"):
            stack.extend(tok.content)


def _cycle_members(start: str, declared: dict[str, list]) -> set[str]:
    """Names reachable from `start` that also reach back to it."""
    reach: dict[str, set[str]] = {}
    for name, tokens in declared.items():
        reach[name] = {n for n in _var_names(tokens) if n in declared}
    seen = {start}
    stack = [start]
    while stack:
        for nxt in reach.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    members = set()
    for name in seen:
        inner = {name}
        stack = [name]
        while stack:
            for nxt in reach.get(stack.pop(), ()):
                if nxt == start:
                    members.add(name)
                if nxt not in inner:
                    inner.add(nxt)
                    stack.append(nxt)
    return members


class StyleEngine:
    """Matches the sheets against a document and computes every element's style."""

    def __init__(self, sheets: list[StyleSheet], media: MediaContext, explain: bool = False,
                 share_matches: bool = True) -> None:
        self.sheets = sheets
        self.media = media
        self.explain = explain
        self.share_matches = share_matches   # off: every element matched on its own (tests compare)
        self.matcher = RuleIndex()
        self.rule_count = 0
        for sheet in sheets:
            for rule in sheet.rules:
                self.rule_count += 1
                for index, selector in enumerate(rule.selectors):
                    self.matcher.add_selector(selector, (rule, index))
        self.attr_sheet = StyleSheet(url="style attributes", origin="author")
        self.quirks = False
        self.pseudo_cache: dict = {}
        self.pseudo_candidates: dict = {}

    # ------------------------------------------------------------------
    def run(self, document: Document) -> StyledDocument:
        styles: dict = {}
        pseudo_styles: dict = {}
        self.quirks = getattr(document, "quirks_mode", "no-quirks") == "quirks"
        self.attr_sheet.base_url = document.base_url or document.url
        result = StyledDocument(document, styles, pseudo_styles, self.sheets, self.media,
                                style_attr_sheet=self.attr_sheet)
        self.pseudo_candidates = result.candidates  # explain: keyed (element, pseudo) beside elements
        language = getattr(document, "content_language", None)
        root = Node.from_xml_root(document.root, content_language=language) if document.is_xml \
            else Node.from_html_root(document.root, content_language=language)
        present = AncestorFilter()
        sharing = MatchSharing(self.matcher, enabled=self.share_matches)
        share_cache: dict = {}
        root_font_size = MEDIUM_FONT_SIZE
        # depth-first with an explicit stack; each level holds its children still to visit, the keys its
        # element gave the filter, and that element's style and match-sharing token (its children's parent's)
        stack: list = [(iter((root,)), None, None, None)]
        while stack:
            level = stack[-1]
            wrapper = next(level[0], None)
            if wrapper is None:
                keys = stack.pop()[1]
                if keys is not None:
                    present.pop(keys)
                continue
            parent_style, parent_token = level[2], level[3]
            element = wrapper.etree_element
            is_root = wrapper.parent is None
            lang = wrapper.lang   # seeded from the parent's (matching.Node): deep trees never recurse
            matched, token = sharing.match(wrapper, present.counts, parent_token)
            hints = presentational_hints(element, wrapper) if element.tag in HINTED_TAGS else ()
            style_attr = element.get("style")
            style = None
            key = None
            if parent_style is not None and not self.explain:
                key = (id(parent_style), matched.normal_key, style_attr, hints, lang)
                style = share_cache.get(key)
                if style is not None:
                    result.shared_styles += 1
            if style is None:
                candidates = self._candidates(matched.normal, hints, style_attr)
                style = self.compute(candidates, parent_style, root_font_size, is_root=is_root, lang=lang)
                if style.text_align in WEBKIT_ALIGNS and wrapper.local_name == "table":
                    # Blink's StyleAdjuster: tables never take the -webkit- alignments (a table inside
                    # <center> lays its cells' text out from the start edge again)
                    style.text_align = "start"
                if is_root:
                    root_font_size = style.font_size
                elif style.__dict__ == parent_style.__dict__:
                    # the same values as the parent: share its object, so that this element's children
                    # find the parent's cached styles too (a deep chain of alike elements costs one)
                    style = parent_style
                if self.explain:
                    result.candidates[element] = candidates
                elif key is not None:
                    share_cache[key] = style
            styles[element] = style
            if matched.pseudo:
                self._pseudo(element, matched, style, pseudo_styles, root_font_size)
            if wrapper.etree_children:
                keys = element_keys(wrapper)
                present.push(keys)
                stack.append((wrapper.iter_children(), keys, style, token))
        result.shared_matches = sharing.shared
        return result

    def _pseudo(self, element, matched: Matched, style: ComputedStyle, out: dict, root_font_size: float) -> None:
        """::before, ::after and (for list items) ::marker styles, inheriting from the element's."""
        for pseudo, chosen, rules_key in matched.pseudo:
            if pseudo == "marker" and style.display != "list-item":
                continue  # only list items have a marker box (CSS Lists 3 §3.1)
            key = (id(style), pseudo, rules_key)
            pstyle = self.pseudo_cache.get(key) if not self.explain else None
            if pstyle is None:
                candidates = self._candidates(chosen, (), None)
                pstyle = self.compute(candidates, style, root_font_size)
                if self.explain:
                    self.pseudo_candidates[(element, pseudo)] = candidates
                else:
                    self.pseudo_cache[key] = pstyle
            if isinstance(pstyle.content, tuple) and any(item[0] == "attr" for item in pstyle.content):
                pstyle = _with_attr_values(pstyle, element)
            out[(element, pseudo)] = pstyle

    def _candidates(self, matches: list, hints: tuple, style_attr: str | None) -> list[Candidate]:
        """Every declaration that applies, sorted from lowest to highest precedence."""
        out: list[Candidate] = []
        for name, value in hints:
            for decl in parse_declaration(name, tinycss2.parse_component_value_list(value), False, None, 0,
                                          f"{name}: {value}") or ():
                out.append(Candidate(decl, LAYER[("hint", False)], HINT_SPECIFICITY, 0, "presentational hint"))
        for specificity, order, _pseudo, (rule, index) in matches:
            for decl in rule.declarations:
                out.append(Candidate(decl, LAYER[(rule.origin, decl.important)], specificity, order,
                                     (rule, index)))
        if style_attr:
            for decl in parse_style_attribute(style_attr, self.attr_sheet):
                out.append(Candidate(decl, LAYER[("author", decl.important)], STYLE_ATTR_SPECIFICITY, 0,
                                     'style=""'))
        out.sort(key=Candidate.key)  # stable: declaration order within a rule is kept
        return out

    # ------------------------------------------------------------------
    def compute(self, candidates: list[Candidate], parent: ComputedStyle | None, root_font_size: float,
                is_root: bool = False, lang: str | None = None) -> ComputedStyle:
        """Cascade the sorted candidates and compute every property."""
        winners: dict[str, Candidate] = {}
        custom_declared: dict[str, list] = {}
        for cand in candidates:
            name = cand.declaration.name
            if name.startswith("--"):
                custom_declared[name] = cand.declaration.value
            else:
                winners[name] = cand
        inherited_custom = parent.custom_properties if parent is not None else {}
        custom = _compute_custom_properties(custom_declared, inherited_custom)

        if parent is not None:
            parent_values = parent.__dict__
            values = {attr: parent_values[attr] for attr in INHERITED_ATTRS}
            values.update(INITIAL_NONINHERITED)
        else:
            values = dict(INITIAL_VALUES)
        if lang is not None:
            values["lang"] = lang
        lengths = LengthContext(font_size=parent.font_size if parent is not None else MEDIUM_FONT_SIZE,
                                root_font_size=root_font_size if not is_root else MEDIUM_FONT_SIZE,
                                viewport_width=self.media.width, viewport_height=self.media.height)
        ctx = ComputeContext(lengths, parent, values, self.quirks)
        # the font first: every em, ex and ch of every other property depends on it; the family
        # before the size, because a monospace family changes what "medium" means
        if "font-family" in winners:
            self._apply("font-family", winners, candidates, ctx, custom)
        if "font-size" in winners:
            self._apply("font-size", winners, candidates, ctx, custom)
        _monospace_quirk(values, parent, self.quirks)
        lengths.font_size = values["font_size"]
        lengths.ex_ratio, lengths.ch_ratio = font_ratios(values["font_family"])
        if is_root:
            lengths.root_font_size = values["font_size"]
        for name in winners:
            if name != "font-size" and name != "font-family":
                self._apply(name, winners, candidates, ctx, custom)
        _fixups(values, is_root)
        return ComputedStyle(values, custom)

    def _apply(self, name: str, winners: dict[str, Candidate], candidates: list[Candidate],
               ctx: ComputeContext, custom: dict[str, list]) -> None:
        prop = PROPERTIES[name]
        cand = winners[name]
        value = cand.declaration.value
        if value == "revert" or value == "revert-layer":
            value = self._reverted(name, cand, candidates)
        if isinstance(value, Unparsed):
            value = _substitute_and_parse(name, value, custom)
            if value is None:
                value = "unset"  # invalid at computed-value time (CSS Variables 1 §3.1)
        if value == "initial" and name == "font-size":
            value = "medium"  # the initial value is a keyword (and remembered as one)
        if value in ("inherit", "initial", "unset"):
            if value == "initial" or (value == "unset" and not prop.inherited):
                ctx.style[prop.attr] = prop.initial
            else:
                ctx.style[prop.attr] = getattr(ctx.parent, prop.attr) if ctx.parent is not None else prop.initial
            return
        try:
            ctx.style[prop.attr] = prop.compute(value, ctx)
        except (ValueError, TypeError, ZeroDivisionError, OverflowError, AttributeError):
            ctx.style[prop.attr] = prop.initial

    @staticmethod
    def _reverted(name: str, winner: Candidate, candidates: list[Candidate]) -> Any:
        """revert: the value the previous origin would have given (CSS Cascade 4 §7.3.4)."""
        origin = ORIGIN_OF_LAYER[winner.layer]
        rank = {"ua": 0, "user": 1, "author": 2}
        for cand in reversed(candidates):
            if cand.declaration.name == name and rank[ORIGIN_OF_LAYER[cand.layer]] < rank[origin]:
                value = cand.declaration.value
                return "unset" if value in ("revert", "revert-layer") else value
        return "unset"


def _with_attr_values(style: ComputedStyle, element) -> ComputedStyle:
    """attr() in `content` computes to the attribute's value as a string (CSS Values 5 §7.7)."""
    values = dict(style.__dict__)
    custom = values.pop("custom_properties")
    items: list = []
    for item in style.content:
        if item[0] == "attr":
            item = ("string", element.get(item[1], ""))
        if item[0] == "string" and items and items[-1][0] == "string":
            item = ("string", items.pop()[1] + item[1])  # one string, as Chromium serialises it
        items.append(item)
    values["content"] = tuple(items)
    return ComputedStyle(values, custom)


def _substitute_and_parse(name: str, value: Unparsed, custom: dict[str, list]) -> Any:
    try:
        tokens = _substitute(value.tokens, custom)
    except ValueError:
        return None
    source = value.shorthand or name
    parsed = parse_declaration(source, tokens, False, None, 0)
    if not parsed:
        return None
    for decl in parsed:
        if decl.name == name:
            return decl.value
    return None


def _monospace_quirk(values: dict, parent: ComputedStyle | None, quirks: bool) -> None:
    """Chromium's monospace font size: `medium` is 13px when the family is exactly `monospace`.

    Blink (FontBuilder::CheckForGenericFamilyChange) rescales a font size that is not
    "absolute" — one that came from keywords, em/ex/ch, % or larger/smaller of the medium
    default — when the element's family switches to or from plain `monospace`: a keyword size
    is looked up again in the 13px table, any other is scaled by 13/16 (or 16/13).  That is why
    `pre` and `code` are 13px, `h1 code` 26px, and a sans-serif span inside `pre` 16px again.
    """
    if values["font_size_absolute"]:
        return
    mono = is_monospace(values["font_family"])
    parent_mono = is_monospace(parent.font_family) if parent is not None else False
    if mono == parent_mono:
        return
    keyword = values["font_size_keyword"]
    if keyword:
        values["font_size"] = keyword_font_size(keyword, mono, quirks)
    else:
        scale = MONOSPACE_FONT_SIZE / MEDIUM_FONT_SIZE
        values["font_size"] = values["font_size"] * scale if mono else values["font_size"] / scale


BLOCKIFY = {"inline": "block", "inline-block": "block", "inline-table": "table", "inline-flex": "flex",
            "inline-grid": "grid", "run-in": "block", "table-row-group": "block", "table-column": "block",
            "table-column-group": "block", "table-header-group": "block", "table-footer-group": "block",
            "table-row": "block", "table-cell": "block", "table-caption": "block", "ruby": "block",
            "contents": "block"}


WEBKIT_ALIGNS = ("-webkit-left", "-webkit-center", "-webkit-right")


def _fixups(values: dict, is_root: bool) -> None:
    """Computed-value rules that involve more than one property."""
    # border widths are 0 when the style is none or hidden (CSS Backgrounds 3 §3.3)
    for side in ("top", "right", "bottom", "left"):
        if values[f"border_{side}_style"] in ("none", "hidden"):
            values[f"border_{side}_width"] = 0.0
    # background-color does not inherit, so currentcolor can take the element's colour now (its used
    # value, CSS Color 4 §6.4; what getComputedStyle reports): paint then meets only RGBA backgrounds
    if values["background_color"] == CURRENT_COLOR:
        values["background_color"] = values["color"]
    display = values["display"]
    # kept for the static position of an absolutely positioned box (CSS 2.1 §10.3.7: where its
    # hypothetical box would have been — an originally inline-level one sits on the current line)
    values["original_display"] = display
    # the root and floated or absolutely positioned boxes are blockified (CSS Display 3 §2.7)
    if is_root or values["float"] != "none" or values["position"] in ("absolute", "fixed"):
        if is_root and display == "contents":
            values["display"] = "block"
        elif display in BLOCKIFY and display != "contents":
            values["display"] = BLOCKIFY[display]
        elif display == "list-item" or display in ("block", "table", "flex", "grid", "flow-root", "none"):
            pass
    if values["position"] in ("absolute", "fixed") or values["float"] != "none":
        if is_root:
            values["float"] = "none"
    # overflow: visible pairs with a non-visible value become auto (CSS Overflow 3 §3.1)
    ox, oy = values["overflow_x"], values["overflow_y"]
    if (ox in ("visible", "clip")) != (oy in ("visible", "clip")):
        if ox in ("visible", "clip"):
            values["overflow_x"] = "auto" if ox == "visible" else "hidden"
        else:
            values["overflow_y"] = "auto" if oy == "visible" else "hidden"
