"""Views for the team's own glossary: the suggestion modal, the reject-reason modal, the review post, the DM.

Slack-free (plain Block Kit dicts); user text is escaped in mrkdwn and clipped to Slack's limits (bot/render/limits).
"""

from __future__ import annotations

import json
from typing import Any

from bot.glossary.model import CATEGORIES
from bot.render.limits import MAX_BUTTON, MAX_SECTION, MAX_VIEW_TITLE, clip, escape_mrkdwn
from bot.terms.rules import MAX_ALIASES, MAX_NAME

ADD_CALLBACK = "csterm_term_modal"
REJECT_CALLBACK = "csterm_reject_modal"
REVIEW_CALLBACK = "csterm_review_modal"
APPROVE_ACTION, REJECT_ACTION, EDIT_ACTION = "csterm_review_approve", "csterm_review_reject", "csterm_review_edit"
SUGGEST_ACTION = "csterm_suggest"  # the same id as bot/render/blocks.py's miss button
FORGET_PHRASING_ACTION = "csterm_forget_phrasing"
RELATED_ACTION = "csterm_related_options"
MAX_OPTION = 75  # Slack: an option's text and value
MAX_TEXT_INPUT = 3000  # Slack: a plain_text_input's max_length
MAX_ALIASES_INPUT = min(MAX_TEXT_INPUT, MAX_ALIASES * (MAX_NAME + 2))  # every alias the rules allow, ", "-joined
_NO_ANGLES = str.maketrans("", "", "<>")


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False,
           hint: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "optional": optional,
                             "label": {"type": "plain_text", "text": label}, "element": element}
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _text(action_id: str, initial: str, *, multiline: bool = False, max_length: int = 200) -> dict[str, Any]:
    # A prefilled value longer than the usual limit widens the field rather than being clipped silently (the
    # rules then say what is too long); only Slack's own 3,000 can clip, and no stored text is that long.
    max_length = min(MAX_TEXT_INPUT, max(max_length, len(initial)))
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": action_id, "multiline": multiline,
                               "max_length": max_length}
    if initial:
        element["initial_value"] = initial[:max_length]
    return element


def _option(text: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": clip(text, MAX_OPTION)}, "value": text[:MAX_OPTION]}


def term_modal(*, term: str = "", aliases: str = "", category: str = "", definition: str = "",
               related: tuple[str, ...] = (), editing: str | None = None, note_on: str | None = None,
               shipped_definition: str | None = None) -> dict[str, Any]:
    """The suggestion form. `note_on`: a shipped term, so the form adds the team's note above its definition."""
    meta = json.dumps({"editing": editing, "note_on": note_on})
    blocks: list[dict[str, Any]] = []
    if note_on is not None:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": clip(
            f"*{escape_mrkdwn(note_on)}* is in the shipped glossary. Your note is shown above its definition, "
            f"as “At your team: …”.\n>{escape_mrkdwn(shipped_definition or '')}", MAX_SECTION)}})
        blocks.append(_input("definition", "Your team's note", _text("value", definition, multiline=True,
                                                                        max_length=MAX_TEXT_INPUT),
                             hint="3 to 120 words, plain text."))
    else:
        category_select: dict[str, Any] = {"type": "static_select", "action_id": "value",
                                           "options": [_option(c) for c in CATEGORIES]}
        if category in CATEGORIES:
            category_select["initial_option"] = _option(category)
        related_select: dict[str, Any] = {"type": "multi_external_select", "action_id": RELATED_ACTION,
                                          "min_query_length": 1, "max_selected_items": 10}
        if related:
            related_select["initial_options"] = [_option(r) for r in related[:10]]
        blocks += [
            _input("term", "Term", _text("value", term, max_length=80)),
            _input("aliases", "Aliases", _text("value", aliases, max_length=MAX_ALIASES_INPUT), optional=True,
                   hint="Other names and acronyms, separated by commas."),
            _input("category", "Category", category_select),
            _input("definition", "Definition", _text("value", definition, multiline=True, max_length=MAX_TEXT_INPUT),
                   hint="25 to 120 words, plain text, in words a new hire understands."),
            _input("related", "Related terms", related_select, optional=True),
        ]
    title = "Edit a term" if editing else "Add a team note" if note_on else "Suggest a term"
    return {"type": "modal", "callback_id": ADD_CALLBACK, "private_metadata": meta,
            "title": {"type": "plain_text", "text": title}, "submit": {"type": "plain_text", "text": "Submit"},
            "close": {"type": "plain_text", "text": "Cancel"}, "blocks": blocks}


