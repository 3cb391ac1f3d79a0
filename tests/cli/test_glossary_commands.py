from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.glossary.samples import VALID


def csterm(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process, as a user would."""
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text(VALID)
    return path


def test_define_answers_from_the_shipped_glossary() -> None:
    done = csterm("define", "what", "is", "NRR?")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Net Revenue Retention\n")
    assert "Formula (%)" in done.stdout


def test_define_exit_codes(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["define", "--glossary", str(sample), "GRR"]) == 0
    assert main(["define", "--glossary", str(sample), "pizza"]) == 1
    assert "Nothing in the glossary matches “pizza”" in capsys.readouterr().out
    assert main(["define", "--glossary", str(sample)]) == 2
    assert "give a term to look up" in capsys.readouterr().err


def test_define_on_an_invalid_glossary_prints_problems_and_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(VALID.replace("category: concept", "category: thing"))
    done = csterm("define", "--glossary", str(broken), "NRR")
    assert done.returncode == 1
    assert f"{broken}:30: Non-Recurring Revenue: category must be one of" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_exit_codes_and_counts(sample: Path, tmp_path: Path) -> None:
    done = csterm("check", str(sample))
    assert done.returncode == 0
    assert "OK, 3 entries, 1 formulas, 1 examples re-computed" in done.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(VALID.replace("result: 107", "result: 1").replace("aliases: [GRR]", "alias: [GRR]"))
    done = csterm("check", str(broken))
    assert done.returncode == 1
    assert "2 problems found." in done.stderr
    assert "does not reproduce" in done.stderr and "unknown key 'alias'" in done.stderr


def test_check_uses_csterm_glossary_env(sample: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CSTERM_GLOSSARY", str(sample))
    assert main(["check"]) == 0
    assert "3 entries" in capsys.readouterr().out


def test_lookup_jsonl_is_one_stable_object_per_line(sample: Path) -> None:
    done = csterm("lookup", "--jsonl", "--glossary", str(sample), stdin="NRR\n\npizza\ngros revenue retention\n")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"] for r in rows] == ["NRR", "pizza", "gros revenue retention"]
    assert rows[0] == {"query": "NRR", "status": "match", "term": "Net Revenue Retention",
                       "aliases": ["NRR", "Net Dollar Retention"], "score": 100.0,
                       "suggestions": ["Non-Recurring Revenue"]}
    assert rows[1]["status"] == "none" and rows[1]["term"] is None and rows[1]["aliases"] == []
    assert rows[2]["status"] == "match" and rows[2]["term"] == "Gross Revenue Retention"
    for row in rows:
        assert set(row) == {"query", "status", "term", "aliases", "score", "suggestions"}
        assert isinstance(row["score"], float)


def test_lookup_answers_each_query_given_as_an_argument_without_reading_stdin(sample: Path) -> None:
    done = csterm("lookup", "--jsonl", "--glossary", str(sample), "NRR", "gros revenue retention",
                  stdin="pizza\n")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["query"], r["term"]) for r in rows] == [("NRR", "Net Revenue Retention"),
                                                        ("gros revenue retention", "Gross Revenue Retention")]
    plain = csterm("lookup", "--glossary", str(sample), "NRR")
    assert plain.stdout == "NRR\tmatch\tNet Revenue Retention\t100.0\n"


def test_lookup_answers_a_comparison_with_the_first_term_named() -> None:
    done = csterm("lookup", "--jsonl", stdin="what's the difference between GRR and NRR?\nNRR vs GRR\n")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["status"], r["term"]) for r in rows] == [("match", "Gross Revenue Retention"),
                                                        ("match", "Net Revenue Retention")]
    assert rows[0]["query"] == "what's the difference between GRR and NRR?"


def test_search_ranks_and_exit_codes(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--glossary", str(sample), "counting", "expansion"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(" 1. Net Revenue Retention")
    assert main(["search", "--glossary", str(sample), "zebra"]) == 1
    assert main(["search", "--glossary", str(sample)]) == 2


@pytest.mark.parametrize("limit", ["-1", "0", "two", "²"])
def test_search_limit_must_be_a_positive_whole_number(sample: Path, capsys: pytest.CaptureFixture[str],
                                                      limit: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["search", "--glossary", str(sample), "--limit", limit, "counting", "expansion"])
    _out, err = capsys.readouterr()
    assert exit_.value.code == 2 and f"argument --limit: {limit!r} is not a whole number of at least 1" in err


def test_search_limit_one_gives_one_hit(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--glossary", str(sample), "--limit", "1", "revenue"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
