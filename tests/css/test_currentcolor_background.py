"""`background-color: currentcolor` is the element's colour, on blocks and inline boxes alike."""
from minibrowser import dom
from minibrowser.css.cascade import StyleEngine, ua_stylesheet
from minibrowser.css.media import MediaContext
from minibrowser.css.stylesheet import parse_stylesheet
from minibrowser.css.values import RGBA
from minibrowser.layout import layout_document
from minibrowser.layout.boxes import BoxBuilder
from minibrowser.paint.display_list import FillRect
from minibrowser.paint.painter import Painter
from minibrowser.raster.grid import CellMetrics

HTML = b'<p style="color: rgb(0, 0, 255); background-color: currentcolor">x<b style="color: red; background: currentcolor">y</b></p>'


def test_currentcolor_background_computes_to_the_colour_and_paints():
    media = MediaContext(width=640.0)
    document = dom.parse(HTML)
    styled = StyleEngine([ua_stylesheet(media), parse_stylesheet("", "t.css", "author", media)], media).run(document)
    p, b = (e for e in document.elements() if e.tag in ("p", "b"))
    assert styled.styles[p].background_color == RGBA(0, 0, 255)
    assert styled.styles[b].background_color == RGBA(255, 0, 0)
    metrics = CellMetrics()
    layout = layout_document(BoxBuilder(styled).build(), metrics, 640.0, 480.0)
    fills = {c.color for c in Painter({}, metrics).paint(layout, lambda href: href, styled.styles[document.root]).commands
             if isinstance(c, FillRect)}
    assert {RGBA(0, 0, 255), RGBA(255, 0, 0)} <= fills
