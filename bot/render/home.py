"""The App Home tab: search (answered inside the tab), term of the day, categories, top terms, subscriptions.

Pure: home_view(HomeData) -> the view dict for views.publish, within Slack's limits (blocks.py). The tab's state
(the search and its page) travels in the view's private_metadata, so the server keeps none between clicks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View as SlackView

from bot.glossary.model import Entry, Glossary
from bot.render.blocks import context, entry_blocks, section
from bot.render.content import one_line
from bot.render.limits import (
    MAX_BUTTON,
    MAX_BUTTON_VALUE,
    MAX_BUTTONS,
    MAX_INPUT_PLACEHOLDER,
    MAX_PRIVATE_METADATA,
    MAX_SECTION,
    MAX_VIEW_BLOCKS,
    clip,
    escape_mrkdwn,
)
from bot.search.layers import GlossaryMatcher

HOME_CALLBACK = "csterm_home"
HOME_SEARCH_ACTION = "csterm_home_search"
HOME_SHOW_ACTION = "csterm_home_show"  # + "-N": one id per button
HOME_PAGE_ACTION = "csterm_home_page"  # + "-prev" / "-next"; the value is the page number
HOME_CLEAR_ACTION = "csterm_home_clear"
HOME_CATEGORY_ACTION = "csterm_home_category"  # + "-N"; the value is the category
MAX_QUERY = 200  # characters of a Home search that are kept
HITS_PER_PAGE = 8
MAX_HITS = 40
MAX_SUBSCRIPTION_LINES = 25
MAX_LIST_BLOCKS = 4  # sections one list may fill, so every part of the tab keeps its place


@dataclass(frozen=True)
class HomeState:
    """What the tab shows besides its fixed parts: a search (or a term opened from the tab) and its page."""

    query: str = ""
    page: int = 1

    def metadata(self) -> str:
        return json.dumps({"q": self.query, "p": self.page})[:MAX_PRIVATE_METADATA]

    @classmethod
    def from_metadata(cls, raw: str | None) -> HomeState:
        """The state a published tab carries; anything unreadable is the empty tab."""
        try:
            data = json.loads(raw or "{}")
            return cls(clip_query(str(data.get("q") or "")), max(1, int(data.get("p") or 1)))
        except (ValueError, TypeError, AttributeError):
            return cls()


def clip_query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY]


@dataclass(frozen=True)
class HomeSearch:
    """A search's answer in the tab: the entry when the query names one, else hits to page through."""

    query: str
    entry: Entry | None
    hits: tuple[Entry, ...]
    page: int


