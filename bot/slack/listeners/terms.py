"""/csterm add, edit, remove, review and learned, the suggestion modal's submission, and the miss button.

Thin: payloads are read here, the rules and the store are bot.terms.service's (imported once the store is open,
as it loads SQLAlchemy), the views bot/render/term_views.py's.
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.daily.failures import SLACK_FAILURES
from bot.ids import CHANNEL_REFERENCE
from bot.render.limits import escape_mrkdwn
from bot.render.term_views import (
    ADD_CALLBACK,
    FORGET_PHRASING_ACTION,
    RELATED_ACTION,
    SUGGEST_ACTION,
    review_post,
    term_modal,
)
from bot.render.views import notice
from bot.slack.afterwards import log_failure
from bot.slack.deps import Deps
from bot.slack.incoming import first_action, object_at, team_of
from bot.slack.reviewers import NOT_INSTALLED, is_admin, is_reviewer, open_modal, send_dm, workspace_client
from bot.slack.subcommands import Reply, Subcommand, SubcommandContext, SubcommandRegistry
from bot.store.handle import StoreUnavailable
from bot.store.team_records import NOTE, TeamKey, TermDraft, TermVersion
from bot.web_client import WorkspaceNotInstalled

if TYPE_CHECKING:
    from bot.terms.service import TeamTerms

logger = logging.getLogger(__name__)


async def team_terms(deps: Deps) -> TeamTerms:
    from bot.terms.service import TeamTerms

    return TeamTerms(await deps.store.get(), deps.matcher.glossary, clock=deps.clock,
                     learn_after=deps.settings.learn_after)


def key_of(payload: dict[str, Any]) -> TeamKey:
    return TeamKey(*team_of(payload))


def user_of(payload: dict[str, Any]) -> str:
    user = payload.get("user")
    return str(user.get("id") if isinstance(user, dict) else payload.get("user_id") or "")


async def _client(ctx: SubcommandContext) -> AsyncWebClient | None:
    """The workspace's client for a sub-command; None (logged) when the workspace is not installed."""
    try:
        return await workspace_client(ctx.deps, ctx.payload)
    except WorkspaceNotInstalled as error:
        logger.warning("team glossary sub-command not answered: %s", error)
        return None


OPENED = Reply("Opening the form… a reviewer approves what you submit before csterm answers with it.", [])


def _private(text: str) -> Reply:
    return Reply.of(notice(text))


async def _add(ctx: SubcommandContext) -> Reply:
    client = await _client(ctx)
    if client is None:
        return _private(NOT_INSTALLED)
    if await open_modal(client, ctx.payload.get("trigger_id"), term_modal(term=ctx.args)):
        return OPENED
    return _private("I could not open the form; try `/csterm add` again.")


async def _edit(ctx: SubcommandContext) -> Reply:
    if not ctx.args:
        return _private("Say which term: `/csterm edit TERM`.")
    matcher = ctx.deps.matcher_for(ctx.payload)
    entry = matcher.glossary.get(ctx.args) or matcher.match(ctx.args).entry
    if entry is None or (matcher.match(ctx.args).status != "match" and matcher.glossary.get(ctx.args) is None):
        return _private(f"“{escape_mrkdwn(ctx.args)}” is not in the glossary: `/csterm add "
                        f"{escape_mrkdwn(ctx.args)}` suggests it.")
    if entry.team is None:
        view = term_modal(note_on=entry.term, shipped_definition=entry.definition)
    else:
        view = term_modal(term=entry.term, aliases=", ".join(entry.aliases), category=entry.category,
                          definition=entry.definition, related=entry.related, editing=entry.term)
    client = await _client(ctx)
    if client is None:
        return _private(NOT_INSTALLED)
    if await open_modal(client, ctx.payload.get("trigger_id"), view):
        return OPENED
    return _private("I could not open the form; try again.")


async def _review(ctx: SubcommandContext) -> Reply:
    found = CHANNEL_REFERENCE.match(ctx.args.strip())
    if not found:
        return _private("Say which channel: `/csterm review #channel` (suggestions are posted there for review).")
    client = await _client(ctx)
    if client is None:
        return _private(NOT_INSTALLED)
    if not await is_admin(ctx.deps, client, user_of(ctx.payload)):
        return _private("Only workspace admins (or people in CSTERM_ADMINS) choose the review channel.")
    try:
        terms = await team_terms(ctx.deps)
    except StoreUnavailable as error:
        return _private(f"I can't do that right now: {escape_mrkdwn(str(error))}.")
    channel = found.group(1) or found.group(2)
    await terms.set_review_channel(key_of(ctx.payload), channel)
    return _private(f"Suggestions will be posted in <#{channel}> for review; its members approve them.")


