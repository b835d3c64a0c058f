"""html5lib's tokenizer, with a fast path that reads a plain tag in one regular-expression match.

html5lib's tokenizer follows the HTML Standard's state machine (§13.2.5) one character at a
time: `<span class="pre">` is eighteen calls of a state method, each through the tokenizer's
main loop.  Most tags in real pages are plain — a name, whitespace-separated attributes with
quoted or simple unquoted values, maybe `/>` — and for those the state machine's result is
known without walking it: the names lowercased (ASCII only), the values as written, no parse
error.  So when the data state meets `<`, `TAG` tries to match the whole tag within the
current chunk of input; a match is emitted as the token the state machine would have built.
Anything else — a character reference or NUL in a value, a duplicate attribute, a quote or
`=` where none belongs, a tag cut by the chunk's end, a comment or doctype — does not match,
and the character-by-character states take it from `<` exactly as before, errors and all.
Text between tags is read the same way: one match up to the next `<`, `&` or NUL.

The fast path changes no token and no parse error (tests/dom/test_tokenizer.py compares the
token streams of both on generated tag soup); on the 700 KB benchmark page it removes about
a third of the parse time.
"""
from __future__ import annotations

import re

from html5lib import _tokenizer, constants   # (treebuilder.py imports html5lib first, lightly)

START_TAG = constants.tokenTypes["StartTag"]
END_TAG = constants.tokenTypes["EndTag"]
CHARACTERS = constants.tokenTypes["Characters"]
SPACE_CHARACTERS_TOKEN = constants.tokenTypes["SpaceCharacters"]
SPACE_CHARACTERS = constants.spaceCharacters

# Character classes of the HTML Standard's tokenizer states, restricted to the plain cases.
# Whitespace is html5lib's spaceCharacters (\r is already normalized away by the input stream).
_WS = r"[\t\n\f ]"
_NAME = r"[A-Za-z][A-Za-z0-9-]*+"                    # a tag name (more would still be a tag name,
                                                      # but then the slow path decides)
_ATTR_NAME = r"[A-Za-z_:@][A-Za-z0-9_:.@-]*+"         # no quote, '<', '=', '/', '>' or NUL in it
_VALUE = r"""(?:"([^"&\x00]*+)"|'([^'&\x00]*+)'|([^\t\n\f "'=<>`&\x00]++))"""   # no reference, no NUL
_ATTR = rf"({_ATTR_NAME})(?:{_WS}*+={_WS}*+{_VALUE})?"

# after `<`: name, attributes each after whitespace, optional whitespace, optional `/`, `>`.
# Possessive quantifiers: a match is the one the state machine reads, never a backtracked other.
TAG = re.compile(rf"(?P<name>{_NAME})(?P<attributes>(?:{_WS}++{_ATTR})*+){_WS}*+(?P<slash>/?)>")
ATTRIBUTE = re.compile(_ATTR)
# after `<`: `/`, a name, optional whitespace, `>`
END = re.compile(rf"/({_NAME}){_WS}*+>")
# text in the data state: a whitespace run (html5lib's spaceCharacters), or a run up to '&', '<', NUL
SPACES = re.compile(rf"{_WS}+")
TEXT = re.compile(r"[^&<\x00]+")


class Tokenizer(_tokenizer.HTMLTokenizer):
    """html5lib's HTMLTokenizer whose data state emits plain tags whole."""

    def dataState(self) -> bool:
        stream = self.stream
        chunk, offset = stream.chunk, stream.chunkOffset
        if offset >= stream.chunkSize:
            return super().dataState()
        if chunk[offset] != "<":
            # text up to the next '<', '&' or NUL, as the data state emits it: a run of leading
            # whitespace as a token of its own, then the rest (unless the chunk ends first)
            match = (SPACES if chunk[offset] in SPACE_CHARACTERS else TEXT).match(chunk, offset)
            if match is None or match.end() == stream.chunkSize:
                return super().dataState()
            stream.chunkOffset = match.end()
            kind = SPACE_CHARACTERS_TOKEN if match.re is SPACES else CHARACTERS
            self.tokenQueue.append({"type": kind, "data": match.group()})
            return True
        after = offset + 1
        match = TAG.match(chunk, after)
        if match is not None:
            name, attributes, slash = match.group("name", "attributes", "slash")
            data: dict[str, str] = {}
            if attributes:
                for attr, double, single, bare in ATTRIBUTE.findall(attributes):
                    attr = attr.lower()
                    if attr in data:        # a duplicate: a parse error, the slow path reports it
                        return super().dataState()
                    data[attr] = double or single or bare
            stream.chunkOffset = match.end()
            self.currentToken = {"type": START_TAG, "name": name.lower(), "data": data,
                                 "selfClosing": bool(slash), "selfClosingAcknowledged": False}
            self.tokenQueue.append(self.currentToken)
            return True
        match = END.match(chunk, after)
        if match is not None:
            stream.chunkOffset = match.end()
            self.currentToken = {"type": END_TAG, "name": match.group(1).lower(), "data": [],
                                 "selfClosing": False}
            self.tokenQueue.append(self.currentToken)
            return True
        return super().dataState()
