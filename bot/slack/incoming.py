"""Text as Slack sends it -> text as people typed it: entities decoded, mentions of the bot removed."""

from __future__ import annotations

import re
from typing import Any

from bot.ids import ANY_ID

_USER_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def decode_entities(text: str) -> str:
    """Undo Slack's escaping of &, < and > (only those three, as Slack documents)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def strip_user_mentions(text: str) -> str:
    return " ".join(_USER_MENTION.sub(" ", text).split())


def team_of(body: dict[str, Any]) -> tuple[str, str | None]:
    """(team id, enterprise id) of any Slack payload: commands, events or interactions."""
    return _id(body, "team") or "", _id(body, "enterprise")


def installing_team(body: dict[str, Any], event: dict[str, Any]) -> tuple[str, str | None]:
    """(team id, enterprise id) of the workspace an event is delivered to: its authorization, else the outer
    body's ids. The event's own `team` is the sender's workspace (another one in Slack Connect) and carries no
    enterprise id, so it is only the last resort (a handler called without the outer body)."""
    authorizations = body.get("authorizations")
    first = authorizations[0] if isinstance(authorizations, list) and authorizations else None
    authorized = first if isinstance(first, dict) else {}
    outer_team, outer_enterprise = team_of(body)
    team_id = str(authorized.get("team_id") or "") or outer_team or team_of(event)[0]
    enterprise_id = authorized.get("enterprise_id") or outer_enterprise
    return team_id, str(enterprise_id) if enterprise_id else None


def _id(body: dict[str, Any], kind: str) -> str | None:
    """`kind_id` at the top, or `kind` as an object with an id (interactions) or as a bare id (events)."""
    value = body.get(f"{kind}_id") or body.get(kind)
    if isinstance(value, dict):
        value = value.get("id")
    return str(value) if value else None


_NUMBER = re.compile(r"[0-9]{1,18}")


def object_at(body: object, *keys: str) -> dict[str, Any]:
    """body[k1][k2]... when each step is an object (a dict), else {}: a forged payload's strings, lists or
    numbers where Slack sends objects read as empty instead of raising."""
    value = body
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, dict) else {}


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    """The clicked action of an interaction payload, or {} when `actions` is not a list of objects."""
    actions = body.get("actions")
    return actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}


def slack_id(value: object) -> str | None:
    """A user, team or channel id as Slack writes them (U0123ABCD: capitals and digits, at most 32), else None."""
    return value if isinstance(value, str) and ANY_ID.fullmatch(value) else None


def small_number(value: object) -> int | None:
    """An ASCII number of at most 18 digits, else None ("²".isdigit() is true, but int("²") raises)."""
    return int(value) if isinstance(value, str) and _NUMBER.fullmatch(value) else None
