"""Modals opened from the App Home: a category's terms page by page, and one entry's card on top of it.

Pure: each function returns the view dict for views.open / views.update / views.push (validated by slack-sdk's
View: title at most 24 characters, at most 100 blocks).
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, SectionBlock
from slack_sdk.models.views import View as SlackView

from bot.glossary.model import Entry, Glossary
from bot.render.blocks import context, entry_blocks, section
from bot.render.content import one_line
from bot.render.limits import (
    MAX_BUTTON,
    MAX_BUTTON_VALUE,
    MAX_SECTION,
    MAX_VIEW_BLOCKS,
    MAX_VIEW_TITLE,
    clip,
    escape_mrkdwn,
)

CATEGORY_CALLBACK = "csterm_category"
ENTRY_CALLBACK = "csterm_entry"
MODAL_PAGE_ACTION = "csterm_modal_page"  # + "-prev" / "-next"; the value is "PAGE|CATEGORY"
MODAL_SHOW_ACTION = "csterm_modal_show"  # + "-N"; the value is the term
MODAL_PAGE_SIZE = 20


def _modal(title: str, blocks: list[Block | dict[str, Any]], callback_id: str, metadata: str = "") -> dict[str, Any]:
    dicts = [b if isinstance(b, dict) else b.to_dict() for b in blocks][:MAX_VIEW_BLOCKS]
    view = SlackView(type="modal", callback_id=callback_id, title=clip(title, MAX_VIEW_TITLE), close="Close",
                     blocks=dicts, private_metadata=metadata)
    return view.to_dict()


def category_modal(glossary: Glossary, category: str, page: int = 1) -> dict[str, Any]:
    """One page of a category's terms, each with its first sentence and a button for the full entry."""
    entries = glossary.by_category().get(category, [])
    if not entries:
        text = f"There is no category “{escape_mrkdwn(category)}” in the glossary any more."
        return _modal("Glossary", [section(text)], CATEGORY_CALLBACK)
    pages = -(-len(entries) // MODAL_PAGE_SIZE)
    page = min(max(page, 1), pages)
    on_page = entries[(page - 1) * MODAL_PAGE_SIZE: page * MODAL_PAGE_SIZE]
    blocks: list[Block | dict[str, Any]] = [context(f"{len(entries)} terms · page {page} of {pages}")]
    for n, entry in enumerate(on_page):
        also = f" ({escape_mrkdwn(', '.join(entry.aliases))})" if entry.aliases else ""
        text = f"*{escape_mrkdwn(entry.term)}*{also}\n{escape_mrkdwn(one_line(entry))}"
        button = ButtonElement(text="Show", action_id=f"{MODAL_SHOW_ACTION}-{n}",
                               value=clip(entry.term, MAX_BUTTON_VALUE))
        blocks.append(SectionBlock(text=clip(text, MAX_SECTION), accessory=button))
    buttons = []
    if page > 1:
        buttons.append(ButtonElement(text="Previous page", action_id=f"{MODAL_PAGE_ACTION}-prev",
                                     value=f"{page - 1}|{category}"))
    if page < pages:
        buttons.append(ButtonElement(text="Next page", action_id=f"{MODAL_PAGE_ACTION}-next",
                                     value=f"{page + 1}|{category}"))
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return _modal(f"{category.capitalize()} ({len(entries)})", blocks, CATEGORY_CALLBACK, category)


def entry_modal(entry: Entry, glossary: Glossary) -> dict[str, Any]:
    """One entry's card, pushed on top of a list (Slack's Back returns to the list)."""
    return _modal(clip(entry.term, MAX_VIEW_TITLE), [*entry_blocks(entry, glossary=glossary, interactive=False)],
                  ENTRY_CALLBACK)


def gone_modal(term: str) -> dict[str, Any]:
    return _modal("Glossary", [section(f"“{escape_mrkdwn(clip(term, MAX_BUTTON))}” is no longer in the glossary.")],
                  ENTRY_CALLBACK)
