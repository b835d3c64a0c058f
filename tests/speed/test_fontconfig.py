"""fontconfig.py asks libfontconfig in-process: its answers must be fc-match's, byte for byte."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from minibrowser.paint import fontconfig
from minibrowser.paint.fonts import FontConfig

FORMAT = "%{file}\\n%{index}\\n%{family}\\n%{weight}\\n%{slant}\\n"
PATTERNS = ["sans-serif:weight=80", "serif:weight=200:slant=100", "monospace:weight=80", "Arial:weight=80",
            "No Such Family Anywhere:weight=80", "sans-serif:weight=80:charset=4e00:lang=zh-cn",
            "sans-serif:weight=200:charset=2713", "Noto Sans:weight=0"]

needs_fc_match = pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")


def fc_match(pattern: str) -> str:
    return subprocess.run(["fc-match", "-f", FORMAT, pattern], capture_output=True, text=True).stdout


@needs_fc_match
def test_in_process_answers_are_fc_match_answers():
    matcher = fontconfig.Matcher()
    assert matcher.library is not None, "libfontconfig.so.1 did not load beside fc-match"
    for pattern in PATTERNS:
        assert matcher.match(pattern, FORMAT) == fc_match(pattern), pattern


@needs_fc_match
def test_the_command_is_the_fallback_and_agrees():
    matcher = fontconfig.Matcher()
    matcher.library, matcher.command = None, shutil.which("fc-match")
    for pattern in PATTERNS[:3]:
        assert matcher.match(pattern, FORMAT) == fc_match(pattern)


@needs_fc_match
def test_unparsable_patterns_match_nothing():
    matcher = fontconfig.Matcher()
    assert matcher.match("sans-serif:weight=\0", FORMAT) == ""
    assert matcher.match(":weight=notanumber", FORMAT) == fc_match(":weight=notanumber") == ""


@needs_fc_match
def test_font_config_gives_a_face_for_generics_and_none_for_unknown_families():
    config = FontConfig()
    face = config.match("sans-serif", 400, False)
    assert face is not None and face.path == fc_match("sans-serif:weight=80").split("\n")[0]
    assert config.match("No Such Family Anywhere", 400, False) is None
    assert config.match("sans-serif", 400, False) is face      # asked once per process
