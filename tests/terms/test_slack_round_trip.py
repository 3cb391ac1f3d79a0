"""The team glossary in Slack, over real sockets against the fake Web API with signed requests: the modal round
trip (views.open, field errors, review post, approve / reject, DM), the miss button and label presses."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web

from bot.slack.app import SlackApp, create_app
from bot.slack.serve import build_web_app
from bot.store.handle import StoreHandle
from bot.terms.live import TeamMatchers
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.support import (
    TEAM_ID,
    MemoryStore,
    block_action,
    event_body,
    make_settings,
    mention_event,
    mini_matcher,
    signed_headers,
    slash_command_body,
)
from tests.terms.samples import BOOST_DEFINITION

REVIEWER, SUBMITTER, REVIEW_CHANNEL = "U0000009", "U0000001", "C0REVIEW1"


class Served:
    def __init__(self, url: str, slack: FakeSlackAPI, http: aiohttp.ClientSession, store: StoreHandle,
                 app: SlackApp) -> None:
        self.url, self.slack, self.http, self.store, self.app = url, slack, http, store, app

    async def post(self, body: str, content_type: str = "application/x-www-form-urlencoded") -> tuple[int, str]:
        headers = signed_headers(body, content_type=content_type)
        async with self.http.post(f"{self.url}/slack/events", data=body.encode(), headers=headers) as response:
            return response.status, await response.text()

    async def slash(self, text: str, user: str = SUBMITTER) -> dict[str, Any]:
        status, body = await self.post(slash_command_body(text, self.slack.response_url(), user_id=user))
        assert status == 200
        return json.loads(body) if body else {}

    async def interact(self, payload: dict[str, Any]) -> tuple[int, str]:
        """An interaction, and what it does after its acknowledgement (posts, DMs, a decision)."""
        answered = await self.post(urlencode({"payload": json.dumps(payload)}))
        await self.app.deps.afterwards.wait()
        return answered

    async def submit(self, view: dict[str, Any], values: dict[str, Any], user: str = SUBMITTER) -> tuple[int, str]:
        state = {block: {"value" if block != "related" else "csterm_related_options": value}
                 for block, value in values.items()}
        payload = {"type": "view_submission", "team": {"id": TEAM_ID, "domain": "acme"},
                   "user": {"id": user, "team_id": TEAM_ID}, "api_app_id": "A0000001", "token": "legacy",
                   "trigger_id": "1.2.3", "view": {**view, "id": "V1", "state": {"values": state}}}
        return await self.interact(payload)

    async def click(self, action_id: str, value: str, user: str, **extra: Any) -> None:
        payload = block_action(action_id, value, self.slack.response_url())
        payload["user"]["id"] = user
        payload["container"] = {"type": "message", "message_ts": "1700000000.000009", "channel_id": REVIEW_CHANNEL,
                                "is_ephemeral": False}
        payload["actions"][0].update(extra)
        status, _ = await self.interact(payload)
        assert status == 200


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with FakeSlackAPI() as slack:
        store = StoreHandle(f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}")
        await store.start()
        settings = make_settings(slack.base_url, CSTERM_ADMINS=REVIEWER)
        matchers = TeamMatchers(mini_matcher(), store)
        app = create_app(settings, mini_matcher(), MemoryStore(), store, team_matchers=matchers)
        runner = web.AppRunner(build_web_app(app))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        try:
            async with aiohttp.ClientSession() as http:
                yield Served(f"http://127.0.0.1:{runner.addresses[0][1]}", slack, http, store, app)
        finally:
            await runner.cleanup()
            await store.stop()


def boost_values(definition: str = BOOST_DEFINITION) -> dict[str, Any]:
    return {"term": {"type": "plain_text_input", "value": "Boost Program"},
            "aliases": {"type": "plain_text_input", "value": "Boost"},
            "category": {"type": "static_select", "selected_option": {"value": "program"}},
            "definition": {"type": "plain_text_input", "value": definition},
            "related": {"type": "multi_external_select", "selected_options": [{"value": "Health Score"}]}}


async def suggest_boost(served: Served, by: str = SUBMITTER) -> dict[str, Any]:
    await served.slash(f"review <#{REVIEW_CHANNEL}|review>", user=REVIEWER)
    served.slack.members[REVIEW_CHANNEL] = [REVIEWER]
    await served.slash("add Boost Program", user=by)
    opened = await served.slack.wait_for("views.open")
    view = opened[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert opened[-1].params["trigger_id"] == "1.2.3"
    assert any(b["block_id"] == "term" and b["element"]["initial_value"] == "Boost Program" for b in view["blocks"])
    status, body = await served.submit(view, boost_values("Too short to be useful."), user=by)
    assert status == 200 and json.loads(body)["response_action"] == "errors"
    assert "25 to 120" in json.loads(body)["errors"]["definition"]
    assert served.slack.calls_to("chat.postMessage") == []
    status, body = await served.submit(view, boost_values(), user=by)
    assert status == 200 and not body
    posts = await served.slack.wait_for("chat.postMessage", 2)  # the review post, and the DM to the submitter
    review = next(p for p in posts if p.params["channel"] == REVIEW_CHANNEL)
    blocks = review.params["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return next(b for b in blocks if b["type"] == "actions")


async def test_suggest_review_approve_then_answered_and_submitter_told(served: Served) -> None:
    actions = await suggest_boost(served)
    assert "Nothing in the glossary matches" in json.dumps(await served.slash("boost program"))  # not before
    approve = next(e for e in actions["elements"] if e["action_id"] == "csterm_review_approve")
    await served.click("csterm_review_approve", approve["value"], user=SUBMITTER)  # not a reviewer
    assert "Nothing in the glossary matches" in json.dumps(await served.slash("boost program"))
    await served.click("csterm_review_approve", approve["value"], user=REVIEWER)
    answer = json.dumps(await served.slash("boost program"))
    assert "six weeks" in answer and "defined by acme" in answer
    dms = [c for c in served.slack.calls_to("chat.postMessage") if c.params["channel"] == "D0000001"]
    assert any("was approved" in c.params["text"] for c in dms)
    assert served.slack.calls_to("chat.update")


async def test_reject_asks_for_a_reason_and_tells_the_submitter(served: Served) -> None:
    actions = await suggest_boost(served)
    reject = next(e for e in actions["elements"] if e["action_id"] == "csterm_review_reject")
    await served.click("csterm_review_reject", reject["value"], user=REVIEWER)
    opened = await served.slack.wait_for("views.open", 2)
    modal = opened[-1].params["view"]
    modal = json.loads(modal) if isinstance(modal, str) else modal
    assert modal["callback_id"] == "csterm_reject_modal"
    payload = {"type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": REVIEWER},
               "api_app_id": "A0000001", "token": "legacy",
               "view": {**modal, "id": "V2", "state": {"values": {"reason": {"value": {"value": "We call it X."}}}}}}
    status, _ = await served.interact(payload)
    assert status == 200
    dms = [c for c in served.slack.calls_to("chat.postMessage") if c.params["channel"] == "D0000001"]
    assert any("not approved" in c.params["text"] and "We call it X." in c.params["text"] for c in dms)
    assert "Nothing in the glossary matches" in json.dumps(await served.slash("boost program"))


async def test_a_miss_offers_suggest_a_definition_which_opens_the_form_filled_in(served: Served) -> None:
    answer = await served.slash("zorblax cadence")
    button = next(e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == "csterm_suggest")
    await served.click("csterm_suggest", button["value"], user=SUBMITTER)
    opened = await served.slack.wait_for("views.open")
    view = opened[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert any(b["block_id"] == "term" and b["element"]["initial_value"] == "zorblax cadence"
               for b in view["blocks"])


async def press_did_you_mean(served: Served, query: str, user: str, term: str) -> None:
    answer = await served.slash(query, user=user)
    block = next(b for b in answer["blocks"] if b["type"] == "actions")
    button = next(e for e in block["elements"] if e["value"] == term)
    payload = block_action(button["action_id"], term, served.slack.response_url())
    payload["user"]["id"] = user
    payload["actions"][0]["block_id"] = block["block_id"]
    status, _ = await served.interact(payload)
    assert status == 200


async def test_a_phrasing_is_learned_from_three_peoples_presses_and_forgotten_when_removed(served: Served) -> None:
    for _ in range(3):
        await press_did_you_mean(served, "retention", "U0000001", "Gross Revenue Retention")
    assert "could mean more than one thing" in json.dumps(await served.slash("retention"))  # one person: no
    for user in ("U0000002", "U0000003"):
        await press_did_you_mean(served, "Retention", user, "Gross Revenue Retention")
    answer = json.dumps(await served.slash("retention?"))
    assert "could mean" not in answer and "Gross Revenue Retention" in answer
    assert "could mean" in json.dumps(await served.slash("revenue retention"))  # only that phrasing
    listing = await served.slash("learned", user=REVIEWER)
    remove = next(b["accessory"] for b in listing["blocks"] if "retention" in b["text"]["text"])
    await served.click(remove["action_id"], remove["value"], user=REVIEWER)
    assert "could mean more than one thing" in json.dumps(await served.slash("retention"))
    for user in ("U0000004", "U0000005", "U0000006"):
        await press_did_you_mean(served, "retention", user, "Gross Revenue Retention")
    assert "could mean more than one thing" in json.dumps(await served.slash("retention"))  # never again


async def test_edit_on_a_shipped_term_adds_a_team_note_above_its_definition(served: Served) -> None:
    await served.slash("edit churn rate")
    opened = await served.slack.wait_for("views.open")
    view = opened[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "shipped glossary" in json.dumps(view)
    note = {"definition": {"type": "plain_text_input", "value": "We count <churn> at the contract end date."}}
    status, body = await served.submit(view, note)
    assert status == 200 and not body
    posts = await served.slack.wait_for("chat.postMessage")
    assert "A team note on" in json.dumps(posts[0].params)
    version = int(next(e["value"] for b in (json.loads(posts[0].params["blocks"]) if isinstance(
        posts[0].params["blocks"], str) else posts[0].params["blocks"]) if b["type"] == "actions"
        for e in b["elements"]))
    await served.click("csterm_review_approve", str(version), user=REVIEWER)
    answer = json.dumps(await served.slash("churn rate"))
    assert "At acme: We count &lt;churn&gt; at the contract end date." in answer
    await served.slash("remove churn rate", user=REVIEWER)
    assert "At acme" not in json.dumps(await served.slash("churn rate"))


async def test_stats_shows_reviewers_each_frequent_miss_with_a_define_button(served: Served) -> None:
    store = await served.store.get()
    for _ in range(2):
        await store.record_lookup(team_id=TEAM_ID, enterprise_id=None, query="zorblax", status="none", term=None)
    answer = await served.slash("stats", user=REVIEWER)
    button = next(b["accessory"] for b in answer["blocks"] if b.get("accessory", {}).get("value") == "zorblax")
    assert button["text"]["text"] == "Define"
    await served.click(button["action_id"], button["value"], user=REVIEWER)
    opened = await served.slack.wait_for("views.open")
    view = opened[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert any(b["block_id"] == "term" and b["element"].get("initial_value") == "zorblax" for b in view["blocks"])
    others = await served.slash("stats", user="U0000003")
    assert "zorblax" not in json.dumps(others)


async def test_related_terms_are_offered_from_the_glossary_as_people_type(served: Served) -> None:
    payload = {"type": "block_suggestion", "action_id": "csterm_related_options", "block_id": "related",
               "value": "churn", "team": {"id": TEAM_ID}, "user": {"id": SUBMITTER}, "api_app_id": "A0000001",
               "token": "legacy", "view": {"id": "V1", "callback_id": "csterm_term_modal"}}
    status, body = await served.interact(payload)
    assert status == 200
    assert "Churn Rate" in [o["value"] for o in json.loads(body)["options"]]


async def test_edit_from_the_review_post_opens_the_form_prefilled(served: Served) -> None:
    actions = await suggest_boost(served)
    edit = next(e for e in actions["elements"] if e["action_id"] == "csterm_review_edit")
    await served.click("csterm_review_edit", edit["value"], user=REVIEWER)
    opened = await served.slack.wait_for("views.open", 2)
    view = opened[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert json.loads(view["private_metadata"])["editing"] == "Boost Program"
    definition = next(b for b in view["blocks"] if b["block_id"] == "definition")
    assert definition["element"]["initial_value"] == BOOST_DEFINITION


async def test_an_approved_term_answers_everywhere_shipped_ones_do_in_its_workspace_only(served: Served) -> None:
    actions = await suggest_boost(served)
    approve = next(e for e in actions["elements"] if e["action_id"] == "csterm_review_approve")
    await served.click("csterm_review_approve", approve["value"], user=REVIEWER)
    assert "Boost Program" in json.dumps(await served.slash("search onboarding package"))
    assert "Boost Program" in json.dumps(await served.slash("list program"))
    assert "Boost Program" in json.dumps(await served.slash("boost vs churn rate"))
    body = json.dumps(event_body(mention_event("<@UBOT0001> what is the boost program?"), "Ev0000077"))
    status, _ = await served.post(body, content_type="application/json")
    assert status == 200
    posts = await served.slack.wait_for("chat.postMessage", 4)  # review post, two DMs, then the answer
    assert "six weeks" in json.dumps(posts[-1].params) and posts[-1].params["channel"] == "C0000001"
    other = slash_command_body("boost program", served.slack.response_url(), team_id="T0000002")
    status, text = await served.post(other)
    assert status == 200 and "six weeks" not in text and "Nothing in the glossary matches" in text


async def test_review_channel_ids_longer_than_the_stored_column_are_refused(served: Served) -> None:
    too_long = "C" + "A" * 40  # review_channel is String(32)
    for text in (f"review <#{too_long}|review>", f"review {too_long}"):
        refused = json.dumps(await served.slash(text, user=REVIEWER))
        assert "Say which channel" in refused
    chosen = json.dumps(await served.slash("review <#C0123456789ABCDEFGHIJ|review>", user=REVIEWER))
    assert "<#C0123456789ABCDEFGHIJ>" in chosen


async def test_a_reviewer_cannot_approve_their_own_suggestion(served: Served) -> None:
    actions = await suggest_boost(served, by=REVIEWER)
    approve = next(e for e in actions["elements"] if e["action_id"] == "csterm_review_approve")
    await served.click("csterm_review_approve", approve["value"], user=REVIEWER)
    told = await served.slack.wait_for("chat.postEphemeral")
    assert "someone else must review it" in told[-1].params["text"]
    assert "Nothing in the glossary matches" in json.dumps(await served.slash("boost program"))
    assert not served.slack.calls_to("chat.update")


async def test_a_submission_is_acknowledged_before_its_rate_limited_review_post(served: Served) -> None:
    """The review post and DM come after the HTTP 200 (deps.afterwards): a 429 never holds the ack."""
    await served.slash(f"review <#{REVIEW_CHANNEL}|review>", user=REVIEWER)
    await served.slash("add Boost Program")
    view = (await served.slack.wait_for("views.open"))[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    served.slack.rate_limit("chat.postMessage", retry_after=2)  # the client waits 2 s, then posts again
    state = {block: {"value" if block != "related" else "csterm_related_options": value}
             for block, value in boost_values().items()}
    payload = {"type": "view_submission", "team": {"id": TEAM_ID, "domain": "acme"},
               "user": {"id": SUBMITTER, "team_id": TEAM_ID}, "api_app_id": "A0000001", "token": "legacy",
               "view": {**view, "id": "V1", "state": {"values": state}}}
    status, body = await served.post(urlencode({"payload": json.dumps(payload)}))
    posts_when_acknowledged = len(served.slack.calls_to("chat.postMessage"))
    assert status == 200 and not body
    posts = await served.slack.wait_for("chat.postMessage", 3)  # the 429, the review post, the DM
    assert posts_when_acknowledged <= 1  # the 429 at most: the post itself came after the acknowledgement
    assert any(p.params["channel"] == REVIEW_CHANNEL for p in posts[1:])


async def test_an_approval_is_acknowledged_before_its_rate_limited_update_and_dm(served: Served) -> None:
    actions = await suggest_boost(served)
    approve = next(e for e in actions["elements"] if e["action_id"] == "csterm_review_approve")
    served.slack.rate_limit("chat.update", retry_after=2)
    served.slack.rate_limit("chat.postMessage", retry_after=2)
    posts_before = len(served.slack.calls_to("chat.postMessage"))
    payload = block_action("csterm_review_approve", approve["value"], served.slack.response_url())
    payload["user"]["id"] = REVIEWER
    payload["container"] = {"type": "message", "message_ts": "1700000000.000009", "channel_id": REVIEW_CHANNEL,
                            "is_ephemeral": False}
    status, _ = await served.post(urlencode({"payload": json.dumps(payload)}))
    updates_when_acknowledged = len(served.slack.calls_to("chat.update"))
    assert status == 200
    await served.app.deps.afterwards.wait()
    assert updates_when_acknowledged <= 1  # the 429 at most: the update came after the acknowledgement
    clicked = [c for c in served.slack.calls_to("chat.update") if c.params["ts"] == "1700000000.000009"]
    assert len(clicked) == 2  # the 429, then the update of the clicked post
    dms = served.slack.calls_to("chat.postMessage")[posts_before:]
    assert any("was approved" in c.params.get("text", "") for c in dms)
