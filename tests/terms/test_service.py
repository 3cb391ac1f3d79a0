"""The team glossary core on SQLite and Postgres: rules, review, versions, isolation, rate limit, learning."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.glossary.load import load_glossary
from bot.search.layers import LayeredMatcher, learned_key
from bot.search.matcher import Matcher
from bot.store.store import Store
from bot.store.team_records import APPROVED, NOTE, REJECTED, REMOVED, TermDraft
from bot.terms.layer import build_layer
from bot.terms.service import MAX_SUGGESTIONS_PER_HOUR, TeamTerms, TermRefused
from tests.slack.support import MINI_GLOSSARY
from tests.store.clock import FakeClock
from tests.store.databases import postgres_schema
from tests.terms.samples import ACME, BOOST_DEFINITION, GLOBEX, boost


async def layered(terms: TeamTerms, key: object) -> LayeredMatcher:
    live = await terms.live(key)  # type: ignore[arg-type]
    learned = await terms.learned(key)  # type: ignore[arg-type]
    return LayeredMatcher(Matcher.build(terms.shipped), build_layer(terms.shipped, live, learned, "Acme"))


async def test_nothing_is_live_before_approval_and_the_approved_term_is_the_teams(terms: TeamTerms) -> None:
    pending = await terms.suggest(ACME, boost(), by="U1")
    assert (await layered(terms, ACME)).match("boost program").status == "none"
    await terms.decide(pending, approve=True, by="U2")
    match = (await layered(terms, ACME)).match("boost program")
    assert match.status == "match" and match.entry is not None
    assert match.entry.term == "Boost Program" and match.entry.team == "Acme"
    assert (await layered(terms, ACME)).match("NRR").entry.term == "Net Revenue Retention"  # type: ignore[union-attr]


async def test_workspaces_never_see_each_others_terms(terms: TeamTerms) -> None:
    await terms.suggest(ACME, boost(), by="U1", approve=True)
    assert (await layered(terms, GLOBEX)).match("Boost Program").status == "none"
    assert await terms.live(GLOBEX) == []
    assert (await layered(terms, ACME)).match("Boost Program").status == "match"


async def test_refusals_name_the_field_and_what_to_change(terms: TeamTerms) -> None:
    with pytest.raises(TermRefused) as short:
        await terms.suggest(ACME, boost(definition="Too short."), by="U1")
    assert "2 words" in short.value.errors["definition"] and "25 to 120" in short.value.errors["definition"]
    with pytest.raises(TermRefused) as related:
        await terms.suggest(ACME, boost(related=("Nope Term",)), by="U1")
    assert "Nope Term" in related.value.errors["related"]
    with pytest.raises(TermRefused) as category:
        await terms.suggest(ACME, boost(category="gossip"), by="U1")
    assert "Category must be one of" in category.value.errors["category"]
    with pytest.raises(TermRefused) as alias:
        await terms.suggest(ACME, boost(aliases=("Churn Rate",)), by="U1")
    assert "shipped term Churn Rate" in alias.value.errors["aliases"]
    await terms.suggest(ACME, boost(), by="U1", approve=True)
    with pytest.raises(TermRefused) as taken:
        await terms.suggest(ACME, boost(term="Boost Plan", aliases=("boost",)), by="U1")
    assert "already your team's term Boost Program" in taken.value.errors["aliases"]


async def test_a_shipped_name_becomes_a_team_note_and_a_shared_acronym_another_meaning(terms: TeamTerms) -> None:
    note = await terms.suggest(ACME, TermDraft("churn rate", "We count a churned customer at contract end."),
                               by="U1", approve=True)
    assert note.draft.kind == NOTE and note.term == "Churn Rate"
    await terms.suggest(ACME, boost(term="Quality Business Ritual", aliases=("QBR",), related=()), by="U1",
                        approve=True)
    matcher = await layered(terms, ACME)
    churn = matcher.match("churn rate").entry
    assert churn is not None and churn.team_notes == ("At Acme: We count a churned customer at contract end.",)
    qbr = matcher.match("QBR")
    assert qbr.entry is not None and qbr.entry.term == "Quarterly Business Review"
    assert any(n.startswith("At Acme, QBR also means Quality Business Ritual") for n in qbr.entry.team_notes)
    assert "Quality Business Ritual" in qbr.suggestions


async def test_versions_keep_who_and_when_and_removal_keeps_history(terms: TeamTerms, clock: FakeClock) -> None:
    first = await terms.suggest(ACME, boost(), by="U1")
    await terms.decide(first, approve=True, by="U2")
    clock.advance(timedelta(minutes=5))
    second = await terms.suggest(ACME, boost(definition=BOOST_DEFINITION + " It ends with a review."), by="U3",
                                 editing="Boost Program")
    rejected = await terms.decide(second, approve=False, by="U2", reason="keep it short")
    assert rejected.state == REJECTED and rejected.reason == "keep it short"
    await terms.remove(ACME, "boost program", by="U2")
    history = await terms.history(ACME, "Boost Program")
    assert [(v.version, v.state, v.submitted_by) for v in history] == [
        (1, APPROVED, "U1"), (2, REJECTED, "U3"), (3, REMOVED, "U2")]
    assert history[0].reviewed_by == "U2" and history[1].submitted_at == clock.now
    assert (await layered(terms, ACME)).match("Boost Program").status == "none"


async def test_stored_text_is_cleaned_once_and_kept_as_typed(terms: TeamTerms) -> None:
    typed = BOOST_DEFINITION + " <b>&amp;\x00\x07"
    version = await terms.suggest(ACME, boost(definition=typed), by="U1")
    assert version.draft.definition == BOOST_DEFINITION + " <b>&amp;"


async def test_at_most_twenty_suggestions_an_hour(terms: TeamTerms, clock: FakeClock) -> None:
    for n in range(MAX_SUGGESTIONS_PER_HOUR):
        await terms.suggest(ACME, boost(term=f"Boost {n}", aliases=()), by="U1")
    with pytest.raises(TermRefused) as limited:
        await terms.suggest(ACME, boost(term="Boost 99", aliases=()), by="U1")
    assert "20 suggestions in the last hour" in limited.value.errors["term"]
    await terms.suggest(ACME, boost(term="Boost 99", aliases=()), by="U2")  # someone else may
    clock.advance(timedelta(hours=1, seconds=1))
    await terms.suggest(ACME, boost(term="Boost 100", aliases=()), by="U1")


async def test_a_phrasing_is_learned_from_three_people_not_one_person_three_times(terms: TeamTerms) -> None:
    query = learned_key("renewal health")
    for _ in range(3):
        await terms.record_choice(ACME, query_key=query, user_id="U1", term="Health Score")
    assert await terms.learned(ACME) == []
    await terms.record_choice(ACME, query_key=query, user_id="U2", term="Health Score")
    assert await terms.record_choice(ACME, query_key=query, user_id="U3", term="Health Score")
    assert [p.term for p in await terms.learned(ACME)] == ["Health Score"]
    assert (await layered(terms, ACME)).match("Renewal health?").entry.term == "Health Score"  # type: ignore[union-attr]
    assert await terms.learned(GLOBEX) == []
    await terms.forget_phrasing(ACME, query, by="U9")
    assert await terms.learned(ACME) == []
    for user in ("U4", "U5", "U6"):
        await terms.record_choice(ACME, query_key=query, user_id=user, term="Health Score")
    assert await terms.learned(ACME) == []  # removed once: never learned again


async def test_a_phrasing_someone_chose_differently_is_not_learned(terms: TeamTerms) -> None:
    query = learned_key("renewal health")
    for user in ("U1", "U2", "U3"):
        await terms.record_choice(ACME, query_key=query, user_id=user, term="Health Score")
    await terms.record_choice(ACME, query_key=query, user_id="U4", term="Churn Rate")
    assert await terms.learned(ACME) == []


async def test_the_counter_moves_on_approval_only(terms: TeamTerms, store: Store) -> None:
    from bot.store import team_terms as db
    pending = await terms.suggest(ACME, boost(), by="U1")
    assert ACME not in await db.versions(store.engine)
    await terms.decide(pending, approve=True, by="U2")
    assert (await db.versions(store.engine))[ACME] == 1


async def test_a_forged_huge_suggestion_is_refused_at_once(terms: TeamTerms) -> None:
    with pytest.raises(TermRefused) as huge:
        await terms.suggest(ACME, boost(definition="word " * 40_000), by="U1")
    assert "Far too long" in huge.value.errors["definition"]
    with pytest.raises(TermRefused) as name:
        await terms.suggest(ACME, boost(term="x" * 40_000), by="U1")
    assert "term" in name.value.errors


@pytest.mark.postgres
async def test_concurrent_suggestions_of_one_term_on_postgres_each_get_their_own_version() -> None:
    """Two writers (two engines, as two processes) suggest the same term at once: none crashes on the unique
    version key; every suggestion is stored, as versions 1..n."""
    async with postgres_schema() as url:
        stores = [await Store.open(url), await Store.open(url)]
        try:
            writers = [TeamTerms(s, load_glossary(MINI_GLOSSARY)) for s in stores]
            suggested = await asyncio.gather(*(
                writers[i % 2].suggest(ACME, boost(), by=f"U{i}") for i in range(8)))
            assert sorted(v.version for v in suggested) == list(range(1, 9))
            assert sorted(v.submitted_by for v in await writers[0].pending(ACME)) == [f"U{i}" for i in range(8)]
        finally:
            for s in stores:
                await s.close()


async def test_a_term_too_busy_to_version_is_refused_with_a_clear_message(
        terms: TeamTerms, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.store import team_terms as db
    monkeypatch.setattr(db, "VERSION_ATTEMPTS", 0)  # as if other writers won every attempt
    with pytest.raises(TermRefused) as busy:
        await terms.suggest(ACME, boost(), by="U1")
    assert "try again" in busy.value.errors["term"]
