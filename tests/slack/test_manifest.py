"""manifest.yml, the app users paste into Slack, agrees with what the app does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.slack.app import build_registry

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return loaded


def test_usage_hint_names_every_sub_command() -> None:
    [command] = manifest()["features"]["slash_commands"]
    hint = command["usage_hint"]
    assert command["command"] == build_registry().command
    words = hint.replace("|", " ").split()
    for subcommand in build_registry().all():
        assert subcommand.name in words, f"{subcommand.name} is missing from the usage hint: {hint}"


def test_scopes_cover_the_web_api_methods_csterm_calls() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    # chat.postMessage, users.info (time zone, admins), conversations.open (the pause DM), DMs and mentions
    assert {"chat:write", "users:read", "im:write", "im:history", "app_mentions:read", "commands"} <= scopes
