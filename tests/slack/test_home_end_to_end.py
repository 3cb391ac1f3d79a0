"""The App Home and its category modal, served over HTTP on a real port against the fake Web API, with signed
requests: the published views are valid and within Slack's limits; search, term buttons and paging round-trip
through the view itself; publishes to one user come at most once a second, the last state always last."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.daily.rotation import term_for_day
from bot.glossary.load import load_glossary
from bot.search.matcher import Matcher
from bot.store.records import ChannelKey
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.browse_support import USER, assert_valid_view, home_opened_event, view_action
from tests.slack.support import TEAM_ID, all_text, event_body, mini_matcher, signed_headers
from tests.slack.test_http_end_to_end import Served, _serve

SHIPPED = Path(__file__).resolve().parents[2] / "glossary.yaml"


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with FakeSlackAPI() as slack:
        async for served in _serve(slack, mini_matcher(), tmp_path / "csterm.db"):
            yield served


@pytest.fixture
async def shipped(tmp_path: Path) -> AsyncIterator[Served]:
    async with FakeSlackAPI() as slack:
        async for served in _serve(slack, Matcher.build(load_glossary(SHIPPED)), tmp_path / "csterm.db"):
            yield served


async def open_home(served: Served, user: str = USER, event_id: str = "EvHome1") -> None:
    body = json.dumps(event_body(home_opened_event(user), event_id))
    status, _ = await served.post(body, signed_headers(body, content_type="application/json"))
    assert status == 200


async def click(served: Served, action_id: str, value: str, view: dict[str, Any], **kwargs: Any) -> None:
    body = view_action(action_id, value, view, **kwargs)
    status, _ = await served.post(body, signed_headers(body))
    assert status == 200


async def published(served: Served, count: int) -> dict[str, Any]:
    """The `count`-th published Home tab, as Slack would send it back in a click's payload."""
    call = (await served.slack.wait_for("views.publish", count=count))[count - 1]
    assert call.params["user_id"] == USER
    view = call.params["view"]
    assert_valid_view(view, "home")
    return {**view, "id": "VHOME", "hash": f"hash{count}"}


def buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for block in view["blocks"]:
        found += [e for e in block.get("elements", []) if e.get("type") == "button"]
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
    return found


def button(view: dict[str, Any], *, starts: str, value: str | None = None, text: str | None = None) -> dict[str, Any]:
    return next(b for b in buttons(view) if b["action_id"].startswith(starts)
                and (value is None or b.get("value") == value) and (text is None or b["text"]["text"] == text))


def headers_of(view: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]


async def test_opening_the_home_tab_publishes_search_term_of_the_day_categories_top_terms_and_channels(
        served: Served) -> None:
    store = await served.app.deps.store.get()
    now = served.app.deps.clock()
    for query in ("NRR", "nrr", "what is NRR"):
        await store.record_lookup(team_id=TEAM_ID, enterprise_id=None, query=query, status="match",
                                  term="Net Revenue Retention")
    await store.record_lookup(team_id=TEAM_ID, enterprise_id=None, query="QBR", status="match",
                              term="Quarterly Business Review")
    last_month = now.replace(day=1) - timedelta(days=1)
    for _ in range(5):
        await store.record_lookup(team_id=TEAM_ID, enterprise_id=None, query="GRR", status="match",
                                  term="Gross Revenue Retention", at=last_month)
    await store.record_lookup(team_id="TOTHER", enterprise_id=None, query="CSM", status="match",
                              term="Customer Success Manager")
    await store.subscribe(ChannelKey(TEAM_ID, "C0000009"), local_time=time(9, 30), timezone="Europe/Paris",
                          every_day=False)

    await open_home(served)
    view = await published(served, 1)
    text = all_text(view["blocks"])
    search = next(b for b in view["blocks"] if b["type"] == "input")
    assert search["dispatch_action"] is True and search["element"]["action_id"] == "csterm_home_search"
    glossary = served.app.deps.matcher.glossary
    today = term_for_day([e.term for e in glossary], now.date(), seed=0, channel=TEAM_ID)
    assert f"Term of the day: {today}" in text
    categories = {b["text"]["text"] for b in buttons(view) if b["action_id"].startswith("csterm_home_category")}
    assert categories == {f"{name.capitalize()} ({len(entries)})" for name, entries in glossary.by_category().items()}
    assert "1. Net Revenue Retention (3)\\n2. Quarterly Business Review (1)" in text
    assert "Gross Revenue Retention (5)" not in text and "Customer Success Manager (1)" not in text
    assert "<#C0000009>: 09:30 Europe/Paris, weekdays; next post" in text


