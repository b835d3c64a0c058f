"""Golden pictures of pages/: each 800×600 viewport must stay within a tolerance of its golden.

The goldens (tests/paint/goldens/, made by scripts/make_pixel_goldens.py with the bundled fonts)
are minibrowser's own renderings, checked by eye.  A pixel counts as different when a channel moves
by more than CHANNEL_TOLERANCE; antialiasing noise stays far below the limits, while a moved block,
a lost background or missing text exceeds them.  On failure the differing pixels are written next
to the test's temporary files; regenerate the goldens only after looking at them.
"""
import pathlib

import pytest
from PIL import Image, ImageChops

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDENS = ROOT / "tests" / "paint" / "goldens"
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.html"))
CHANNEL_TOLERANCE = 48       # 0-255: smaller moves are antialiasing
MAX_DIFFERING = 0.003        # of the viewport's pixels (1,440 of 480,000)


def differing_mask(a: Image.Image, b: Image.Image) -> Image.Image:
    diff = ImageChops.difference(a, b).split()
    worst = ImageChops.lighter(ImageChops.lighter(diff[0], diff[1]), diff[2])
    return worst.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)


@pytest.mark.parametrize("name", PAGES)
def test_page_matches_its_golden(name, tmp_path):
    from minibrowser.pipeline import LoadOptions, load
    from minibrowser.raster.capture import capture
    from minibrowser.url import from_user_input

    page = load(from_user_input(str(ROOT / "pages" / f"{name}.html")), LoadOptions(width=800, height=600))
    try:
        image = capture(page, 800, 600).convert("RGB")
    finally:
        page.fetcher.close()
    golden = Image.open(GOLDENS / f"{name}.png").convert("RGB")
    assert image.size == golden.size
    mask = differing_mask(image, golden)
    differing = mask.histogram()[255]
    if differing > MAX_DIFFERING * image.width * image.height:
        image.save(tmp_path / f"{name}.png")
        mask.save(tmp_path / f"{name}.diff.png")
        pytest.fail(f"{name}: {differing} pixels differ from tests/paint/goldens/{name}.png "
                    f"(see {tmp_path}); if the change is right, run scripts/make_pixel_goldens.py")


def test_tolerance_catches_a_real_regression():
    """The same comparison rejects a page whose heading lost 8px of margin."""
    golden = Image.open(GOLDENS / "index.png").convert("RGB")
    shifted = Image.new("RGB", golden.size, golden.getpixel((799, 599)))
    shifted.paste(golden.crop((0, 100, 800, 600)), (0, 92))
    shifted.paste(golden.crop((0, 0, 800, 100)), (0, 0))
    assert differing_mask(shifted, golden).histogram()[255] > MAX_DIFFERING * 800 * 600
