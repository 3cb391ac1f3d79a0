"""The App Home tab and its category modals: every handler acks first, then publishes or opens a view.

A tab publish reads the store and asks Slack who reviews (pending_section), so it runs after the acknowledgement
(deps.afterwards): a slow Web API call never delays the ack of app_home_opened or of a click.

The tab's state (search, page) is read from the view the click came from, so a re-published tab never depends on
what this process remembers; publishes go through HomePublisher (one a second per user, the last state wins).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.daily.failures import SLACK_FAILURES
from bot.render.home import (
    HOME_CATEGORY_ACTION,
    HOME_CLEAR_ACTION,
    HOME_PAGE_ACTION,
    HOME_SEARCH_ACTION,
    HOME_SHOW_ACTION,
    HomeState,
    clip_query,
    home_view,
)
from bot.render.modals import MODAL_PAGE_ACTION, MODAL_SHOW_ACTION, category_modal, entry_modal, gone_modal
from bot.slack.afterwards import log_failure
from bot.slack.answers import Lookup
from bot.slack.deps import Deps
from bot.slack.home import HomePublisher, home_data
from bot.slack.incoming import first_action, object_at, slack_id, small_number, team_of
from bot.slack.lookups import record_lookups
from bot.slack.pending import pending_section
from bot.store.team_records import TeamKey

logger = logging.getLogger(__name__)


def _pattern(action: str) -> re.Pattern[str]:
    return re.compile(rf"^{action}(-\w+)?$")


def _value(body: dict[str, Any]) -> str:
    return str(first_action(body).get("value") or "")


def _state(body: dict[str, Any]) -> HomeState:
    return HomeState.from_metadata(object_at(body, "view").get("private_metadata"))


def publish_later(deps: Deps, publisher: HomePublisher, client: AsyncWebClient, body: dict[str, Any],
                  user_id: str, state: HomeState) -> None:
    """Build and publish the tab after the acknowledgement (it reads the store and asks Slack who reviews)."""
    ticket = publisher.ask(team_of(body)[0], user_id)
    deps.afterwards.run_later(publish_home(deps, publisher, client, body, user_id, state, ticket=ticket),
                              on_error=log_failure("a Home tab publish"))


async def publish_home(deps: Deps, publisher: HomePublisher, client: AsyncWebClient, body: dict[str, Any],
                       user_id: str, state: HomeState, *, ticket: int | None = None) -> None:
    team_id, enterprise_id = team_of(body)
    pending = await pending_section(deps, client, TeamKey(team_id, enterprise_id), user_id)
    view = home_view(await home_data(deps, team_id, state, (pending,) if pending else (), enterprise_id))
    publisher.publish(client, team_id=team_id, user_id=user_id, view=view, ticket=ticket)


async def handle_home_opened(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, deps: Deps,
                             publisher: HomePublisher) -> None:
    fields = object_at({"event": event}, "event")  # {} when the event is not an object
    if fields.get("tab") != "home":
        return  # the Messages tab is the DM conversation; nothing to publish
    user_id = slack_id(fields.get("user"))
    if user_id is None:
        logger.warning("app_home_opened without a valid user id ignored")
        return
    state = HomeState.from_metadata(object_at(fields, "view").get("private_metadata"))
    publish_later(deps, publisher, client, body, user_id, state)


async def handle_home_action(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps,
                             publisher: HomePublisher) -> None:
    """A search, a term button, a page button or Clear, in the tab: re-publish it with the new state."""
    await ack()
    user_id = object_at(body, "user").get("id")
    if not isinstance(user_id, str) or not user_id:
        logger.warning("Home tab click without a user ignored")
        return
    action = str(first_action(body).get("action_id") or "")
    value, state = _value(body), _state(body)
    asked = action == HOME_SEARCH_ACTION or action.startswith(HOME_SHOW_ACTION)
    if asked:
        state = HomeState(clip_query(value))
    elif action.startswith(HOME_PAGE_ACTION):
        state = HomeState(state.query, small_number(value) or 1)
    elif action == HOME_CLEAR_ACTION:
        state = HomeState()
    if asked and state.query:  # a lookup, for the statistics (paging through it is not another one)
        match = deps.matcher_for(body).match(state.query)
        team_id, enterprise_id = team_of(body)
        await record_lookups(deps, [Lookup(state.query, match.status, match.entry.term if match.entry else None)],
                             team_id=team_id, enterprise_id=enterprise_id)
    publish_later(deps, publisher, client, body, user_id, state)


async def _view_call(what: str, call: Any, **kwargs: Any) -> None:
    try:
        await call(**kwargs)
    except SLACK_FAILURES as error:
        logger.warning("%s failed: %s", what, error)


async def handle_open_category(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    await ack()
    view = category_modal(deps.matcher_for(body).glossary, _value(body))
    await _view_call("views.open", client.views_open, trigger_id=body.get("trigger_id"), view=view)


async def handle_modal_page(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    await ack()
    page, _, category = _value(body).partition("|")
    view = category_modal(deps.matcher_for(body).glossary, category, small_number(page) or 1)
    current = object_at(body, "view")
    await _view_call("views.update", client.views_update, view_id=current.get("id"), hash=current.get("hash"),
                     view=view)


async def handle_modal_show(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    await ack()
    term = _value(body)
    entry = deps.matcher_for(body).glossary.get(term)
    if entry is not None:
        team_id, enterprise_id = team_of(body)
        await record_lookups(deps, [Lookup(term, "match", entry.term)], team_id=team_id, enterprise_id=enterprise_id)
    view = entry_modal(entry, deps.matcher_for(body).glossary) if entry is not None else gone_modal(term)
    await _view_call("views.push", client.views_push, trigger_id=body.get("trigger_id"), view=view)


def register(app: AsyncApp, deps: Deps, publisher: HomePublisher | None = None) -> HomePublisher:
    home_publisher = publisher or HomePublisher()

    async def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        await handle_home_opened(event, body, client, deps, home_publisher)

    async def on_home_action(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_home_action(body, ack, client, deps, home_publisher)

    async def on_open_category(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_open_category(body, ack, client, deps)

    async def on_modal_page(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_modal_page(body, ack, client, deps)

    async def on_modal_show(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_modal_show(body, ack, client, deps)

    app.event("app_home_opened")(on_home_opened)
    for action in (HOME_SEARCH_ACTION, HOME_SHOW_ACTION, HOME_PAGE_ACTION, HOME_CLEAR_ACTION):
        app.action(_pattern(action))(on_home_action)
    app.action(_pattern(HOME_CATEGORY_ACTION))(on_open_category)
    app.action(_pattern(MODAL_PAGE_ACTION))(on_modal_page)
    app.action(_pattern(MODAL_SHOW_ACTION))(on_modal_show)
    return home_publisher
