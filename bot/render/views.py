"""Slack views beyond the entry card: search hits, category pages, A vs B, calc results, thread terms.

Pure functions returning `View` (Block Kit dicts plus the plain-text fallback); no slack_bolt here.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, HeaderBlock, SectionBlock

from bot.glossary.model import Entry, Glossary
from bot.render.blocks import (
    SHARE_ACTION,
    SHOW_TERM_ACTION,
    context,
    entry_blocks,
    entry_text_fallback,
    fallback_text,
    section,
)
from bot.render.content import one_line
from bot.render.kit import actions_block, button, context_block, fields_block, header_block, section_block
from bot.render.limits import MAX_BLOCKS, MAX_BUTTON, MAX_BUTTON_VALUE, MAX_HEADER, MAX_SECTION, clip, escape_mrkdwn
from bot.search.matcher import SearchHit

LIST_PAGE_ACTION = "csterm_list_page"
PAGE_SIZE = 40
MAX_THREAD_TERMS = 40


@dataclass(frozen=True)
class View:
    blocks: list[dict[str, Any]]
    text: str
    # Set when the view is a pure function of immutable things (an entry's card): equal keys, equal views, so a
    # transport may keep the view's encoded bytes under it (slash_http.py) instead of encoding it every time.
    key: Hashable | None = None


def _dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    return [b.to_dict() for b in blocks[:MAX_BLOCKS]]


def _show_button(term: str, n: int, label: str | None = None) -> ButtonElement:
    return ButtonElement(text=clip(label or term, MAX_BUTTON), action_id=f"{SHOW_TERM_ACTION}-{n}", value=term)


def _share_button(value: str) -> list[ButtonElement]:
    """The Share button carrying what to re-post; none when that does not fit in a button (a clipped value
    would share something else than what was shown)."""
    if len(value) > MAX_BUTTON_VALUE:
        return []
    return [ButtonElement(text="Share in channel", action_id=SHARE_ACTION, value=value, style="primary")]


def _line_sections(lines: Sequence[str], title: str = "") -> list[Block]:
    """Lines packed into as few sections as Slack's 3000-character limit allows."""
    blocks: list[Block] = []
    chunk = title
    for line in lines:
        if chunk and len(chunk) + len(line) + 1 > MAX_SECTION:
            blocks.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        blocks.append(section(chunk))
    return blocks


def notice(message: str) -> View:
    """A short message; `message` is mrkdwn the caller built (user text in it already escaped)."""
    return View([section_block(message)], clip(message, MAX_SECTION))


def entry_view(entry: Entry, glossary: Glossary, *, shared_by: str | None = None) -> View:
    return View(entry_blocks(entry, glossary=glossary, shared_by=shared_by), entry_text_fallback(entry))


def search_view(words: str, hits: Sequence[SearchHit]) -> View:
    shown = escape_mrkdwn(words.strip())
    if not hits:
        return notice(f"No definitions mention “{shown}”. Try fewer or different words, or `/csterm list`.")
    blocks: list[Block] = [section(f"*{len(hits)} result{'s' if len(hits) != 1 else ''} for “{shown}”*")]
    for n, hit in enumerate(hits[: MAX_BLOCKS - 1]):
        text = f"*{escape_mrkdwn(hit.entry.term)}* · {hit.entry.category}\n{escape_mrkdwn(one_line(hit.entry))}"
        blocks.append(SectionBlock(text=clip(text, MAX_SECTION), accessory=_show_button(hit.entry.term, n, "Show")))
    text = f"Results for “{words.strip()}”: " + ", ".join(h.entry.term for h in hits)
    return View(_dicts(blocks), fallback_text(text))


def _entry_line(entry: Entry) -> str:
    aliases = f" ({escape_mrkdwn(', '.join(entry.aliases))})" if entry.aliases else ""
    return f"• {escape_mrkdwn(entry.term)}{aliases}"


