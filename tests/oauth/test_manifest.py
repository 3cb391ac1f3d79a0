"""The OAuth install asks for manifest.yml's bot scopes: read from the file, one clear line when it cannot be."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import ConfigError
from bot.slack.manifest import SHIPPED_MANIFEST, bot_scopes


def test_the_shipped_manifests_bot_scopes() -> None:
    expected = yaml.safe_load(SHIPPED_MANIFEST.read_text())["oauth_config"]["scopes"]["bot"]
    assert bot_scopes() == expected and {"commands", "chat:write", "app_mentions:read"} <= set(expected)


@pytest.mark.parametrize(("text", "message"), [
    (None, "cannot read the bot scopes from"),
    ("oauth_config: {scopes: {user: [x]}}", "has no oauth_config.scopes.bot list"),
    ("- just a list", "has no oauth_config.scopes.bot list"),
    ("oauth_config: [unclosed", "cannot read the bot scopes from"),
])
def test_a_manifest_without_bot_scopes_is_one_clear_line(tmp_path: Path, text: str | None, message: str) -> None:
    path = tmp_path / "manifest.yml"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ConfigError, match=message) as raised:
        bot_scopes(path)
    assert "\n" not in str(raised.value)
