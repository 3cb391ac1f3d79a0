"""Answer content -> Block Kit (through slack-sdk's models, which enforce Slack's limits), plus text fallbacks."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.glossary.model import Entry, Glossary
from bot.render.content import AnswerContent, answer_content
from bot.render.kit import actions_block, button, context_block, section_block
from bot.render.limits import (
    MAX_BLOCKS,
    MAX_BUTTONS,
    MAX_HEADER,
    MAX_SECTION,
    clip,
    escape_mrkdwn,
    quoted,
)
from bot.render.text import match_text
from bot.search.matcher import Match
from bot.search.normalize import compact, normalize

SHOW_TERM_ACTION = "csterm_show_term"
SHOW_TERM_PATTERN = re.compile(rf"^{SHOW_TERM_ACTION}(-\d+)?$")  # for listeners: one action id per button
SHARE_ACTION = "csterm_share"
SUGGEST_ACTION = "csterm_suggest"  # "nothing matches": open the suggestion form with the query filled in
_NO_ANGLES = str.maketrans("", "", "<>")  # a button value never carries Slack markup (<!channel>)
PICK_BLOCK = "csterm_pick:"  # the block of "did you mean" buttons carries the query, to learn from the choice


def pick_block_id(query: str) -> str:
    """The query as phrasings are learned under (bot.search.layers.learned_key): normalised, so no markup."""
    return PICK_BLOCK + compact(normalize(query))[:200]
def section(mrkdwn: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(mrkdwn, MAX_SECTION)))


def context(mrkdwn: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(mrkdwn, MAX_SECTION))])


def term_buttons(terms: list[str] | tuple[str, ...], *, first: int = 0) -> list[dict[str, Any]]:
    """One button per term (plain dicts, see kit.py), each with its own action id; the value carries the
    canonical name."""
    return [button(term, f"{SHOW_TERM_ACTION}-{first + n}", term)
            for n, term in enumerate(list(dict.fromkeys(terms))[:MAX_BUTTONS])]


def _content_blocks(content: AnswerContent) -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text=clip(content.term, MAX_HEADER))]
    label = content.category.capitalize()
    if content.aliases:
        label += " · also " + ", ".join(escape_mrkdwn(a) for a in content.aliases)
    if content.team:
        label += f" · defined by {escape_mrkdwn(content.team)}"
    blocks.append(context(label))
    blocks += [section(escape_mrkdwn(note)) for note in content.team_notes]
    blocks.append(section(escape_mrkdwn(content.definition)))
    if content.formula:
        lines = [f"*Formula* ({content.formula_unit})", f"```{escape_mrkdwn(content.formula)}```"]
        lines += [f"• `{v.name}`: {escape_mrkdwn(v.description)} ({v.unit})" for v in content.variables]
        blocks.append(section("\n".join(lines)))
    if content.example:
        example = content.example
        inputs = ", ".join(f"{name} = {escape_mrkdwn(value)}" for name, value in example.inputs)
        text = f"*Worked example*\n{inputs}\n`{escape_mrkdwn(example.filled_in)}` = *{escape_mrkdwn(example.result)}*"
        if example.note:
            text += f"\n{escape_mrkdwn(example.note)}"
        blocks.append(section(text))
    if content.benchmark:
        blocks.append(section(f"*Benchmark*: {escape_mrkdwn(content.benchmark[0])} "
                              f"_({escape_mrkdwn(content.benchmark[1])})_"))
    if content.not_to_confuse_with:
        lines = [f"• *{escape_mrkdwn(t)}*: {escape_mrkdwn(d)}" for t, d in content.not_to_confuse_with]
        blocks.append(section("*Not to confuse with*\n" + "\n".join(lines)))
    for meaning in content.other_meanings:
        note = f": {escape_mrkdwn(meaning.note)}" if meaning.note else ""
        blocks.append(context(f"*{escape_mrkdwn(meaning.acronym)}* can also mean "
                              f"_{escape_mrkdwn(meaning.meaning)}_{note}"))
    return blocks


def entry_blocks(entry: Entry, *, glossary: Glossary | None = None, shared_by: str | None = None,
                 interactive: bool = True, shareable: bool = True) -> list[dict[str, Any]]:
    """The card for one entry. `shared_by` (a user id) marks a public re-post and drops the Share button;
    `shareable=False` drops it too, for cards that are public already (the term of the day).

    The card is built once per entry and reused (building and validating Block Kit objects is most of the work
    of answering); callers may add or remove blocks in the returned list but must not change the blocks.
    """
    blocks = list(_card(entry, glossary, interactive, shareable=shareable and shared_by is None))
    if shared_by:
        blocks.append(context_block(f"Shared by <@{escape_mrkdwn(shared_by)}> with /csterm"))
    return blocks[:MAX_BLOCKS]


@lru_cache(maxsize=2048)
def _card(entry: Entry, glossary: Glossary | None, interactive: bool, shareable: bool) -> tuple[dict[str, Any], ...]:
    content = answer_content(entry, glossary)
    blocks = _content_blocks(content)
    buttons: list[ButtonElement | dict[str, Any]] = []
    if interactive:
        if shareable:
            buttons.append(ButtonElement(text="Share in channel", action_id=SHARE_ACTION, value=entry.term,
                                         style="primary"))
        buttons += term_buttons(content.related)[: MAX_BUTTONS - len(buttons)]
        if content.related:
            blocks.append(context("*Related terms*"))
    elif content.related:
        blocks.append(context("*Related:* " + ", ".join(escape_mrkdwn(r) for r in content.related)))
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return tuple(b.to_dict() for b in blocks[: MAX_BLOCKS - 1])  # room for the "Shared by" line


def without_share(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same blocks for a message everyone sees already: no Share button (an emptied actions block goes)."""
    kept: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("type") == "actions":
            elements = [e for e in block.get("elements", []) if e.get("action_id") != SHARE_ACTION]
            if not elements:
                continue
            if len(elements) != len(block["elements"]):
                block = {**block, "elements": elements}
        kept.append(block)
    return kept


