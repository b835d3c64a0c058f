"""Selector matching on cssselect2, made safe and fast for big and deep documents.

cssselect2 compiles each selector to a Python test and indexes selectors by
id, class and tag (its `Matcher`).  Three things of its element wrapper do not
scale, so `Node` replaces them:

* `ancestors` and `previous_siblings` build tuples recursively (a 100,000-deep
  tree exceeds the recursion limit, and each element copies its parent's tuple:
  quadratic time and memory).  Here they are generators walking the parent or
  previous-sibling links: no recursion, nothing stored, and `any()` stops at
  the first match.
* `in_disabled_fieldset` and `lang` recurse up the tree; `lang` is seeded from
  the parent as the cascade walks down, `in_disabled_fieldset` walks up in a loop.

And, as browsers do, an *ancestor filter* (Blink's SelectorFilter) skips most
descendant-combinator work: every selector knows the ids, classes and tags its
ancestor compounds require (`ancestor_keys`), the walk keeps a count of those
present on the current element's ancestors, and a selector whose requirements
are not all present is rejected without running its test.  On a deep tree,
`.x div` with no `.x` anywhere then costs O(1) per element instead of O(depth).
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Iterator

import cssselect2
from cssselect2 import parser as sel
from cssselect2.compiler import CompiledSelector, _compile_node, split_whitespace
from urllib.parse import urlparse
from webencodings import ascii_lower

from .match_sharing import SelectorReads, ancestors_are_positional, relaxed_tree, subject_is_positional

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FIELDSET = "{http://www.w3.org/1999/xhtml}fieldset"
LEGEND = "{http://www.w3.org/1999/xhtml}legend"


SHORT_CHAIN = 64  # up to this depth an element keeps its ancestors as a tuple (fast to scan)


def _up(node) -> Iterator:
    while node is not None:
        yield node
        node = node.parent


def _back(node) -> Iterator:
    while node is not None:
        yield node
        node = node.previous


class Node(cssselect2.ElementWrapper):
    """cssselect2's element wrapper without its recursive properties."""

    def __init__(self, etree_element, parent, index, previous, in_html_document, content_language=None):
        # cssselect2's attributes, set here rather than through its __init__ ...
        self.etree_element = etree_element
        self.parent = parent
        self.previous = previous
        self.etree_siblings = parent.etree_children if parent is not None else [etree_element]
        self.index = index
        self.in_html_document = in_html_document
        self.transport_content_language = content_language
        self._ancestors = None
        self._previous_siblings = None
        self.depth = parent.depth + 1 if parent is not None else 0
        self.memo: dict | None = None  # ChainTest answers about this node
        # ... and what its cached properties would compute on first use, computed at once: every
        # element asks for them (the rule index, the ancestor filter), and each first use of a
        # functools.cached_property takes a lock (a fifth of the style stage on a 17,000-element page)
        tag = etree_element.tag
        if tag[:1] == "{" and "}" in tag:
            namespace, _, local = tag[1:].rpartition("}")
        else:
            namespace, local = "", tag
        self.namespace_url = namespace
        self.local_name = local
        self.id = etree_element.get("id")
        names = etree_element.get("class")
        self.classes = set(split_whitespace(names)) if names else set()
        self.etree_children = [child for child in etree_element if isinstance(child.tag, str)] \
            if len(etree_element) else []
        seed_lang(self)

    def iter_children(self) -> Iterator["Node"]:
        """The child elements' wrappers, in tree order (as cssselect2's, without its keyword calls)."""
        child = None
        html, make = self.in_html_document, type(self)
        for index, etree_child in enumerate(self.etree_children):
            child = make(etree_child, self, index, child, html)
            yield child

    @property
    def ancestors(self):  # type: ignore[override]
        """Nearest first.  A tuple, remembered, for the usual shallow element; a walk up the parent
        links when deep, so that a 100,000-deep chain stores nothing and never recurses."""
        found = self._ancestors
        if found is None:
            if self.depth > SHORT_CHAIN:
                return _up(self.parent)
            found = self._ancestors = tuple(_up(self.parent))
        return found

    @property
    def previous_siblings(self):  # type: ignore[override]
        return _back(self.previous)

    @property
    def in_disabled_fieldset(self) -> bool:  # type: ignore[override]
        """Inside a disabled fieldset, and not in its first legend (HTML §4.10.18.2)."""
        child, node = self, self.parent
        while node is not None:
            element = node.etree_element
            if element.tag in (FIELDSET, "fieldset") and element.get("disabled") is not None:
                first_legend = next((c for c in node.etree_children if c.tag in (LEGEND, "legend")), None)
                if child.etree_element is not first_legend:
                    return True
            child, node = node, node.parent
        return False


