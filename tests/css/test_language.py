"""An element's language (HTML §3.2.6.2) as :lang() sees it: its own lang (xml:lang in XHTML), else
its parent's, and for a root without one the pragma-set default language of
<meta http-equiv=content-language>."""
import pytest

from minibrowser.paint.display_list import DrawText
from minibrowser.pipeline import LoadOptions, load
from minibrowser.url import from_user_input

STYLE = "<style>p:lang(fr){color:rgb(255,0,0)} p:lang(de){color:rgb(0,0,255)}</style>"
CASES = [
    ("page.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head>'
                   f'{STYLE}</head><body><p>x</p></body></html>', (255, 0, 0)),
    ("page.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head>'
                   f'{STYLE}</head><body><div xml:lang="de"><p>x</p></div></body></html>', (0, 0, 255)),
    ("page.html", f'<!doctype html><html lang="fr">{STYLE}<p>x</p>', (255, 0, 0)),
    ("page.html", f'<!doctype html><meta http-equiv="Content-Language" content="de">{STYLE}<p>x</p>',
     (0, 0, 255)),
    ("page.html", f'<!doctype html><meta http-equiv="content-language" content="fr en">{STYLE}<p>x</p>',
     (255, 0, 0)),      # the pragma takes the first token ...
    ("page.html", f'<!doctype html><meta http-equiv="content-language" content="fr, de">{STYLE}<p>x</p>',
     (0, 0, 0)),        # ... and ignores a list
    ("page.html", f'<!doctype html><html lang="de"><meta http-equiv="content-language" content="fr">'
                  f'{STYLE}<p>x</p>', (0, 0, 255)),   # the root's own lang comes first
]


@pytest.mark.parametrize("name, html, colour", CASES)
def test_lang_pseudo_class_sees_the_language(tmp_path, name, html, colour):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    page = load(from_user_input(str(path)), LoadOptions())
    texts = [cmd for cmd in page.display_list.commands if type(cmd) is DrawText]
    assert [(t.color.r, t.color.g, t.color.b) for t in texts] == [colour]


def test_http_content_language_is_the_last_resort(tmp_path):
    """A page served with Content-Language: de and no lang of its own is in German (HTML §3.2.6.2:
    after the pragma, the language the transport gives, when it names exactly one)."""
    import http.server
    import threading

    pages = {"/plain": f"<!doctype html>{STYLE}<p>x</p>",
             "/pragma": f'<!doctype html><meta http-equiv="content-language" content="fr">{STYLE}<p>x</p>'}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages[self.path].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Language", "de")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        colours = {}
        for path in pages:
            page = load(from_user_input(f"http://127.0.0.1:{server.server_port}{path}"), LoadOptions())
            page.fetcher.close()
            colours[path] = [(t.color.r, t.color.g, t.color.b) for t in page.display_list.commands
                             if type(t) is DrawText]
    finally:
        server.shutdown()
        server.server_close()
    assert colours == {"/plain": [(0, 0, 255)], "/pragma": [(255, 0, 0)]}
