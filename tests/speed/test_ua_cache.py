"""css/ua_cache.py: the parsed UA sheet kept between runs must be the sheet a fresh parse gives."""
from __future__ import annotations

import pathlib

from minibrowser.css import ua_cache
from minibrowser.css.cascade import UA_SHEET_PATH
from minibrowser.css.media import MediaContext
from minibrowser.css.stylesheet import parse_stylesheet


def parse(media: MediaContext):
    return parse_stylesheet(UA_SHEET_PATH.read_text(encoding="utf-8"), "UA stylesheet", "ua", media)


def summary(sheet) -> list:
    return [(rule.selector_texts, [(d.name, repr(d.value), d.important, d.line) for d in rule.declarations],
             [s.specificity for s in rule.selectors]) for rule in sheet.rules]


def test_second_run_reads_the_cache_and_gets_the_same_sheet(tmp_path, monkeypatch):
    monkeypatch.setenv("MINIBROWSER_CACHE_DIR", str(tmp_path))
    media = MediaContext(width=800, height=600)
    calls = []
    first = ua_cache.cached_parse(UA_SHEET_PATH, media, lambda: calls.append(1) or parse(media))
    second = ua_cache.cached_parse(UA_SHEET_PATH, media, lambda: calls.append(1) or parse(media))
    assert calls == [1]                                  # parsed once, then read back
    assert len(list(tmp_path.glob("ua-*.pickle"))) == 1
    assert summary(second) == summary(first) == summary(parse(media))
    assert all(rule.sheet is second for rule in second.rules)   # the object graph survives


def test_another_media_context_or_sheet_is_another_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("MINIBROWSER_CACHE_DIR", str(tmp_path))
    other = tmp_path / "other.css"
    other.write_text("p { color: red }")
    keys = {ua_cache.cache_key(UA_SHEET_PATH, MediaContext(width=800)),
            ua_cache.cache_key(UA_SHEET_PATH, MediaContext(width=1200)),
            ua_cache.cache_key(other, MediaContext(width=800))}
    assert len(keys) == 3


def test_a_damaged_entry_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MINIBROWSER_CACHE_DIR", str(tmp_path))
    media = MediaContext()
    path = tmp_path / f"ua-{ua_cache.cache_key(UA_SHEET_PATH, media)}.pickle"
    path.write_bytes(b"\x80\x05not a pickle")
    sheet = ua_cache.cached_parse(UA_SHEET_PATH, media, lambda: parse(media))
    assert summary(sheet) == summary(parse(media))
    assert path.read_bytes()[:2] != b"\x80\x05n"        # replaced by a good entry


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MINIBROWSER_CACHE_DIR", str(blocker / "cache"))
    media = MediaContext()
    sheet = ua_cache.cached_parse(UA_SHEET_PATH, media, lambda: parse(media))
    assert len(sheet.rules) == len(parse(media).rules)
    assert not pathlib.Path(blocker / "cache").exists()
