from __future__ import annotations

from pathlib import Path

import pytest

from bot.glossary.errors import GlossaryError
from bot.glossary.load import GlossaryInvalid, default_glossary_path, load_glossary, parse_glossary
from tests.glossary.samples import VALID


def problems_of(text: str) -> list[GlossaryError]:
    with pytest.raises(GlossaryInvalid) as raised:
        parse_glossary(text, "g.yaml")
    return raised.value.problems


def only_problem(text: str) -> GlossaryError:
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_valid_glossary_loads_with_lines() -> None:
    glossary = parse_glossary(VALID, "g.yaml")
    assert [e.term for e in glossary] == ["Net Revenue Retention", "Gross Revenue Retention", "Non-Recurring Revenue"]
    assert [e.line for e in glossary] == [1, 23, 28]
    nrr = glossary.get("net revenue retention")
    assert nrr is not None and nrr.formula is not None and nrr.example is not None
    assert nrr.example.result == 107
    assert nrr.other_meanings[0].term == "Non-Recurring Revenue"


def test_yaml_syntax_error_names_line() -> None:
    problem = only_problem("- term: A\n  category: metric\n  definition: [unclosed\n")
    assert problem.file == "g.yaml"
    assert problem.line >= 3
    assert "YAML syntax error" in problem.message


def test_unknown_key_is_reported_with_its_line_and_term() -> None:
    problem = only_problem(VALID.replace("  category: concept\n", "  category: concept\n  relatd: [x]\n"))
    assert problem.term == "Non-Recurring Revenue"
    assert problem.line == 31
    assert "unknown key 'relatd'" in problem.message
    assert str(problem).startswith("g.yaml:31: Non-Recurring Revenue: unknown key")


@pytest.mark.parametrize("field", ["category", "definition"])
def test_missing_or_empty_required_field(field: str) -> None:
    text = "- term: Churn\n  category: concept\n  definition: Losing customers.\n"
    missing = "\n".join(line for line in text.splitlines() if not line.strip().startswith(field)) + "\n"
    empty = text.replace(f"{field}: ", f'{field}: ""  # ')
    for broken in (missing, empty):
        problem = only_problem(broken)
        assert problem.term == "Churn"
        assert f"{field} is missing or empty" in problem.message


def test_missing_term_is_named_by_position() -> None:
    problem = only_problem("- category: concept\n  definition: Losing customers.\n")
    assert problem.term == "(entry 1)"
    assert "term is missing" in problem.message


def test_duplicate_terms_ignore_case() -> None:
    text = VALID + "- term: gross revenue retention\n  category: metric\n  definition: Again.\n"
    problem = only_problem(text)
    assert "duplicate term" in problem.message
    assert "line 23" in problem.message
    assert problem.line == 33


def test_alias_claimed_twice_without_declaration() -> None:
    text = VALID.replace("aliases: [GRR]", "aliases: [GRR, Net Dollar Retention]")
    problem = only_problem(text)
    assert problem.term == "Gross Revenue Retention"
    assert "'Net Dollar Retention' is also claimed by Net Revenue Retention" in problem.message


def test_declared_ambiguous_acronym_is_allowed_but_undeclared_one_is_not() -> None:
    parse_glossary(VALID, "g.yaml")  # NRR on two entries, declared: fine
    undeclared = VALID.replace("        term: Non-Recurring Revenue\n", "")
    problem = only_problem(undeclared)
    assert problem.term == "Non-Recurring Revenue"
    assert "'NRR' is also claimed by Net Revenue Retention" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("related: [Gross Revenue Retention, Non-Recurring", "related: [Gross Revenue Retentoin, Non-Recurring",
         "related names 'Gross Revenue Retentoin', which is not a term"),
        ("    - term: Gross Revenue Retention\n", "    - term: Gross Revenue\n",
         "not_to_confuse_with names 'Gross Revenue', which is not a term"),
        ("(start_mrr + expansion_mrr", "(start_mrr + + * expansion_mrr", "is not valid arithmetic"),
        ("- lost_mrr) / start_mrr", "- lost_mrr - refunds) / start_mrr", "formula uses 'refunds', which is not described"),
        ("lost_mrr: {description: MRR lost to downgrades and cancellations, unit: $}",
         "lost_mrr: {description: MRR lost to downgrades and cancellations, unit: $}\n      spare: {description: x, unit: $}",
         "variable 'spare' is described but the formula does not use it"),
        ("result: 107", "result: 108", "example result 108 does not reproduce: the formula gives 107"),
        ("result: 107", "result: 107.1", "does not reproduce"),
        ("(start_mrr + expansion_mrr", "__import__('os').system('x') + (start_mrr + expansion_mrr",
         "is not allowed"),
        ('unit: "%"', "unit: percent", "formula.unit must be one of"),
        ("category: metric\n  definition: Revenue kept from existing customers, counting",
         "category: metrics\n  definition: Revenue kept from existing customers, counting", "category must be one of"),
    ],
)
def test_each_problem_kind_is_reported(old: str, new: str, expected: str) -> None:
    assert old in VALID
    problem = only_problem(VALID.replace(old, new, 1))
    assert expected in problem.message
    assert problem.file == "g.yaml" and problem.line > 0 and problem.term


def test_example_precision_follows_what_was_written() -> None:
    text = VALID.replace("expansion_mrr: 15000", "expansion_mrr: 15333").replace("result: 107", "result: 107.33")
    parse_glossary(text, "g.yaml")
    problem = only_problem(text.replace("result: 107.33", "result: 107.34"))
    assert "does not reproduce" in problem.message


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = VALID.replace("category: concept", "category: thing").replace("aliases: [GRR]", "aliaes: [GRR]")
    text = text.replace("result: 107", "result: 1")
    messages = [p.message for p in problems_of(text)]
    assert len(messages) == 3
    assert any("category must be one of" in m for m in messages)
    assert any("unknown key 'aliaes'" in m for m in messages)
    assert any("does not reproduce" in m for m in messages)


def test_invalid_summary_lists_every_problem() -> None:
    with pytest.raises(GlossaryInvalid) as raised:
        parse_glossary(VALID.replace("category: concept", "category: thing").replace("[GRR]", "[GRR, NRR]"), "g.yaml")
    text = str(raised.value)
    assert text.count("g.yaml:") == len(raised.value.problems) >= 2
    assert text.endswith(f"{len(raised.value.problems)} problems found.")


def test_missing_file_and_non_list(tmp_path: Path) -> None:
    with pytest.raises(GlossaryInvalid, match="file not found"):
        load_glossary(tmp_path / "nope.yaml")
    (tmp_path / "g.yaml").write_text("term: NRR\n")
    with pytest.raises(GlossaryInvalid, match="must be a YAML list"):
        load_glossary(tmp_path / "g.yaml")


def test_default_path_honours_environment(tmp_path: Path) -> None:
    assert default_glossary_path({"CSTERM_GLOSSARY": str(tmp_path / "x.yaml")}) == tmp_path / "x.yaml"
    assert default_glossary_path({}).name == "glossary.yaml"
    assert default_glossary_path({}).exists()
