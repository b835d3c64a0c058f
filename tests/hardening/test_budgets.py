"""Each budget: a default, a flag, one clear line when it is hit, and partial output where that
makes sense (exit 63 either way, 28 for time)."""
from __future__ import annotations

import gzip
import io
import pathlib
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from minibrowser import budgets
from minibrowser.pipeline import LoadOptions, load
from minibrowser.url import from_user_input

HTML = {"Content-Type": "text/html"}


def tree(text: str) -> ET.Element:
    return ET.fromstring(text)


def serialize(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


def test_every_budget_has_a_flag_and_a_default():
    defaults = budgets.Budgets()
    for row in budgets.BUDGETS:
        assert row.flag.startswith("--max-")
        assert getattr(defaults, row.field) == row.default


def test_every_budget_flag_is_exercised_by_a_test_here():
    """A budget added to the table without a test of its flag fails here."""
    source = pathlib.Path(__file__).read_text(encoding="utf-8")
    for row in budgets.BUDGETS:
        assert source.count(f'"{row.flag}"') >= 1, row.flag


def test_the_readme_budget_table_is_the_code_table():
    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert budgets.markdown_table() in readme


@pytest.mark.parametrize("limit, expected", [
    (1, "<a />"), (2, "<a>t1</a>"), (4, "<a>t1<b>t2</b></a>"), (7, "<a>t1<b>t2<c>t3</c>t4</b></a>"),
    (9, "<a>t1<b>t2<c>t3</c>t4</b>t5<d /></a>"), (10, "<a>t1<b>t2<c>t3</c>t4</b>t5<d />t6</a>")])
def test_node_budget_keeps_a_prefix_of_the_document(limit, expected):
    root = tree("<a>t1<b>t2<c>t3</c>t4</b>t5<d/>t6</a>")
    removed = budgets.limit_nodes(root, limit)
    assert serialize(root) == expected
    assert removed == 10 - budgets.count_nodes(root)


def test_depth_budget_flattens_and_keeps_every_character_in_order():
    root = tree("<r><a>x<b>y<c>z<d>w</d>v</c>u</b>t</a>s</r>")
    moved = budgets.limit_depth(root, 3)
    assert serialize(root) == "<r><a>x<b>y</b><c>z</c><d>w</d>vut</a>s</r>"
    assert moved == 2
    assert "".join(root.itertext()) == "xyzwvuts"


def test_depth_budget_is_linear_on_a_100000_deep_chain():
    root = ET.Element("html")
    node = root
    for _ in range(100_000):
        node = ET.SubElement(node, "div")
    node.text = "bottom"
    assert budgets.limit_depth(root, 512) == 100_000 - 511
    assert "".join(root.itertext()) == "bottom"


def test_dom_nodes_render_the_first_n(cli, tmp_path):
    page = tmp_path / "long.html"
    page.write_text("".join(f"<p>para{i}</p>" for i in range(2000)))
    run = cli(str(page), "--text", "--max-dom-nodes", "60")
    assert run.status == 63
    assert b"para10" in run.stdout and b"para1999" not in run.stdout
    assert b"budget exceeded: the document has more than 60 nodes" in run.stderr


def test_css_rules_keep_the_first_n(cli, tmp_path):
    rules = "".join(f".c{i} {{ color: red }}" for i in range(100)) + "p { display: none }"
    page = tmp_path / "rules.html"
    page.write_text(f"<style>{rules}</style><p>still shown</p>")
    run = cli(str(page), "--text", "--max-css-rules", "50")
    assert run.status == 63 and b"still shown" in run.stdout
    assert b"101 rules: the first 50 apply" in run.stderr
    assert cli(str(page), "--text").stdout.strip() == b""       # the control: all rules apply


def test_depth_budget_at_100000_deep_with_a_larger_limit_moves_nothing():
    """--max-layout-depth 200000: a 100,000-deep chain reaches layout really nested (the layout
    tests lay such a chain out without recursion; bench/hostile.py runs it end to end)."""
    root = ET.Element("html")
    node = root
    for _ in range(100_000):
        node = ET.SubElement(node, "div")
    warnings: list[str] = []
    assert budgets.fit_document(root, budgets.Budgets(max_layout_depth=200_000), warnings) == []
    assert warnings == [] and len(list(root.iter())) == 100_001
    depth, node = 0, root
    while len(node):
        node, depth = node[0], depth + 1
    assert depth == 100_000


def test_layout_depth_at_the_default_is_a_warning_like_chromium(cli, tmp_path):
    """Blink's parser flattens below depth 512: at the default that is what Chromium renders, so it
    is a warning and exit 0; a depth the user chose is a budget (exit 63)."""
    page = tmp_path / "deep.html"
    page.write_text("<div>" * 3000 + "bottom" + "</div>" * 3000)
    run = cli(str(page), "--text")
    assert run.status == 0 and b"bottom" in run.stdout
    assert b"warning: 2,490 elements nest deeper than 512" in run.stderr and b"budget" not in run.stderr
    run = cli(str(page), "--text", "--max-layout-depth", "100")
    assert run.status == 63 and b"bottom" in run.stdout
    assert b"budget exceeded: 2,902 elements nest deeper than 100" in run.stderr
    run = cli(str(page), "--text", "--max-layout-depth", "512")     # chosen, even if equal to the default
    assert run.status == 63
    run = cli(str(page), "--text", "--max-layout-depth", "5000")
    assert run.status == 0 and b"bottom" in run.stdout and b"nest deeper" not in run.stderr


def test_subresources_beyond_the_budget_are_not_fetched(serve, cli):
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    imgs = "".join(f"<img src='/i/{i}.png'>" for i in range(40))
    routes = {"/": (200, HTML, imgs.encode())}
    routes.update({f"/i/{i}.png": (200, {"Content-Type": "image/png"}, out.getvalue()) for i in range(40)})
    server = serve(routes)
    run = cli(server.url("/"), "-o", "/dev/null", "--max-subresources", "7")
    assert run.status == 63
    assert len([p for p in server.paths() if p.startswith("/i/")]) == 7
    assert b"33 subresources were not loaded (--max-subresources 7)" in run.stderr


def test_image_pixels_are_checked_on_the_header(tmp_path, cli):
    Image.new("L", (300, 300)).save(tmp_path / "big.png")
    (tmp_path / "page.html").write_text("<img src='big.png' alt='big'>")
    run = cli(str(tmp_path / "page.html"), "-o", str(tmp_path / "a.png"), "--max-image-pixels", "10000")
    assert run.status == 63 and b"300x300 is 90,000 pixels" in run.stderr
    assert cli(str(tmp_path / "page.html"), "-o", str(tmp_path / "b.png")).status == 0


def test_tall_page_is_cut_to_the_pixel_budget(cli, tmp_path):
    (tmp_path / "tall.html").write_text("<div style='height: 5000px'>tall</div>")
    out = tmp_path / "tall.png"
    run = cli(str(tmp_path / "tall.html"), "--full-page", "-o", str(out), "--width", "100",
              "--max-canvas-pixels", "100000")
    assert run.status == 63 and b"the image shows the first 1,000 px (--max-canvas-pixels 100,000)" in run.stderr
    assert Image.open(out).size == (100, 1000)
    run = cli(str(tmp_path / "tall.html"), "--full-page", "-o", str(out), "--width", "100",
              "--max-image-pixels", "100000")                  # decoded images only: the page is whole
    assert run.status == 0 and Image.open(out).size == (100, 5016)   # body margins


def test_the_default_canvas_fits_a_long_documentation_page():
    """800 px wide and 75,800 px tall (the benchmark's 700 KB page) is 60.6 M pixels: not cut."""
    assert budgets.clip_canvas(800, 75_800, 1.0, budgets.Budgets()) == (75_800, None)
    assert budgets.clip_canvas(800, 200_000, 1.0, budgets.Budgets())[0] == 125_000


def test_response_and_decompressed_sizes(serve, cli):
    server = serve({"/big": (200, HTML, b"<p>" + b"x" * 50_000),
                    "/bomb": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                              gzip.compress(b" " * 5_000_000))})
    run = cli(server.url("/big"), "--text", "--max-response-size", "10000")
    assert run.status == 63 and b"exceeds the limit of 10000 bytes" in run.stderr
    run = cli(server.url("/bomb"), "--text", "--max-decompressed-size", "1000000")
    assert run.status == 63 and b"decompressed body exceeds" in run.stderr
    assert cli(server.url("/bomb"), "--text").status == 0          # under the default


def test_max_time_covers_the_cpu_stages_too(cli, tmp_path):
    """A page that takes long to lay out, not to download, is stopped by --max-time."""
    (tmp_path / "slow.html").write_text("<p>word </p>" * 30_000)
    run = cli(str(tmp_path / "slow.html"), "--text", "--max-time", "0.5")
    assert run.status == 28 and b"took longer than --max-time 0.5 s" in run.stderr


def test_budgets_apply_to_the_library_too():
    """load() without the CLI keeps the defaults: a deep page comes back flattened (a warning, as
    browsers do it too), and a lower depth is a budget."""
    url = from_user_input("data:text/html," + "<b>" * 2000 + "end")
    page = load(url, LoadOptions(text_mode=True))
    page.fetcher.close()
    assert not page.budget_overruns and "nest deeper than 512" in page.subresource_errors[0]
    page = load(url, LoadOptions(text_mode=True, budgets=budgets.Budgets(max_layout_depth=100)))
    page.fetcher.close()
    assert "nest deeper than 100" in page.budget_overruns[0]
