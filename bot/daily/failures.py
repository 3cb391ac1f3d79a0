"""Sorting Slack failures: permanent ones pause the subscription, everything else is retried with back-off."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError, SlackTokenRotationError

# error code -> what a person should know (shown by `/csterm daily` and `csterm daily list`)
PERMANENT_ERRORS: dict[str, str] = {
    "not_in_channel": "csterm is not in the channel: invite it, then run `/csterm daily on` again",
    "channel_not_found": "the channel was not found (deleted, or csterm cannot see it)",
    "is_archived": "the channel is archived",
    "account_inactive": "csterm's token is inactive (the app was uninstalled or deactivated)",
    "token_revoked": "csterm's token was revoked (the app was uninstalled): reinstall it",
    "invalid_auth": "csterm's token is not valid any more: reinstall the app",
    "invalid_refresh_token": "csterm's token could not be renewed (token rotation was refused): reinstall the app",
}
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)
SLACK_FAILURES = (SlackApiError, SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError)


@dataclass(frozen=True)
class SlackFailure:
    code: str
    permanent: bool

    @property
    def pause_reason(self) -> str:
        return f"{self.code}: {PERMANENT_ERRORS.get(self.code, 'Slack refused the post')}"


def classify(error: BaseException) -> SlackFailure:
    """The Slack error code (or a short description) and whether retrying can ever help."""
    if isinstance(error, SlackTokenRotationError):  # renewing the token (oauth.v2.access) was refused
        error = error.api_error
    if isinstance(error, SlackApiError):
        response = error.response
        code = response.get("error") if isinstance(response.data, dict) else None
        if not code:
            code = f"http_{response.status_code}"
        return SlackFailure(str(code), str(code) in PERMANENT_ERRORS)
    return SlackFailure(f"{type(error).__name__}: {error}"[:200], False)


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` tries: 1, 2, 4, 8 ... minutes, at most an hour."""
    delay: timedelta = BACKOFF_FIRST * 2 ** min(max(attempts - 1, 0), 10)
    return min(delay, BACKOFF_MAX)