def seed_lang(node: Node) -> None:
    """Give `node` its language from its own attributes or its parent's (already seeded: a Node
    seeds itself when made, so cssselect2's recursive `lang` never runs but for a root without
    lang, where it reads <meta http-equiv=content-language>)."""
    element = node.etree_element
    own = element.get(XML_LANG, element.get("lang"))
    if own is not None:
        # (the root's too: cssselect2 reads `lang` only on elements in the XHTML namespace, and
        # dom.py gives every document plain tag names, an XHTML one's xml:lang as lang)
        node.__dict__["lang"] = ascii_lower(own)
    elif node.parent is not None:
        node.__dict__["lang"] = node.parent.lang
    else:
        node.__dict__["lang"] = ascii_lower(document_language(element, node.transport_content_language))


def document_language(root, content_language: str | None) -> str:
    """The language of a root element without lang (HTML §3.2.6.2): the pragma-set default
    language — the last <meta http-equiv=content-language> whose content is one language —
    else the HTTP Content-Language header's, if it names one; "" when unknown."""
    language = None
    for meta in root.iter("meta"):
        tokens = split_whitespace(meta.get("content") or "")
        if meta.get("http-equiv", "").strip().lower() == "content-language" and tokens \
                and "," not in meta.get("content"):
            language = tokens[0]     # the first token, as the pragma takes it
    return language or _one_language(content_language) or ""


def _one_language(value: str | None) -> str | None:
    """A Content-Language value naming exactly one language (no comma, one token)."""
    if value is None or "," in value:
        return None
    parts = split_whitespace(value)
    return parts[0] if len(parts) == 1 else None


def element_keys(node: Node) -> list[tuple[str, str]]:
    """What an element offers the ancestor filter: its id, classes and (lowercase) tag."""
    keys = [("", node.local_name.lower())]
    if node.id is not None:
        keys.append(("#", node.id))
    keys.extend((".", name) for name in node.classes)
    return keys


def ancestor_keys(tree) -> frozenset:
    """The ids, classes and tags that some ancestor of the subject must have for `tree` to match.

    A compound followed by a descendant or child combinator is matched against an ancestor of
    the subject (also when sibling combinators come in between: a sibling's parent is a parent).
    Only plain simple selectors count; those inside :is(), :not() and friends prove nothing."""
    keys: set = set()
    node = tree
    while isinstance(node, sel.CombinedSelector):
        left = node.left
        compound = left.right if isinstance(left, sel.CombinedSelector) else left
        if node.combinator in (" ", ">"):
            for simple in compound.simple_selectors:
                if isinstance(simple, sel.IDSelector):
                    keys.add(("#", simple.ident))
                elif isinstance(simple, sel.ClassSelector):
                    keys.add((".", simple.class_name))
                elif isinstance(simple, sel.LocalNameSelector):
                    keys.add(("", simple.lower_local_name))
        node = left
    return frozenset(keys)


