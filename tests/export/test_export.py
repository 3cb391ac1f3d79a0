"""csterm export: the HTML page, Markdown and CSV say what the content builder says, with working anchors."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.cli import main
from bot.export.document import build_document, glossary_version, slug
from bot.export.formats import export_glossary
from bot.glossary.load import load_glossary, parse_glossary
from tests.glossary.samples import VALID

TODAY = date(2026, 11, 28)
SHIPPED = Path(__file__).resolve().parents[2] / "glossary.yaml"
HOSTILE = VALID.replace(
    "definition: Revenue kept from existing customers, counting expansion.",
    'definition: "Revenue <script>alert(1)</script> kept & <b>counted</b> *twice* [x](http://evil.test) | a"',
)


class PageParser(HTMLParser):
    """Collects ids, in-page links, external references, labels and the text of each article."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self.tags: list[str] = []
        self.labels_for: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "label" and values.get("for"):
            self.labels_for.append(str(values["for"]))
        for name in ("href", "src", "action"):
            target = values.get(name)
            if target is None:
                continue
            (self.links if target.startswith("#") else self.external).append(target)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def test_slugs_are_the_anchors_people_link_to() -> None:
    assert slug("Net Revenue Retention") == "net-revenue-retention"
    assert slug("Time-to-Value (TTV)") == "time-to-value-ttv"
    assert slug("Café Über") == "cafe-uber"


def test_html_page_of_the_shipped_glossary_is_whole_and_self_contained() -> None:
    glossary = load_glossary(SHIPPED)
    page = export_glossary(glossary, "html", today=TODAY)
    html = parsed(page)
    assert html.external == []  # no stylesheet, script, image or link leaves the page
    assert "http://" not in page.split("<body>", 1)[0] and "https://" not in page.split("<body>", 1)[0]
    assert len(html.ids) == len(set(html.ids)), "every id is unique"
    missing = sorted({link[1:] for link in html.links} - set(html.ids))
    assert missing == [], f"links to nowhere: {missing}"
    for entry in glossary:  # one anchor per term
        assert slug(entry.term) in html.ids or any(i.startswith(slug(entry.term) + "-") for i in html.ids)
    assert 'id="net-revenue-retention"' in page
    assert html.tags.count("article") == len(glossary)
    assert "search" in html.labels_for and 'id="search"' in page  # a labelled search box
    assert html.tags.count("h1") == 1 and "h2" in html.tags and "h3" in html.tags and "main" in html.tags
    assert f"version <code>{glossary_version(glossary)}</code>" in page
    assert '<time datetime="2026-11-28">28 November 2026</time>' in page
    assert '<meta name="viewport"' in page and "@media print" in page and "@media (max-width" in page


