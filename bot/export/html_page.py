"""The glossary as one self-contained HTML page: inline CSS and a few lines of JS, no external requests.

By category and A–Z, an anchor per term, a search box that filters as you type, formulas with their variables and
worked example, links between entries; accessible (landmarks, headings, a labelled search, plain links), readable
on a phone and printable. Every glossary text goes through html.escape.
"""

from __future__ import annotations

from html import escape

from bot.export.document import ExportDocument, ExportEntry, category_anchor
from bot.export.page_assets import PAGE_CSS, PAGE_JS


def _term_link(document: ExportDocument, term: str) -> str:
    anchor = document.anchor_of(term)
    if anchor is None:
        return f"<span>{escape(term)}</span>"
    return f'<a href="#{anchor}">{escape(term)}</a>'


def _formula(entry: ExportEntry) -> list[str]:
    content = entry.content
    if not content.formula:
        return []
    unit = escape(str(content.formula_unit))
    html = ['<section class="formula" aria-label="Formula">', f"<h4>Formula <small>({unit})</small></h4>",
            f"<pre><code>{escape(content.formula)}</code></pre>"]
    if content.variables:
        html.append("<dl>")
        for variable in content.variables:
            html.append(f"<dt><code>{escape(variable.name)}</code></dt>"
                        f"<dd>{escape(variable.description)} <small>({escape(variable.unit)})</small></dd>")
        html.append("</dl>")
    example = content.example
    if example is not None:
        html.append('<h4>Worked example</h4><table class="example"><tbody>')
        html += [f"<tr><th scope=\"row\"><code>{escape(name)}</code></th><td>{escape(value)}</td></tr>"
                 for name, value in example.inputs]
        html.append(f'</tbody></table><p class="result"><code>{escape(example.filled_in)}</code> = '
                    f"<strong>{escape(example.result)}</strong></p>")
        if example.note:
            html.append(f"<p>{escape(example.note)}</p>")
    html.append("</section>")
    return html


def _entry(document: ExportDocument, entry: ExportEntry) -> str:
    content = entry.content
    words = " ".join([content.term, *content.aliases, content.category, *content.team_notes,
                      content.definition]).lower()
    also = f" · also {escape(', '.join(content.aliases))}" if content.aliases else ""
    team = f" · defined by {escape(content.team)}" if content.team else ""
    html = [f'<article class="entry" id="{entry.anchor}" data-search="{escape(words)}">',
            f'<h3><a class="self" href="#{entry.anchor}">{escape(content.term)}</a></h3>',
            f'<p class="meta">{escape(content.category)}{also}{team}</p>',
            *(f'<p class="team-note">{escape(note)}</p>' for note in content.team_notes),
            f"<p>{escape(content.definition)}</p>", *_formula(entry)]
    if content.benchmark:
        html.append(f"<p><strong>Benchmark:</strong> {escape(content.benchmark[0])} "
                    f"<small>({escape(content.benchmark[1])})</small></p>")
    if content.not_to_confuse_with:
        html.append('<h4>Not to confuse with</h4><ul class="confuse">')
        html += [f"<li>{_term_link(document, term)}: {escape(difference)}</li>"
                 for term, difference in content.not_to_confuse_with]
        html.append("</ul>")
    for meaning in content.other_meanings:
        note = f": {escape(meaning.note)}" if meaning.note else ""
        target = f" (see {_term_link(document, meaning.term)})" if meaning.term else ""
        html.append(f"<p class=\"meta\"><strong>{escape(meaning.acronym)}</strong> can also mean "
                    f"<em>{escape(meaning.meaning)}</em>{target}{note}</p>")
    if content.related:
        links = ", ".join(_term_link(document, term) for term in content.related)
        html.append(f'<p class="related"><strong>Related:</strong> {links}</p>')
    if content.sources:
        html.append(f'<p class="sources">Sources: {escape(", ".join(content.sources))}</p>')
    html.append("</article>")
    return "\n".join(html)


def _index(document: ExportDocument) -> list[str]:
    """The A–Z index: a letter heading per initial, every term (and alias) linking to its entry."""
    names = sorted(((name, entry.anchor) for entry in document.entries for name in (entry.content.term,
                    *entry.content.aliases)), key=lambda pair: pair[0].casefold())
    letters: dict[str, list[tuple[str, str]]] = {}
    for name, anchor in names:
        initial = name[:1].upper()
        letters.setdefault(initial if initial.isalpha() else "#", []).append((name, anchor))
    html = ['<section id="a-z" aria-labelledby="a-z-title"><h2 id="a-z-title">A–Z</h2>',
            '<nav aria-label="Letters" class="letters">'
            + " ".join(f'<a href="#letter-{i}">{escape(letter)}</a>' for i, letter in enumerate(letters)) + "</nav>"]
    for i, (letter, links) in enumerate(letters.items()):
        html.append(f'<h3 id="letter-{i}">{escape(letter)}</h3><ul class="index">')
        html += [f'<li><a href="#{anchor}">{escape(name)}</a></li>' for name, anchor in links]
        html.append("</ul>")
    html.append("</section>")
    return html


def render_html(document: ExportDocument) -> str:
    total, day = len(document.entries), document.built_on
    toc = "".join(f'<li><a href="#{category_anchor(name)}">{escape(name.capitalize())}</a> ({len(entries)})</li>'
                  for name, entries in document.categories)
    html = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        'script-src \'unsafe-inline\'">',
        f"<title>{escape(document.title)}</title>", f"<style>{PAGE_CSS}</style>", "</head>", "<body>",
        '<a class="skip" href="#main">Skip to the glossary</a>',
        "<header>", f"<h1>{escape(document.title)}</h1>",
        f'<p class="version">{total} terms · version <code>{escape(document.version)}</code> · '
        f'exported <time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time></p>',
        '<form role="search" class="search" onsubmit="return false">',
        '<label for="search">Search the glossary</label>',
        '<input id="search" type="search" autocomplete="off" placeholder="e.g. NRR, churn, renewal" '
        'aria-describedby="search-count">',
        f'<p id="search-count" aria-live="polite">{total} terms</p>', "</form>",
        f'<nav aria-label="Categories"><ul class="toc">{toc}<li><a href="#a-z">A–Z index</a></li></ul></nav>',
        "</header>", '<main id="main">',
    ]
    for name, entries in document.categories:
        anchor = category_anchor(name)
        html.append(f'<section class="category" id="{anchor}" aria-labelledby="{anchor}-title">'
                    f'<h2 id="{anchor}-title">{escape(name.capitalize())} <small>({len(entries)})</small></h2>')
        html += [_entry(document, entry) for entry in entries]
        html.append("</section>")
    html += ['<p id="no-results" hidden>No term matches your search.</p>', *_index(document), "</main>",
             f"<script>{PAGE_JS}</script>", "</body>", "</html>"]
    return "\n".join(html) + "\n"
