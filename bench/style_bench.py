"""Style stage speed: minibrowser's cascade against cssselect2's bare matching.

A generated page shaped like the Python documentation's stdtypes page (Sphinx
output: sections, headings with header links, paragraphs full of inline
<code><span class="pre">, <dl class="py method"> signatures, highlighted code
blocks with one <span> per token, tables) of about 17,000 elements, styled by
about 500 selectors (Sphinx's basic.css, the docs theme and a Pygments sheet
in the same shapes).  In the same run it times

  * bare matching: cssselect2's `Matcher.match` for every element, with the
    same selectors (UA sheet included) compiled by cssselect2 beforehand, nothing else;
  * our style stage: `StyleEngine(sheets).run(document)` — matching (our index,
    ancestor filter and chain memo over cssselect2's compiled compounds; the first
    round compiles them), cascade, var(), computed values, pseudo-elements, style sharing.

and prints both and the ratio (target: at most 2x).

    python bench/style_bench.py [--elements 17000] [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import cssselect2  # noqa: E402

from minibrowser import dom  # noqa: E402
from minibrowser.css.cascade import StyleEngine, ua_stylesheet  # noqa: E402
from minibrowser.css.media import MediaContext  # noqa: E402
from minibrowser.css.stylesheet import parse_stylesheet  # noqa: E402

PYGMENTS_TOKENS = ("c ch cm cp cpf c1 cs err k kc kd kn kp kr kt m mb mf mh mi mo il n na nb bp nc no nd ni ne "
                   "nf fm nl nn nx py nt nv vc vg vi vm o ow p s sa sb sc dl sd s2 se sh si sx sr s1 ss gd ge "
                   "gr gh gi go gp gs gu gt w hll").split()
WORDS = ("the of and to a in is that for it as with was on be by this are or an from which not return "
         "object value string integer method sequence byte").split()


def make_css(selector_target: int = 500) -> str:
    """A stylesheet in the shape of basic.css + pydoctheme.css + pygments.css."""
    rules: list[str] = [
        "html { font-size: 100%; } body { font-family: -apple-system, 'Segoe UI', Arial, sans-serif; "
        "font-size: 0.95em; color: #222; margin: 0; padding: 0; --accent: #3465a4; }",
        "div.document { display: flex; } div.documentwrapper { float: left; width: 100%; }",
        "div.bodywrapper { margin: 0 0 0 230px; } div.body { min-width: 360px; max-width: 800px; "
        "padding: 0 20px 30px; background-color: white; }",
        "div.body p, div.body dd, div.body li, div.body blockquote { text-align: justify; "
        "line-height: 1.4em; hyphens: auto; }",
        "div.body h1, div.body h2, div.body h3 { font-weight: normal; margin: 20px -20px 10px; "
        "padding: 3px 0 3px 10px; color: var(--accent); }",
        "div.body h1 { margin-top: 0; font-size: 200%; } div.body h2 { font-size: 160%; } "
        "div.body h3 { font-size: 140%; }",
        "a.headerlink { visibility: hidden; color: #c60f0f; font-size: 0.8em; padding: 0 4px; "
        "text-decoration: none; }",
        "h1:hover > a.headerlink, h2:hover > a.headerlink, dt:hover > a.headerlink { visibility: visible; }",
        "a { color: #0072aa; text-decoration: none; } a:visited { color: #6363bb; } "
        "a:hover { text-decoration: underline; }",
        "a.reference.internal > span.std { font-weight: normal; } a.reference.external::after { content: ''; }",
        "code.docutils.literal.notranslate { background-color: #ecf0f3; padding: 0 1px; font-size: 1em; }",
        "code, pre { font-family: monospace, monospace; font-size: 0.96em; }",
        "span.pre { white-space: nowrap; hyphens: none; }",
        "dl.py { margin-bottom: 15px; } dl.py > dt { font-weight: bold; } dl.py > dd { margin-left: 30px; }",
        "dl.method > dt, dl.class > dt, dl.function > dt { background-color: #f3f3f3; border-left: 3px solid "
        "var(--accent); padding: 2px 6px; }",
        "dt.sig { font-family: monospace; } dt.sig-object:target { background-color: #fbe54e; }",
        ".sig-name, code.descname { font-weight: bold; font-size: 1.1em; } "
        ".sig-prename, code.descclassname { color: #555; }",
        ".sig-paren { font-size: larger; } em.sig-param { font-style: italic; } "
        ".sig-param .n { font-style: normal; }",
        "div.highlight { background: #eeffcc; border: 1px solid #ac9; border-radius: 3px; }",
        "div.highlight pre { padding: 5px 10px; line-height: 120%; overflow: auto; margin: 0; }",
        "table.docutils { border: 0; border-collapse: collapse; margin: 10px 0; } "
        "table.docutils td, table.docutils th { padding: 1px 8px 1px 5px; border-bottom: 1px solid #aaa; "
        "text-align: left; vertical-align: top; }",
        "table.docutils th.head { background-color: #ede; } tr.row-odd { background-color: #fafafa; } "
        "tr.row-even > td { background-color: white; }",
        "table.docutils td > p:first-child, table.docutils th > p:first-child { margin-top: 0; } "
        "table.docutils td > p:last-child { margin-bottom: 0; }",
        "ul.simple > li { margin-bottom: 0; } ul.simple p { margin-bottom: 0; } "
        "ol.arabic li { list-style: decimal; }",
        "div.admonition { margin: 10px 0; padding: 7px; border: 1px solid #ccc; } "
        "div.admonition p.admonition-title { font-weight: bold; margin: 0; } "
        "div.note { background-color: #eee; } div.seealso { background-color: #ffc; }",
        "div.versionchanged, div.versionadded { margin: 6px 0; } span.versionmodified { font-style: italic; }",
        "div.sphinxsidebar { float: left; width: 230px; font-size: 90%; } "
        "div.sphinxsidebar ul { list-style: none; padding: 0; } div.sphinxsidebar ul ul { margin-left: 20px; }",
        "div.related ul { margin: 0; padding: 0 0 0 10px; list-style: none; } div.related li { display: inline; }",
        "div.footer { width: 100%; padding: 9px 0; text-align: center; font-size: 75%; }",
        "nav.contents, aside.topic { border: 1px solid #ccc; padding: 7px; margin-bottom: 10px; }",
        "[role=\"main\"] section > p:not(:first-child) { margin-top: 0.5em; } "
        "section:is(#built-in-types, #text-sequence-type-str) > h2 { border-bottom: 1px solid #ccc; }",
        "a[href^=\"http\"] { color: #0060a0; } a[title~=\"Link\"] { opacity: 0.9; } "
        "p > code + a { margin-left: 2px; }",
        "dl.field-list { display: grid; grid-template-columns: fit-content(30%) auto; } "
        "dl.field-list > dt { font-weight: bold; word-break: break-word; }",
        "@media (max-width: 1023px) { div.bodywrapper { margin-left: 0; } div.sphinxsidebar { display: none; } }",
        "@media print { div.related, div.sphinxsidebar { display: none; } }",
        "blockquote { margin: 0 0 0 30px; } hr { border: 1px solid #abc; margin: 2em; }",
        "p.rubric { font-weight: bold; margin-top: 30px; } span.highlighted { background-color: #fbe54e; }",
    ]
    for token in PYGMENTS_TOKENS:
        rules.append(f".highlight .{token} {{ color: #{random.randrange(0x1000000):06x}; "
                     f"font-weight: {random.choice(('normal', 'bold'))} }}")
    count = sum(len(r.split("{")[0].split(",")) for r in rules)
    i = 0
    shapes = (".highlight-python3 .x{i} .n", "div.body dl.py.c{i} > dt", "table.docutils tr.r{i} td",
              "#sec{i} p", "section.s{i} > h3 + p", "ul.u{i} li > a.reference", "span.k{i}",
              "dd > p.p{i}:first-child", "div.body :is(.a{i}, .b{i}) code", "a.headerlink.h{i}")
    while count < selector_target:
        rules.append(f"{shapes[i % len(shapes)].format(i=i)} {{ margin-left: {i % 7}px; color: #{i:06x} }}")
        count += 1
        i += 1
    return "\n".join(rules)


def _para(rng: random.Random, out: list[str]) -> None:
    parts = []
    for _ in range(rng.randrange(3, 9)):
        choice = rng.random()
        if choice < 0.45:
            parts.append(f'<code class="docutils literal notranslate"><span class="pre">'
                         f'{rng.choice(WORDS)}()</span></code>')
        elif choice < 0.75:
            parts.append(f'<a class="reference internal" href="#{rng.choice(WORDS)}" title="Link">'
                         f'<span class="std std-ref">{rng.choice(WORDS)}</span></a>')
        else:
            parts.append(f"<em>{rng.choice(WORDS)}</em>")
        parts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(4, 12))))
    out.append(f"<p>{' '.join(parts)}</p>")


def _code(rng: random.Random, out: list[str]) -> None:
    lines = []
    for _ in range(rng.randrange(2, 6)):
        toks = ['<span class="gp">&gt;&gt;&gt; </span>']
        for _ in range(rng.randrange(3, 9)):
            toks.append(f'<span class="{rng.choice(PYGMENTS_TOKENS)}">{rng.choice(WORDS)}</span>')
        lines.append(" ".join(toks))
    out.append('<div class="highlight-python3 notranslate"><div class="highlight"><pre><span></span>'
               + "\n".join(lines) + "</pre></div></div>")


def _method(rng: random.Random, out: list[str], name: str) -> None:
    params = "".join(f'<em class="sig-param"><span class="n"><span class="pre">{rng.choice(WORDS)}'
                     f'</span></span></em>' for _ in range(rng.randrange(0, 3)))
    out.append(f'<dl class="py method"><dt class="sig sig-object py" id="{name}">'
               f'<span class="sig-prename descclassname"><span class="pre">str.</span></span>'
               f'<span class="sig-name descname"><span class="pre">{name}</span></span>'
               f'<span class="sig-paren">(</span>{params}<span class="sig-paren">)</span>'
               f'<a class="headerlink" href="#{name}" title="Link to this definition">\u00b6</a></dt><dd>')
    _para(rng, out)
    if rng.random() < 0.5:
        _code(rng, out)
    if rng.random() < 0.3:
        out.append('<div class="versionchanged"><p><span class="versionmodified changed">Changed in version '
                   '3.9.</span></p></div>')
    out.append("</dd></dl>")


def _table(rng: random.Random, out: list[str]) -> None:
    out.append('<table class="docutils align-default"><thead><tr class="row-odd"><th class="head"><p>Operation'
               '</p></th><th class="head"><p>Result</p></th><th class="head"><p>Notes</p></th></tr></thead><tbody>')
    for r in range(rng.randrange(4, 10)):
        out.append(f'<tr class="row-{"even" if r % 2 else "odd"}"><td><p><code class="docutils literal '
                   f'notranslate"><span class="pre">x</span> <span class="pre">{rng.choice(WORDS)}</span>'
                   f'</code></p></td><td><p>{rng.choice(WORDS)} {rng.choice(WORDS)}</p></td><td><p>'
                   f'({r + 1})</p></td></tr>')
    out.append("</tbody></table>")


def make_html(target_elements: int = 17_000, seed: int = 4) -> str:
    rng = random.Random(seed)
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Built-in Types</title></head><body>'
           '<div class="related" role="navigation"><ul><li><a href="#">index</a></li><li><a href="#">modules'
           '</a></li></ul></div><div class="document"><div class="documentwrapper"><div class="bodywrapper">'
           '<div class="body" role="main"><section id="built-in-types"><h1>Built-in Types<a class="headerlink" '
           'href="#built-in-types" title="Link to this heading">\u00b6</a></h1>']
    section = 0
    count = 0
    while count < target_elements:
        section += 1
        chunk: list[str] = [f'<section id="sec{section}"><h2>Section {section}<a class="headerlink" '
                            f'href="#sec{section}" title="Link to this heading">\u00b6</a></h2>']
        for _ in range(rng.randrange(2, 5)):
            _para(rng, chunk)
        if section % 3 == 0:
            _table(rng, chunk)
        for m in range(rng.randrange(3, 8)):
            _method(rng, chunk, f"m{section}_{m}")
        if section % 4 == 0:
            chunk.append('<div class="admonition note"><p class="admonition-title">Note</p>')
            _para(rng, chunk)
            chunk.append("</div>")
        chunk.append('<ul class="simple">' + "".join(f"<li><p>{rng.choice(WORDS)} {rng.choice(WORDS)}</p></li>"
                                                    for _ in range(rng.randrange(2, 6))) + "</ul></section>")
        text = "".join(chunk)
        count += text.count("<") - text.count("</")  # opening tags: one per element
        out.append(text)
    out.append('</section></div></div></div><div class="sphinxsidebar" role="navigation"><ul>'
               + "".join(f'<li><a class="reference internal" href="#sec{i}">Section {i}</a></li>'
                         for i in range(1, min(section, 60) + 1))
               + '</ul></div></div><div class="footer">\u00a9 Copyright.</div></body></html>')
    return "".join(out)


def cssselect2_selectors(sheets) -> list:
    """The same selectors compiled by cssselect2 itself (compiling is not timed)."""
    return [(selector, rule) for sheet in sheets for rule in sheet.rules
            for selector in cssselect2.compile_selector_list(rule.prelude)]


def bare_matching(document: dom.Document, selectors: list) -> float:
    """cssselect2 alone: one Matcher with every selector, `match` on every element."""
    start = time.perf_counter()
    matcher = cssselect2.Matcher()
    for selector, rule in selectors:
        matcher.add_selector(selector, rule)
    for wrapper in cssselect2.ElementWrapper.from_html_root(document.root).iter_subtree():
        matcher.match(wrapper)
    return time.perf_counter() - start


def our_style(document: dom.Document, sheets, media: MediaContext) -> float:
    start = time.perf_counter()
    StyleEngine(sheets, media).run(document)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=17_000)
    parser.add_argument("--selectors", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile our style stage once")
    args = parser.parse_args()
    random.seed(4)
    css = make_css(args.selectors)
    html = make_html(args.elements)
    media = MediaContext(width=1280, height=800)
    document = dom.parse(html.encode())
    sheets = [ua_stylesheet(media), parse_stylesheet(css, "bench.css", "author", media)]
    elements = sum(1 for _ in document.elements())
    selectors = sum(len(r.selectors) for r in sheets[1].rules)
    print(f"page: {elements} elements, {selectors} author selectors "
          f"(+{sum(len(r.selectors) for r in sheets[0].rules)} UA)")
    if args.profile:
        import cProfile
        import pstats
        cProfile.runctx("our_style(document, sheets, media)", globals(), locals(), "/tmp/style.prof")
        pstats.Stats("/tmp/style.prof").sort_stats("cumulative").print_stats(30)
        return
    compiled = cssselect2_selectors(sheets)
    bare = min(bare_matching(document, compiled) for _ in range(args.rounds))
    ours = min(our_style(document, sheets, media) for _ in range(args.rounds))
    print(f"cssselect2 bare matching: {bare * 1000:.0f} ms")
    print(f"minibrowser style stage:  {ours * 1000:.0f} ms")
    print(f"ratio: {ours / bare:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