async def test_the_messages_tab_publishes_nothing(served: Served) -> None:
    event = home_opened_event() | {"tab": "messages"}
    body = json.dumps(event_body(event, "EvMsgTab"))
    status, _ = await served.post(body, signed_headers(body, content_type="application/json"))
    assert status == 200
    await open_home(served, event_id="EvHomeAfter")  # a later event is answered; by then a publish would be seen
    await served.slack.wait_for("views.publish")
    assert len(served.slack.calls_to("views.publish")) == 1


async def test_search_answers_inside_the_tab_then_related_terms_and_clear_round_trip(served: Served) -> None:
    await open_home(served)
    home = await published(served, 1)
    assert headers_of(home) == ["csterm: the customer-success glossary"]

    await click(served, "csterm_home_search", "what is NRR?", home, kind="plain_text_input")
    answered = await published(served, 2)
    assert "Net Revenue Retention" in headers_of(answered)
    assert json.loads(answered["private_metadata"]) == {"q": "what is NRR?", "p": 1}
    search = next(b for b in answered["blocks"] if b["type"] == "input")
    assert search["element"]["initial_value"] == "what is NRR?"
    assert served.store.lookups[-1] | {} == {"team_id": TEAM_ID, "enterprise_id": None, "query": "what is NRR?",
                                              "status": "match", "term": "Net Revenue Retention"}

    related = button(answered, starts="csterm_home_show", value="Gross Revenue Retention")
    await click(served, related["action_id"], related["value"], answered)
    grr = await published(served, 3)
    assert "Gross Revenue Retention" in headers_of(grr) and "Net Revenue Retention" not in headers_of(grr)

    clear = button(grr, starts="csterm_home_clear")
    await click(served, clear["action_id"], clear["value"], grr)
    cleared = await published(served, 4)
    assert headers_of(cleared) == ["csterm: the customer-success glossary"]
    assert json.loads(cleared["private_metadata"]) == {"q": "", "p": 1}


async def test_search_hits_page_back_and_forth(shipped: Served) -> None:
    await open_home(shipped)
    home = await published(shipped, 1)
    await click(shipped, "csterm_home_search", "revenue", home, kind="plain_text_input")
    first = await published(shipped, 2)
    first_terms = [b["value"] for b in buttons(first) if b["text"]["text"] == "Show"]
    assert len(first_terms) == 8
    assert "Page 1 of " in all_text(first["blocks"])

    following = button(first, starts="csterm_home_page", text="Next page")
    await click(shipped, following["action_id"], following["value"], first)
    second = await published(shipped, 3)
    second_terms = [b["value"] for b in buttons(second) if b["text"]["text"] == "Show"]
    assert second_terms and not set(second_terms) & set(first_terms)
    assert "Page 2 of " in all_text(second["blocks"])
    assert json.loads(second["private_metadata"]) == {"q": "revenue", "p": 2}

    previous = button(second, starts="csterm_home_page", text="Previous page")
    await click(shipped, previous["action_id"], previous["value"], second)
    back = await published(shipped, 4)
    assert [b["value"] for b in buttons(back) if b["text"]["text"] == "Show"] == first_terms
    assert len([lookup for lookup in shipped.store.lookups if lookup["query"] == "revenue"]) == 1  # pages don't count


async def test_a_category_opens_a_paged_modal_and_a_term_pushes_its_entry(shipped: Served) -> None:
    await open_home(shipped)
    home = await published(shipped, 1)
    metric = button(home, starts="csterm_home_category", value="metric")
    await click(shipped, metric["action_id"], metric["value"], home)
    [opened] = await shipped.slack.wait_for("views.open")
    assert opened.params["trigger_id"] == f"trigger-{metric['action_id']}"
    modal = opened.params["view"]
    assert_valid_view(modal, "modal")
    metrics = shipped.app.deps.matcher.glossary.by_category()["metric"]
    assert modal["title"]["text"] == f"Metric ({len(metrics)})"
    shown = [b["value"] for b in buttons(modal) if b["text"]["text"] == "Show"]
    assert shown == [e.term for e in metrics[:20]]

    following = button(modal, starts="csterm_modal_page", text="Next page")
    await click(shipped, following["action_id"], following["value"], {**modal, "id": "VMODAL", "hash": "h42"})
    [updated] = await shipped.slack.wait_for("views.update")
    assert (updated.params["view_id"], updated.params["hash"]) == ("VMODAL", "h42")
    assert_valid_view(updated.params["view"], "modal")
    assert [b["value"] for b in buttons(updated.params["view"]) if b["text"]["text"] == "Show"] == [
        e.term for e in metrics[20:40]]

    show = button(updated.params["view"], starts="csterm_modal_show", value=metrics[25].term)
    await click(shipped, show["action_id"], show["value"], {**updated.params["view"], "id": "VMODAL"})
    [pushed] = await shipped.slack.wait_for("views.push")
    assert_valid_view(pushed.params["view"], "modal")
    assert headers_of(pushed.params["view"]) == [metrics[25].term]


