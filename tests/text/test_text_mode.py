"""Text mode: the same layout in character cells, printed the way w3m and lynx print pages."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from minibrowser.raster.grid import GridRasterizer, palette_index, text_cells
from tests.text.helpers import ROOT, render_file, render_html

SGR = re.compile(r"\x1b\[[0-9;]*m")
KINSOKU_HEAD = set("，。、；：？！）」』】》”’")   # never at the start of a line
KINSOKU_TAIL = set("（「『【《“‘")                  # never at the end of one


def lines_of(html: str, **kwargs) -> list[str]:
    return render_html(html, **kwargs).splitlines()


# --- block structure -------------------------------------------------------------------------

def test_paragraphs_are_one_blank_line_apart_and_lines_inside_have_none():
    lines = lines_of("<p>first paragraph<br>its second line</p><p>second paragraph</p>"
                     "<div>div one</div><div>div two</div>")
    assert lines == ["first paragraph", "its second line", "", "second paragraph", "", "div one", "div two"]


def test_empty_lines_made_by_br_stay_as_in_w3m():
    assert lines_of("<p>a<br><br><br>b<br></p><p>c</p>") == ["a", "", "", "b", "", "c"]


def test_big_margins_still_give_one_blank_line():
    lines = lines_of("<p style='margin-bottom:5em'>a</p><h1 style='margin-top:3em'>b</h1><p>c</p>")
    assert lines == ["a", "", "b", "", "c"]


def test_headings_blockquote_and_rule():
    lines = lines_of("<h2>Title</h2><blockquote><p>quoted words</p></blockquote><hr><p>after</p>",
                     columns=40)
    assert lines[0] == "Title" and lines[1] == ""
    assert "    quoted words" in lines
    rule = next(line for line in lines if "─" in line)
    assert rule == "─" * 39   # the whole width; the last column stays free, as in w3m
    assert lines[-1] == "after"


def test_nested_list_bullets_by_depth_and_numbers_in_their_type():
    lines = lines_of("<ul><li>one<ul><li>two<ul><li>three</li></ul></li></ul></li></ul>"
                     "<ol type=a><li>alpha</li><li>beta</li></ol>"
                     "<ol style='list-style-type: upper-roman' start=3><li>three</li></ol>")
    assert "  • one" in lines
    assert "      ◦ two" in lines
    assert "          ▪ three" in lines
    assert " a. alpha" in lines and " b. beta" in lines
    assert "III. three" in lines


def test_definition_list_indents_definitions():
    lines = lines_of("<dl><dt>Term</dt><dd>Its definition</dd></dl>")
    assert lines == ["Term", "    Its definition"]


def test_pre_keeps_spaces_and_long_lines():
    long = "x" * 30 + " " + "y" * 60
    lines = lines_of(f"<pre>a   b\n    indented\n{long}</pre><p>{'word ' * 30}</p>", columns=40)
    assert lines[:3] == ["a   b", "    indented", long]
    assert all(text_cells(line) <= 40 for line in lines[3:])


def test_hidden_content_does_not_show():
    out = render_html(
        "<p>shown <span style='display:none'>nodisplay</span> <span style='visibility:hidden'>invisible</span>"
        " <span style='color:transparent'>transparent</span> <span style='font-size:0'>zerosize</span>"
        " <span hidden>hiddenattr</span></p>"
        "<div style='position:absolute;width:1px;height:1px;overflow:hidden'>screenreader</div>"
        "<p style='text-indent:-9999px'>offscreen</p><p>end</p>")
    for word in ("nodisplay", "invisible", "transparent", "zerosize", "hiddenattr", "screenreader", "offscreen"):
        assert word not in out
    assert "shown" in out and "end" in out


# --- tables ----------------------------------------------------------------------------------

def test_ruled_table_is_drawn_with_box_characters_and_spans_join():
    lines = lines_of("<table border=1><tr><th>A</th><th>Bee</th></tr>"
                     "<tr><td colspan=2>wide cell</td></tr>"
                     "<tr><td rowspan=2>tall</td><td>x</td></tr><tr><td>y</td></tr></table>")
    assert lines == [
        "┌─────┬───┐",
        "│  A  │Bee│",
        "├─────┴───┤",
        "│wide cell│",
        "├─────┬───┤",
        "│     │x  │",
        "│tall ├───┤",
        "│     │y  │",
        "└─────┴───┘",
    ]


def test_css_borders_on_cells_make_a_ruled_table_too():
    lines = lines_of("<style>td{border:1px solid #999;padding:3px}</style>"
                     "<table style='border-collapse:collapse'><tr><td>one</td><td>two</td></tr></table>")
    assert lines == ["┌───┬───┐", "│one│two│", "└───┴───┘"]


def test_unruled_table_lines_up_columns():
    lines = lines_of("<table><tr><td>red</td><td>#f00</td></tr><tr><td>green</td><td>#0f0</td></tr></table>")
    assert lines == ["red   #f00", "green #0f0"]


def test_table_columns_share_the_width_and_fit_the_columns():
    cell = "words that wrap inside a narrow column " * 3
    lines = lines_of(f"<table border=1><tr><td>{cell}</td><td>{cell}</td></tr></table>", columns=40)
    assert all(text_cells(line) <= 40 for line in lines)
    assert lines[0].startswith("┌") and lines[-1].startswith("└")
    assert len({line.index("│", 1) for line in lines[1:-1]}) == 1   # one straight inner rule


# --- images, forms, sub/sup ------------------------------------------------------------------

def test_images_and_form_controls():
    out = render_html("<p><img src=a.png alt='Logo'> <img src=b.png> <img src=c.png alt=''>|</p>"
                      "<p><input value=typed> <input type=submit value=Send> <input type=checkbox checked>"
                      " <input type=radio> <select><option>One</option><option selected>Two</option></select>"
                      " <button>Press <b>me</b></button> <input type=password value=abc></p>")
    assert "[Logo] [image] |" in out
    assert "[typed" in out and "[Send]" in out and "[*]" in out and "( )" in out
    assert "[Two]" in out and "[Press me]" in out and "[***" in out


def test_sub_and_sup_are_marked_like_w3m():
    assert lines_of("<p>H<sub>2</sub>O and 2<sup>10</sup></p>") == ["H[2]O and 2^10"]


# --- links -----------------------------------------------------------------------------------

def test_links_are_numbered_after_their_text_with_references_at_the_end():
    html = ("<base href='http://example.org/dir/page.html'><p><a href='/one'>first</a> and <span><a href='two.html?x=1#f'>second</a></span>"
            " <a name=target>no href</a> <a href='https://example.com/'>third</a></p>")
    out = render_html(html, references=True)
    body, _, refs = out.partition("\nReferences\n")
    assert "first[1] and second[2] no href third[3]" in body
    assert refs.splitlines()[1:] == ["   1. http://example.org/one", "   2. http://example.org/dir/two.html?x=1#f",
                                     "   3. https://example.com/"]


def test_no_references_leaves_numbers_and_list_out():
    out = render_html("<p><a href='/one'>first</a></p>", references=False)
    assert out == "first\n"


def test_link_numbers_take_room_in_the_layout():
    words = " ".join(f"<a href='/{i}'>link{i}</a>" for i in range(30))
    lines = lines_of(f"<p>{words}</p>", columns=40, references=True)
    body = lines[:lines.index("References")]
    assert all(text_cells(line) <= 40 for line in body)
    assert "link29[30]" in "\n".join(body)


# --- CJK -------------------------------------------------------------------------------------

@pytest.mark.parametrize("columns", [80, 41, 30, 17])
def test_chinese_wraps_between_ideographs_within_the_columns(columns):
    out = render_file(ROOT / "tests" / "text" / "pages" / "cjk-wrapping.html", columns=columns)
    lines = out.splitlines()
    assert all(text_cells(line) <= columns for line in lines), max(lines, key=text_cells)
    text_lines = [line.strip("│ ") for line in lines if line.strip("│─┌┐└┘├┤┬┴┼ ")]
    for line in text_lines:
        assert line[0] not in KINSOKU_HEAD, line
        assert line[-1] not in KINSOKU_TAIL, line
    # no character lost or split: the paragraph reads the same once the line breaks are removed
    assert "有些标点符号不能出现在一行的开头，比如句号、逗号、问号和右括号；" in "".join(out.split())


def test_wide_characters_are_never_split_when_a_row_is_folded():
    lines = lines_of("<p style='white-space:nowrap'>" + "汉字" * 30 + "</p>", columns=21)
    assert all(text_cells(line) <= 21 for line in lines)
    assert "".join(lines) == "汉字" * 30


# --- terminal safety and colour -------------------------------------------------------------

def test_page_text_cannot_inject_escape_sequences():
    evil = "evil \x1b[31m red \x1b]0;title\x07 \x9b2J csi"
    out = render_html(f"<p>{evil}</p><img alt='\x1b[2J'><input value='\x1b[5m'>"
                      f"<a href='/x\x1b[1m'>link</a>", references=True)
    out += render_html(f"<p>{evil}</p>", color=True)
    for control in ("\x07", "\x9b", "\x1b]"):
        assert control not in out
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", out)   # the only escapes are our own SGR


def test_color_marks_headings_bold_links_underlined_and_maps_colours():
    out = render_html("<h1>Head</h1><p>plain <b>strong</b> <a href=/x>link</a>"
                      " <span style='color:#c0392b'>red</span> <span style='color:#222'>dark</span></p>",
                      color=True, references=True)
    assert "\x1b[1mHead\x1b[0m" in out
    assert "\x1b[1mstrong\x1b[0m" in out
    assert re.search(r"\x1b\[4;38;5;\d+mlink\[1\]\x1b\[0m", out)
    assert f"\x1b[38;5;{palette_index(0xc0, 0x39, 0x2b)}mred\x1b[0m" in out
    assert "plain" in SGR.sub("", out) and "\x1b[38;5;" not in out.split("dark")[0].split("red")[1]
    assert "\x1b" not in render_html("<h1>Head</h1><a href=/x>link</a>", color=False, references=True)


def test_palette_mapping():
    assert palette_index(255, 0, 0) == 196
    assert palette_index(0, 0, 255) == 21
    assert palette_index(128, 128, 128) == 244
    assert palette_index(0, 95, 135) == 24


# --- the rasterizer on its own ---------------------------------------------------------------

def test_grid_rasterizer_rows_from_a_display_list():
    from minibrowser.css.values import RGBA
    from minibrowser.paint.display_list import DisplayList, DrawText
    from minibrowser.raster.grid import CellFont
    font = CellFont(False, False)
    black = RGBA(0, 0, 0, 1.0)
    commands = [DrawText(0, 12, "top", font, black), DrawText(32, 14, "shifted", font, black),
                DrawText(0, 28, "next", font, black), DrawText(0, 60, "after gap", font, black),
                DrawText(-40, 76, "gone", font, black), DrawText(-8, 76, "in", font, black)]
    out = GridRasterizer(80).render(DisplayList(commands))
    assert out.splitlines() == ["top shifted", "next", "", "after gap", "in"]


# --- the command line ------------------------------------------------------------------------

def test_cli_text_mode_flags():
    page = str(ROOT / "tests" / "text" / "pages" / "links.html")
    run = lambda *args: subprocess.run([sys.executable, "-m", "minibrowser", page, "--text", *args],  # noqa: E731
                                       capture_output=True, timeout=60)
    default = run()
    assert default.returncode == 0, default.stderr
    text = default.stdout.decode("utf-8")
    assert "structure page[1]" in text and "\nReferences\n" in text and "\x1b" not in text  # not a tty
    plain = run("--no-references", "--columns", "40").stdout.decode("utf-8")
    assert "[1]" not in plain and "References" not in plain
    assert max(text_cells(line) for line in plain.splitlines()) <= 40
    colored = run("--color", "always").stdout.decode("utf-8")
    assert "\x1b[1mLinks\x1b[0m" in colored


def test_text_mode_of_a_local_page_loads_no_network_or_image_modules():
    """Start-up is most of a small page's time (bench/text_bench.py): a file: page in text mode
    imports no TLS, sockets, email parsing, threads, HTTP client or Pillow."""
    page = str(ROOT / "tests" / "text" / "pages" / "links.html")
    probe = ("import sys\n"
             "from minibrowser.cli import main\n"
             f"assert main([{page!r}, '--text', '--color', 'never']) == 0\n"
             "heavy = ('ssl', 'socket', 'email', 'concurrent', 'http.client', 'urllib.request', 'PIL',\n"
             "         'fontTools', 'dns')\n"
             "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").splitlines()[-1] == "LOADED []"


def test_background_currentcolor_is_the_elements_colour_not_a_crash():
    html = ("<html style='background: currentcolor; color: green'><p style='color: red; "
            "background-color: currentcolor'>para <b style='background-color: currentcolor'>bold</b></p>")
    assert lines_of(html) == ["para bold"]


def test_deep_indentation_is_capped_like_w3m():
    """A hundred nested blocks (or a huge margin) keep their text on the screen, words whole."""
    deep = "<div style='margin-left: 2em'>" * 100 + "deep text " * 20 + "</div>" * 100
    lines = lines_of(deep + "<p style='margin-left: 3000px'>far right</p>" +
                     "<ul>" * 60 + "<li>deep item" + "</ul>" * 60)
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].strip().startswith("deep text deep text") and lines[0].index("deep") <= 40
    assert sum(line.count("deep text") for line in lines) == 20
    assert "far right" in lines
    item = next(line for line in lines if "deep item" in line)
    assert item.index("deep item") <= 44


HOSTILE = {
    "escapes": "<p>red \x1b[31mRED\x1b[0m bell\x07 c1 \u009b31m</p><a href='http://x/\x1b[2J'>link</a>",
    "nowrap": "<p style='white-space: nowrap'>" + "word " * 100 + "</p><p>" + "a" * 300 + "</p>",
    "wide-chars": "<p style='white-space: nowrap'>" + "全角" * 100 + "</p><p>" + "😀👍🏽 e\u0301 \u200d " * 40,
    "wide-boxes": "<div style='width: 5000px'>" + "wide " * 200 + "</div><span style='display: "
                  "inline-block; width: 2000px'>ib</span>",
    "nested-tables": "<table border=1><tr><td>" * 15 + "inner" + "</td></tr></table>" * 15,
    "many-columns": "<table border=1><tr>" + "".join(f"<td>cell{i}</td>" for i in range(60)) + "</tr></table>",
    "floats-and-flex": "<div style='float: left; width: 30%'>" + "left " * 20 + "</div><p>" + "flow " * 80 +
                       "</p><div style='display: flex'>" + "<div style='flex: 1'>item text</div>" * 12 + "</div>",
}


@pytest.mark.parametrize("columns", [80, 20])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pages_stay_within_the_columns_without_control_characters(name, columns):
    text = render_html(HOSTILE[name], columns=columns, references=True, color=True)
    plain = SGR.sub("", text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", plain), name
    assert all(text_cells(line) <= columns for line in plain.splitlines()), name


def test_the_program_exits_at_once_with_all_of_its_output():
    """`python -m minibrowser` ends without interpreter teardown (cli.run): nothing may be lost."""
    page = ROOT / "pages" / "lists.html"
    done = subprocess.run([sys.executable, "-m", "minibrowser", str(page), "--text", "--timings"],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    expected = render_file(page, references=True).replace("file:///REPO", ROOT.as_uri())
    assert done.stdout.decode("utf-8") == expected
    assert b"total=" in done.stderr
    missing = subprocess.run([sys.executable, "-m", "minibrowser", str(page) + ".missing", "--text"],
                             capture_output=True, timeout=60)
    assert missing.returncode == 37 and missing.stderr.startswith(b"minibrowser: cannot read")


def test_a_folded_row_keeps_the_kinsoku_rules():
    """A row wider than the columns (a word layout could not break) is folded; closing punctuation
    never begins the next piece, opening punctuation never ends one."""
    from minibrowser.raster.grid import PLAIN, _Row
    row = _Row()
    row.put(0, "ab（cd）、ef", PLAIN)
    pieces = ["".join(c for c in chars if c) for chars, _ in row.pieces(6)]
    assert pieces == ["ab（c", "d）、e", "f"]
    row = _Row()
    row.put(0, "abcd（ef", PLAIN)
    assert ["".join(c for c in chars if c) for chars, _ in row.pieces(5)] == ["abcd", "（ef"]