def home_search(matcher: GlossaryMatcher, state: HomeState) -> HomeSearch | None:
    if not state.query:
        return None
    match = matcher.match(state.query)
    if match.status == "match" and match.entry is not None:
        return HomeSearch(state.query, match.entry, (), 1)
    found = [*match.candidates, *(hit.entry for hit in matcher.search(state.query, limit=MAX_HITS))]
    hits = tuple({id(e): e for e in found}.values())[:MAX_HITS]
    pages = max(1, -(-len(hits) // HITS_PER_PAGE))
    return HomeSearch(state.query, None, hits, min(state.page, pages))


@dataclass(frozen=True)
class HomeSection:
    """A titled list for the tab, e.g. (once the team glossary exists) a reviewer's pending suggestions."""

    title: str
    lines: tuple[str, ...]  # mrkdwn, user text already escaped
    empty: str = ""


@dataclass(frozen=True)
class HomeData:
    glossary: Glossary
    state: HomeState
    search: HomeSearch | None
    term_of_the_day: Entry | None
    top_terms: tuple[tuple[str, int], ...]  # (term, lookups) this month
    subscriptions: tuple[str, ...] | None  # one mrkdwn line per channel; None when the database is not open
    extra_sections: tuple[HomeSection, ...] = field(default=())


def _button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=clip(text, MAX_BUTTON), action_id=action_id, value=clip(value, MAX_BUTTON_VALUE),
                         style=style)


def _show(entry_term: str, n: int, label: str | None = None) -> ButtonElement:
    return _button(label or entry_term, f"{HOME_SHOW_ACTION}-{n}", entry_term)


def _search_blocks(search: HomeSearch, glossary: Glossary) -> list[Block | dict[str, Any]]:
    clear = _button("Clear search", HOME_CLEAR_ACTION, "clear")
    if search.entry is not None:
        card: list[Block | dict[str, Any]] = [*entry_blocks(search.entry, glossary=glossary, interactive=False)]
        related = [e for e in (glossary.get(t) for t in search.entry.related) if e is not None]
        buttons = [_show(e.term, n) for n, e in enumerate(related[: MAX_BUTTONS - 1])]
        return [*card, ActionsBlock(elements=[*buttons, clear])]
    shown = escape_mrkdwn(search.query)
    if not search.hits:
        return [section(f"Nothing in the glossary matches “{shown}” yet. Try other words."), ActionsBlock(
            elements=[clear])]
    pages = -(-len(search.hits) // HITS_PER_PAGE)
    on_page = search.hits[(search.page - 1) * HITS_PER_PAGE: search.page * HITS_PER_PAGE]
    blocks: list[Block | dict[str, Any]] = [section(f"*{len(search.hits)} entries for “{shown}”*")]
    for n, entry in enumerate(on_page):
        text = f"*{escape_mrkdwn(entry.term)}* · {entry.category}\n{escape_mrkdwn(one_line(entry))}"
        blocks.append(SectionBlock(text=clip(text, MAX_SECTION), accessory=_show(entry.term, n, "Show")))
    buttons = [clear]
    if search.page > 1:
        buttons.insert(0, _button("Previous page", f"{HOME_PAGE_ACTION}-prev", str(search.page - 1)))
    if search.page < pages:
        buttons.insert(0, _button("Next page", f"{HOME_PAGE_ACTION}-next", str(search.page + 1)))
    return [*blocks, context(f"Page {search.page} of {pages}"), ActionsBlock(elements=buttons)]


def _search_input(state: HomeState) -> InputBlock:
    # A new block id per query makes Slack show initial_value instead of keeping what was typed before.
    digest = hashlib.sha256(state.query.encode()).hexdigest()[:8]
    return InputBlock(
        block_id=f"csterm_search_{digest}", label="Search the glossary", dispatch_action=True,
        element=PlainTextInputElement(
            action_id=HOME_SEARCH_ACTION, initial_value=state.query or None, max_length=MAX_QUERY,
            placeholder=clip("A term, an acronym or a question, e.g. NRR", MAX_INPUT_PLACEHOLDER),
            dispatch_action_config={"trigger_actions_on": ["on_enter_pressed"]},
        ),
    )


def _list_blocks(title: str, lines: Sequence[str], empty: str) -> list[Block]:
    """A titled list packed into sections, at most MAX_LIST_BLOCKS of them (then "…and N more")."""
    if not lines:
        return [section(f"*{title}*\n{empty}")]
    text = f"*{title}*"
    blocks: list[Block] = []
    for shown, line in enumerate(lines):
        if len(text) + len(line) + 1 > MAX_SECTION:
            blocks.append(section(text))
            text = ""
            if len(blocks) == MAX_LIST_BLOCKS:
                return [*blocks, context(f"…and {len(lines) - shown} more.")]
        text = f"{text}\n{line}" if text else line
    return [*blocks, section(text)]


def _fixed_blocks(data: HomeData) -> list[Block | dict[str, Any]]:
    blocks: list[Block | dict[str, Any]] = [DividerBlock()]
    if data.term_of_the_day is not None:
        entry = data.term_of_the_day
        text = f":calendar: *Term of the day: {escape_mrkdwn(entry.term)}*\n{escape_mrkdwn(one_line(entry))}"
        blocks.append(SectionBlock(text=clip(text, MAX_SECTION), accessory=_show(entry.term, 90, "Full entry")))
    groups = data.glossary.by_category()
    blocks.append(section(f"*Browse by category* ({len(data.glossary)} terms)"))
    buttons = [_button(f"{name.capitalize()} ({len(entries)})", f"{HOME_CATEGORY_ACTION}-{n}", name)
               for n, (name, entries) in enumerate(groups.items())]
    blocks += [ActionsBlock(elements=buttons[i:i + MAX_BUTTONS]) for i in range(0, len(buttons), MAX_BUTTONS)]
    top = [f"{n}. {escape_mrkdwn(term)} ({count})" for n, (term, count) in enumerate(data.top_terms, 1)]
    blocks += _list_blocks("Most looked up this month", top, "No lookups yet this month.")
    top_buttons = [_show(term, 100 + n) for n, (term, _) in enumerate(data.top_terms[:MAX_BUTTONS])
                   if data.glossary.get(term) is not None]
    if top_buttons:
        blocks.append(ActionsBlock(elements=top_buttons))
    for extra in data.extra_sections:
        blocks += _list_blocks(escape_mrkdwn(extra.title), extra.lines, extra.empty)
    if data.subscriptions is None:
        blocks.append(section("*Term of the day in channels*\nThe settings will show here once my database is open."))
    else:
        lines = [f"• {line}" for line in data.subscriptions[:MAX_SUBSCRIPTION_LINES]]
        if len(data.subscriptions) > MAX_SUBSCRIPTION_LINES:
            lines.append(f"…and {len(data.subscriptions) - MAX_SUBSCRIPTION_LINES} more (`csterm daily list`).")
        blocks += _list_blocks("Term of the day in channels", lines,
                               "No channel has one yet: run `/csterm daily on` in a channel.")
    return blocks


def home_view(data: HomeData) -> dict[str, Any]:
    """The Home tab as views.publish takes it (validated by slack-sdk's View: at most 100 blocks)."""
    blocks: list[Block | dict[str, Any]] = [
        HeaderBlock(text="csterm: the customer-success glossary"),
        context("Search below, open a category, or use `/csterm TERM` anywhere. "
                "On any message: ⋯ → *Explain terms*."),
        _search_input(data.state),
    ]
    if data.search is not None:
        blocks += _search_blocks(data.search, data.glossary)
    fixed = _fixed_blocks(data)
    blocks = blocks[: MAX_VIEW_BLOCKS - len(fixed)] + fixed  # the fixed parts are small; a long answer gives way
    dicts = [b if isinstance(b, dict) else b.to_dict() for b in blocks][:MAX_VIEW_BLOCKS]
    view = SlackView(type="home", callback_id=HOME_CALLBACK, blocks=dicts, private_metadata=data.state.metadata())
    return view.to_dict()