async def _remove(ctx: SubcommandContext) -> Reply:
    from bot.terms.service import TermRefused

    if not ctx.args:
        return _private("Say which term: `/csterm remove TERM`.")
    try:
        terms = await team_terms(ctx.deps)
    except StoreUnavailable as error:
        return _private(f"I can't do that right now: {escape_mrkdwn(str(error))}.")
    key, user = key_of(ctx.payload), user_of(ctx.payload)
    client = await _client(ctx)
    if client is None:
        return _private(NOT_INSTALLED)
    if not await is_reviewer(ctx.deps, client, terms, key, user):
        return _private("Only reviewers (the review channel's members, or admins) remove terms.")
    try:
        removed = await terms.remove(key, ctx.args, by=user)
    except TermRefused as refusal:
        return _private(escape_mrkdwn(str(refusal)))
    if ctx.deps.team_matchers is not None:
        await ctx.deps.team_matchers.refresh(key)
    return _private(f"*{escape_mrkdwn(removed.term)}* no longer answers (it stays in its history).")


async def _learned(ctx: SubcommandContext) -> Reply:
    try:
        terms = await team_terms(ctx.deps)
    except StoreUnavailable as error:
        return _private(f"I can't do that right now: {escape_mrkdwn(str(error))}.")
    key = key_of(ctx.payload)
    client = await _client(ctx)
    if client is None:
        return _private(NOT_INSTALLED)
    if not await is_reviewer(ctx.deps, client, terms, key, user_of(ctx.payload)):
        return _private("Only reviewers see the learned phrasings.")
    phrasings = (await terms.learned(key))[:40]
    if not phrasings:
        return _private("No phrasings learned yet.")
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": (
        f"“{escape_mrkdwn(p.query_key)}” → *{escape_mrkdwn(p.term)}* ({p.people} people)")}, "accessory": {
        "type": "button", "action_id": f"{FORGET_PHRASING_ACTION}-{n}", "value": p.query_key[:2000],
        "text": {"type": "plain_text", "text": "Remove"}}} for n, p in enumerate(phrasings)]
    return Reply("Learned phrasings", blocks)


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    """The form's private_metadata: a JSON object, or ValueError (answered as a field error)."""
    meta = json.loads(str(view.get("private_metadata") or "{}") or "{}")
    if not isinstance(meta, dict):
        raise ValueError("the form's metadata is not an object")
    return meta


def _draft(view: dict[str, Any]) -> tuple[TermDraft, str | None]:
    meta = _metadata(view)

    def field(block: str, action: str = "value") -> dict[str, Any]:
        return object_at(view, "state", "values", block, action)

    def text(block: str) -> str:
        return str(field(block).get("value") or "")

    category = object_at(field("category"), "selected_option").get("value")
    options = field("related", RELATED_ACTION).get("selected_options")
    related = [o.get("value", "") for o in options if isinstance(o, dict)] if isinstance(options, list) else []
    note_on = meta.get("note_on")
    if note_on:
        return TermDraft(str(note_on), text("definition"), kind=NOTE), None
    aliases = tuple(a.strip() for a in text("aliases").split(",") if a.strip())
    draft = TermDraft(text("term"), text("definition"), str(category or ""), aliases, tuple(map(str, related)))
    editing = meta.get("editing")
    return draft, str(editing) if editing else None


async def post_for_review(deps: Deps, client: AsyncWebClient, terms: TeamTerms, version_id: int) -> bool:
    """Post a pending version in the review channel (or to each CSTERM_ADMINS user); False when nowhere."""
    version = await terms.get(version_id)
    if version is None:
        return False
    draft = version.draft
    text, blocks = review_post(version.id, term=version.term, kind=draft.kind, definition=draft.definition,
                               aliases=draft.aliases, category=draft.category, submitted_by=version.submitted_by,
                               version=version.version)
    channel = await terms.review_channel(version.key)
    targets = [channel] if channel else sorted(deps.settings.admins)
    posted = False
    for target in targets:
        try:
            sent = await client.chat_postMessage(channel=target, text=text, blocks=blocks)
        except SLACK_FAILURES as error:
            logger.warning("could not post a suggestion for review in %s: %s", target, error)
            continue
        posted = True
        channel_id, ts = sent.get("channel"), sent.get("ts")
        if isinstance(channel_id, str) and isinstance(ts, str) and channel_id and ts:  # decided elsewhere: updated
            await terms.record_review_post(version, channel_id, ts)
    return posted


