"""Standard modules a dependency imports but a page load never uses, imported when first used.

html5lib imports `urllib.request` (through xml.sax.saxutils, for its serializer) and
`http.client` (to recognise an HTTPResponse given as input), and with them ssl, socket
and the email package: about half of html5lib's import time, for code that parsing
decoded text never runs; its tree builder imports `html5lib._ihatexml`, whose large
regular expressions only its tostring() uses.  `deferred_while_importing` stands a `Deferred` module in for
each of them while the dependency is imported.  The placeholders leave `sys.modules`
right after, so a later `import http.client` is an ordinary import; a reference the
dependency kept answers every attribute from the real module, imported on that first use.

importlib.util.LazyLoader cannot do this: importing a lazy module a second time (the
`import urllib.request` in xml.sax.saxutils) reads its `__spec__`, which loads it.
"""
from __future__ import annotations

import importlib
import sys
import types
from contextlib import contextmanager
from typing import Iterator


class Deferred(types.ModuleType):
    """A module's name only; any other attribute imports the real module and is read from it."""

    def __getattr__(self, attr: str):   # called only for attributes a bare module lacks
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attr)


@contextmanager
def deferred_while_importing(*names: str) -> Iterator[None]:
    """Within the block, `import NAME` (for each dotted NAME not yet imported) binds a Deferred."""
    placed: list[str] = []
    for name in names:
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        module = Deferred(name)
        sys.modules[name] = module
        if parent:
            setattr(importlib.import_module(parent), child, module)   # what `import parent.child` binds
        placed.append(name)
    try:
        yield
    finally:
        for name in placed:
            if isinstance(sys.modules.get(name), Deferred):
                del sys.modules[name]
