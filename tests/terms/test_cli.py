"""`csterm terms …`, `define --team` and `lookup --team`, in-process through main() on a SQLite file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.slack.support import MINI_GLOSSARY
from tests.terms.samples import BOOST_DEFINITION

GLOSSARY = ["--glossary", str(MINI_GLOSSARY)]


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_API_URL", "CSTERM_TEAM_ID", "CSTERM_DB_PATH", "CSTERM_GLOSSARY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add_boost(capsys: pytest.CaptureFixture[str], team: str = "T1") -> None:
    code, out, err = cli(capsys, "terms", "add", *GLOSSARY, "--team", team, "--term", "Boost Program",
                         "--definition", BOOST_DEFINITION, "--aliases", "Boost,QBR", "--category", "program",
                         "--related", "Customer Success Manager", "--by", "U1")
    assert code == 0, err
    assert out.startswith("pending: v1 term Boost Program by U1")


def test_add_pending_approve_then_define_answers_for_that_team_only(capsys: pytest.CaptureFixture[str]) -> None:
    add_boost(capsys)
    assert cli(capsys, "define", *GLOSSARY, "--team", "T1", "boost program")[0] == 1  # pending: not live
    code, out, _ = cli(capsys, "terms", "pending", *GLOSSARY, "--team", "T1")
    assert "Boost Program" in out
    code, out, err = cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T1", "boost program", "--by", "U2")
    assert code == 0 and "approved by U2" in out, err
    code, out, _ = cli(capsys, "define", *GLOSSARY, "--team", "T1", "boost program")
    assert code == 0 and "defined by T1" in out and "six weeks" in out
    assert cli(capsys, "define", *GLOSSARY, "--team", "T2", "boost program")[0] == 1
    code, out, _ = cli(capsys, "terms", "history", *GLOSSARY, "--team", "T1", "Boost Program")
    assert "v1 term Boost Program by U1" in out and "approved by U2" in out


def test_lookup_jsonl_with_team(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    add_boost(capsys)
    cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T1", "Boost Program")
    monkeypatch.setattr("sys.stdin", io.StringIO("boost\nNRR\n"))
    _, out, _ = cli(capsys, "lookup", *GLOSSARY, "--jsonl", "--team", "T1")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["term"] for r in records] == ["Boost Program", "Net Revenue Retention"]


def test_bad_input_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "terms", "add", *GLOSSARY, "--team", "T1", "--term", "X", "--definition", "short")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "definition: The definition has 1 words" in err
    code, _, err = cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T1", "Nothing")
    assert code == 2 and "no pending suggestion" in err
    code, _, err = cli(capsys, "terms", "list", *GLOSSARY)
    assert code == 2 and "which workspace?" in err


def test_export_check_import_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    add_boost(capsys)
    cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T1", "Boost Program")
    code, _, err = cli(capsys, "terms", "add", *GLOSSARY, "--team", "T1", "--term", "churn rate", "--definition",
                       "We count churn at the contract end date.")
    assert code == 0, err
    cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T1", "Churn Rate")
    exported = tmp_path / "ours.yaml"
    code, _, err = cli(capsys, "terms", "export", *GLOSSARY, "--team", "T1", "--out", str(exported))
    assert code == 0, err
    code, out, err = cli(capsys, "check", f"{MINI_GLOSSARY}:{exported}")
    assert code == 0 and "OK" in out, err
    code, out, err = cli(capsys, "terms", "import", *GLOSSARY, "--team", "T2", str(exported))
    assert code == 0 and "imported 2 of 2 terms (pending)" in out, err
    cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T2", "Boost Program")
    cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T2", "Churn Rate")
    code, again, _ = cli(capsys, "terms", "export", *GLOSSARY, "--team", "T2")
    assert again == exported.read_text(encoding="utf-8")


def test_a_later_layer_adds_entries_and_notes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ours = tmp_path / "ours.yaml"
    ours.write_text(f"- term: Boost Program\n  category: program\n  definition: {json.dumps(BOOST_DEFINITION)}\n"
                    "  related: [Churn Rate]\n- note_on: Churn Rate\n  note: At Acme we count it yearly.\n",
                    encoding="utf-8")
    monkeypatch.setenv("CSTERM_GLOSSARY", f"{MINI_GLOSSARY}:{ours}")
    code, out, _ = cli(capsys, "define", "churn rate")
    assert code == 0 and "At Acme we count it yearly." in out
    assert cli(capsys, "define", "boost program")[0] == 0
    ours.write_text("- note_on: Nope\n  note: x\n", encoding="utf-8")
    code, _, err = cli(capsys, "check")
    assert code == 1 and f"{ours}:1: Nope: note_on names 'Nope', which is not a term of an earlier layer" in err


def test_layered_check_names_the_file_line_and_term(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ours = tmp_path / "ours.yaml"
    ours.write_text("- term: Boost\n  category: program\n  definition: Ours.\n  related: [Nope]\n",
                    encoding="utf-8")
    code, _, err = cli(capsys, "check", f"{MINI_GLOSSARY}:{ours}")
    assert code == 1 and f"{ours}:1: Boost: related names 'Nope'" in err


def test_csv_import_with_approve(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheet = tmp_path / "terms.csv"
    sheet.write_text("term,definition,aliases\n"
                     f"Boost Program,\"{BOOST_DEFINITION}\",Boost;BP\n"
                     "Too Short,Not enough words.,\n", encoding="utf-8")
    code, out, err = cli(capsys, "terms", "import", *GLOSSARY, "--team", "T1", str(sheet), "--approve")
    assert code == 1 and "imported 1 of 2 terms (approved)" in out
    assert f"{sheet}:3: Too Short: definition:" in err
    code, out, _ = cli(capsys, "define", *GLOSSARY, "--team", "T1", "BP")
    assert code == 0 and "Boost Program" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("name,meaning\nx,y\n", encoding="utf-8")
    code, _, err = cli(capsys, "terms", "import", *GLOSSARY, "--team", "T1", str(bad))
    assert code == 2 and "needs a header with term,definition" in err


def note_on_churn(capsys: pytest.CaptureFixture[str], team: str) -> None:
    code, _, err = cli(capsys, "terms", "add", *GLOSSARY, "--team", team, "--term", "churn rate", "--definition",
                       "We count churn at the contract end date, never at the last login.", "--by", "U1")
    assert code == 0, err
    assert cli(capsys, "terms", "approve", *GLOSSARY, "--team", team, "Churn Rate")[0] == 0


@pytest.mark.parametrize("fmt", ["html", "markdown", "csv"])
def test_export_with_team_includes_its_approved_terms_and_notes_only(capsys: pytest.CaptureFixture[str],
                                                                      fmt: str) -> None:
    add_boost(capsys)
    cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T1", "Boost Program")
    note_on_churn(capsys, "T1")
    add_boost(capsys, team="T2")  # pending in T2: never exported
    code, team_one, err = cli(capsys, "export", *GLOSSARY, "--format", fmt, "--team", "T1")
    assert code == 0, err
    assert "Boost Program" in team_one and "six weeks" in team_one
    assert "contract end date" in team_one
    if fmt == "csv":
        rows = {row["term"]: row for row in csv.DictReader(io.StringIO(team_one))}
        assert rows["Boost Program"]["defined_by"] == "T1" and "contract end" in rows["Churn Rate"]["team_notes"]
    else:
        assert "defined by T1" in team_one
    code, team_two, err = cli(capsys, "export", *GLOSSARY, "--format", fmt, "--team", "T2")
    assert code == 0, err
    assert "Boost Program" not in team_two and "contract end date" not in team_two
    code, shipped, err = cli(capsys, "export", *GLOSSARY, "--format", fmt)
    assert code == 0, err
    assert "Boost Program" not in shipped and "contract end date" not in shipped
    assert "Churn Rate" in shipped and "Churn Rate" in team_two


def test_export_with_team_names_a_database_it_cannot_use(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://nowhere/x")
    code, out, err = cli(capsys, "export", *GLOSSARY, "--format", "csv", "--team", "T1")
    assert code == 2 and out == "" and err.count("\n") == 1


@pytest.mark.parametrize("command", [["pending"], ["list"], ["learned"], ["history", "Boost Program"], ["export"]])
def test_read_only_commands_never_create_a_database(command: list[str], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "terms", command[0], *GLOSSARY, "--team", "T1", *command[1:])
    assert code != 0 and out == ""
    assert f"there is no csterm database at {tmp_path / 'cli.db'} (nothing was created)" in err
    assert not (tmp_path / "cli.db").exists()


@pytest.mark.parametrize("command", [["define", "boost program"], ["lookup"], ["export", "--format", "csv"]])
def test_team_answers_never_create_a_database(command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("boost program\n"))
    code, out, err = cli(capsys, command[0], *GLOSSARY, "--team", "T1", *command[1:])
    assert code != 0 and out == "" and err.count("\n") == 1
    assert f"there is no csterm database at {tmp_path / 'cli.db'} (nothing was created)" in err
    assert not (tmp_path / "cli.db").exists()


def test_nobody_approves_their_own_suggestion_from_the_shell(capsys: pytest.CaptureFixture[str]) -> None:
    add_boost(capsys)  # by U1
    code, out, err = cli(capsys, "terms", "approve", *GLOSSARY, "--team", "T1", "Boost Program", "--by", "U1")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "U1 suggested Boost Program, so someone else must approve it" in err
    _, pending, _ = cli(capsys, "terms", "pending", *GLOSSARY, "--team", "T1")
    assert "Boost Program" in pending  # still waiting
    code, out, err = cli(capsys, "terms", "reject", *GLOSSARY, "--team", "T1", "Boost Program", "--by", "U1")
    assert code == 0 and "rejected by U1" in out, err  # withdrawing one's own suggestion stays possible