async def handle_submission(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    from bot.terms.service import TermRefused

    raw_view = body.get("view")
    view: dict[str, Any] = raw_view if isinstance(raw_view, dict) else {}
    try:
        draft, editing = _draft(view)
        terms = await team_terms(deps)
    except (ValueError, StoreUnavailable) as error:
        await ack(response_action="errors", errors={"definition": f"Not saved: {str(error)[:100]}. Try again."})
        return
    key, user = key_of(body), user_of(body)
    try:
        version = await terms.suggest(key, draft, by=user, editing=editing)
    except TermRefused as refusal:
        raw = view.get("blocks")
        blocks = {b.get("block_id") for b in raw if isinstance(b, dict)} if isinstance(raw, list) else set()
        errors = {f if f in blocks else "definition": m for f, m in refusal.errors.items()}
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    deps.afterwards.run_later(_after_submission(deps, client, terms, key, user, object_at(body, "team"), version),
                              on_error=log_failure("a suggestion's review post"))


async def _after_submission(deps: Deps, client: AsyncWebClient, terms: TeamTerms, key: TeamKey, user: str,
                            team: dict[str, Any], version: TermVersion) -> None:
    """After the acknowledgement: the team's name, the review post and the submitter's DM (Web API calls)."""
    if team.get("domain") and await terms.team_name(key) is None:
        await terms.set_team_name(key, str(team["domain"]))
    posted = await post_for_review(deps, client, terms, version.id)
    where = "the reviewers" if posted else "a reviewer (no review channel is set yet: `/csterm review #channel`)"
    await send_dm(client, user, f"Thanks: *{escape_mrkdwn(version.term)}* is waiting for {where}. "
                              "It answers once it is approved.")


async def handle_related_options(body: dict[str, Any], ack: AsyncAck, deps: Deps) -> None:
    typed = str(body.get("value") or "")[:100]
    hits = deps.matcher_for(body).search(typed, limit=20) if typed.strip() else []
    await ack(options=[{"text": {"type": "plain_text", "text": h.entry.term[:75]}, "value": h.entry.term[:75]}
                       for h in hits])


async def handle_suggest(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
    await ack()
    query = str(first_action(body).get("value") or "")[:80]
    await open_modal(client, body.get("trigger_id"), term_modal(term=query))


async def handle_forget(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    await ack()
    query_key = str(first_action(body).get("value") or "")
    terms = await team_terms(deps)
    key, user = key_of(body), user_of(body)
    forgotten = query_key and await is_reviewer(deps, client, terms, key, user) and await terms.forget_phrasing(
        key, query_key, by=user)
    if forgotten and deps.team_matchers is not None:
        await deps.team_matchers.refresh(key)


def register_subcommands(registry: SubcommandRegistry) -> None:
    registry.add(Subcommand("add", "add [TERM]", "Suggest a term for your team's glossary (reviewed first).",
                            ("add Boost Program",), _add))
    registry.add(Subcommand("edit", "edit TERM", "Propose a new version of a team term, or a team note on a "
                            "shipped one.", ("edit NRR",), _edit))
    registry.add(Subcommand("review", "review #CHANNEL", "Admins: post suggestions in this channel for review.",
                            ("review #glossary-review",), _review))
    registry.add(Subcommand("remove", "remove TERM", "Reviewers: take a team term out of answers (kept in history).",
                            (), _remove))
    registry.add(Subcommand("learned", "learned", "Reviewers: phrasings learned from “did you mean” choices.", (),
                            _learned))


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_submission(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_submission(body, ack, client, deps)

    async def on_options(body: dict[str, Any], ack: AsyncAck) -> None:
        await handle_related_options(body, ack, deps)

    async def on_suggest(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_suggest(body, ack, client)

    async def on_forget(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_forget(body, ack, client, deps)

    app.view(ADD_CALLBACK)(on_submission)
    app.options(RELATED_ACTION)(on_options)
    app.action(re.compile(rf"^{SUGGEST_ACTION}(-\d+)?$"))(on_suggest)
    app.action(re.compile(rf"^{FORGET_PHRASING_ACTION}-\d+$"))(on_forget)
