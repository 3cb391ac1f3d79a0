"""/csterm daily (on / off / show the channel's term of the day) and /csterm stats (private), as sub-commands."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.daily.failures import SLACK_FAILURES
from bot.daily.options import DEFAULT_TIME, DEFAULT_ZONE, STATS_DAYS, OptionError, parse_daily_on, parse_zone
from bot.daily.report import stats_lines, subscription_line
from bot.render.blocks import escape_mrkdwn
from bot.slack.incoming import team_of
from bot.slack.subcommands import Reply, Subcommand, SubcommandContext, SubcommandRegistry
from bot.store.handle import StoreUnavailable
from bot.store.records import ChannelKey
from bot.web_client import WorkspaceNotInstalled

if TYPE_CHECKING:  # SQLAlchemy loads only once the server is answering (bot/store/handle.py)
    from bot.store.store import Store

logger = logging.getLogger(__name__)

DAILY_USAGE = "daily [on [HH:MM] [TIME ZONE] [weekdays|every day] | off]"
DAILY_EXAMPLES = ("daily on", "daily on 08:30 Europe/Paris every day", "daily off", "daily")
ON_EXAMPLE = "`/csterm daily on 09:00 Europe/Paris weekdays`"


def _reply(text: str, *, public: bool = False) -> Reply:
    """`text` is mrkdwn that is already safe (user text escaped)."""
    block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    return Reply(text, [block], "in_channel" if public else "ephemeral")


def _key(payload: dict[str, Any]) -> ChannelKey:
    team_id, enterprise_id = team_of(payload)
    return ChannelKey(team_id, str(payload.get("channel_id", "")), enterprise_id)


async def _user_zone(ctx: SubcommandContext, key: ChannelKey, user_id: str) -> str:
    """The user's time zone from users.info (with the workspace's token), or UTC when Slack does not say (or
    cannot be asked)."""
    try:
        client = await ctx.deps.clients.for_workspace(key.team_id, key.enterprise_id)
        response = await client.users_info(user=user_id)
        return parse_zone(str((response.get("user") or {}).get("tz") or DEFAULT_ZONE))
    except (WorkspaceNotInstalled, OptionError, *SLACK_FAILURES) as error:
        logger.info("no time zone for %s (%s); using %s", user_id, error, DEFAULT_ZONE)
        return DEFAULT_ZONE


async def _show(ctx: SubcommandContext, store: Store, key: ChannelKey) -> Reply:
    subscription = await store.get_subscription(key)
    if subscription is None:
        return _reply(f"This channel has no term of the day. Start one with `/csterm daily on`, e.g. {ON_EXAMPLE}.")
    line = escape_mrkdwn(subscription_line(subscription, ctx.deps.clock()))
    resume = "" if subscription.active else "\nTo resume, fix that and run `/csterm daily on`."
    return _reply(f"Term of the day here: {line}{resume}")


async def _off(ctx: SubcommandContext, store: Store, key: ChannelKey) -> Reply:
    if not await store.unsubscribe(key):
        return _reply("This channel has no term of the day to turn off.")
    user = escape_mrkdwn(str(ctx.payload.get("user_id", "")))
    return _reply(f"<@{user}> turned off the term of the day here.", public=True)


async def _on(ctx: SubcommandContext, store: Store, key: ChannelKey, rest: str) -> Reply:
    if not key.channel_id.startswith(("C", "G")):
        return _reply("The term of the day is for channels: run `/csterm daily on` in a channel.")
    try:
        options = parse_daily_on(rest)
    except OptionError as error:
        return _reply(f"{escape_mrkdwn(str(error))}. Example: {ON_EXAMPLE}")
    user_id = str(ctx.payload.get("user_id", ""))
    zone = options.timezone or await _user_zone(ctx, key, user_id)
    subscription = await store.subscribe(
        key, local_time=options.local_time or DEFAULT_TIME, timezone=zone,
        every_day=bool(options.every_day), created_by=user_id or None,
    )
    line = escape_mrkdwn(subscription_line(subscription, ctx.deps.clock()))
    return _reply(
        f"<@{escape_mrkdwn(user_id)}> turned on a term of the day here: {line}. "
        "csterm must be in the channel to post (`/invite @csterm`); `/csterm daily off` stops it.",
        public=True,
    )


def _unavailable(error: StoreUnavailable) -> Reply:
    logger.error("a sub-command needed the database: %s", error)
    return _reply(f"I can't reach my database right now ({escape_mrkdwn(str(error))}). Nothing was changed; "
                  "please try again in a minute.")


def make_daily_handler() -> Callable[[SubcommandContext], Awaitable[Reply]]:
    async def daily(ctx: SubcommandContext) -> Reply:
        try:
            store = await ctx.deps.store.get()
        except StoreUnavailable as error:
            return _unavailable(error)
        key = _key(ctx.payload)
        word, _, rest = ctx.args.strip().partition(" ")
        word = word.casefold()
        if word in ("", "show", "status"):
            return await _show(ctx, store, key)
        if word == "off":
            return await _off(ctx, store, key)
        if word == "on":
            return await _on(ctx, store, key, rest)
        unknown = escape_mrkdwn(word).replace("`", "'")
        return _reply(f"I don't know `daily {unknown}`. Use `/csterm {DAILY_USAGE}`, e.g. {ON_EXAMPLE}.")

    return daily


async def stats(ctx: SubcommandContext) -> Reply:
    try:
        store = await ctx.deps.store.get()
    except StoreUnavailable as error:
        return _unavailable(error)
    team_id, _ = team_of(ctx.payload)
    lines = await stats_lines(store, team_id=team_id or None)
    text = "\n".join(escape_mrkdwn(line) for line in lines)
    return Reply(text, [{"type": "section", "text": {"type": "mrkdwn", "text": f"```{text}```"}}])


def register_subcommands(registry: SubcommandRegistry) -> None:
    registry.add(Subcommand(
        "daily", DAILY_USAGE,
        "A term of the day in this channel (default 09:00 in your time zone, weekdays); `daily` shows the setting.",
        DAILY_EXAMPLES, make_daily_handler(),
    ))
    registry.add(Subcommand(
        "stats", "stats", f"The most looked-up terms and the most frequent misses, last {STATS_DAYS} days "
        "(only you see it).", (), stats,
    ))
