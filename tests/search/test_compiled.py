"""The compiled glossary cache: used when every input is unchanged, rebuilt on any edit or another csterm, and
ignored (one log line) when corrupt or not private to this user."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.glossary.errors import GlossaryInvalid
from bot.search import compiled
from bot.search.compiled import cache_dir, load_matcher
from bot.search.matcher import Matcher
from tests.glossary.samples import VALID


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "g.yaml"
    path.write_text(VALID)
    return path


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    return {"CSTERM_CACHE_DIR": str(tmp_path / "cache")}


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a matcher was built from YAML (rather than loaded)."""
    built: list[int] = []
    real = Matcher.build.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Matcher], glossary: object) -> Matcher:
        built.append(1)
        return real(cls, glossary)  # type: ignore[no-any-return]

    monkeypatch.setattr(Matcher, "build", classmethod(counting))
    return built


def compiled_files(environ: dict[str, str]) -> list[Path]:
    return sorted(Path(environ["CSTERM_CACHE_DIR"]).glob("matcher-*.pickle"))


def test_second_load_comes_from_the_cache_and_answers_the_same(glossary_file: Path, environ: dict[str, str],
                                                               builds: list[int]) -> None:
    first = load_matcher(glossary_file, environ)
    second = load_matcher(glossary_file, environ)
    assert len(builds) == 1
    assert len(compiled_files(environ)) == 1
    for query in ("NRR", "gross revenue retension", "what is churn?", "pizza"):
        a, b = first.match(query), second.match(query)
        assert (a.status, a.entry and a.entry.term, a.suggestions) == (b.status, b.entry and b.entry.term,
                                                                        b.suggestions)
    assert second.glossary.path == glossary_file


def test_the_cache_is_private(glossary_file: Path, environ: dict[str, str]) -> None:
    load_matcher(glossary_file, environ)
    directory = Path(environ["CSTERM_CACHE_DIR"])
    assert directory.stat().st_mode & 0o777 == 0o700
    assert compiled_files(environ)[0].stat().st_mode & 0o777 == 0o600


def test_any_edit_rebuilds(glossary_file: Path, environ: dict[str, str], builds: list[int]) -> None:
    load_matcher(glossary_file, environ)
    glossary_file.write_text(VALID.replace("counting expansion.", "counting expansion and upsell."))
    edited = load_matcher(glossary_file, environ)
    assert len(builds) == 2
    nrr = edited.match("NRR").entry
    assert nrr is not None and nrr.definition.endswith("counting expansion and upsell.")


def test_an_invalid_edit_is_reported_not_served_from_the_cache(glossary_file: Path, environ: dict[str, str]) -> None:
    load_matcher(glossary_file, environ)
    glossary_file.write_text(VALID.replace("category: concept", "category: thing"))
    with pytest.raises(GlossaryInvalid):
        load_matcher(glossary_file, environ)
    assert len(compiled_files(environ)) == 1  # only the valid one