def reject_modal(version_id: int, term: str) -> dict[str, Any]:
    return {"type": "modal", "callback_id": REJECT_CALLBACK, "private_metadata": str(version_id),
            "title": {"type": "plain_text", "text": "Reject a suggestion"},
            "submit": {"type": "plain_text", "text": "Reject"}, "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [_input("reason", f"Why not {clip(term, 40)}?", _text("value", "", multiline=True,
                                                                           max_length=500),
                              hint="The person who suggested it gets this reason.")]}


def review_post(version_id: int, *, term: str, kind: str, definition: str, aliases: tuple[str, ...],
                category: str, submitted_by: str, version: int) -> tuple[str, list[dict[str, Any]]]:
    """The message reviewers see: what was suggested, by whom, with Approve / Edit / Reject."""
    what = "A team note on" if kind == "note" else "A new version of" if version > 1 else "A new term:"
    label = f"{what} *{escape_mrkdwn(term)}*, suggested by <@{escape_mrkdwn(submitted_by)}>"
    details = f"{category}" + (f" · also {escape_mrkdwn(', '.join(aliases))}" if aliases else "")
    value = str(version_id)
    buttons = [
        {"type": "button", "action_id": APPROVE_ACTION, "style": "primary", "value": value,
         "text": {"type": "plain_text", "text": "Approve"}},
        {"type": "button", "action_id": EDIT_ACTION, "value": value, "text": {"type": "plain_text", "text": "Edit"}},
        {"type": "button", "action_id": REJECT_ACTION, "style": "danger", "value": value,
         "text": {"type": "plain_text", "text": "Reject"}},
    ]
    blocks: list[dict[str, Any]] = [
              {"type": "section", "text": {"type": "mrkdwn", "text": clip(label, MAX_SECTION)}},
              {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(details, MAX_SECTION)}]},
              {"type": "section", "text": {"type": "mrkdwn", "text": clip(escape_mrkdwn(definition), MAX_SECTION)}},
              {"type": "actions", "elements": buttons}]
    return clip(escape_mrkdwn(f"Suggestion to review: {term}"), MAX_SECTION), blocks


def review_modal(blocks: list[dict[str, Any]], title: str = "Review suggestion") -> dict[str, Any]:
    """A modal showing a review post's blocks (Approve / Edit / Reject), or its outcome, e.g. from the Home tab."""
    return {"type": "modal", "callback_id": REVIEW_CALLBACK, "title": {"type": "plain_text",
            "text": clip(title, MAX_VIEW_TITLE)}, "close": {"type": "plain_text", "text": "Close"},
            "blocks": blocks}


def decided_post(term: str, outcome: str, by: str, reason: str | None) -> tuple[str, list[dict[str, Any]]]:
    line = f"*{escape_mrkdwn(term)}*: {outcome} by <@{escape_mrkdwn(by)}>"
    if reason:
        line += f": {escape_mrkdwn(reason)}"
    return clip(escape_mrkdwn(f"{term}: {outcome}"), MAX_SECTION), [
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(line, MAX_SECTION)}}]


def outcome_message(term: str, approved: bool, reason: str | None) -> str:
    """The DM to whoever suggested it (mrkdwn, escaped)."""
    if approved:
        return f"Your suggestion *{escape_mrkdwn(term)}* was approved: `/csterm {escape_mrkdwn(term)}` answers it now."
    why = f" Reason: {escape_mrkdwn(reason)}" if reason else ""
    return f"Your suggestion *{escape_mrkdwn(term)}* was not approved.{why}"


def suggest_button(query: str) -> dict[str, Any]:
    return {"type": "actions", "elements": [{
        "type": "button", "action_id": SUGGEST_ACTION, "value": query[:MAX_OPTION * 10],
        "text": {"type": "plain_text", "text": clip("Suggest a definition", MAX_BUTTON)}}]}


DEFINE_BUTTONS = 10


def define_buttons(misses: list[str]) -> list[dict[str, Any]]:
    """For /csterm stats: each frequent miss with a **Define** button opening the suggestion form filled in."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": f"“{escape_mrkdwn(clip(miss, 200))}”"},
             "accessory": {"type": "button", "action_id": f"{SUGGEST_ACTION}-{n}",
                           "value": miss.translate(_NO_ANGLES)[:80], "text": {"type": "plain_text", "text": "Define"}}}
            for n, miss in enumerate(misses[:DEFINE_BUTTONS])]
