"""Generated benchmark pages: large, deterministic, shaped like pages people read.

Each generator returns the HTML text of one page; `write_corpus(directory)`
writes them all and returns their paths.  The pages are made from a fixed
random seed, so two runs (and two machines) time the same bytes.

- article-50k: a 50 KB news/blog article (headings, paragraphs, inline
  markup, a figure caption, a quote), with a small author stylesheet.
- list-2000 / list-20000: one <ul> of N items with a link each; the pair
  checks that time grows linearly with the document.
- docs-700k: a documentation page shaped like the Python documentation's
  "Built-in Types" page (Sphinx output): ~700 KB, ~17,000 elements, ~500
  selectors in basic.css/pydoctheme.css/pygments.css style (classes,
  descendant chains, attribute selectors, :hover, @media), a navigation
  sidebar, signature <dl>s full of <span class="pre">, highlighted code
  blocks and operator tables.
- deep-2000: one element chain 2,000 deep, each level a <div> with a word.
"""
from __future__ import annotations

import html
import os
import random

SEED = 20240610

WORDS = ("the of and to in is that for it as with was on be by this are or from at an which have not "
         "but all one can has were more will would their there what about when so if out up into them "
         "string method return value object sequence integer argument default character encoding table "
         "operation result type instance attribute iterator mapping element index slice number float "
         "comparison boolean bytes buffer format literal keyword module function class exception error "
         "whitespace separator prefix suffix width precision conversion locale unicode ordinal").split()