class LazySelector(CompiledSelector):
    """A CompiledSelector whose Python test is generated on first use.

    cssselect2 turns each selector into Python source and eval()s it: about 0.1 ms a selector, so a
    sheet of 50,000 rules would spend seconds compiling tests that never run (their id or class is
    not in the document, or the ancestor filter rejects them first).  The index metadata (id, class,
    tag, pseudo-element, specificity) is read from the parse tree at once, as cssselect2 does."""

    def __init__(self, parsed) -> None:  # noqa: super().__init__ would compile now
        self.parsed = parsed
        self.specificity = parsed.specificity
        self.pseudo_element = parsed.pseudo_element
        self.id = self.class_name = self.local_name = self.lower_local_name = self.namespace = None
        self.requires_lang_attr = False
        self.attribute = None  # an attribute the subject must have ([href], [type=text]): an index key
        self.never_matches = False  # known only once compiled; a never-matching test just returns False
        self.tag_alternatives: tuple | None = None   # `:is(a, area):link`: the subject is one of these tags
        self.ancestor_keys = ancestor_keys(parsed.parsed_tree)
        node = parsed.parsed_tree
        if isinstance(node, sel.CombinedSelector):
            node = node.right
        for simple in node.simple_selectors:
            if isinstance(simple, sel.IDSelector):
                self.id = simple.ident
            elif isinstance(simple, sel.ClassSelector):
                self.class_name = simple.class_name
            elif isinstance(simple, sel.LocalNameSelector):
                self.local_name, self.lower_local_name = simple.local_name, simple.lower_local_name
            elif isinstance(simple, sel.NamespaceSelector):
                self.namespace = simple.namespace
            elif isinstance(simple, sel.AttributeSelector):
                if simple.name == "lang":
                    self.requires_lang_attr = True
                elif _class_word(simple) is not None:
                    self.class_name = self.class_name or _class_word(simple)
                elif simple.namespace == "" and self.attribute is None:
                    self.attribute = simple.lower_name
            elif isinstance(simple, sel.MatchesAnySelector) and self.tag_alternatives is None:
                self.tag_alternatives = _tag_list(simple)

    @cached_property
    def test(self):
        """The compiled test (then cached in the instance: later lookups are a dict hit).
        Selectors with a descendant or general-sibling combinator get a `ChainTest`."""
        tree = self.parsed.parsed_tree
        if isinstance(tree, sel.CombinedSelector) and _has_walking_combinator(tree):
            return ChainTest(tree)
        compiled = CompiledSelector(self.parsed)
        self.never_matches = compiled.never_matches
        return compiled.test

    @cached_property
    def relaxed_test(self):
        """The test of the selector without its positional parts (match_sharing.relaxed_tree)."""
        return compile_tree(relaxed_tree(self.parsed.parsed_tree))


_WORD = re.compile(r"[^ \t\r\n\f]+")   # one class name: what split_whitespace would keep whole


def _class_word(simple) -> str | None:
    """`[class~=word]` asks exactly what `.word` asks (Selectors 4 §6.6: a class selector *is*
    `[class~=word]` in HTML), so it can share the class index instead of being tested on every
    element with a class attribute.  None for any other attribute selector."""
    value = simple.value
    if simple.operator != "~=" or simple.namespace != "" or simple.name != "class" \
            or simple.case_sensitive is False or not value or not _WORD.fullmatch(value) \
            or len(value.split()) != 1:
        return None
    return value


def _tag_list(simple) -> tuple | None:
    """The tag names of an `:is(a, area)` whose every argument is a bare tag name, else None."""
    tags = []
    for argument in simple.selector_list:
        tree = argument.parsed_tree
        if not isinstance(tree, sel.CompoundSelector) or len(tree.simple_selectors) != 1 \
                or not isinstance(tree.simple_selectors[0], sel.LocalNameSelector):
            return None
        tags.append(tree.simple_selectors[0].lower_local_name)
    return tuple(dict.fromkeys(tags)) or None


def _has_walking_combinator(tree) -> bool:
    while isinstance(tree, sel.CombinedSelector):
        if tree.combinator in (" ", "~"):
            return True
        tree = tree.left
    return False