def test_another_csterm_never_reads_this_cache(glossary_file: Path, environ: dict[str, str], builds: list[int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    load_matcher(glossary_file, environ)
    monkeypatch.setattr(compiled, "_version", lambda: "99.0")
    load_matcher(glossary_file, environ)
    assert len(builds) == 2


def test_a_corrupt_cache_is_ignored_with_one_log_line(glossary_file: Path, environ: dict[str, str],
                                                      builds: list[int], caplog: pytest.LogCaptureFixture) -> None:
    load_matcher(glossary_file, environ)
    cached = compiled_files(environ)[0]
    cached.write_bytes(cached.read_bytes()[:100])
    with caplog.at_level(logging.WARNING):
        matcher = load_matcher(glossary_file, environ)
    assert matcher.match("NRR").status == "match"
    assert len(builds) == 2
    assert len([r for r in caplog.records if r.name == "bot.search.compiled"]) == 1
    assert "ignored the compiled glossary" in caplog.text and "Traceback" not in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        load_matcher(glossary_file, environ)  # the rebuilt one replaced it
    assert caplog.records == [] and len(builds) == 2


def test_a_cache_others_can_write_is_not_trusted(glossary_file: Path, environ: dict[str, str], builds: list[int],
                                                 caplog: pytest.LogCaptureFixture) -> None:
    load_matcher(glossary_file, environ)
    os.chmod(compiled_files(environ)[0], 0o666)
    with caplog.at_level(logging.WARNING):
        load_matcher(glossary_file, environ)
    assert len(builds) == 2
    assert "not private to this user" in caplog.text


def test_an_unwritable_cache_directory_still_answers(glossary_file: Path, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with caplog.at_level(logging.WARNING):
        matcher = load_matcher(glossary_file, {"CSTERM_CACHE_DIR": str(blocker / "cache")})
    assert matcher.match("NRR").status == "match"
    assert len(caplog.records) == 1 and "could not cache" in caplog.text


def test_cache_directory_setting() -> None:
    assert cache_dir({"CSTERM_CACHE_DIR": "/x/y"}) == Path("/x/y")
    assert cache_dir({"XDG_CACHE_HOME": "/c"}) == Path("/c/csterm")
    assert cache_dir({}) == Path.home() / ".cache" / "csterm"


def test_define_uses_and_fills_the_cache(glossary_file: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "bot", "define", "--glossary", str(glossary_file), "NRR"],
                              capture_output=True, text=True, env=env, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Net Revenue Retention")
        assert done.stderr == ""
    assert len(list((tmp_path / "xdg" / "csterm").glob("matcher-*.pickle"))) == 1


def test_a_load_from_another_directory_keeps_the_path_it_was_asked_for(glossary_file: Path, environ: dict[str, str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(glossary_file.parent)
    load_matcher(Path(glossary_file.name), environ)  # cached with the spelling "g.yaml"
    monkeypatch.chdir(glossary_file.parent.parent)
    asked = Path(glossary_file.parent.name) / glossary_file.name
    loaded = load_matcher(asked, environ)
    assert loaded.glossary.path == asked
    assert loaded.glossary.path.is_file()


def test_the_code_fingerprint_covers_formulas_and_the_yaml_parser(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import yaml

    from bot.glossary import yaml_lines

    package = tmp_path / "bot"
    shutil.copytree(compiled.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(compiled, "PACKAGE", package)
    before = compiled.code_fingerprint()
    assert compiled.code_fingerprint() == before
    with (package / "formulas.py").open("a") as formulas:  # validation evaluates formulas with it
        formulas.write("\n# another formula rule\n")
    edited = compiled.code_fingerprint()
    assert edited != before
    monkeypatch.setattr(yaml, "__version__", "0.0-other")
    other_pyyaml = compiled.code_fingerprint()
    assert other_pyyaml != edited
    monkeypatch.setattr(yaml_lines, "PARSER", "SafeLoader" if yaml_lines.PARSER != "SafeLoader" else "CSafeLoader")
    assert compiled.code_fingerprint() != other_pyyaml


def test_writing_the_cache_prunes_temporary_files_orphaned_over_an_hour_ago(glossary_file: Path,
                                                                            environ: dict[str, str]) -> None:
    """A process killed between writing its .tmp file and renaming it leaves the .tmp behind; the next write
    removes such files once they are an hour old, and only files named as csterm names them."""
    directory = Path(environ["CSTERM_CACHE_DIR"])
    directory.mkdir(mode=0o700)
    two_hours_ago = time.time() - 2 * 3600
    orphan, fresh, other, named_alike = (directory / ".tmp-k2v_9xq0", directory / ".tmp-a1b2c3d4",
                                         directory / "notes.txt", directory / ".tmp-keep-me.txt")
    for file in (orphan, fresh, other, named_alike):
        file.write_bytes(b"partial pickle")
    (directory / ".tmp-dir_0000").mkdir()
    for old in (orphan, other, named_alike, directory / ".tmp-dir_0000"):
        os.utime(old, (two_hours_ago, two_hours_ago))
    load_matcher(glossary_file, environ)
    assert not orphan.exists()
    assert fresh.exists() and other.exists() and named_alike.exists() and (directory / ".tmp-dir_0000").is_dir()
    assert len(compiled_files(environ)) == 1
