"""Slack ids (users, channels, workspaces, organisations): one pattern for each, shared by the configuration, the
CLI and the listeners. Slack-free (no slack_bolt import): it is only text.

An id is one capital letter saying what it is (`U`/`W` a user, `C`/`G` a channel, `T` a workspace, `E` an
organisation), then capital letters and digits, at most SLACK_ID_MAX characters in all (the store's id columns are
String(32)).
"""

from __future__ import annotations

import re

SLACK_ID_MAX = 32


def _id(first: str, at_least: int) -> str:
    return rf"[{first}][A-Z0-9]{{{at_least - 1},{SLACK_ID_MAX - 1}}}"


def slack_id_pattern(first: str, *, at_least: int = 2) -> re.Pattern[str]:
    """An id that starts with one of the letters `first` and has `at_least` to SLACK_ID_MAX characters."""
    return re.compile(rf"^{_id(first, at_least)}$")


USER_ID = slack_id_pattern("UW")
CHANNEL_ID = slack_id_pattern("CG", at_least=3)  # public or private channels
WORKSPACE_ID = slack_id_pattern("TE")  # a workspace, or an Enterprise Grid organisation
ANY_ID = re.compile(rf"[A-Z0-9]{{1,{SLACK_ID_MAX}}}")  # any id field of a payload (fullmatch)
# `#channel` as Slack sends it in a slash command (`<#C0123ABCD|name>`), or the bare id
CHANNEL_REFERENCE = re.compile(rf"^<#({_id('CG', 3)})(?:\|[^>]*)?>$|^({_id('CG', 3)})$")