def fallback_text(text: str) -> str:
    """A message's plain `text`: Slack reads it as mrkdwn too (notifications), so it is escaped as well."""
    return clip(escape_mrkdwn(text), MAX_SECTION)


def entry_text_fallback(entry: Entry) -> str:
    """Plain-text `text` for notifications and clients that cannot show blocks (escaped for Slack)."""
    return fallback_text(f"{entry.term}: {entry.definition}")


def match_blocks(match: Match, *, glossary: Glossary | None = None) -> list[dict[str, Any]]:
    """The answer to any query: the card, a "did you mean" choice, or a clear not-found with suggestions."""
    if match.status == "match" and match.entry is not None:
        blocks = entry_blocks(match.entry, glossary=glossary)
        if match.suggestions and not match.entry.other_meanings:
            also = ", ".join(escape_mrkdwn(s) for s in match.suggestions)
            blocks.insert(-1, context_block(f"Also known by this name: {also}"))
        return blocks[:MAX_BLOCKS]
    # Built on every request (never cached): plain dicts, no model validation (kit.py).
    query = escape_mrkdwn(match.query.strip())
    if match.status == "ambiguous":
        choices = [e.term for e in match.candidates] or list(match.suggestions)
        question = (f"Did you mean *{escape_mrkdwn(choices[0])}*?" if len(choices) == 1
                    else f"“{query}” could mean more than one thing. Did you mean…")
        return [section_block(question), actions_block(term_buttons(choices), pick_block_id(match.query))]
    missing = [section_block(f"Nothing in the glossary matches “{query}” yet. "
                             "It has been noted so the glossary can grow.")]
    if match.suggestions:
        missing += [context_block("Closest entries:"), actions_block(term_buttons(list(match.suggestions)))]
    missing.append(context_block("Try `/csterm search WORDS` to search the definitions, or `/csterm help`."))
    if match.query.strip():
        typed = clip(match.query.strip().translate(_NO_ANGLES), 80)
        missing.append(actions_block([button("Suggest a definition", SUGGEST_ACTION, typed)]))
    return missing


def match_text_fallback(match: Match) -> str:
    """Plain-text `text` for any answer (escaped for Slack: the query is user text)."""
    if match.status == "match" and match.entry is not None:
        return entry_text_fallback(match.entry)
    return fallback_text(match_text(match))


__all__ = [
    "SHARE_ACTION",
    "SHOW_TERM_ACTION",
    "SHOW_TERM_PATTERN",
    "clip",
    "context",
    "entry_blocks",
    "entry_text_fallback",
    "escape_mrkdwn",
    "fallback_text",
    "match_blocks",
    "match_text_fallback",
    "quoted",
    "section",
    "term_buttons",
    "without_share",
]
