"""The "Explain terms" message shortcut's answer: one line per glossary term in the message, or, when there is
none, saying so and offering search (the /csterm search command and a button to csterm's Home tab)."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.glossary.model import Entry
from bot.render.blocks import context, fallback_text, section
from bot.render.views import View, thread_terms_view

EXPLAIN_CALLBACK = "csterm_explain"
OPEN_HOME_ACTION = "csterm_open_home"  # a link button; its click is only acknowledged
NONE_FOUND = "I found no glossary terms in this message (acronyms count only when written in capitals, like NRR)."


def home_url(team_id: str, app_id: str) -> str | None:
    """Slack's deep link to this app's Home tab, when the payload says which team and app."""
    if not (team_id.isalnum() and app_id.isalnum()):
        return None
    return f"slack://app?team={team_id}&id={app_id}&tab=home"


def explain_view(entries: Sequence[Entry], *, home: str | None) -> View:
    if entries:
        return thread_terms_view(entries, title="Terms in this message")
    blocks = [section(NONE_FOUND), context("Search the glossary with `/csterm search WORDS`"
                                           + (" or in my Home tab." if home else "."))]
    if home:
        blocks.append(ActionsBlock(elements=[ButtonElement(text="Search in csterm's Home", action_id=OPEN_HOME_ACTION,
                                                           url=home)]))
    return View([b.to_dict() for b in blocks], fallback_text(NONE_FOUND))