def compile_tree(tree):
    """A test for a selector tree: a `ChainTest` when it walks ancestors or siblings, else cssselect2's."""
    if isinstance(tree, sel.CombinedSelector) and _has_walking_combinator(tree):
        return ChainTest(tree)
    return _compound_test(tree)


def _compound_test(compound):
    """cssselect2's compiled test for one compound selector."""
    source = _compile_node(compound)
    if source == "1":
        return lambda el: True
    if source == "0":
        return lambda el: False
    return eval("lambda el: " + source, _COMPILE_GLOBALS, {})


_COMPILE_GLOBALS = {"split_whitespace": split_whitespace, "ascii_lower": ascii_lower, "urlparse": urlparse}


class ChainTest:
    """Matches a combinator chain right to left, remembering the walking combinators' answers.

    `A B` asks whether *some ancestor* matches A; cssselect2 walks all ancestors for every element
    asking, which on a deep chain of elements that the ancestor filter lets through (`body > .a div`
    inside 100,000 nested `.a` divs) is quadratic.  Here "some ancestor-or-self of X matches the
    chain from A leftwards" is stored on X (`Node.memo`), so each element is examined once per
    chain position: linear.  `~` (some previous sibling) is remembered the same way.  The walks
    fill the memo top-down with loops; nothing recurses with the depth of the document."""

    def __init__(self, tree) -> None:
        compounds, combinators = [], []
        while isinstance(tree, sel.CombinedSelector):
            compounds.append(_compound_test(tree.right))
            combinators.append(tree.combinator)
            tree = tree.left
        compounds.append(_compound_test(tree))
        self.compounds = compounds        # [subject, its left neighbour, ...]
        self.combinators = combinators    # combinators[i] joins compounds[i + 1] to compounds[i]
        self.key = object()               # this chain's slot in each node's memo

    def __call__(self, node) -> bool:
        return self.matches(node, 0)

    def matches(self, node, i: int) -> bool:
        """Does `node` match compounds[i] and everything to its left?  Iterates over the chain's
        positions (bounded by the selector's length, not the document's depth)."""
        compounds, combinators = self.compounds, self.combinators
        while True:
            if not compounds[i](node):
                return False
            if i == len(combinators):
                return True
            combinator = combinators[i]
            i += 1
            if combinator == ">":
                node = node.parent
            elif combinator == "+":
                node = node.previous
            else:
                return self._somewhere(node.parent if combinator == " " else node.previous, i,
                                       "parent" if combinator == " " else "previous")
            if node is None:
                return False

    def _somewhere(self, node, i: int, link: str) -> bool:
        """Whether `node` or one of the nodes before it along `link` matches position i."""
        slot = (self.key, i, link)
        path = []
        answer = False
        while node is not None:
            memo = node.memo
            if memo is not None and slot in memo:
                answer = memo[slot]
                break
            path.append(node)
            node = getattr(node, link)
        for node in reversed(path):  # from the farthest, so each answer builds on the one before
            answer = answer or self.matches(node, i)
            if node.memo is None:
                node.memo = {}
            node.memo[slot] = answer
        return answer


def compile_selectors(prelude) -> list[CompiledSelector]:
    """Like cssselect2.compile_selector_list (raising cssselect2.SelectorError the same way), each
    selector also carrying its `ancestor_keys`, its test compiled when first needed.  The tree is
    compiled once here too — without eval() — so a selector cssselect2 cannot compile is refused now."""
    selectors = []
    for parsed in sel.parse(prelude):
        _compile_node(parsed.parsed_tree)  # raises SelectorError for what cssselect2 cannot match
        selectors.append(LazySelector(parsed))
    return selectors


class AncestorFilter:
    """Counts of the keys present on the current element's ancestors, kept as the walk goes."""

    def __init__(self) -> None:
        self.counts: dict = {}

    def push(self, keys: list) -> None:
        counts = self.counts
        for key in keys:
            counts[key] = counts.get(key, 0) + 1

    def pop(self, keys: list) -> None:
        counts = self.counts
        for key in keys:
            left = counts[key] - 1
            if left:
                counts[key] = left
            else:
                del counts[key]


