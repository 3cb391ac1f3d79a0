"""The Home tab's parts without a server: a database that is not open yet, and the render's block budget."""

from __future__ import annotations

from bot.render.home import HomeData, HomeSection, HomeState, home_search, home_view
from bot.slack.deps import Deps
from bot.slack.home import home_data
from bot.web_client import OneWorkspace, make_web_client
from tests.slack.browse_support import assert_valid_view
from tests.slack.support import MemoryStore, all_text, make_settings, mini_matcher, unopened_store


async def test_without_the_database_the_tab_still_shows_the_glossary_parts() -> None:
    settings = make_settings()
    deps = Deps(settings=settings, matcher=mini_matcher(), lookups=MemoryStore(), store=unopened_store(),
                clients=OneWorkspace(make_web_client(settings)))
    data = await home_data(deps, "T0000001", HomeState("NRR"))
    assert data.subscriptions is None and data.top_terms == ()
    view = home_view(data)
    assert_valid_view(view, "home")
    text = all_text(view["blocks"])
    assert "once my database is open" in text and "No lookups yet this month." in text
    assert "Net Revenue Retention" in text and "Term of the day" in text


def test_long_extra_sections_never_push_the_view_past_100_blocks() -> None:
    matcher = mini_matcher()
    lines = tuple(f"• suggestion {n} " + "x" * 2900 for n in range(150))  # reviewers' lists, once they exist
    state = HomeState("retention")
    data = HomeData(matcher.glossary, state, home_search(matcher, state), None, (("Net Revenue Retention", 3),),
                    tuple(f"<#C{n:08d}>: 09:00 UTC, weekdays" for n in range(200)),
                    (HomeSection("Pending suggestions", lines),))
    view = home_view(data)
    assert_valid_view(view, "home")
    text = all_text(view["blocks"])
    assert "…and 146 more." in text  # a long list is cut, and says so
    assert "Term of the day in channels" in text and "<#C00000024>" in text  # the parts after it keep their place
