"""Asking fontconfig which font file a pattern means, in this process.

`fc-match PATTERN` is what Chromium's font lookup amounts to on Linux, but one
process per family costs 10-40 ms each (a page with 19 families spent more
time forking than laying out).  libfontconfig answers the same question in
well under a millisecond once its configuration is loaded, so this module
calls it through ctypes, doing exactly what fc-match does (fc-match.c):
parse the pattern, apply the configuration's substitutions and the defaults,
match, and format the answer with the same format string.  Where the library
cannot be loaded, the fc-match command is used.
"""
from __future__ import annotations

import ctypes
import threading

FC_MATCH_PATTERN = 0       # FcMatchKind: substitutions meant for the pattern, as fc-match applies


class _Library:
    """libfontconfig's six calls that matching needs, with their C signatures."""

    def __init__(self) -> None:
        lib = ctypes.CDLL("libfontconfig.so.1")
        ptr = ctypes.c_void_p
        lib.FcNameParse.restype, lib.FcNameParse.argtypes = ptr, [ctypes.c_char_p]
        lib.FcConfigSubstitute.restype, lib.FcConfigSubstitute.argtypes = ctypes.c_int, [ptr, ptr, ctypes.c_int]
        lib.FcDefaultSubstitute.restype, lib.FcDefaultSubstitute.argtypes = None, [ptr]
        lib.FcFontMatch.restype = ptr
        lib.FcFontMatch.argtypes = [ptr, ptr, ctypes.POINTER(ctypes.c_int)]
        lib.FcPatternFormat.restype, lib.FcPatternFormat.argtypes = ptr, [ptr, ctypes.c_char_p]
        lib.FcStrFree.restype, lib.FcStrFree.argtypes = None, [ptr]
        lib.FcPatternDestroy.restype, lib.FcPatternDestroy.argtypes = None, [ptr]
        self.lib = lib

    def match(self, pattern: str, fmt: str) -> str:
        """The best match for `pattern` formatted with `fmt`, or "" when the pattern does not parse."""
        lib = self.lib
        parsed = lib.FcNameParse(pattern.encode("utf-8"))
        if not parsed:
            return ""
        try:
            lib.FcConfigSubstitute(None, parsed, FC_MATCH_PATTERN)   # None: the default configuration
            lib.FcDefaultSubstitute(parsed)
            result = ctypes.c_int()
            font = lib.FcFontMatch(None, parsed, ctypes.byref(result))
            if not font:
                return ""
            try:
                text = lib.FcPatternFormat(font, fmt.encode("utf-8"))
                if not text:
                    return ""
                try:
                    return ctypes.string_at(text).decode("utf-8", "replace")
                finally:
                    lib.FcStrFree(text)
            finally:
                lib.FcPatternDestroy(font)
        finally:
            lib.FcPatternDestroy(parsed)


class Matcher:
    """fc-match in-process when libfontconfig loads, else the command; `available` says if either is."""

    def __init__(self) -> None:
        self.lock = threading.Lock()      # one question at a time, whichever thread asks
        try:
            self.library: _Library | None = _Library()
        except (OSError, AttributeError):
            self.library = None
        self.command = None
        if self.library is None:
            import shutil   # only without the library (shutil and subprocess cost ~10 ms to import)

            self.command = shutil.which("fc-match")
        self.available = self.library is not None or self.command is not None

    def match(self, pattern: str, fmt: str) -> str:
        if "\0" in pattern:
            return ""
        if self.library is not None:
            with self.lock:
                return self.library.match(pattern, fmt)
        if self.command is None:
            return ""
        import subprocess

        try:
            return subprocess.run([self.command, "-f", fmt, pattern], capture_output=True, text=True,
                                  timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            return ""
