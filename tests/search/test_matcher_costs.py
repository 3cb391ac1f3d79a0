"""What keeps a lookup's cost flat in a large glossary (issue 16) gives the same answers as the plain way."""

from __future__ import annotations

import heapq

from bot.glossary.model import Entry
from bot.search.names import MAX_CANDIDATES, MAX_REMEMBERED, NameIndex
from bot.search.stemmed import SHORTEST_FROM, StemmedNames
from bot.text.stem import stem

SEGMENTS = ["Enterprise", "Partner", "Regional", "Global", "Digital", "Strategic", "Premium", "Inbound"]
ARTIFACTS = ["Forecast", "Review", "Playbook", "Dashboard", "Target", "Trend", "Report", "Plan", "Index", "Model"]


def entries() -> list[Entry]:
    """More than SHORTEST_FROM names holding `account`, of 2 to 4 words, some with acronym aliases."""
    made = []
    for n in range(SHORTEST_FROM * 2):
        words = [SEGMENTS[n % 8], "Account", ARTIFACTS[n // 8 % 10]][: 2 + n % 2] + [f"Q{n}"] * (n % 3 == 0)
        made.append(Entry(term=" ".join(words), category="metric", definition="x.", aliases=(f"EAF{n}",)))
    made.append(Entry(term="Abcde Rate", category="metric", definition="x.", aliases=("VWXYZ",)))
    return made


def test_one_common_word_keeps_the_same_candidates_and_the_same_closest_names() -> None:
    names = NameIndex(entries(), {})
    stemmed = StemmedNames(names)
    postings = names.positions_with("account")
    assert len(postings) > max(SHORTEST_FROM, MAX_CANDIDATES)
    assert names.candidates(["account"]) == sorted(postings)[:MAX_CANDIDATES]
    holders, closest = stemmed.closest_naming_all([stem("account")], 3)
    assert len(holders) > 3
    ranked = heapq.nsmallest(12, postings, key=lambda p: (len(names.names[p].spaced.split()), p))
    expected: dict[int, int] = {}
    for position in ranked:
        expected.setdefault(names.names[position].entry, len(names.names[position].spaced.split()))
    assert closest == list(expected.items())[:3]


def test_corrections_are_remembered_bounded_and_forgotten() -> None:
    names = NameIndex(entries(), {})
    first = names.corrections("acount")
    assert first == {"account"}
    assert names.corrections("acount") is first
    for n in range(MAX_REMEMBERED):
        names.corrections(f"zzzz{n:05d}")
    assert names.corrections("acount") is not first  # pushed out, searched again
    names.forget_corrections()
    assert names.corrections("acount") == {"account"}


def test_the_last_resort_scan_leaves_acronyms_out_but_one_typo_still_reaches_them() -> None:
    names = NameIndex(entries(), {})
    assert "vwxyz" in names.corrections("vwxy")  # one deletion
    assert "vwxyz" not in names.corrections("vqxyq")  # two substitutions from an acronym: not a typo of it
    assert "abcde" in names.corrections("aqcdq")  # ... from a written word: still found


def test_a_real_word_is_never_scanned_for_as_two_slips_from_a_name_word() -> None:
    english = NameIndex(entries(), {}, is_word=lambda word: word == "aqcdq")  # pretend `aqcdq` is English
    assert "abcde" not in english.corrections("aqcdq")  # a word, not two slips: the scan by length is skipped
    assert "abcde" in english.corrections("aqcde")  # one slip still reaches it
    assert "abcde" in NameIndex(entries(), {}).corrections("aqcdq")  # without the word list: scanned as before


def test_remembered_gists_score_as_fresh_ones_and_stay_bounded() -> None:
    from bot.search import fulltext
    from bot.search.fulltext import FullTextIndex

    made = entries()
    index = FullTextIndex(made)
    words = ["enterprise", "account", "forecast"]
    pool = list(range(0, len(made), 7))
    fresh = FullTextIndex(made).gist_scores(words, pool)
    assert index.gist_scores(words, pool) == fresh
    assert index.gist_scores(words, pool) == fresh  # from memory now
    assert fresh and max(fresh) > 0
    everything = list(range(len(made)))
    for _ in range(2):
        index.gist_scores(words, everything)
    assert len(index._gists) <= fulltext.MAX_GISTS
    index.forget_gists()
    assert index._gists == {} and index.gist_scores(words, pool) == fresh