def test_html_sets_out_formula_variables_example_and_links() -> None:
    glossary = parse_glossary(VALID, "g.yaml")
    html = export_glossary(glossary, "html", today=TODAY)
    article = html.split('id="net-revenue-retention"', 1)[1].split("</article>", 1)[0]
    assert "<pre><code>(start_mrr + expansion_mrr - lost_mrr) / start_mrr * 100</code></pre>" in article
    assert "<dt><code>expansion_mrr</code></dt><dd>MRR added by upgrades <small>($)</small></dd>" in article
    assert "<td>$100,000</td>" in article and "<strong>107 %</strong>" in article
    confuse = article.split('class="confuse"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="#gross-revenue-retention">Gross Revenue Retention</a>: GRR leaves expansion out.' in confuse
    related = article.split('class="related"', 1)[1]
    assert '<a href="#gross-revenue-retention">' in related and '<a href="#non-recurring-revenue">' in related


def test_html_escapes_every_glossary_text() -> None:
    page = export_glossary(parse_glossary(HOSTILE, "g.yaml"), "html", today=TODAY)
    assert "<script>alert(1)" not in page and "<b>counted" not in page
    assert "Revenue &lt;script&gt;alert(1)&lt;/script&gt; kept &amp; &lt;b&gt;counted&lt;/b&gt;" in page
    assert parsed(page).external == []


def test_markdown_has_the_same_anchors_and_escapes_markup() -> None:
    glossary = parse_glossary(HOSTILE, "g.yaml")
    text = export_glossary(glossary, "markdown", today=TODAY)
    html_ids = set(parsed(export_glossary(glossary, "html", today=TODAY)).ids)
    anchors = re.findall(r'<a id="([^"]+)"></a>', text)
    entry_anchors = [a for a in anchors if not a.startswith("category-") and a != "a-z"]
    assert sorted(entry_anchors) == sorted(slug(e.term) for e in glossary)
    assert set(anchors) <= html_ids
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors
    assert "### Net Revenue Retention" in text
    assert "[Gross Revenue Retention](#gross-revenue-retention): GRR leaves expansion out." in text
    assert "Revenue &lt;script&gt;alert(1)&lt;/script&gt; kept &amp; &lt;b&gt;counted&lt;/b&gt; \\*twice\\* " \
           "\\[x\\](http://evil.test) \\| a" in text
    assert "**Formula** (%): `(start_mrr + expansion_mrr - lost_mrr) / start_mrr * 100`" in text
    assert "- `lost_mrr`: MRR lost to downgrades and cancellations ($)" in text
    assert f"version `{glossary_version(glossary)}` · exported 2026-11-28" in text


def test_csv_has_term_aliases_category_definition_for_every_entry() -> None:
    glossary = load_glossary(SHIPPED)
    rows = list(csv.reader(io.StringIO(export_glossary(glossary, "csv", today=TODAY))))
    assert rows[0] == ["term", "aliases", "category", "definition"]
    by_term = {row[0]: row for row in rows[1:]}
    assert len(by_term) == len(glossary) == len(rows) - 1
    nrr = by_term["Net Revenue Retention"]
    assert nrr[1].split("; ") == list(glossary.get("Net Revenue Retention").aliases)  # type: ignore[union-attr]
    assert nrr[2] == "metric"
    assert nrr[3] == glossary.get("Net Revenue Retention").definition  # type: ignore[union-attr]
    assert [row[0].casefold() for row in rows[1:]] == sorted(row[0].casefold() for row in rows[1:])


def test_csv_cells_never_run_as_spreadsheet_formulas() -> None:
    glossary = parse_glossary(VALID.replace("aliases: [GRR]", "aliases: ['=HYPERLINK(1)', '+1']"), "g.yaml")
    rows = list(csv.reader(io.StringIO(export_glossary(glossary, "csv", today=TODAY))))
    grr = next(row for row in rows if row[0] == "Gross Revenue Retention")
    assert grr[1] == "'=HYPERLINK(1); +1"


def test_every_format_builds_on_the_one_content_builder() -> None:
    glossary = parse_glossary(VALID, "g.yaml")
    document = build_document(glossary, today=TODAY)
    nrr = next(e for e in document.entries if e.content.term == "Net Revenue Retention")
    assert nrr.content.example is not None and nrr.content.example.result == "107 %"
    assert [name for name, _ in document.categories] == list(glossary.by_category())


def test_cli_writes_each_format_to_a_file_or_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "g.yaml"
    sample.write_text(VALID)
    out = tmp_path / "glossary.html"
    assert main(["export", "--glossary", str(sample), "--format", "html", "--out", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert main(["export", "--glossary", str(sample), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("term,aliases,category,definition\n")
    assert main(["export", "--glossary", str(sample), "--format", "markdown", "--out", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["export", "--glossary", str(sample), "--format", "csv", "--out", str(tmp_path / "no" / "x")]) == 1
    assert "cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--format", "pdf"])
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def test_an_invalid_glossary_is_reported_not_exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- term: X\n  category: nonsense\n")
    out = tmp_path / "out.html"
    assert main(["export", "--glossary", str(broken), "--format", "html", "--out", str(out)]) == 1
    assert not out.exists()
    assert "broken.yaml" in capsys.readouterr().err
