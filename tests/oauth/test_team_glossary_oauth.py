"""The team glossary in OAuth mode, over real sockets: two installed workspaces, and every call the suggestion
round trip makes (users.info, conversations.members, views.open, the review post, DMs, chat.update) carries the
token of the workspace it is for; an approval is answered in that workspace only."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.fakes.slack_api import FakeSlackAPI, RecordedCall
from tests.oauth.support import Served, served_oauth
from tests.slack.support import block_action, signed_headers, slash_command_body
from tests.terms.samples import BOOST_DEFINITION

TOKENS = {"T1": "xoxb-team-1", "T2": "xoxb-team-2"}
ADMIN, REVIEWER, SUBMITTER, REVIEW_CHANNEL = "UADMIN1", "UREVIEW1", "USUBMIT1", "CREVIEW1"


@pytest.fixture
async def two_workspaces(slack: FakeSlackAPI, tmp_path: Path) -> AsyncIterator[Served]:
    async with served_oauth(slack, f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}", team_glossary=True) as served:
        for team, token in TOKENS.items():
            await served.install(team_id=team, token=token)
        slack.users[ADMIN] = {"id": ADMIN, "name": "ada", "is_admin": True}
        slack.members[REVIEW_CHANNEL] = [REVIEWER]
        yield served


async def post(served: Served, body: str) -> tuple[int, str]:
    headers = signed_headers(body)
    async with served.http.post(f"{served.url}/slack/events", data=body.encode(), headers=headers) as response:
        return response.status, await response.text()


async def slash(served: Served, team: str, text: str, user: str = SUBMITTER) -> dict[str, Any]:
    status, body = await post(served, slash_command_body(text, served.slack.response_url(), team_id=team,
                                                         user_id=user))
    assert status == 200
    return json.loads(body) if body else {}


async def interact(served: Served, payload: dict[str, Any]) -> None:
    status, _ = await post(served, urlencode({"payload": json.dumps(payload)}))
    assert status == 200


def _view(call: RecordedCall) -> dict[str, Any]:
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def boost_values() -> dict[str, Any]:
    return {"term": {"value": {"type": "plain_text_input", "value": "Boost Program"}},
            "aliases": {"value": {"type": "plain_text_input", "value": "Boost"}},
            "category": {"value": {"type": "static_select", "selected_option": {"value": "program"}}},
            "definition": {"value": {"type": "plain_text_input", "value": BOOST_DEFINITION}},
            "related": {"csterm_related_options": {"type": "multi_external_select", "selected_options": []}}}


def approve_click(team: str, version: str) -> dict[str, Any]:
    payload = block_action("csterm_review_approve", version, "http://127.0.0.1:9/unused")
    payload["user"] = {"id": REVIEWER, "team_id": team}
    payload["team"] = {"id": team, "domain": team.lower()}
    payload["container"] = {"type": "message", "message_ts": "1700000000.000009", "channel_id": REVIEW_CHANNEL,
                            "is_ephemeral": False}
    return payload


def tokens_of(calls: list[RecordedCall]) -> set[str | None]:
    return {c.token for c in calls}


async def test_suggest_review_and_approve_use_the_workspace_token(two_workspaces: Served) -> None:
    served, slack = two_workspaces, two_workspaces.slack
    chosen = await slash(served, "T1", f"review <#{REVIEW_CHANNEL}|review>", user=ADMIN)
    assert REVIEW_CHANNEL in json.dumps(chosen)
    assert tokens_of(slack.calls_to("users.info")) == {"xoxb-team-1"}

    await slash(served, "T1", "add Boost Program")
    opened = await slack.wait_for("views.open")
    assert opened[-1].token == "xoxb-team-1"

    view = _view(opened[-1])
    await interact(served, {"type": "view_submission", "team": {"id": "T1", "domain": "acme"},
                            "user": {"id": SUBMITTER, "team_id": "T1"}, "api_app_id": "A0000001",
                            "token": "legacy", "trigger_id": "1.2.3",
                            "view": {**view, "id": "V1", "state": {"values": boost_values()}}})
    posts = await slack.wait_for("chat.postMessage", 2)  # the review post and the submitter's DM
    review = next(p for p in posts if p.params["channel"] == REVIEW_CHANNEL)
    dm = next(p for p in posts if p.params["channel"] == "D" + SUBMITTER[1:])
    assert (review.token, dm.token) == ("xoxb-team-1", "xoxb-team-1")
    blocks = review.params["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    version = next(e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == "csterm_review_approve")

    await interact(served, approve_click("T2", version))  # the same id pressed in the other workspace
    refused = await slack.wait_for("chat.postEphemeral")
    assert refused[-1].token == "xoxb-team-2" and "no longer exists" in refused[-1].params["text"]
    assert "Nothing in the glossary matches" in json.dumps(await slash(served, "T1", "boost program"))

    await interact(served, approve_click("T1", version))
    updated = await slack.wait_for("chat.update")
    assert updated[-1].token == "xoxb-team-1"
    told = await slack.wait_for("chat.postMessage", 3)
    assert any("was approved" in c.params["text"] and c.token == "xoxb-team-1" for c in told)
    assert tokens_of(slack.calls_to("conversations.members")) == {"xoxb-team-1"}
    assert "six weeks" in json.dumps(await slash(served, "T1", "boost program"))
    assert "Nothing in the glossary matches" in json.dumps(await slash(served, "T2", "boost program"))
    async with served.http.get(f"{served.url}/glossary") as response:
        page = await response.text()
    assert response.status == 200 and "Churn Rate" in page and "Boost Program" not in page  # shipped only
    assert None not in tokens_of([c for c in slack.calls if c.method != "oauth.v2.access"])


async def test_a_workspace_without_an_installation_is_told_so(two_workspaces: Served) -> None:
    answer = json.dumps(await slash(two_workspaces, "T3", "add Boost Program"))
    assert "not installed in this workspace" in answer
    assert not two_workspaces.slack.calls_to("views.open")
