"""Property tests: generated structured pages (fuzz_pages.py) never make an exception escape and
always give sane output.  A fixed seed keeps CI repeatable; bench/fuzz.py runs ≥ 10,000 cases."""
from __future__ import annotations

from hypothesis import HealthCheck, given, seed, settings

from .fuzz_pages import check, pages

FUZZ_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))


@seed(20240607)
@FUZZ_SETTINGS
@given(pages())
def test_generated_pages_in_text_mode(html):
    check(html, text_mode=True)


@seed(20240608)
@FUZZ_SETTINGS
@given(pages())
def test_generated_pages_as_png(html):
    check(html, text_mode=False)
