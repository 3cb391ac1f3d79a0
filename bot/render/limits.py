"""Every limit Slack puts on what csterm sends, and the text helpers that keep to them (no Slack imports)."""

from __future__ import annotations

MAX_BLOCKS = 50  # in a message
MAX_VIEW_BLOCKS = 100  # in a Home tab or a modal
MAX_VIEW_TITLE = 24  # a modal's title
MAX_PRIVATE_METADATA = 3000
MAX_INPUT_PLACEHOLDER = 150
MAX_SECTION = 3000
MAX_FIELD = 2000  # one of a section's side-by-side fields
MAX_HEADER = 150
MAX_BUTTON = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTONS = 25
MAX_BLOCK_ID = 255
MAX_QUOTED = 80  # user text quoted back in a message ("“…” is not a time zone"): enough to recognise it


def escape_mrkdwn(text: str) -> str:
    """Escape &, < and > so user text can never become a mention, a link or a broadcast."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str, limit: int = MAX_QUOTED) -> str:
    """User text to quote back in mrkdwn: shortened (before escaping, so no entity is cut) and escaped."""
    return escape_mrkdwn(clip(text, limit))