def _sentence(rng: random.Random, low: int = 8, high: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph_text(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


# ---------------------------------------------------------------------------
# a 50 KB article

ARTICLE_CSS = """
body { margin: 0; font-family: Georgia, serif; color: #222; background: #fdfdfd; }
header { background: #1d3557; color: white; padding: 12px 24px; }
header nav a { color: #f1faee; margin-right: 16px; text-decoration: none; }
main { max-width: 680px; margin: 0 auto; padding: 0 16px; }
h1 { font-size: 34px; line-height: 1.2; margin: 28px 0 8px; }
h2 { font-size: 24px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; }
p { font-size: 18px; line-height: 1.6; margin: 0 0 16px; }
p.lede { font-size: 21px; color: #444; }
blockquote { margin: 24px 0; padding: 8px 20px; border-left: 4px solid #e63946; background: #f6f6f6; }
figure { margin: 24px 0; } figcaption { font-size: 14px; color: #666; }
.byline { color: #777; font-size: 14px; } a { color: #1d70b8; }
footer { border-top: 1px solid #ccc; margin-top: 40px; padding: 16px 24px; font-size: 13px; color: #666; }
"""


def article(target_bytes: int = 50_000) -> str:
    rng = random.Random(SEED)
    parts = ["<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>A long article</title>",
             f"<style>{ARTICLE_CSS}</style></head><body>",
             "<header><nav><a href=/>Home</a><a href=/world>World</a><a href=/tech>Technology</a>"
             "<a href=/science>Science</a></nav></header><main><article>",
             "<h1>How a browser turns bytes into pixels</h1>",
             "<p class=byline>By <a href=/author>A. Writer</a> · <time>10 June 2024</time></p>",
             f"<p class=lede>{_paragraph_text(rng, 3)}</p>"]
    section = 0
    while sum(map(len, parts)) < target_bytes - 400:
        if rng.random() < 0.15:
            section += 1
            parts.append(f"<h2>Section {section}: {html.escape(_sentence(rng, 3, 6)[:-1])}</h2>")
        roll = rng.random()
        if roll < 0.06:
            parts.append(f"<blockquote><p>{_paragraph_text(rng, 2)}</p></blockquote>")
        elif roll < 0.09:
            parts.append(f"<figure><div style='height:120px;background:#a8dadc'></div>"
                         f"<figcaption>{_sentence(rng)}</figcaption></figure>")
        else:
            text = _paragraph_text(rng, rng.randint(3, 6)).split(" ")
            i = rng.randrange(len(text))
            text[i] = f"<a href='/ref/{i}'>{text[i]}</a>"
            j = rng.randrange(len(text))
            text[j] = f"<em>{text[j]}</em>"
            k = rng.randrange(len(text))
            text[k] = f"<strong>{text[k]}</strong>"
            parts.append(f"<p>{' '.join(text)}</p>")
    parts.append("</article></main><footer>© 2024 An Example Newspaper</footer></body></html>\n")
    return "".join(parts)


# ---------------------------------------------------------------------------
# N list items

def list_items(count: int) -> str:
    items = "\n".join(f"<li><a href='#item-{i}'>Item {i}</a>: {WORDS[i % len(WORDS)]} "
                      f"{WORDS[(i * 7) % len(WORDS)]} {WORDS[(i * 13) % len(WORDS)]}</li>" for i in range(count))
    return (f"<!DOCTYPE html><html><head><meta charset=utf-8><title>{count} items</title>"
            "<style>body{font-family:sans-serif;margin:16px} li{line-height:1.4} a{color:#0645ad}</style>"
            f"</head><body><h1>{count} list items</h1><ul>\n{items}\n</ul></body></html>\n")


# ---------------------------------------------------------------------------
# a 2,000-deep element chain

def deep_chain(depth: int = 2000) -> str:
    return ("<!DOCTYPE html><html><head><meta charset=utf-8><title>deep</title>"
            "<style>div{margin-left:0;padding-left:0}</style></head><body>"
            + "".join(f"<div>d{i} " for i in range(depth)) + "bottom" + "</div>" * depth
            + "</body></html>\n")


# ---------------------------------------------------------------------------
# a 700 KB documentation page (the shape of Sphinx's output for the Python docs)

# the hand-written core: the rules of basic.css / pydoctheme.css that such a page exercises
DOCS_CORE_CSS = """
html { background: #fff; }
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 16px; margin: 0;
       padding: 0; color: #222; background-color: #fff; }
div.related { background-color: #f8f8f8; color: #333; width: 100%; line-height: 30px; font-size: 90%;
              border-bottom: 1px solid #ddd; }
div.related h3 { display: none; }
div.related ul { margin: 0; padding: 0 0 0 10px; list-style: none; }
div.related li { display: inline; }
div.related li.right { float: right; margin-right: 5px; }
div.related a { color: #0069b3; text-decoration: none; }
div.document { display: block; }
div.documentwrapper { float: left; width: 100%; }
div.bodywrapper { margin: 0 0 0 230px; }
div.body { padding: 0 20px 30px 20px; background-color: #fff; min-width: 0; max-width: none; }
div.body p, div.body dd, div.body li, div.body blockquote { hyphens: auto; }
div.body p { line-height: 140%; }
div.body h1, div.body h2, div.body h3, div.body h4 { font-weight: normal; color: #1a1a1a;
        margin: 20px -20px 10px -20px; padding: 3px 0 3px 10px; }
div.body h1 { font-size: 200%; margin-top: 0; } div.body h2 { font-size: 160%; background-color: #f3f3f3; }
div.body h3 { font-size: 140%; } div.body h4 { font-size: 120%; }
a.headerlink { visibility: hidden; font-size: 0.8em; padding: 0 4px; text-decoration: none; color: #0069b3; }
h1:hover > a.headerlink, h2:hover > a.headerlink, h3:hover > a.headerlink, dt:hover > a.headerlink {
        visibility: visible; }
div.body a { color: #0069b3; } div.body a:visited { color: #6363bb; } div.body a:hover { color: #00b0e4; }
a.reference { text-decoration: none; } a.reference:hover { text-decoration: underline; }
dl { margin-bottom: 15px; } dd > :first-child { margin-top: 0; } dd { margin: 3px 0 10px 30px; }
dl.py dt, dl.c dt { padding: 2px 4px; }
dl.py > dt { background-color: #f2f2f2; border-left: 3px solid #ccc; }
dl.method > dt, dl.function > dt, dl.class > dt, dl.attribute > dt { font-family: monospace; }
dt:target, span.highlighted { background-color: #fbe54e; }
.sig { font-family: "Source Code Pro", monospace; }
.sig-name, code.descname { background-color: transparent; font-weight: bold; }
.sig-name { font-size: 1.1em; } .sig-prename, code.descclassname { background-color: transparent; }
.sig-paren { font-size: larger; } .sig-param.n { font-style: italic; }
em.sig-param { font-style: italic; }
code, pre, tt { font-family: monospace, sans-serif; font-size: 96.5%; }
code.literal { background-color: #eee; border-radius: 3px; padding: 0 1px; }
code.xref, a code { background-color: transparent; font-weight: bold; }
span.pre { white-space: pre; }
pre { font-size: 14px; overflow: auto; padding: 5px 10px; background-color: #f8f8f8; line-height: 130%;
      border: 1px solid #ac9; border-left: none; border-right: none; }
div.highlight { background-color: #f8f8f8; margin: 8px 0; }
div[class*="highlight-"] { margin: 1em 0; }
div.admonition { margin: 10px 0; padding: 0 10px 10px 10px; border: 1px solid #ccc; background-color: #f6f6f6; }
div.admonition p.admonition-title { font-weight: bold; margin: 4px 0 5px 0; }
div.note { background-color: #eee; border: 1px solid #ccc; }
div.seealso { background-color: #ffc; border: 1px solid #ff6; }
div.warning { background-color: #fdd; border: 1px solid #f66; }
div.versionadded, div.versionchanged, div.deprecated { margin: 6px 0; }
span.versionmodified { font-style: italic; }
table.docutils { border: 0; border-collapse: collapse; margin: 10px 0; }
table.docutils td, table.docutils th { padding: 4px 8px; border: 0; border-bottom: 1px solid #aaa;
        vertical-align: top; text-align: left; }
table.docutils th { font-weight: bold; background-color: #f3f3f3; }
table.docutils p { margin: 0; } tr.row-odd { background-color: #fafafa; }
th > :first-child, td > :first-child { margin-top: 0; } th > :last-child, td > :last-child { margin-bottom: 0; }
div.sphinxsidebar { float: left; width: 230px; margin-left: -100%; font-size: 90%; word-wrap: break-word; }
div.sphinxsidebarwrapper { padding: 10px 5px 0 10px; }
div.sphinxsidebar h3 { font-size: 1.3em; font-weight: normal; margin: 0; }
div.sphinxsidebar ul { list-style: none; margin: 10px 0 10px 0; padding: 0; }
div.sphinxsidebar ul ul { margin-left: 20px; list-style-type: square; }
div.sphinxsidebar a { color: #444; } div.sphinxsidebar li { margin: 2px 0; }
div.sphinxsidebar input { border: 1px solid #999; font-size: 1em; }
div.clearer { clear: both; }
div.footer { text-align: center; padding: 9px 0 9px 0; font-size: 75%; border-top: 1px solid #ddd;
             background-color: #f8f8f8; }
div.footer a { color: #444; text-decoration: underline; }
.mobile-nav { display: none; }
ul.simple > li > p, ol.simple > li > p { margin: 0; }
blockquote { margin: 0 0 0 30px; }
p.rubric { font-weight: bold; margin-top: 30px; }
.footnote > .label { float: left; padding-right: 6px; }
@media (max-width: 1023px) {
  div.sphinxsidebar { display: none; } div.bodywrapper { margin: 0; } .mobile-nav { display: block; } }
@media print { div.related, div.sphinxsidebar, div.footer { display: none; } }
"""

# Pygments token classes (the Python docs load a full pygments.css)
PYGMENTS = ("hll c err k o ch cm cp cpf c1 cs gd ge ges gr gh gi go gp gs gu gt kc kd kn kp kr kt m s na nb "
            "nc no nd ni ne nf nl nn nt nv ow w mb mf mh mi mo sa sb sc dl sd s2 se sh si sx sr s1 ss bp fm "
            "vc vg vi vm il").split()


def docs_css(rng: random.Random, target_selectors: int = 500) -> str:
    """~500 selectors: the core above, pygments' token rules, and more rules of the same shapes."""
    colors = ("#408090", "#007020", "#666666", "#333333", "#0e84b5", "#4070a0", "#bb60d5", "#902000",
              "#06287e", "#60add5", "#208050", "#a00000", "#c65d09", "#555555")
    rules = [DOCS_CORE_CSS]
    for token in PYGMENTS:
        style = f"color: {rng.choice(colors)}"
        if rng.random() < 0.3:
            style += "; font-weight: bold"
        if rng.random() < 0.2:
            style += "; font-style: italic"
        rules.append(f".highlight .{token} {{ {style} }} /* {token} */")
    # the rest of basic.css / theme rules: class chains, descendants, children, attributes, pseudo-classes
    shapes = ("div.{a} {b}", "div.{a} > {b}.{c}", ".{a} .{c}", "{b}.{a}", "{b}.{a}:hover", "ul.{a} li.{c}",
              "table.{a} {b}", "div.body {b}.{a}", "[class~=\"{a}\"]", "{b}[lang] .{c}", "#{a}-{c}",
              "section > {b}:first-child", "nav.{a} a:not(.{c})")
    names = ("toctree-wrapper", "contents", "topic", "sidebar", "rubric", "glossary", "field-list", "option-list",
             "hlist", "centered", "line-block", "versionadded", "deprecated", "search", "genindex", "modindex",
             "footnote", "citation", "caption", "compound", "container", "productionlist", "doctest", "guilabel",
             "menuselection", "kbd", "file", "samp", "abbr", "figure", "legend", "align-center", "align-right")
    tags = ("p", "span", "a", "li", "dt", "dd", "code", "em", "div", "table", "td", "th", "ul", "h2", "h3")
    count = DOCS_CORE_CSS.count("{") + len(PYGMENTS)
    properties = ("margin: 0 0 {n}px 0", "padding: {n}px", "color: {c}", "background-color: {c}",
                  "font-size: {p}%", "border-bottom: 1px solid {c}", "text-align: left", "font-weight: bold")
    while count < target_selectors:
        selector = rng.choice(shapes).format(a=rng.choice(names), b=rng.choice(tags), c=rng.choice(names))
        body = "; ".join(rng.choice(properties).format(n=rng.randint(0, 20), c=rng.choice(colors),
                                                         p=rng.choice((80, 90, 110, 120)))
                         for _ in range(rng.randint(1, 3)))
        rules.append(f"{selector} {{ {body} }}")
        count += 1
    return "\n".join(rules)


def _code(rng: random.Random, text: str) -> str:
    """Inline code as Sphinx writes it: every word its own <span class="pre">."""
    return ('<code class="docutils literal notranslate">'
            + " ".join(f'<span class="pre">{html.escape(word)}</span>' for word in text.split()) + "</code>")


def _xref(rng: random.Random, name: str) -> str:
    return (f'<a class="reference internal" href="#{name}" title="{name}">'
            f'<code class="xref py py-meth docutils literal notranslate"><span class="pre">{name}()</span></code></a>')


def _docs_paragraph(rng: random.Random, methods: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(2, 5)):
        words = _sentence(rng, 5, 15).split(" ")
        roll = rng.random()
        if roll < 0.45:
            words[rng.randrange(len(words))] = _xref(rng, rng.choice(methods))
        elif roll < 0.85:
            words[rng.randrange(len(words))] = _code(rng, f"{rng.choice(WORDS)} {rng.choice(('in', 'or', '=='))} y")
        elif roll < 0.8:
            words[rng.randrange(len(words))] = f"<em>{rng.choice(WORDS)}</em>"
        parts.append(" ".join(words))
    return "<p>" + " ".join(parts) + "</p>"


def _highlight_block(rng: random.Random) -> str:
    """A doctest block with pygments token spans, as in the Python docs."""
    lines = []
    for _ in range(rng.randint(2, 6)):
        name = rng.choice(WORDS)
        lines.append(f'<span class="gp">&gt;&gt;&gt; </span><span class="n">{name}</span><span class="o">.</span>'
                     f'<span class="n">{rng.choice(WORDS)}</span><span class="p">(</span>'
                     f'<span class="s1">&#39;{rng.choice(WORDS)}&#39;</span><span class="p">,</span> '
                     f'<span class="mi">{rng.randint(0, 99)}</span><span class="p">)</span>')
        lines.append(f'<span class="go">{html.escape(repr(rng.choice(WORDS)))}</span>')
    return ('<div class="highlight-python3 notranslate"><div class="highlight"><pre><span></span>'
            + "\n".join(lines) + "\n</pre></div>\n</div>")


def _signature(rng: random.Random, owner: str, method: str) -> str:
    params = []
    for _ in range(rng.randint(0, 3)):
        params.append(f'<em class="sig-param"><span class="n"><span class="pre">{rng.choice(WORDS)}</span></span>'
                      + (f'<span class="o"><span class="pre">=</span></span><span class="default_value">'
                         f'<span class="pre">None</span></span>' if rng.random() < 0.4 else "") + "</em>")
    return (f'<dt class="sig sig-object py" id="{owner}.{method}">'
            f'<span class="sig-prename descclassname"><span class="pre">{owner}.</span></span>'
            f'<span class="sig-name descname"><span class="pre">{method}</span></span>'
            f'<span class="sig-paren">(</span>{", ".join(params)}<span class="sig-paren">)</span>'
            f'<a class="headerlink" href="#{owner}.{method}" title="Link to this definition">¶</a></dt>')


def _table(rng: random.Random, rows: int) -> str:
    out = ['<table class="docutils align-default"><thead><tr class="row-odd">'
           '<th class="head"><p>Operation</p></th><th class="head"><p>Result</p></th>'
           '<th class="head"><p>Notes</p></th></tr></thead><tbody>']
    for i in range(rows):
        parity = "even" if i % 2 == 0 else "odd"
        out.append(f'<tr class="row-{parity}"><td><p>{_code(rng, f"x {rng.choice(WORDS)} y")}</p></td>'
                   f"<td><p>{_sentence(rng, 4, 10)}</p></td><td><p>({i % 9 + 1})</p></td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def docs_page(target_bytes: int = 700_000) -> str:
    """The Python docs' stdtypes page in shape: ~700 KB, ~17,000 elements, ~500 selectors."""
    rng = random.Random(SEED + 1)
    owners = ("int", "float", "str", "bytes", "bytearray", "list", "tuple", "range", "dict", "set",
              "frozenset", "memoryview", "complex", "object", "type")
    sections: list[str] = []
    toc: list[str] = []
    body: list[str] = []
    size = 0
    index = 0
    while size < target_bytes - 40_000:
        owner = owners[index % len(owners)]
        index += 1
        section_id = f"{owner}-methods-{index}"
        title = f"{owner.capitalize()} methods, part {index}"
        sections.append(section_id)
        methods = [f"{rng.choice(WORDS)}{rng.choice(WORDS)}" for _ in range(rng.randint(6, 12))]
        part = [f'<section id="{section_id}"><h2>{title}<a class="headerlink" href="#{section_id}" '
                f'title="Link to this heading">¶</a></h2>']
        toc_items = []
        for _ in range(rng.randint(1, 3)):
            part.append(_docs_paragraph(rng, methods))
        if rng.random() < 0.5:
            part.append(_table(rng, rng.randint(4, 10)))
        for method in methods:
            toc_items.append(f'<li><a class="reference internal" href="#{owner}.{method}">'
                             f'<code class="xref py py-meth docutils literal notranslate">'
                             f'<span class="pre">{owner}.{method}()</span></code></a></li>')
            part.append(f'<dl class="py method">{_signature(rng, owner, method)}<dd>')
            for _ in range(rng.randint(1, 2)):
                part.append(_docs_paragraph(rng, methods))
            roll = rng.random()
            if roll < 0.35:
                part.append(_highlight_block(rng))
            elif roll < 0.45:
                kind = rng.choice(("note", "seealso", "warning"))
                part.append(f'<div class="admonition {kind}"><p class="admonition-title">{kind.capitalize()}</p>'
                            f"{_docs_paragraph(rng, methods)}</div>")
            if rng.random() < 0.15:
                part.append(f'<div class="versionchanged"><p><span class="versionmodified changed">Changed in '
                            f'version 3.{rng.randint(1, 12)}: </span>{_sentence(rng)}</p></div>')
            part.append("</dd></dl>")
        part.append("</section>")
        toc.append(f'<li><a class="reference internal" href="#{section_id}">{title}</a><ul>'
                   + "".join(toc_items) + "</ul></li>")
        chunk = "\n".join(part)
        body.append(chunk)
        size += len(chunk) + len(toc[-1])
    css = docs_css(rng)
    related = ('<div class="related" role="navigation" aria-label="Related"><h3>Navigation</h3><ul>'
               '<li class="right"><a href="../genindex.html" title="General Index">index</a></li>'
               '<li class="right"><a href="../py-modindex.html" title="Python Module Index">modules</a> |</li>'
               '<li><a href="https://www.python.org/">Python</a> &#187;</li>'
               '<li><a href="../index.html">3.12 Documentation</a> &#187;</li>'
               '<li><a href="index.html" accesskey="U">The Python Standard Library</a> &#187;</li></ul></div>')
    return ("<!DOCTYPE html>\n<html lang=\"en\" data-content_root=\"../\"><head><meta charset=\"utf-8\" />"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" />"
            "<title>Built-in Types — Python 3.12 documentation</title>"
            f"<style>\n{css}\n</style></head><body>"
            '<div class="mobile-nav"><input type="checkbox" id="menuToggler" class="toggler__input" /></div>'
            + related +
            '<div class="document"><div class="documentwrapper"><div class="bodywrapper">'
            '<div class="body" role="main"><section id="built-in-types"><span id="bltin-types"></span>'
            '<h1>Built-in Types<a class="headerlink" href="#built-in-types" title="Link to this heading">¶</a></h1>'
            + "\n".join(body) +
            '</section></div></div></div><div class="sphinxsidebar" role="navigation" aria-label="Main">'
            '<div class="sphinxsidebarwrapper"><div><h3><a href="../contents.html">Table of Contents</a></h3><ul>'
            + "".join(toc) +
            '</ul></div><div id="searchbox" role="search"><h3 id="searchlabel">Quick search</h3>'
            '<form class="search" action="../search.html" method="get"><input type="text" name="q" />'
            '<input type="submit" value="Go" /></form></div></div></div><div class="clearer"></div></div>'
            + related +
            '<div class="footer">&copy; Copyright 2001-2024, Python Software Foundation.</div></body></html>\n')


# ---------------------------------------------------------------------------

GENERATED = {
    "article-50k.html": article,
    "list-2000.html": lambda: list_items(2000),
    "list-20000.html": lambda: list_items(20000),
    "docs-700k.html": docs_page,
    "deep-2000.html": deep_chain,
}


def write_corpus(directory: str) -> dict[str, str]:
    """Write every generated page into `directory`; return name → path."""
    os.makedirs(directory, exist_ok=True)
    paths = {}
    for name, make in GENERATED.items():
        path = os.path.join(directory, name)
        data = make().encode("utf-8")
        try:
            with open(path, "rb") as handle:
                unchanged = handle.read() == data
        except OSError:
            unchanged = False
        if not unchanged:
            with open(path, "wb") as handle:
                handle.write(data)
        paths[name] = path
    return paths


def describe(path: str) -> str:
    """Size, element count and selector count of a page, for the benchmark's header."""
    import re
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8")
    elements = len(re.findall(r"<[a-zA-Z]", text))
    styles = "".join(re.findall(r"<style>(.*?)</style>", text, re.S))
    styles = re.sub(r"/\*.*?\*/", "", styles, flags=re.S)
    selectors = sum(len(block.split(",")) for block in re.findall(r"([^{}]+)\{[^{}]*\}", styles)
                    if not block.strip().startswith("@"))
    return f"{len(text) / 1024:.0f} KB, {elements} elements, {selectors} selectors"


if __name__ == "__main__":
    import sys
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results", "corpus")
    for name, path in write_corpus(out).items():
        print(f"{path}: {describe(path)}")
