from __future__ import annotations

import asyncio
import sys

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fakes.slack_api import RESPONSE_URL_METHOD, FakeSlackAPI


def client_for(slack: FakeSlackAPI, **kwargs: object) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=slack.base_url, **kwargs)  # type: ignore[arg-type]


async def test_records_calls_and_answers_like_slack() -> None:
    async with FakeSlackAPI() as slack:
        client = client_for(slack)
        auth = await client.auth_test()
        posted = await client.chat_postMessage(
            channel="C1", text="hi", thread_ts="1.2", blocks=[{"type": "divider"}]
        )
        again = await client.chat_postMessage(channel="C1", text="again")
    assert auth["user_id"] == slack.bot_user_id
    assert posted["ts"] != again["ts"]
    call = slack.calls_to("chat.postMessage")[0]
    assert call.params == {"channel": "C1", "text": "hi", "thread_ts": "1.2", "blocks": [{"type": "divider"}]}
    assert call.headers["Authorization"] == "Bearer xoxb-test"
    assert [c.method for c in slack.calls] == ["auth.test", "chat.postMessage", "chat.postMessage"]


async def test_conversations_replies_returns_the_configured_thread() -> None:
    async with FakeSlackAPI() as slack:
        slack.threads[("C1", "5.0")] = [{"ts": "5.0", "text": "our NRR is down"}]
        client = client_for(slack)
        found = await client.conversations_replies(channel="C1", ts="5.0")
        with pytest.raises(SlackApiError) as missing:
            await client.conversations_replies(channel="C1", ts="6.0")
    assert found["messages"][0]["text"] == "our NRR is down"
    assert missing.value.response["error"] == "thread_not_found"


async def test_fail_injects_an_error_the_given_number_of_times() -> None:
    async with FakeSlackAPI() as slack:
        slack.fail("chat.postMessage", error="not_in_channel", times=1)
        client = client_for(slack)
        with pytest.raises(SlackApiError) as failed:
            await client.chat_postMessage(channel="C1", text="hi")
        ok = await client.chat_postMessage(channel="C1", text="hi")
    assert failed.value.response["error"] == "not_in_channel"
    assert ok["ok"] is True


async def test_rate_limit_is_retried_by_the_sdk_handler() -> None:
    async with FakeSlackAPI() as slack:
        slack.rate_limit("chat.postMessage", retry_after=0, times=1)
        client = client_for(slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
        response = await client.chat_postMessage(channel="C1", text="hi")
    assert response["ok"] is True
    assert len(slack.calls_to("chat.postMessage")) == 2


async def test_http_error_and_response_url() -> None:
    async with FakeSlackAPI() as slack:
        slack.http_error(RESPONSE_URL_METHOD, status=500)
        webhook = AsyncWebhookClient(slack.response_url("T1/2/xyz"))
        first = await webhook.send(text="one")
        second = await webhook.send(text="two", replace_original=True)
        waited = await slack.wait_for(RESPONSE_URL_METHOD, count=2)
    assert first.status_code == 500
    assert second.status_code == 200
    assert waited[1].params == {"text": "two", "replace_original": True}
    assert waited[1].path == "/response/T1/2/xyz"


async def test_apps_connections_open_returns_the_socket_url() -> None:
    async with FakeSlackAPI(socket_mode_url="ws://127.0.0.1:1/link") as slack:
        opened = await AsyncWebClient(base_url=slack.base_url).apps_connections_open(app_token="xapp-1")
    assert opened["url"] == "ws://127.0.0.1:1/link"
    assert slack.calls_to("apps.connections.open")[0].headers["Authorization"] == "Bearer xapp-1"


async def test_runs_standalone_and_stops_on_sigterm() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.fakes.slack_api", stdout=asyncio.subprocess.PIPE
    )
    assert process.stdout is not None
    base_url = (await asyncio.wait_for(process.stdout.readline(), 30)).decode().strip()
    try:
        auth = await AsyncWebClient(token="xoxb-t", base_url=base_url).auth_test()
    finally:
        process.terminate()
        code = await asyncio.wait_for(process.wait(), 30)
    assert auth["ok"] is True
    assert code == 0
