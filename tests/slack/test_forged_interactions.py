"""Forged or truncated interactions, really signed and sent over a real socket: each is one short log line and a
200 with nothing done, never a 500 or a traceback (values that are not the dicts, lists or digits Slack sends)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.render.explain import EXPLAIN_CALLBACK
from bot.render.home import HOME_PAGE_ACTION, HOME_SEARCH_ACTION
from bot.render.modals import MODAL_PAGE_ACTION
from bot.render.term_views import ADD_CALLBACK, APPROVE_ACTION, REJECT_CALLBACK
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.support import TEAM_ID, block_action, block_action_body, mini_matcher, signed_headers
from tests.slack.test_http_end_to_end import Served, _serve


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with FakeSlackAPI() as slack:
        async for served in _serve(slack, mini_matcher(), tmp_path / "csterm.db"):
            yield served


RESPONSE = "http://127.0.0.1:9/response"  # never called: nothing is answered


def click(action_id: str, value: str, **overrides: Any) -> dict[str, Any]:
    return block_action(action_id, value, RESPONSE) | overrides


def submission(callback_id: str, view: dict[str, Any]) -> dict[str, Any]:
    return {"type": "view_submission", "team": {"id": TEAM_ID, "domain": "fake"},
            "user": {"id": "U0000001", "team_id": TEAM_ID}, "api_app_id": "A0000001", "token": "legacy",
            "view": {"id": "V1", "type": "modal", "callback_id": callback_id, **view}}


ANSWERED = {  # forged fields read as absent leave a valid request, answered as such (page 1, the empty tab)
    "home page number in superscript digits", "home search from a view that is not an object",
    "modal page number in superscript digits"}
FORGED: dict[str, dict[str, Any]] = {
    "home page with a user that is not an object": click(f"{HOME_PAGE_ACTION}-next", "2", user="U0000001"),
    "home page number in superscript digits": click(f"{HOME_PAGE_ACTION}-next", "²"),
    "home search from a view that is not an object": click(HOME_SEARCH_ACTION, "NRR", view="x"),
    "modal page number in superscript digits": click(f"{MODAL_PAGE_ACTION}-next", "²|Retention",
                                                     view={"id": "V1", "hash": "h"}),
    "approve a version numbered in superscript digits": click(APPROVE_ACTION, "²"),
    "approve with a container and channel that are not objects": click(APPROVE_ACTION, "1", container="x",
                                                                       channel="x"),
    "reject reason with a state that is not an object": submission(REJECT_CALLBACK, {
        "private_metadata": "1|C1|1.1", "state": {"values": {"reason": "x"}}}),
    "reject reason for a version in superscript digits": submission(REJECT_CALLBACK, {
        "private_metadata": "²|C1|1.1", "state": {"values": {"reason": {"value": {"value": "no"}}}}}),
    "term form whose metadata is a list": submission(ADD_CALLBACK, {"private_metadata": "[1]",
                                                                    "state": {"values": {}}}),
    "term form whose fields are not objects": submission(ADD_CALLBACK, {"private_metadata": "{}", "state": {
        "values": {"term": "x", "category": {"value": "x"}, "related": {"csterm_related_options": 1}}}}),
    "shortcut on a message that is not an object": {
        "type": "message_action", "callback_id": EXPLAIN_CALLBACK, "trigger_id": "1.2.3",
        "team": {"id": TEAM_ID}, "user": "U0000001", "channel": "C1", "message": "NRR", "api_app_id": "A1",
        "response_url": RESPONSE, "token": "legacy"},
}


@pytest.mark.parametrize("name", list(FORGED))
async def test_a_forged_interaction_gets_200_and_one_log_line(served: Served, name: str,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    body = block_action_body(FORGED[name])
    with caplog.at_level(logging.INFO):
        status, _ = await served.post(body, signed_headers(body))
        await served.app.deps.afterwards.wait()
    assert status == 200
    failures = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert failures == [], [r.getMessage() for r in failures]
    if name not in ANSWERED:
        assert not [c for c in served.slack.calls if c.method != "auth.test"], json.dumps(
            [c.method for c in served.slack.calls])


@pytest.mark.parametrize("view", [{"callback_id": ADD_CALLBACK}, "callback_id",
                                  {"callback_id": ADD_CALLBACK, "type": "workflow_step"}])
async def test_a_view_payload_without_a_view_type_is_refused_in_one_line(served: Served, view: object,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    """bolt reads body["view"]["type"] before any listener runs: without it, the gate refuses the body (400)."""
    payload = submission(ADD_CALLBACK, {}) | {"view": view}
    body = block_action_body(payload)
    with caplog.at_level(logging.INFO):
        status, _ = await served.post(body, signed_headers(body))
    assert status == 400
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
    assert any("view" in r.getMessage() for r in caplog.records if r.name == "bot.slack.http_gate")
