"""The bot scopes csterm asks for when a workspace installs it: read from manifest.yml, the one place they live.

The manifest is what a person pastes into api.slack.com; the OAuth install (bot/slack/install.py) must ask for the
same scopes, so it reads them from there at start-up rather than keeping a second list.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.config import ConfigError

SHIPPED_MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def bot_scopes(path: Path | None = None) -> list[str]:
    """oauth_config.scopes.bot of the manifest (default: the shipped manifest.yml); ConfigError (one line) when it
    is missing or has none."""
    path = path or SHIPPED_MANIFEST
    try:
        manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read the bot scopes from {path}: {str(error).splitlines()[0]}") from None
    scopes: object = manifest
    for key in ("oauth_config", "scopes", "bot"):
        scopes = scopes.get(key) if isinstance(scopes, dict) else None
    if not isinstance(scopes, list) or not scopes or not all(isinstance(s, str) and s for s in scopes):
        raise ConfigError(f"{path} has no oauth_config.scopes.bot list: OAuth installs need the bot scopes")
    return list(scopes)
