"""`minibrowser reftest`: manifests, exact and fuzzy comparison, diff pictures, the summary line."""
import pathlib

from PIL import Image

from minibrowser.cli import main
from minibrowser.reftest import Fuzzy, parse_fuzzy, read_manifest

GREEN_BOX = "<!DOCTYPE html><style>body{margin:0} div{width:100px;height:100px;background:%s}</style>%s<div></div>"


def write(folder: pathlib.Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def make_suite(tmp_path: pathlib.Path) -> pathlib.Path:
    write(tmp_path, "green.html", GREEN_BOX % ("rgb(0,128,0)", ""))
    write(tmp_path, "green-ref.html", "<!DOCTYPE html><style>body{margin:0}</style>"
                                      "<div style='width:100px;height:50px;background:green'></div>"
                                      "<div style='width:100px;height:50px;background:#008000'></div>")
    write(tmp_path, "red.html", GREEN_BOX % ("red", ""))
    write(tmp_path, "almost.html", GREEN_BOX % ("rgb(0,130,0)", "<meta name=fuzzy content='maxDifference=0-2;totalPixels=0-10000'>"))
    write(tmp_path, "almost-strict.html", GREEN_BOX % ("rgb(0,130,0)", ""))
    # an XHTML test whose style sits in a CDATA section and uses &nbsp;
    write(tmp_path, "x.xht", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
                              "<style><![CDATA[ body{margin:0} p{margin:0;width:100px;height:100px;background:green} ]]>"
                              "</style></head><body><p>&nbsp;</p></body></html>")
    manifest = tmp_path / "MANIFEST.tsv"
    manifest.write_text("test\treference\tmatch\tarea\tdescription\n"
                        "green.html\tgreen-ref.html\t==\ta\tsame pixels\n"
                        "red.html\tgreen-ref.html\t==\ta\tdiffers\n"
                        "red.html\tgreen-ref.html\t!=\ta\tmismatch passes\n"
                        "almost.html\tgreen-ref.html\t==\ta\tfuzzy allows it\n"
                        "almost-strict.html\tgreen-ref.html\t==\ta\tno fuzzy\n"
                        "x.xht\tgreen-ref.html\t==\ta\txhtml\n", encoding="utf-8")
    return manifest


def test_runner_counts_passes_and_writes_diff_pictures(tmp_path, capsys):
    manifest = make_suite(tmp_path)
    out = tmp_path / "diffs"
    status = main(["reftest", str(manifest), "--out", str(out)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "passed 4/6"
    assert status == 1
    assert any(line.startswith("FAIL red.html: 10000 pixels differ") for line in lines)
    assert any(line.startswith("FAIL almost-strict.html") for line in lines)
    diff = Image.open(out / "red.html.diff.png").convert("RGB")
    assert diff.size == (3 * 800 + 20, 600)
    assert diff.getpixel((50, 50)) == (255, 0, 0)                 # the test
    assert diff.getpixel((810 + 50, 50)) == (0, 128, 0)          # the reference
    assert diff.getpixel((1620 + 50, 50)) == (255, 0, 0)         # differing pixel marked red
    assert diff.getpixel((1620 + 300, 300)) != (255, 0, 0)       # the same elsewhere


def test_fuzzy_annotations():
    assert parse_fuzzy("maxDifference=0-15;totalPixels=0-300", "a-ref.html") == Fuzzy((0, 15), (0, 300))
    assert parse_fuzzy("5;200-300", "a-ref.html") == Fuzzy((5, 5), (200, 300))
    assert parse_fuzzy("b-ref.html:maxDifference=1;totalPixels=1", "a-ref.html") is None
    assert parse_fuzzy("a-ref.html:maxDifference=1;totalPixels=1", "a-ref.html") == Fuzzy((1, 1), (1, 1))
    fuzzy = Fuzzy((1, 15), (10, 300))
    assert fuzzy.allows(0, 0) and fuzzy.allows(15, 300)
    assert not fuzzy.allows(16, 20) and not fuzzy.allows(10, 301) and not fuzzy.allows(10, 5)


def test_bad_manifest_is_one_clear_line(tmp_path, capsys):
    assert main(["reftest", str(tmp_path / "missing.tsv")]) == 37
    assert "cannot read manifest" in capsys.readouterr().err
    bad = tmp_path / "bad.tsv"
    bad.write_text("a.html\tb.html\t~=\n", encoding="utf-8")
    assert main(["reftest", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 1" in err
    assert read_manifest(str(make_suite(tmp_path)))[0].relation == "=="
