"""`--dump display-list`: the paint commands in order, printable and checkable without pixels."""
from minibrowser.cli import main


def test_dump_lists_commands_in_paint_order(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text("<!DOCTYPE html><body style='margin:0;background:#eee'>"
                    "<div style='position:relative;background:rgb(0,128,0);height:20px'>moved</div>"
                    "<div style='background:red;border:2px dashed blue;border-radius:4px;overflow:hidden'>"
                    "<u>text</u></div>"
                    "<div style='background:linear-gradient(red, blue);opacity:.5;height:10px'></div>")
    assert main([str(page), "--dump", "display-list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "DisplayList 800x600 canvas #eeeeee"
    kinds = [line.split()[0] for line in lines[1:]]
    red = next(i for i, line in enumerate(lines) if line.startswith("FillRect") and "#ff0000" in line)
    border = next(i for i, line in enumerate(lines) if line.startswith("DrawBorder") and "dashed #0000ff" in line)
    text = next(i for i, line in enumerate(lines) if line.startswith("DrawText") and "'text'" in line)
    moved = next(i for i, line in enumerate(lines) if line.startswith("DrawText") and "'moved'" in line)
    green = next(i for i, line in enumerate(lines) if line.startswith("FillRect") and "#008000" in line)
    assert red < border < text < green < moved        # backgrounds, inline content, then the positioned box
    assert "rounded" in lines[red]
    assert "PushClip" in kinds and "DrawLine" in kinds and "PushOpacity" in kinds
    assert any(line.startswith("DrawGradient") and "linear-gradient(180deg, #ff0000, #0000ff)" in line
               for line in lines)
