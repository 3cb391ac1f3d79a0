"""The one way csterm builds its Web API client (the app, the daily poster, the CLI): slack-sdk's AsyncWebClient,
pointed at SLACK_API_URL when set, retrying rate limits (honouring Retry-After) and dropped connections."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings

SLACK_API_URL = "https://slack.com/api/"


def make_web_client(settings: Settings, *, rate_limit_retries: int = 2) -> AsyncWebClient:
    """A client for the bot token; a 429 is retried `rate_limit_retries` times after its Retry-After."""
    settings.require("SLACK_BOT_TOKEN")
    return configure_web_client(AsyncWebClient(token=settings.slack_bot_token), settings,
                                rate_limit_retries=rate_limit_retries)


def configure_web_client(client: AsyncWebClient, settings: Settings, *, rate_limit_retries: int) -> AsyncWebClient:
    """Point a client (ours, or the one bolt builds from the token) at SLACK_API_URL, with csterm's retries."""
    base_url = settings.slack_api_url or SLACK_API_URL
    client.base_url = base_url if base_url.endswith("/") else base_url + "/"
    client.retry_handlers = [
        AsyncConnectionErrorRetryHandler(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
    ]
    return client
