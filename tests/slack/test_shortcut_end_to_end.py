"""The "Explain terms" message shortcut, served over HTTP against the fake Web API with signed requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.glossary.load import load_glossary
from bot.render.content import one_line
from bot.search.matcher import Matcher
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackAPI
from tests.slack.browse_support import USER, explain_shortcut
from tests.slack.support import all_text, assert_valid_message, block_action, block_action_body, signed_headers
from tests.slack.test_http_end_to_end import Served, _serve

SHIPPED = Path(__file__).resolve().parents[2] / "glossary.yaml"


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with FakeSlackAPI() as slack:
        async for served in _serve(slack, Matcher.build(load_glossary(SHIPPED)), tmp_path / "csterm.db"):
            yield served


async def explain(served: Served, text: str, **kwargs: str) -> None:
    body = explain_shortcut(text, served.slack.response_url("T1/explain/1"), **kwargs)
    status, _ = await served.post(body, signed_headers(body))
    assert status == 200


async def test_each_term_in_the_message_gets_a_line_and_a_full_entry_button(served: Served) -> None:
    await explain(served, "We map the NRR dip &amp; the CSM wants a QBR before renewal <@U0000003>")
    [posted] = await served.slack.wait_for("chat.postEphemeral")
    assert (posted.params["channel"], posted.params["user"]) == ("C0000001", USER)
    blocks = posted.params["blocks"]
    assert_valid_message(blocks, posted.params["text"])
    text = all_text(blocks)
    assert "Terms in this message" in text
    found = [b["accessory"]["value"] for b in blocks if b.get("accessory", {}).get("text", {}).get("text") == "Full entry"]
    glossary = served.app.deps.matcher.glossary
    assert found[:3] == ["Net Revenue Retention", "Customer Success Manager", "Quarterly Business Review"]
    assert "Mutual Action Plan" not in found  # "map" in lower case is the verb, not MAP
    first = glossary.get("Net Revenue Retention")
    assert first is not None and one_line(first) in text
    assert "thread_ts" not in posted.params or not posted.params["thread_ts"]

    # The button opens the full entry privately, replacing the list (the existing show-term flow).
    action = block_action(blocks[1]["accessory"]["action_id"], "Net Revenue Retention",
                          served.slack.response_url("T1/show/1"))
    body = block_action_body(action)
    status, _ = await served.post(body, signed_headers(body))
    assert status == 200
    [shown] = await served.slack.wait_for(RESPONSE_URL_METHOD)
    assert shown.params["blocks"][0]["text"]["text"] == "Net Revenue Retention"


async def test_a_message_in_a_thread_is_answered_in_that_thread(served: Served) -> None:
    await explain(served, "Is our GRR healthy?", thread_ts="1700000000.000100")
    [posted] = await served.slack.wait_for("chat.postEphemeral")
    assert posted.params["thread_ts"] == "1700000000.000100"
    assert "Gross Revenue Retention" in all_text(posted.params["blocks"])


async def test_no_terms_says_so_and_offers_search(served: Served) -> None:
    await explain(served, "lunch at noon? <!channel>")
    [posted] = await served.slack.wait_for("chat.postEphemeral")
    blocks = posted.params["blocks"]
    assert_valid_message(blocks, posted.params["text"])
    text = all_text(blocks)
    assert "found no glossary terms in this message" in text and "/csterm search WORDS" in text
    [home] = [e for b in blocks for e in b.get("elements", []) if e.get("type") == "button"]
    assert home["url"] == "slack://app?team=T0000001&id=A0000001&tab=home"
    assert "<!channel>" not in text
    body = block_action_body(block_action(home["action_id"], "", served.slack.response_url()))
    status, _ = await served.post(body, signed_headers(body))  # the link button's click is acknowledged
    assert status == 200


async def test_where_csterm_may_not_post_it_answers_through_the_response_url(served: Served) -> None:
    served.slack.fail("chat.postEphemeral", "channel_not_found")
    await explain(served, "What is ARR?")
    [answered] = await served.slack.wait_for(RESPONSE_URL_METHOD)
    assert answered.path == "/response/T1/explain/1"
    assert answered.params["response_type"] == "ephemeral"
    assert "Annual Recurring Revenue" in all_text(answered.params["blocks"])


async def test_a_huge_message_is_answered(served: Served) -> None:
    await explain(served, ("NRR " + "x" * 40_000 + " ") * 3)
    [posted] = await served.slack.wait_for("chat.postEphemeral")
    assert "Net Revenue Retention" in all_text(posted.params["blocks"])
