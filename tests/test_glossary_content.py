"""The shipped glossary meets the content bar (issue 3): scope, size, formulas, links, acronyms."""

from __future__ import annotations

from pathlib import Path

from bot.formulas import evaluate
from bot.glossary.model import CATEGORIES, Glossary
from bot.search.matcher import Matcher

DATA = Path(__file__).parent / "data"

REQUIRED_METRICS = [
    "NRR", "GRR", "customer churn rate", "revenue churn rate", "net MRR churn", "expansion MRR", "contraction MRR",
    "MRR", "ARR", "ARPA", "LTV", "margin-adjusted LTV", "CAC", "LTV:CAC", "CAC payback", "NPS", "CSAT", "CES",
    "customer health score", "time to value", "SaaS quick ratio", "rule of 40", "magic number", "burn multiple",
    "DAU/MAU", "product adoption rate", "feature adoption rate", "customer growth rate", "renewal rate",
    "customer retention rate", "ACV", "TCV", "cohort retention",
    # issue 12: the everyday commercial metrics
    "uplift", "overage", "true-up", "co-terming", "CSM coverage ratio", "bookings", "billings", "deferred revenue",
    "average contract value", "dollar renewal rate",
]
CONFUSED_PAIRS = [
    ("NRR", "GRR"), ("customer churn rate", "revenue churn rate"), ("customer retention rate", "renewal rate"),
    ("CSAT", "NPS"), ("CSAT", "CES"), ("NPS", "CES"), ("ARR", "ACV"), ("ARR", "TCV"), ("ACV", "TCV"),
    ("SaaS quick ratio", "accounting quick ratio"), ("CSQL", "PQL"), ("CSQL", "MQL"), ("PQL", "MQL"),
    ("QBR", "EBR"), ("user onboarding", "everboarding"), ("high-touch", "low-touch"), ("high-touch", "tech-touch"),
    ("low-touch", "tech-touch"),
    # issue 12
    ("champion", "executive sponsor"), ("champion", "decision maker"), ("executive sponsor", "champion"),
    ("executive sponsor", "decision maker"), ("decision maker", "champion"), ("decision maker", "executive sponsor"),
    ("customer churn rate", "customer retention rate"), ("customer retention rate", "customer churn rate"),
    ("GRR", "renewal rate"), ("renewal rate", "GRR"), ("success plan", "MAP"), ("MAP", "success plan"),
    ("digital CS", "tech-touch"), ("digital CS", "scaled CS"), ("tech-touch", "digital CS"), ("tech-touch", "scaled CS"),
    ("scaled CS", "digital CS"), ("scaled CS", "tech-touch"), ("product adoption rate", "product usage rate"),
    ("product usage rate", "product adoption rate"), ("bookings", "billings"), ("bookings", "revenue recognition"),
    ("billings", "bookings"), ("billings", "revenue recognition"), ("upsell", "uplift"), ("uplift", "upsell"),
    ("CAC", "customer advisory board"), ("customer advisory board", "CAC"), ("voluntary churn", "involuntary churn"),
    ("leading indicator", "lagging indicator"), ("annual contract value", "average contract value"),
]
AMBIGUOUS = {"NRR": "Net Revenue Retention", "ARR": "Annual Recurring Revenue", "MAP": "Mutual Action Plan",
             "POC": "Customer Proof of Concept", "TAM": "Technical Account Manager", "CLI": "Customer Loyalty Index",
             "ACV": "Annual Contract Value", "CAC": "Customer Acquisition Cost"}


def scope_terms() -> list[str]:
    lines = (DATA / "scope_terms.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def term_of(matcher: Matcher, name: str) -> str:
    result = matcher.match(name)
    assert result.status == "match" and result.entry is not None, f"{name!r} does not resolve: {result}"
    return result.entry.term


def test_every_scope_term_resolves_by_its_scope_name(shipped_matcher: Matcher) -> None:
    names = scope_terms()
    assert len(names) >= 150
    unresolved = [n for n in names if shipped_matcher.match(n).score < 100]
    assert unresolved == []


def test_size_and_categories(shipped_glossary: Glossary) -> None:
    assert len(shipped_glossary) >= 230  # issue 12: the second edition
    assert {e.category for e in shipped_glossary} == set(CATEGORIES)


def test_required_metrics_have_formula_and_reproducing_example(shipped_glossary: Glossary,
                                                                 shipped_matcher: Matcher) -> None:
    with_formula = [e for e in shipped_glossary if e.formula and e.example]
    assert len(with_formula) >= 30
    for name in REQUIRED_METRICS:
        entry = shipped_glossary.get(term_of(shipped_matcher, name))
        assert entry is not None and entry.formula is not None and entry.example is not None, name
        assert all(v.description and v.unit for v in entry.formula.variables), name


def test_every_example_reproduces(shipped_glossary: Glossary) -> None:
    examples = [e for e in shipped_glossary if e.formula and e.example]
    assert len(examples) >= 30
    wrong = []
    for entry in examples:
        assert entry.formula is not None and entry.example is not None
        computed = evaluate(entry.formula, entry.example.inputs)
        if abs(computed - entry.example.result) > entry.example.tolerance:
            wrong.append((entry.term, entry.example.result, computed))
    assert wrong == []


def test_links_sources_and_length(shipped_glossary: Glossary) -> None:
    for entry in shipped_glossary:
        resolving = [r for r in entry.related if shipped_glossary.get(r) is not None]
        assert len(resolving) >= 2, entry.term
        assert entry.sources, entry.term
        assert 25 <= len(entry.definition.split()) <= 60, entry.term  # short enough to read in Slack


def test_confused_pairs_are_explained(shipped_glossary: Glossary, shipped_matcher: Matcher) -> None:
    for left, right in CONFUSED_PAIRS:
        a, b = term_of(shipped_matcher, left), term_of(shipped_matcher, right)
        entry = shipped_glossary.get(a)
        assert entry is not None
        assert b in [c.term for c in entry.not_to_confuse_with], f"{a} does not explain {b}"


def test_ambiguous_acronyms_answer_with_the_cs_meaning_and_declare_the_others(shipped_glossary: Glossary,
                                                                               shipped_matcher: Matcher) -> None:
    for acronym, primary in AMBIGUOUS.items():
        assert term_of(shipped_matcher, acronym) == primary
        entry = shipped_glossary.get(primary)
        assert entry is not None
        assert acronym in [m.acronym for m in entry.other_meanings], primary
    ces = shipped_glossary.get("Customer Effort Score")
    assert ces is not None and "scale" in ces.definition.lower()


def test_benchmarks_name_their_source(shipped_glossary: Glossary) -> None:
    with_benchmark = [e for e in shipped_glossary if e.benchmark]
    assert len(with_benchmark) >= 8
    assert all(e.benchmark and e.benchmark.source.strip() for e in with_benchmark)
