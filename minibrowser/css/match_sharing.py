"""Match sharing: elements that provably match the same rules are matched once.

Selector matching reads only a few things of an element: its tag, its language, the ids, classes and
attributes some selector names (`#top`, `.pre`, `[type=text]`, `:link` reads href), and the same
things of its ancestors (through the descendant and child combinators).  Two elements that agree on
all of these — their *signature* — and whose parents are alike in the same way match the same
selectors, except for the selectors that look at an element's position among its siblings
(`:first-child`, `:nth-of-type()`, `:empty`, `+`, `~`, `:has()`, `:enabled` …), here called
*positional*.  Browsers share styles between such elements (Blink's "style sharing", which checks
siblings' and cousins' inputs); here the match results are shared, and the cascade then shares the
computed style of alike results as before.

How the positional selectors are kept exact:

* at the subject (`dd > :first-child`, `h1 + p`): each such selector also gets a *relaxed* test, the
  selector without its positional parts (`dd > *`, `p`).  The relaxed test reads only the signature
  and the ancestors, so when it fails for one element it fails for every alike element, and so does
  the real test.  An element for which some relaxed test passes is matched on its own and its
  result is not shared.
* left of the subject (`li:first-child a`, `h2 + p em`): ancestors that look alike may then match
  differently, so alike elements share only when they are siblings (same parent, so same
  ancestors): the parent counts by its identity instead of its likeness.

On the benchmark's 16,000-element documentation page (500 selectors) 94 % of the elements take an
alike element's result, a dictionary look-up; in a 20,000-item list all but the first few do.
"""
from __future__ import annotations

from itertools import count
from typing import Any, Iterator

from cssselect2 import parser as sel

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# pseudo-classes whose test reads the element's tag and attributes (or nothing): cssselect2 compiles
# :link to a tag and href test, :root to "no parent", and the dynamic ones (:hover …) to "never"
POSITION_FREE_PSEUDO_CLASSES = frozenset({
    "link", "any-link", "local-link", "checked", "root", "scope", "visited", "hover", "active", "focus",
    "focus-within", "focus-visible", "target", "target-within", "current", "past", "future", "playing",
    "paused", "seeking", "buffering", "stalled", "muted", "volume-locked", "user-valid", "user-invalid",
    "host"})
# the attributes those pseudo-classes read: True when the value matters, False for presence alone
PSEUDO_CLASS_READS: dict[str, dict[str, bool]] = {
    "link": {"href": False}, "any-link": {"href": False}, "local-link": {"href": True},
    "checked": {"checked": False, "type": True, "selected": False},
    "enabled": {"disabled": False, "href": False}, "disabled": {"disabled": False},
}
LISTS = (sel.NegationSelector, sel.MatchesAnySelector, sel.SpecificityAdjustmentSelector)
PLAIN = (sel.LocalNameSelector, sel.NamespaceSelector, sel.IDSelector, sel.ClassSelector,
         sel.AttributeSelector)


def selector_nodes(tree) -> Iterator[Any]:
    """Every part of a parsed selector, those inside :is(), :where() and :not() too: combined and
    compound selectors and their simple selectors (an explicit stack: nesting has no limit)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, sel.CombinedSelector):
            stack += (node.left, node.right)
        elif isinstance(node, sel.CompoundSelector):
            stack.extend(node.simple_selectors)
        elif isinstance(node, LISTS):
            stack.extend(argument.parsed_tree for argument in node.selector_list)
        yield node


def is_positional(tree) -> bool:
    """Whether any part of a selector (or of one simple selector) depends on sibling position or on
    children: structural pseudo-classes, :empty, :has(), :enabled/:disabled (a fieldset's first
    legend), the + and ~ combinators.  Anything not known to be free of that counts as positional."""
    for node in selector_nodes(tree):
        if isinstance(node, sel.CombinedSelector):
            if node.combinator not in (" ", ">"):
                return True
        elif isinstance(node, (sel.CompoundSelector, *LISTS)):
            continue
        elif isinstance(node, sel.PseudoClassSelector):
            if node.name not in POSITION_FREE_PSEUDO_CLASSES:
                return True
        elif isinstance(node, sel.FunctionalPseudoClassSelector):
            if node.name != "lang":
                return True
        elif not isinstance(node, PLAIN):
            return True
    return False


def _split(tree) -> tuple[Any, str | None, Any]:
    """(subject compound, the combinator left of it or None, what is left of that)."""
    if isinstance(tree, sel.CombinedSelector):
        return tree.right, tree.combinator, tree.left
    return tree, None, None


def subject_is_positional(tree) -> bool:
    """Whether the element's own position or children can decide the selector (see the module doc)."""
    subject, combinator, _left = _split(tree)
    return combinator in ("+", "~") or any(is_positional(simple) for simple in subject.simple_selectors)