class Bucket:
    """The selectors of one index key.  Those the ancestor filter can test are grouped by one of the
    ancestor keys they need, so a bucket of a thousand `.cN p` rules costs, for a `p`, only the
    groups whose key is on an ancestor — not a thousand filter checks.  Selectors that look at the
    subject's position (`:first-child`, `h1 + p`) are kept apart: match sharing must know when one
    of them might have matched (match_sharing.py)."""

    __slots__ = ("plain", "by_key", "positional", "positional_by_key")

    def __init__(self) -> None:
        self.plain: list = []            # entries that need no ancestor key
        self.by_key: dict = {}           # one needed key -> entries
        self.positional: list = []       # entries whose subject's position counts, needing no key
        self.positional_by_key: dict = {}   # ... and those needing one, by it (Tailwind's
                                            # `.space-y-4 > :not([hidden]) ~ :not([hidden])`: 50 such
                                            # rules meet every element, but few have that parent)

    def add(self, entry: tuple, positional: bool = False) -> None:
        needs = entry[-1]
        if positional:
            if needs:
                self.positional_by_key.setdefault(needs[0], []).append(entry)
            else:
                self.positional.append(entry)
        elif needs:
            self.by_key.setdefault(needs[0], []).append(entry)
        else:
            self.plain.append(entry)

    def match(self, node: Node, present: dict, found: list) -> bool:
        """Append the matches to `found` (in no order: the caller sorts); True when a positional
        selector might have matched an element alike to `node` placed elsewhere among its siblings
        (its relaxed test passed)."""
        tainted = False
        positional = self.positional
        if self.positional_by_key:
            positional = positional + _groups(self.positional_by_key, present)
        for selector, specificity, order, pseudo, payload, needs in positional:
            if all(key in present for key in needs) and selector.relaxed_test(node):
                tainted = True
                if selector.test(node):
                    found.append((specificity, order, pseudo, payload))
        for selector, specificity, order, pseudo, payload, _needs in self.plain:
            if selector.test(node):
                found.append((specificity, order, pseudo, payload))
        by_key = self.by_key
        if not by_key:
            return tainted
        for entries in _group_lists(by_key, present):
            for selector, specificity, order, pseudo, payload, needs in entries:
                for key in needs:
                    if key not in present:
                        break
                else:
                    if selector.test(node):
                        found.append((specificity, order, pseudo, payload))
        return tainted


def _group_lists(by_key: dict, present: dict) -> list[list]:
    """The entry lists of the keys present on the ancestors (looking up from the smaller side)."""
    if len(present) < len(by_key):
        return [by_key[key] for key in present if key in by_key]
    return [entries for key, entries in by_key.items() if key in present]


def _groups(by_key: dict, present: dict) -> list:
    """The entries of the keys present on the ancestors, in one list."""
    return [entry for entries in _group_lists(by_key, present) for entry in entries]


PSEUDO_ELEMENTS = ("before", "after", "marker")   # the pseudo-elements that get a style


class Matched:
    """An element's matching selectors, as the cascade uses them: all of them in cascade order,
    those of the element itself (not of a pseudo-element) and those as a hashable key, and per
    pseudo-element that has some, (name, its selectors, them as a key) — worked out once for all
    the elements that share this result."""

    __slots__ = ("rules", "normal", "normal_key", "pseudo")

    def __init__(self, rules: list) -> None:
        self.rules = rules
        self.normal = [match for match in rules if match[2] is None]
        self.normal_key = tuple(match[1] for match in self.normal)
        self.pseudo: tuple = ()
        if len(self.normal) != len(rules):
            chosen = ((name, [match for match in rules if match[2] == name]) for name in PSEUDO_ELEMENTS)
            self.pseudo = tuple((name, matches, tuple(match[1] for match in matches))
                                for name, matches in chosen if matches)