def category_page(glossary: Glossary, category: str | None, page: int = 1) -> View:
    """One page of the glossary grouped by category (all categories, or one), with page buttons."""
    groups = glossary.by_category()
    key = ""
    if category is not None:
        key = category.strip().casefold().rstrip("s")
        if key not in groups:
            known = ", ".join(f"`{c}`" for c in groups)
            return notice(f"There is no category “{escape_mrkdwn(category.strip())}”. Categories: {known}.")
        groups = {key: groups[key]}
    flat = [(name, entry) for name, entries in groups.items() for entry in entries]
    pages = max(1, -(-len(flat) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    on_page = flat[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    title = f"Glossary: {category.strip().casefold()}" if category else "Glossary"
    blocks: list[Block] = [HeaderBlock(text=clip(f"{title} ({len(flat)} terms)", MAX_HEADER))]
    for name in dict.fromkeys(n for n, _ in on_page):
        lines = [_entry_line(e) for n, e in on_page if n == name]
        blocks += _line_sections(lines, f"*{name.capitalize()}*")
    buttons = []
    value = key  # the canonical category key: the raw text can exceed a button value's 2,000 characters
    if page > 1:
        buttons.append(ButtonElement(text="Previous page", action_id=f"{LIST_PAGE_ACTION}-prev",
                                     value=f"{page - 1}|{value}"))
    if page < pages:
        buttons.append(ButtonElement(text="Next page", action_id=f"{LIST_PAGE_ACTION}-next",
                                     value=f"{page + 1}|{value}"))
    blocks.append(context(f"Page {page} of {pages} · `/csterm TERM` for a full entry"))
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    text = f"{title}, page {page} of {pages}: " + ", ".join(e.term for _, e in on_page)
    return View(_dicts(blocks), fallback_text(text))


def _confusion_lines(first: Entry, second: Entry) -> list[str]:
    lines = []
    for entry, other in ((first, second), (second, first)):
        for confusable in entry.not_to_confuse_with:
            if confusable.term.casefold() == other.term.casefold():
                lines.append(f"*{escape_mrkdwn(entry.term)}* vs *{escape_mrkdwn(other.term)}*: "
                             f"{escape_mrkdwn(confusable.difference)}")
    return lines


def _side(entry: Entry) -> str:
    text = f"*{escape_mrkdwn(entry.term)}* · {entry.category}\n{escape_mrkdwn(entry.definition)}"
    if entry.formula:
        text += f"\n`{escape_mrkdwn(entry.formula.expression)}` ({entry.formula.unit})"
    return clip(text, 2000)


def versus_view(first: Entry, second: Entry, *, shared_by: str | None = None) -> View:
    """Two entries side by side, with their not-to-confuse line(s) when the glossary has one. Built for every
    comparison asked, so as plain dicts (kit.py)."""
    blocks = [header_block(f"{first.term} vs {second.term}"), fields_block([_side(first), _side(second)])]
    confusion = _confusion_lines(first, second)
    if confusion:
        blocks.append(section_block("*The difference*\n" + "\n".join(confusion)))
    if shared_by is None:
        value = f"vs:{first.term}|{second.term}"
        share = [button("Share in channel", SHARE_ACTION, value, "primary")] if len(value) <= MAX_BUTTON_VALUE else []
        blocks.append(actions_block([*share, button(first.term, f"{SHOW_TERM_ACTION}-0", first.term),
                                     button(second.term, f"{SHOW_TERM_ACTION}-1", second.term)]))
    else:
        blocks.append(context_block(f"Shared by <@{escape_mrkdwn(shared_by)}> with /csterm"))
    text = f"{first.term}: {first.definition}\n{second.term}: {second.definition}"
    return View(blocks, fallback_text(text))


@dataclass(frozen=True)
class CalcResult:
    entry: Entry
    values: Mapping[str, str]  # variable -> value as shown, with its unit
    filled_in: str
    result: str
    command: str  # the calc arguments, to re-run for Share
    warnings: tuple[str, ...] = ()  # mrkdwn, user text escaped: shown under the result


def calc_view(calc: CalcResult, *, shared_by: str | None = None) -> View:
    formula = calc.entry.formula
    assert formula is not None
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"{calc.entry.term} = {calc.result}", MAX_HEADER)),
        section(f"`{escape_mrkdwn(formula.expression)}`\n= `{escape_mrkdwn(calc.filled_in)}`\n= *{calc.result}*"),
        context(escape_mrkdwn(", ".join(f"{k} = {v}" for k, v in calc.values.items()))),
        *(context(f":warning: {warning}") for warning in calc.warnings),
    ]
    if shared_by is None:
        blocks.append(ActionsBlock(elements=[*_share_button(f"calc:{calc.command}"),
                                             _show_button(calc.entry.term, 0, "About this metric")]))
    else:
        blocks.append(context(f"Shared by <@{escape_mrkdwn(shared_by)}> with /csterm"))
    text = f"{calc.entry.term} = {calc.result} ({calc.filled_in})"
    return View(_dicts(blocks), fallback_text(text))


def thread_terms_view(entries: Sequence[Entry], *, title: str = "Terms in this thread") -> View:
    """One short line per term found in a thread's first message (or any message: `title`), each with a button
    for the full entry."""
    if not entries:
        return notice("I found no glossary terms or acronyms in this thread's first message.")
    shown = entries[:MAX_THREAD_TERMS]
    blocks: list[Block] = [section(f"*{title} ({len(entries)})*")]
    for n, entry in enumerate(shown):
        text = f"*{escape_mrkdwn(entry.term)}*: {escape_mrkdwn(one_line(entry))}"
        blocks.append(SectionBlock(text=clip(text, MAX_SECTION), accessory=_show_button(entry.term, n, "Full entry")))
    if len(entries) > len(shown):
        blocks.append(context(f"…and {len(entries) - len(shown)} more."))
    text = "\n".join(f"{e.term}: {one_line(e)}" for e in shown)
    return View(_dicts(blocks), fallback_text(text))
