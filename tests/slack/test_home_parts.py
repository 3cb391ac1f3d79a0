"""The Home tab's parts without a server: a database that is not open yet, and the render's block budget."""

from __future__ import annotations

import logging
from unittest.mock import AsyncMock

import pytest

from bot.render.home import HomeData, HomeItem, HomeSection, HomeState, home_search, home_view
from bot.slack.deps import Deps
from bot.slack.home import HomePublisher, home_data
from bot.slack.listeners.home import handle_home_opened
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


def test_many_pending_suggestions_show_ten_with_buttons_and_say_how_many_more() -> None:
    matcher = mini_matcher()
    state = HomeState("retention")
    items = tuple(HomeItem(f"*term {n}* · new term · by <@U{n:07d}> " + "x" * 3000, "Review",
                           f"csterm_home_review-{n}", str(n)) for n in range(150))
    data = HomeData(matcher.glossary, state, home_search(matcher, state), None, (), (),
                    (HomeSection("Pending suggestions (150)", (), "Nothing is waiting for review.", items),))
    view = home_view(data)
    assert_valid_view(view, "home")
    reviews = [b for b in view["blocks"] if b.get("accessory", {}).get("action_id", "").startswith("csterm_home_r")]
    assert len(reviews) == 10 and "…and 140 more." in all_text(view["blocks"])
    assert "Term of the day in channels" in all_text(view["blocks"])


@pytest.mark.parametrize("user", [{"id": "U0000001"}, ["U0000001"], 12345, "", None, "U1\nU2", "x" * 500])
async def test_a_malformed_home_opened_event_is_ignored_with_one_log_line(
        user: object, caplog: pytest.LogCaptureFixture) -> None:
    settings = make_settings()
    deps = Deps(settings=settings, matcher=mini_matcher(), lookups=MemoryStore(), store=unopened_store(),
                clients=OneWorkspace(make_web_client(settings)))
    event = {"type": "app_home_opened", "user": user, "tab": "home", "view": "not a view"}
    with caplog.at_level(logging.INFO, logger="bot.slack.listeners.home"):
        await handle_home_opened(event, {"team_id": "T0000001", "event": event}, AsyncMock(), deps, HomePublisher())
    assert deps.afterwards.pending == 0  # nothing is published
    assert len(caplog.records) == 1 and "ignored" in caplog.text


async def test_a_home_opened_event_with_a_user_id_is_published() -> None:
    settings = make_settings()
    deps = Deps(settings=settings, matcher=mini_matcher(), lookups=MemoryStore(), store=unopened_store(),
                clients=OneWorkspace(make_web_client(settings)))
    event = {"type": "app_home_opened", "user": "U0000001", "tab": "home", "view": "not a view"}
    await handle_home_opened(event, {"team_id": "T0000001", "event": event}, AsyncMock(), deps, HomePublisher())
    assert deps.afterwards.pending == 1
    await deps.afterwards.wait()
