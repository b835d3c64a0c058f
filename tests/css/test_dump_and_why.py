"""--dump style (every value and what won it) and `minibrowser why URL SELECTOR PROPERTY`."""
from __future__ import annotations

from minibrowser.cli import main

PAGE = """<!DOCTYPE html><html><head><style>
body { color: rgb(1, 2, 3) }
p { color: red; margin: 0 }
#x { color: green }
p.bad { colr: red; width: -5px }
li::marker { color: blue }
</style></head><body><p id="x" style="margin-left: 4px">t <b>bold</b></p><p class="bad">b</p>
<ul><li>one</li></ul></body></html>"""


def write(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    return str(path)


def test_dump_style_names_every_winner(tmp_path, capsys):
    assert main([write(tmp_path), "--dump", "style"]) == 0
    out = capsys.readouterr().out
    # p.bad keeps no valid declaration, so its rule is not kept either
    assert "sheet <style> #1 (author): 4 rules, 1 invalid declarations dropped, 1 unknown properties" in out
    lines = out.splitlines()
    p = lines.index("html[1]/body[1]/p[1]")
    block = lines[p + 1:lines.index("html[1]/body[1]/p[1]/b[1]")]
    assert "  color: rgb(0, 128, 0)  <- <style> #1:4 #x (1, 0, 0) author" in block
    assert "  margin-left: 4px  <- style attribute author" in block
    assert "  margin-top: 0px  <- <style> #1:3 p (0, 0, 1) author" in block
    assert "  font-weight: 400  <- initial" in block
    b = lines.index("html[1]/body[1]/p[1]/b[1]")
    assert "  color: rgb(0, 128, 0)  <- inherited from html[1]/body[1]/p[1]" in lines[b:b + 80]
    assert "  font-weight: 700  <- UA stylesheet:" in "\n".join(lines[b:b + 80])
    assert "html[1]/body[1]/ul[1]/li[1]::marker" in lines


def test_why_lists_declarations_in_cascade_order(tmp_path, capsys):
    assert main(["why", write(tmp_path), "p", "color"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "html[1]/body[1]/p[1] color: rgb(0, 128, 0)"
    assert out[1].startswith("    <style> #1:3 p (0, 0, 1) author") and out[1].endswith("color: red")
    assert out[2].startswith("  * <style> #1:4 #x (1, 0, 0) author")
    assert main(["why", write(tmp_path), "p b", "color"]) == 0
    assert "inherited from html[1]/body[1]/p[1]" in capsys.readouterr().out
    assert main(["why", write(tmp_path), "li::marker", "color"]) == 0
    assert "* <style> #1:6 li::marker (0, 0, 2) author" in capsys.readouterr().out
    assert main(["why", write(tmp_path), "p", "margin"]) == 0   # a shorthand: each longhand
    out = capsys.readouterr().out
    assert "p[1] margin-left: 4px" in out and "* style attribute author  margin-left: 4px" in out


def test_why_errors_are_one_line(tmp_path, capsys):
    page = write(tmp_path)
    for args, status in [([page, "p[", "color"], 2), ([page, "div", "color"], 2), ([page, "p", "colr"], 2),
                         ([page], 2), ([str(tmp_path / "missing.html"), "p", "color"], 37)]:
        assert main(["why", *args]) == status
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("minibrowser: "), err