def ancestors_are_positional(tree) -> bool:
    """Whether an ancestor's position can decide the selector (`li:first-child a`).  Left of a + or ~
    at the subject does not count: such a selector is positional at the subject already, and its
    relaxed test leaves that part out."""
    _subject, combinator, left = _split(tree)
    return combinator in (" ", ">") and is_positional(left)


def relaxed_tree(tree):
    """The selector without its positional parts, which matches whenever the selector does (a
    compound without some of its simple selectors matches more; so does a subject without the
    sibling it needs).  What a `+` or `~` selector asks of the sibling's ancestors it asks of the
    subject's own, as siblings share their parent: `.list > li ~ li` relaxes to `.list > li`, not
    to `li` (Tailwind's `.space-y-4 > :not([hidden]) ~ :not([hidden])` would otherwise pass for
    every element of a page) — when that part is free of positional tests itself."""
    subject, combinator, left = _split(tree)
    compound = sel.CompoundSelector([simple for simple in subject.simple_selectors if not is_positional(simple)])
    if combinator in (" ", ">"):
        return sel.CombinedSelector(left, combinator, compound)
    while combinator in ("+", "~"):
        _sibling, combinator, left = _split(left)
    if combinator in (" ", ">") and not is_positional(left):
        return sel.CombinedSelector(left, combinator, compound)
    return compound


class SelectorReads:
    """What of an element the selectors of a sheet can read: ids, classes and attributes by name."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.classes: set[str] = set()
        # attribute name as it may appear on an element -> whether its value (not just presence) matters;
        # the language attributes always count, as the element's language and the :lang() bucket use them
        self.attributes: dict[str, bool] = {"lang": True, XML_LANG: True}

    def add(self, tree) -> None:
        for node in selector_nodes(tree):
            if isinstance(node, sel.IDSelector):
                self.ids.add(node.ident)
            elif isinstance(node, sel.ClassSelector):
                self.classes.add(node.class_name)
            elif isinstance(node, sel.AttributeSelector):
                by_value = node.operator is not None
                names = {node.name, node.lower_name}
                if node.namespace:
                    names |= {f"{{{node.namespace}}}{name}" for name in tuple(names)}
                for name in names:
                    self._read(name, by_value)
            elif isinstance(node, sel.PseudoClassSelector):
                for name, by_value in PSEUDO_CLASS_READS.get(node.name, {}).items():
                    self._read(name, by_value)

    def _read(self, name: str, by_value: bool) -> None:
        self.attributes[name] = self.attributes.get(name, False) or by_value

    def signature(self, node) -> tuple:
        """All that the selectors can read of the element itself (its language is seeded already)."""
        element = node.etree_element
        attrib = element.attrib
        if not attrib:
            return (element.tag, node.__dict__["lang"])
        reads = self.attributes
        own = [(name, value if reads[name] else None) for name, value in attrib.items() if name in reads]
        classes = node.classes
        known_classes = frozenset(classes.intersection(self.classes)) if classes and "class" not in reads else None
        known_id = node.id if "id" not in reads and node.id in self.ids else None
        return (element.tag, node.__dict__["lang"], known_classes, known_id, tuple(own))


class MatchSharing:
    """Matched rules per (signature, parent's likeness), for a walk of one document in tree order.

    `match` returns the element's match result and the token its children pass as their parent's
    likeness.  Tokens are small integers, so that a key never nests the whole ancestor chain (hashing
    that would be quadratic on a deep tree)."""

    def __init__(self, index, enabled: bool = True) -> None:
        self.index = index
        self.reads: SelectorReads = index.reads
        self.enabled = enabled
        self.by_parent_identity = index.ancestors_positional
        self.tokens: dict[tuple, int] = {}
        self.results: dict[int, Any] = {}
        self.serials = count(-1, -1)   # a parent's identity, when likeness is not enough
        self.shared = 0

    def match(self, node, present: dict, parent_token: int | None) -> tuple[Any, int | None]:
        if not self.enabled:
            return self.index.match_result(node, present)[0], None
        key = (self.reads.signature(node), parent_token)
        tokens = self.tokens
        token = tokens.get(key)
        if token is None:
            token = tokens[key] = len(tokens)
        result = self.results.get(token)
        if result is None:
            result, tainted = self.index.match_result(node, present)
            if not tainted:
                self.results[token] = result
        else:
            self.shared += 1
        return result, (next(self.serials) if self.by_parent_identity else token)
