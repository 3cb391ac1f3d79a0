"""The Home tab's pending suggestions, over real sockets against the fake Web API: a reviewer sees each one with a
Review button that opens the review post's actions in a modal, and can approve from there; others never see it."""

from __future__ import annotations

import json
from typing import Any

from tests.slack.browse_support import assert_valid_view, home_opened_event, view_action
from tests.slack.support import TEAM_ID, all_text, event_body
from tests.terms.test_slack_round_trip import REVIEW_CHANNEL, REVIEWER, SUBMITTER, Served, served, suggest_boost

__all__ = ["served"]  # the fixture, shared with the round-trip tests


async def open_home(served: Served, user: str, event_id: str) -> dict[str, Any]:
    before = len(served.slack.calls_to("views.publish"))
    body = json.dumps(event_body(home_opened_event(user), event_id))
    status, _ = await served.post(body, content_type="application/json")
    assert status == 200
    call = (await served.slack.wait_for("views.publish", before + 1))[before]
    assert call.params["user_id"] == user
    view = call.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert_valid_view(view, "home")
    return {**view, "id": f"VHOME{event_id}", "hash": "h1"}


async def click(served: Served, action_id: str, value: str, view: dict[str, Any], user: str) -> None:
    status, _ = await served.post(view_action(action_id, value, view, user=user))
    assert status == 200


def review_button(view: dict[str, Any]) -> dict[str, Any]:
    return next(b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("action_id", "")
                .startswith("csterm_home_review"))


async def test_a_reviewer_sees_pending_suggestions_and_approves_from_the_home_tab(served: Served) -> None:
    await suggest_boost(served)
    tab = await open_home(served, REVIEWER, "EvHome1")
    text = all_text(tab["blocks"])
    assert "Pending suggestions (1)" in text and "*Boost Program* · new term · by <@U0000001>" in text
    button = review_button(tab)
    await click(served, button["action_id"], button["value"], tab, REVIEWER)
    opened = await served.slack.wait_for("views.open", 2)  # the suggestion form was the first
    modal = opened[-1].params["view"]
    modal = json.loads(modal) if isinstance(modal, str) else modal
    assert_valid_view(modal, "modal")
    approve = next(e for b in modal["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == "csterm_review_approve")
    assert approve["value"] == button["value"]
    await click(served, "csterm_review_approve", approve["value"], {**modal, "id": "VREVIEW"}, REVIEWER)
    updated = await served.slack.wait_for("views.update")
    assert updated[-1].params["view_id"] == "VREVIEW" and "approved by" in json.dumps(updated[-1].params["view"])
    assert "six weeks" in json.dumps(await served.slash("boost program"))
    again = all_text((await open_home(served, REVIEWER, "EvHome2"))["blocks"])
    assert "Nothing is waiting for review." in again and "Boost Program* · new term" not in again


async def test_someone_who_is_not_a_reviewer_never_sees_pending_suggestions(served: Served) -> None:
    await suggest_boost(served)
    tab = await open_home(served, SUBMITTER, "EvHome3")
    text = all_text(tab["blocks"])
    assert "Pending suggestions" not in text and "csterm_home_review" not in json.dumps(tab)
    reviewer_tab = await open_home(served, REVIEWER, "EvHome4")
    button = review_button(reviewer_tab)
    await click(served, button["action_id"], button["value"], tab, SUBMITTER)  # a forged click
    opened = await served.slack.wait_for("views.open", 2)
    assert "Only reviewers" in json.dumps(opened[-1].params["view"])
    assert "csterm_review_approve" not in json.dumps(opened[-1].params["view"])


async def test_opening_the_home_tab_is_acknowledged_before_slow_reviewer_lookups(served: Served) -> None:
    """Who reviews is asked of Slack (users.info here) after the acknowledgement: a 429 never holds the ack."""
    served.slack.rate_limit("users.info", retry_after=2)
    status, _ = await served.post(json.dumps(event_body(home_opened_event(SUBMITTER), "EvSlowHome")),
                                  content_type="application/json")
    lookups_when_acknowledged = len(served.slack.calls_to("users.info"))
    assert status == 200
    [published] = await served.slack.wait_for("views.publish")
    assert lookups_when_acknowledged <= 1  # the 429 at most: the lookup itself came after the acknowledgement
    assert len(served.slack.calls_to("users.info")) == 2 and published.params["user_id"] == SUBMITTER


async def review_modal_from_home(served: Served, event_id: str) -> dict[str, Any]:
    tab = await open_home(served, REVIEWER, event_id)
    button = review_button(tab)
    before = len(served.slack.calls_to("views.open"))
    await click(served, button["action_id"], button["value"], tab, REVIEWER)
    modal = (await served.slack.wait_for("views.open", before + 1))[-1].params["view"]
    return json.loads(modal) if isinstance(modal, str) else modal


def review_channel_updates(served: Served) -> list[str]:
    """The texts of every chat.update of a message in the review channel, with its buttons gone."""
    updates = [c.params for c in served.slack.calls_to("chat.update") if c.params["channel"] == REVIEW_CHANNEL]
    assert all(u["ts"] and "csterm_review_approve" not in json.dumps(u["blocks"]) for u in updates)
    blocks = [json.loads(u["blocks"]) if isinstance(u["blocks"], str) else u["blocks"] for u in updates]
    return [" ".join(b["text"]["text"] for b in post if "text" in b) for post in blocks]


async def test_approving_from_the_home_tab_updates_the_review_channel_post(served: Served) -> None:
    await suggest_boost(served)
    modal = await review_modal_from_home(served, "EvHome7")
    approve = next(e for b in modal["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == "csterm_review_approve")
    await click(served, "csterm_review_approve", approve["value"], {**modal, "id": "VREVIEW"}, REVIEWER)
    await served.app.deps.afterwards.wait()
    assert review_channel_updates(served) == [f"*Boost Program*: approved by <@{REVIEWER}>"]


async def test_rejecting_from_the_home_tab_updates_the_review_channel_post(served: Served) -> None:
    await suggest_boost(served)
    modal = await review_modal_from_home(served, "EvHome8")
    reject = next(e for b in modal["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == "csterm_review_reject")
    await click(served, "csterm_review_reject", reject["value"], {**modal, "id": "VREVIEW"}, REVIEWER)
    pushed = (await served.slack.wait_for("views.push"))[-1].params["view"]
    pushed = json.loads(pushed) if isinstance(pushed, str) else pushed
    payload = {"type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": REVIEWER},
               "api_app_id": "A0000001", "token": "legacy",
               "view": {**pushed, "id": "V3", "state": {"values": {"reason": {"value": {"value": "We call it X."}}}}}}
    status, _ = await served.interact(payload)
    assert status == 200
    assert review_channel_updates(served) == [f"*Boost Program*: rejected by <@{REVIEWER}>: We call it X."]