async def test_every_view_stays_within_slacks_limits_in_a_busy_workspace(shipped: Served) -> None:
    store = await shipped.app.deps.store.get()
    for n in range(120):
        await store.subscribe(ChannelKey(TEAM_ID, f"C{n:08d}"), local_time=time(9), timezone="America/Los_Angeles",
                              every_day=bool(n % 2))
    for entry in list(shipped.app.deps.matcher.glossary)[:30]:
        await store.record_lookup(team_id=TEAM_ID, enterprise_id=None, query=entry.term, status="match",
                                  term=entry.term)
    await open_home(shipped)
    view = await published(shipped, 1)
    assert "…and 95 more" in all_text(view["blocks"])
    biggest = max(shipped.app.deps.matcher.glossary, key=lambda e: len(e.not_to_confuse_with) + len(e.related))
    queries = [biggest.term, "customer", "x" * 5000, "<!channel> & <@U1>", "\x00\x00 nul"]
    for n, query in enumerate(queries, 2):
        await click(shipped, "csterm_home_search", query, view, kind="plain_text_input")
        view = await published(shipped, n)
        assert len(json.loads(view["private_metadata"])["q"]) <= 200
    escaped = shipped.slack.calls_to("views.publish")[4].params["view"]["blocks"]
    shown = [b for b in escaped if b["type"] != "input"]  # the input shows it back as plain text, as typed
    assert "<!channel>" not in json.dumps(shown) and "&lt;!channel&gt; &amp; &lt;@U1&gt;" in json.dumps(shown)
    for name in shipped.app.deps.matcher.glossary.by_category():
        await click(shipped, "csterm_home_category-0", name, view)
    for call in await shipped.slack.wait_for("views.open", count=7):
        assert_valid_view(call.params["view"], "modal")


async def test_junk_state_and_values_still_publish_a_valid_tab(served: Served) -> None:
    await open_home(served)
    home = await published(served, 1)
    await click(served, "csterm_home_page-next", "not-a-number", {**home, "private_metadata": "{junk"})
    view = await published(served, 2)
    assert json.loads(view["private_metadata"]) == {"q": "", "p": 1}
    await click(served, "csterm_modal_page-next", "zz|no such category", {**home, "id": "VM"})
    [updated] = await served.slack.wait_for("views.update")
    assert_valid_view(updated.params["view"], "modal")
    assert "no category" in all_text(updated.params["view"]["blocks"])


async def test_publishes_to_one_user_come_at_most_once_a_second_and_the_last_state_wins(served: Served) -> None:
    await open_home(served)
    home = await published(served, 1)
    queries = ["NRR", "GRR", "churn", "QBR", "CSM", "health score"]
    for query in queries:  # much faster than one a second
        await click(served, "csterm_home_search", query, home, kind="plain_text_input")
    await click(served, "csterm_home_search", "NRR", home, user="U0000002", kind="plain_text_input")
    await served.slack.wait_for("views.publish", count=3)
    mine = [c for c in await _settled(served) if c.params["user_id"] == USER]
    assert len(mine) < 1 + len(queries)  # coalesced
    assert json.loads(mine[-1].params["view"]["private_metadata"])["q"] == "health score"  # the last state
    for before, after in itertools.pairwise(mine):
        assert after.at - before.at >= 0.95
    other = [c for c in served.slack.calls_to("views.publish") if c.params["user_id"] == "U0000002"]
    assert len(other) == 1 and other[0].at < mine[-1].at  # another user's tab does not wait behind this one


async def _settled(served: Served) -> list[Any]:
    """Every publish, once no more are waiting."""
    count = -1
    while count != len(served.slack.calls_to("views.publish")):
        count = len(served.slack.calls_to("views.publish"))
        await asyncio.sleep(1.2)
    return served.slack.calls_to("views.publish")
