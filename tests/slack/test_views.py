"""bot/render/views.py: Slack's limits hold for small and large inputs; user text is escaped."""

from __future__ import annotations

from bot.glossary.model import Confusable, Entry, Glossary
from bot.render.views import (
    CalcResult,
    calc_view,
    category_page,
    entry_view,
    notice,
    search_view,
    thread_terms_view,
    versus_view,
)
from bot.search.matcher import SearchHit
from tests.slack.support import all_text, assert_valid_message, mini_matcher


def big_glossary(count: int = 130) -> Glossary:
    long_name = "Extremely Long Customer Success Operational Term Name That Goes On And On For Ever"
    entries = tuple(
        Entry(term=f"{long_name} {n:03d}", category=("metric", "practice", "role")[n % 3],
              definition="A definition that is long enough to matter. " * 13,
              aliases=(f"ACR{n}", f"Another alias {n}", f"Third <alias> & more {n}"))
        for n in range(count)
    )
    return Glossary(entries)


def test_category_pages_stay_within_limits_and_cover_every_entry() -> None:
    glossary = big_glossary()
    seen: set[str] = set()
    for page in range(1, 5):  # 130 entries, 40 a page
        view = category_page(glossary, None, page)
        assert_valid_message(view.blocks, view.text)
        text = all_text(view.blocks)
        assert f"Page {page} of 4" in text
        seen |= {e.term for e in glossary if e.term in text}
        assert "<alias>" not in text
    assert seen == {e.term for e in glossary}
    last = category_page(glossary, None, 4)
    assert "csterm_list_page-next" not in all_text(last.blocks)
    assert "csterm_list_page-prev" in all_text(last.blocks)


def test_category_filter_accepts_plurals_and_rejects_unknown_categories() -> None:
    glossary = mini_matcher().glossary
    metrics = all_text(category_page(glossary, "metrics").blocks)
    assert "Churn Rate" in metrics
    assert "Quarterly Business Review" not in metrics
    unknown = category_page(glossary, "<!here>")
    assert "&lt;!here&gt;" in all_text(unknown.blocks)
    assert "`metric`" in all_text(unknown.blocks)


def test_search_view_limits_and_escaping() -> None:
    glossary = big_glossary(12)
    hits = [SearchHit(e, 10.0 - n) for n, e in enumerate(glossary.entries[:10])]
    view = search_view("<!channel> renewal & risk", hits)
    assert_valid_message(view.blocks, view.text)
    assert "&lt;!channel&gt; renewal &amp; risk" in all_text(view.blocks)
    assert "<!channel>" not in view.text
    assert len(view.blocks) == 11
    empty = search_view("<@U1>", [])
    assert "&lt;@U1&gt;" in all_text(empty.blocks)


def test_thread_terms_view_caps_long_threads() -> None:
    glossary = big_glossary(60)
    view = thread_terms_view(glossary.entries)
    assert_valid_message(view.blocks, view.text)
    assert "20 more" in all_text(view.blocks)
    assert "no glossary terms" in thread_terms_view([]).text


def test_versus_view_shows_the_difference_and_share() -> None:
    glossary = mini_matcher().glossary
    nrr, grr = glossary.get("Net Revenue Retention"), glossary.get("Gross Revenue Retention")
    assert nrr is not None
    assert grr is not None
    view = versus_view(nrr, grr)
    assert_valid_message(view.blocks, view.text)
    text = all_text(view.blocks)
    assert "GRR leaves expansion out" in text
    assert "vs:Net Revenue Retention|Gross Revenue Retention" in text
    shared = versus_view(nrr, grr, shared_by="U42")
    assert "Shared by <@U42>" in all_text(shared.blocks)
    assert "csterm_share" not in all_text(shared.blocks)


def test_versus_view_with_long_entries_is_valid() -> None:
    first, second = big_glossary(2).entries
    first = Entry(**{**first.__dict__, "not_to_confuse_with": (Confusable(second.term, "x" * 500),)})
    view = versus_view(first, second)
    assert_valid_message(view.blocks, view.text)


def test_calc_view_and_entry_view_and_notice() -> None:
    entry = mini_matcher().glossary.get("Churn Rate")
    assert entry is not None
    calc = CalcResult(entry, {"churned_customers": "5", "start_customers": "100"}, "5 / 100 * 100", "5 %",
                      "churn churned_customers=5 start_customers=100")
    view = calc_view(calc)
    assert_valid_message(view.blocks, view.text)
    assert view.blocks[0]["text"]["text"] == "Churn Rate = 5 %"
    assert "calc:churn churned_customers=5" in all_text(view.blocks)
    card = entry_view(entry, mini_matcher().glossary, shared_by="U7")
    assert_valid_message(card.blocks, card.text)
    assert "Shared by <@U7>" in all_text(card.blocks)
    assert_valid_message(notice("hello").blocks, notice("hello").text)


def test_category_page_buttons_carry_the_category_key_not_the_raw_text() -> None:
    glossary = big_glossary()
    typed = "Metric" + "s" * 2094  # 2,100 characters that still name the metric category
    view = category_page(glossary, typed, 1)
    assert_valid_message(view.blocks, view.text)
    values = [e["value"] for b in view.blocks if b["type"] == "actions" for e in b["elements"]]
    assert values == ["2|metric"]
