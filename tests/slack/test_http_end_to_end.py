"""The app served by aiohttp on a real local port, its Web API and response_url pointed at FakeSlackAPI."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.search.matcher import Match, Matcher
from bot.slack.app import SlackApp, create_app
from bot.slack.errors import APOLOGY
from bot.slack.serve import build_web_app
from bot.store.handle import StoreHandle
from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackAPI
from tests.slack.support import (
    MemoryStore,
    all_text,
    block_action,
    block_action_body,
    event_body,
    make_settings,
    mention_event,
    mini_matcher,
    signed_headers,
    slash_command_body,
)

THREAD_TS = "1700000000.000100"


@dataclass
class Served:
    url: str
    slack: FakeSlackAPI
    store: MemoryStore
    http: aiohttp.ClientSession
    app: SlackApp

    async def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        async with self.http.post(f"{self.url}/slack/events", data=body.encode(), headers=headers) as response:
            return response.status, await response.text()

    async def slash(self, text: str) -> tuple[int, str]:
        body = slash_command_body(text, self.slack.response_url())
        return await self.post(body, signed_headers(body))

    async def event(self, event: dict[str, Any], event_id: str, retry: int | None = None) -> int:
        body = json.dumps(event_body(event, event_id))
        headers = signed_headers(body, content_type="application/json")
        if retry is not None:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        status, _ = await self.post(body, headers)
        return status


async def _serve(slack: FakeSlackAPI, matcher: Matcher, database: Path) -> AsyncIterator[Served]:
    lookups = MemoryStore()
    store = StoreHandle(f"sqlite+aiosqlite:///{database}")
    await store.start()
    app = create_app(make_settings(slack.base_url), matcher, lookups, store)
    runner = web.AppRunner(build_web_app(app))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as http:
            yield Served(f"http://127.0.0.1:{port}", slack, lookups, http, app)
    finally:
        await runner.cleanup()
        await store.stop()


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
async def served(slack: FakeSlackAPI, tmp_path: Path) -> AsyncIterator[Served]:
    async for served in _serve(slack, mini_matcher(), tmp_path / "csterm.db"):
        yield served


def replies(slack: FakeSlackAPI) -> list[str]:
    return [c.method for c in slack.calls if c.method not in ("auth.test", "conversations.replies")]


async def test_signed_slash_command_is_answered_inside_the_ack(served: Served) -> None:
    status, text = await served.slash("NRR")
    answer = json.loads(text)
    assert status == 200
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "Net Revenue Retention",
                                                              "emoji": True}}
    assert "csterm_share" in all_text(answer["blocks"])
    assert answer["text"].startswith("Net Revenue Retention")
    assert replies(served.slack) == []  # no extra API call
    assert served.store.lookups[0] | {} == {"team_id": "T0000001", "enterprise_id": None, "query": "NRR",
                                             "status": "match", "term": "Net Revenue Retention"}


async def test_bad_signature_is_refused_without_a_reply(served: Served) -> None:
    body = slash_command_body("NRR", served.slack.response_url())
    status, _ = await served.post(body, signed_headers(body, secret="not-the-secret"))
    assert status == 401
    assert served.slack.calls == []
    assert served.store.lookups == []


async def test_timestamp_older_than_five_minutes_is_refused(served: Served) -> None:
    body = slash_command_body("NRR", served.slack.response_url())
    status, _ = await served.post(body, signed_headers(body, timestamp=int(time.time()) - 6 * 60))
    assert status == 401
    assert served.slack.calls == []
    assert served.store.lookups == []


async def test_mention_in_a_thread_replies_in_that_thread(served: Served) -> None:
    event = mention_event("<@UBOT0001> what is NRR?", thread_ts=THREAD_TS)
    assert await served.event(event, "Ev1") == 200
    [post] = await served.slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == THREAD_TS
    assert post.params["channel"] == "C0000001"
    assert post.params["blocks"][0]["text"]["text"] == "Net Revenue Retention"
    assert post.params["text"]


async def test_mention_outside_a_thread_starts_one_on_the_message(served: Served) -> None:
    assert await served.event(mention_event("<@UBOT0001> QBR", ts="1700000200.000300"), "Ev2") == 200
    [post] = await served.slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == "1700000200.000300"


async def test_empty_mention_in_a_thread_explains_the_first_message(served: Served) -> None:
    served.slack.threads[("C0000001", THREAD_TS)] = [
        {"ts": THREAD_TS, "text": "Our NRR slipped &amp; the CSM wants a QBR", "user": "U2"},
    ]
    assert await served.event(mention_event("<@UBOT0001>", thread_ts=THREAD_TS), "Ev3") == 200
    [post] = await served.slack.wait_for("chat.postMessage")
    assert served.slack.calls_to("conversations.replies")[0].params["ts"] == THREAD_TS
    text = all_text(post.params["blocks"])
    for term in ("Net Revenue Retention", "Customer Success Manager", "Quarterly Business Review"):
        assert term in text
    assert "Health Score" not in text
    assert post.params["thread_ts"] == THREAD_TS


async def test_a_retried_event_gets_one_reply(served: Served) -> None:
    event = mention_event("<@UBOT0001> NRR", thread_ts=THREAD_TS)
    assert await served.event(event, "EvSame") == 200
    await served.slack.wait_for("chat.postMessage")
    assert await served.event(event, "EvSame", retry=1) == 200
    assert await served.event(event, "EvSame", retry=2) == 200
    # A later, different event is answered; by then a duplicate reply would have been posted too.
    await served.event(mention_event("<@UBOT0001> GRR", thread_ts="1700000000.000999"), "EvOther")
    posts = await served.slack.wait_for("chat.postMessage", count=2)
    assert [p.params["thread_ts"] for p in posts] == [THREAD_TS, "1700000000.000999"]


async def test_share_click_posts_publicly_through_the_response_url(served: Served) -> None:
    action = block_action("csterm_share", "Net Revenue Retention", served.slack.response_url("T1/share/1"))
    body = block_action_body(action)
    status, _ = await served.post(body, signed_headers(body))
    assert status == 200
    public, delete = await served.slack.wait_for(RESPONSE_URL_METHOD, count=2)
    assert public.path == "/response/T1/share/1"
    assert public.params["response_type"] == "in_channel"
    assert public.params["replace_original"] is False
    assert "Shared by <@U0000001>" in all_text(public.params["blocks"])
    assert "csterm_share" not in all_text(public.params["blocks"])
    assert delete.params["delete_original"] is True


async def test_show_term_click_answers_privately(served: Served) -> None:
    action = block_action("csterm_show_term-1", "Gross Revenue Retention", served.slack.response_url())
    body = block_action_body(action)
    status, _ = await served.post(body, signed_headers(body))
    assert status == 200
    [shown] = await served.slack.wait_for(RESPONSE_URL_METHOD)
    assert shown.params["response_type"] == "ephemeral"
    assert shown.params["blocks"][0]["text"]["text"] == "Gross Revenue Retention"


async def test_channel_broadcast_in_a_query_is_escaped(served: Served) -> None:
    status, text = await served.slash("<!channel> <@U999> blorptastic")
    assert status == 200
    shown = json.loads(text)
    assert "<!channel>" not in text
    assert "<@U999>" not in text
    assert "&lt;!channel&gt;" in all_text(shown["blocks"])
    assert served.store.lookups[0]["status"] == "none"

    assert await served.event(mention_event("<@UBOT0001> <!channel> zorblax"), "EvEsc") == 200
    [post] = await served.slack.wait_for("chat.postMessage")
    assert "<!channel>" not in all_text(post.params["blocks"]) + post.params["text"]
    assert served.store.lookups[1]["team_id"] == "T0000001"


async def test_a_rate_limited_reply_is_retried_once_and_delivered(served: Served) -> None:
    served.slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    assert await served.event(mention_event("<@UBOT0001> CSM", thread_ts=THREAD_TS), "EvRate") == 200
    first, second = await served.slack.wait_for("chat.postMessage", count=2)
    assert first.params == second.params
    assert second.params["blocks"][0]["text"]["text"] == "Customer Success Manager"


async def test_daily_and_stats_use_the_database(served: Served) -> None:
    status, text = await served.slash("daily on 07:15 Asia/Tokyo every day")
    assert status == 200
    assert "turned on a term of the day here: C0000001 (T0000001): 07:15 Asia/Tokyo, every day" in json.loads(text)["text"]
    _, text = await served.slash("daily")
    assert "Term of the day here: C0000001" in json.loads(text)["text"]
    _, text = await served.slash("stats")
    assert "Most looked-up terms" in json.loads(text)["text"]


async def test_healthz(served: Served) -> None:
    async with served.http.get(f"{served.url}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"ok": True, "database": "open"}


class BrokenMatcher(Matcher):
    def match(self, query: str) -> Match:
        raise RuntimeError("secret internal detail")


async def test_a_failing_handler_logs_and_apologises(slack: FakeSlackAPI, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    async for served in _serve(slack, BrokenMatcher(mini_matcher().glossary), tmp_path / "csterm.db"):
        status, body = await served.slash("NRR")  # the /csterm fast path apologises in its answer
        assert await served.event(mention_event("<@UBOT0001> churn", thread_ts=THREAD_TS), "EvBroken") == 200
        [apology] = await slack.wait_for("chat.postMessage")  # bolt's error handler, in the thread
    assert status == 200
    assert json.loads(body)["text"] == APOLOGY and json.loads(body)["response_type"] == "ephemeral"
    assert "secret internal detail" not in body
    assert apology.params["text"] == APOLOGY and apology.params["thread_ts"] == THREAD_TS
    assert "secret internal detail" not in json.dumps(apology.params)
    assert slack.calls_to(RESPONSE_URL_METHOD) == []
    failures = [r for r in caplog.records if r.exc_info and "secret internal detail" in str(r.exc_info[1])]
    assert len(failures) == 2


PARITY_TEXTS = ["NRR", "what is churn?", "search renewal", "help", "", "calc NRR start_mrr=100k", "pizza oven",
                "<!here> & <b>", "list", "NRR vs GRR", "daily", "daily on 25:99", "Help Center"]


@pytest.mark.parametrize("text", PARITY_TEXTS)
async def test_the_slash_fast_path_answers_exactly_as_bolt_would(served: Served, text: str) -> None:
    body = slash_command_body(text, served.slack.response_url())
    headers = signed_headers(body)
    status, fast = await served.post(body, headers)
    through_bolt = await served.app.bolt.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
    assert (status, json.loads(fast)) == (through_bolt.status, json.loads(through_bolt.body))
    assert status == 200 and json.loads(fast)["text"]


@pytest.mark.parametrize("headers", [
    {"Content-Type": "application/x-www-form-urlencoded"},  # not signed at all
    {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": "soon",
     "X-Slack-Signature": "v0=abc"},
])
async def test_missing_or_malformed_signature_headers_are_refused(served: Served, headers: dict[str, str]) -> None:
    status, text = await served.post(slash_command_body("NRR", served.slack.response_url()), headers)
    assert (status, json.loads(text)) == (401, {"error": "invalid request"})
    assert served.store.lookups == []


async def test_a_body_that_is_not_utf8_is_refused(served: Served) -> None:
    body = b"command=%2Fcsterm&text=\xff\xfe"
    async with served.http.post(f"{served.url}/slack/events", data=body,
                                headers=signed_headers("command=%2Fcsterm&text=")) as response:
        assert response.status == 401
    assert served.store.lookups == []


async def test_other_commands_and_ssl_checks_go_to_bolt(served: Served) -> None:
    other = slash_command_body("NRR", served.slack.response_url()).replace("%2Fcsterm", "%2Fother")
    assert "command=%2Fother" in other
    status, _ = await served.post(other, signed_headers(other))
    assert status == 404  # bolt: no listener for /other
    ssl_check = "ssl_check=1&token=legacy"
    status, _ = await served.post(ssl_check, signed_headers(ssl_check))
    assert status == 200
    assert served.store.lookups == []


async def test_a_form_that_is_not_a_slash_command_still_needs_a_signature(served: Served) -> None:
    body = "payload=" + json.dumps(block_action("csterm_show_term-0", "Churn Rate", served.slack.response_url()))
    status, _ = await served.post(body, signed_headers(body, secret="not-the-secret"))
    assert status == 401
    assert served.slack.calls == []


async def test_share_keeps_the_private_answer_and_logs_when_the_response_url_fails(
        served: Served, caplog: pytest.LogCaptureFixture) -> None:
    served.slack.http_error(RESPONSE_URL_METHOD, status=500)
    action = block_action("csterm_share", "Net Revenue Retention", served.slack.response_url("T1/share/2"))
    body = block_action_body(action)
    status, _ = await served.post(body, signed_headers(body))
    assert status == 200
    [public] = await served.slack.wait_for(RESPONSE_URL_METHOD, count=1)
    assert public.params["response_type"] == "in_channel"
    await served.event(mention_event("<@UBOT0001> CSM", thread_ts=THREAD_TS), "EvAfterShare")
    await served.slack.wait_for("chat.postMessage")  # by now a delete would have been sent too
    assert [c.params.get("delete_original") for c in served.slack.calls_to(RESPONSE_URL_METHOD)] == [None]
    assert "response_url answered HTTP 500" in caplog.text


async def post_action(served: Served, payload: dict[str, Any]) -> int:
    body = block_action_body(payload)
    status, _ = await served.post(body, signed_headers(body))
    return status


async def test_forged_list_page_value_gets_a_clear_message(served: Served, caplog: pytest.LogCaptureFixture) -> None:
    for n, value in enumerate(["²|", "-1|", "99999999999999999999|metric", "|"]):
        action = block_action(f"csterm_list_page-next{n}", value, served.slack.response_url(f"T1/page/{n}"))
        assert await post_action(served, action) == 200
    answers = await served.slack.wait_for(RESPONSE_URL_METHOD, count=4)
    assert all("That page is no longer available" in a.params["text"] for a in answers)
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("drop", ["response_url", "user"])
async def test_forged_block_actions_missing_fields_get_200_and_one_log_line(
        served: Served, caplog: pytest.LogCaptureFixture, drop: str) -> None:
    for action_id in ("csterm_share", "csterm_show_term-0", "csterm_list_page-next"):
        action = block_action(action_id, "Net Revenue Retention", served.slack.response_url("T1/forged"))
        del action[drop]
        assert await post_action(served, action) == 200
    assert served.slack.calls_to(RESPONSE_URL_METHOD) == []
    assert "Traceback" not in caplog.text and caplog.text.count("ignored") == 3
    assert all(len(record.getMessage().splitlines()) == 1 for record in caplog.records)


@pytest.mark.parametrize("drop", [("ts",), ("ts", "event_ts"), ("channel",)])
async def test_forged_mention_without_ts_or_channel_gets_200_and_no_crash(
        served: Served, caplog: pytest.LogCaptureFixture, drop: tuple[str, ...]) -> None:
    event = mention_event("<@UBOT0001> NRR")
    for key in drop:
        event.pop(key, None)
    assert await served.event(event, f"EvForged{'-'.join(drop)}") == 200
    # a later, well-formed mention is answered; by then the forged one would have been too
    assert await served.event(mention_event("<@UBOT0001> CSM", thread_ts=THREAD_TS), "EvFine") == 200
    [post] = await served.slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == THREAD_TS and post.params["text"] != APOLOGY  # no crash, no apology
    assert "a csterm handler failed" not in caplog.text and "ignored" in caplog.text


async def test_forged_direct_message_without_a_channel_gets_200_and_nothing(
        served: Served, caplog: pytest.LogCaptureFixture) -> None:
    forged = {"type": "message", "channel_type": "im", "user": "U0000001", "text": "NRR", "ts": "1700000300.1"}
    assert await served.event(forged, "EvForgedDM") == 200
    assert await served.event(mention_event("<@UBOT0001> CSM", thread_ts=THREAD_TS), "EvFineAfterDM") == 200
    [post] = await served.slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == THREAD_TS
    assert "a csterm handler failed" not in caplog.text


async def test_a_card_is_encoded_once_and_every_lookup_still_recorded(served: Served,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.slack.slash_http as slash_http

    encoded: list[object] = []
    real_dumps = json.dumps

    def counting_dumps(value: object, **kwargs: Any) -> str:
        encoded.append(value)
        return real_dumps(value, **kwargs)

    monkeypatch.setattr(slash_http.json, "dumps", counting_dumps)
    answers = [await served.slash(text) for text in ("NRR", "NRR", "nrr", "pizza oven", "pizza oven")]
    assert [status for status, _ in answers] == [200] * 5
    assert answers[0][1] == answers[1][1] == answers[2][1]  # the same card, byte for byte
    assert json.loads(answers[0][1])["blocks"][0]["text"]["text"] == "Net Revenue Retention"
    # the card once (NRR and nrr share it); the not-found answer once too: a remembered answer's bytes are kept
    assert len(encoded) == 2
    assert json.loads(answers[3][1]) == json.loads(answers[4][1])
    assert [lookup["query"] for lookup in served.store.lookups] == ["NRR", "NRR", "nrr", "pizza oven", "pizza oven"]