class RuleIndex:
    """Rules indexed as cssselect2's Matcher does — by the subject's id, class and tag (then namespace,
    lang, attribute name, and the rest) — each bucket with the ancestor filter in front."""

    def __init__(self) -> None:
        self.order = 0
        self.ids: dict[str, Bucket] = {}
        self.classes: dict[str, Bucket] = {}
        self.tags: dict[str, Bucket] = {}
        self.namespaces: dict[str, Bucket] = {}
        self.attributes: dict[str, Bucket] = {}
        self.lang = Bucket()
        self.other = Bucket()
        self.reads = SelectorReads()           # what the selectors read of an element (match sharing)
        self.ancestors_positional = False      # whether some selector asks an ancestor's position
        self.shareable = True                  # every selector's parse tree known (match sharing)

    def add_selector(self, selector, payload) -> None:
        self.order += 1
        entry = (selector, selector.specificity, self.order, selector.pseudo_element, payload,
                 tuple(getattr(selector, "ancestor_keys", ())))
        parsed = getattr(selector, "parsed", None)
        positional = False
        if parsed is None:
            self.shareable = False   # not one of ours: what it reads is unknown
        else:
            tree = parsed.parsed_tree
            self.reads.add(tree)
            positional = subject_is_positional(tree)
            self.ancestors_positional = self.ancestors_positional or ancestors_are_positional(tree)
        if selector.id is not None:
            bucket = self.ids.setdefault(selector.id, Bucket())
        elif selector.class_name is not None:
            bucket = self.classes.setdefault(selector.class_name, Bucket())
        elif selector.local_name is not None:
            bucket = self.tags.setdefault(selector.lower_local_name, Bucket())
        elif getattr(selector, "tag_alternatives", None):
            # an element has one tag, so it meets the entry in at most one of these buckets
            for tag in selector.tag_alternatives:
                self.tags.setdefault(tag, Bucket()).add(entry, positional)
            return
        elif selector.namespace is not None:
            bucket = self.namespaces.setdefault(selector.namespace, Bucket())
        elif selector.requires_lang_attr:
            bucket = self.lang
        elif getattr(selector, "attribute", None) is not None:
            bucket = self.attributes.setdefault(selector.attribute, Bucket())
        else:
            bucket = self.other
        bucket.add(entry, positional)

    def match_filtered(self, node: Node, present: dict) -> list:
        """(specificity, order, pseudo-element, payload) of every matching selector, in cascade order."""
        return self._match(node, present)[0]

    def match_result(self, node: Node, present: dict) -> tuple[Matched, bool]:
        """The element's `Matched`, and whether it may differ from an alike element's (match_sharing)."""
        found, tainted = self._match(node, present)
        return Matched(found), tainted or not self.shareable

    def _match(self, node: Node, present: dict) -> tuple[list, bool]:
        found: list = []
        tainted = False
        if node.id is not None:
            bucket = self.ids.get(node.id)
            if bucket is not None:
                tainted |= bucket.match(node, present, found)
        classes = self.classes
        for name in node.classes:
            bucket = classes.get(name)
            if bucket is not None:
                tainted |= bucket.match(node, present, found)
        bucket = self.tags.get(node.local_name.lower())
        if bucket is not None:
            tainted |= bucket.match(node, present, found)
        bucket = self.namespaces.get(node.namespace_url)
        if bucket is not None:
            tainted |= bucket.match(node, present, found)
        attrib = node.etree_element.attrib
        if "lang" in attrib:
            tainted |= self.lang.match(node, present, found)
        if self.attributes and attrib:
            for name in attrib:
                bucket = self.attributes.get(name.lower())
                if bucket is not None:
                    tainted |= bucket.match(node, present, found)
        tainted |= self.other.match(node, present, found)
        found.sort()
        return found, tainted
