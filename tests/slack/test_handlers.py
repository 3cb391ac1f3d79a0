"""Listeners called directly with AsyncMock ack/respond/say/client."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock

import pytest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.glossary.load import SHIPPED_GLOSSARY, load_glossary
from bot.search.matcher import Matcher
from bot.slack.app import build_registry
from bot.slack.deps import Deps
from bot.slack.errors import APOLOGY, handle_error
from bot.slack.listeners.actions import handle_list_page, handle_share, handle_show_term
from bot.slack.listeners.commands import handle_csterm
from bot.slack.listeners.mentions import handle_mention
from bot.slack.listeners.messages import handle_direct_message
from bot.slack.subcommands import SubcommandRegistry
from bot.store.handle import StoreHandle
from bot.web_client import OneWorkspace, make_web_client
from tests.slack.support import (
    MemoryStore,
    all_text,
    assert_valid_message,
    block_action,
    make_settings,
    mention_event,
    mini_matcher,
    slash_command,
    unopened_store,
)


@pytest.fixture
def deps() -> Deps:
    settings = make_settings()
    return Deps(settings=settings, matcher=mini_matcher(), lookups=MemoryStore(), store=unopened_store(),
                clients=OneWorkspace(make_web_client(settings)))


@pytest.fixture
def registry() -> SubcommandRegistry:
    return build_registry()


async def ask(text: str, deps: Deps, registry: SubcommandRegistry) -> dict[str, Any]:
    ack = AsyncMock()
    await handle_csterm(slash_command(text), ack, deps, registry)
    ack.assert_awaited_once()
    answer: dict[str, Any] = ack.await_args.kwargs
    assert answer["response_type"] == "ephemeral"
    assert_valid_message(answer["blocks"], answer["text"])
    return answer


@pytest.mark.parametrize("text", ["", "help", "  HELP "])
async def test_help_lists_every_usage(text: str, deps: Deps, registry: SubcommandRegistry) -> None:
    shown = all_text((await ask(text, deps, registry))["blocks"])
    for usage in ("/csterm TERM", "/csterm A vs B", "/csterm search WORDS", "/csterm list [CATEGORY]",
                  "/csterm random", "/csterm calc METRIC"):
        assert usage in shown


@pytest.mark.parametrize(("text", "term"), [("Daily Active Users", "Daily Active Users"),
                                           ("help center", "Knowledge Base"), ("Help Desk Ticket", "Support Ticket")])
async def test_a_term_starting_with_a_sub_command_word_is_answered(text: str, term: str, deps: Deps,
                                                                  registry: SubcommandRegistry) -> None:
    deps.matcher = Matcher.build(load_glossary(SHIPPED_GLOSSARY))
    answer = await ask(text, deps, registry)
    assert answer["blocks"][0]["text"]["text"] == term
    assert "Term of the day" not in answer["text"] and "/csterm search WORDS" not in all_text(answer["blocks"])
    # the sub-commands themselves are unchanged
    assert "/csterm search WORDS" in all_text((await ask("help", deps, registry))["blocks"])


async def test_query_answers_and_records_the_lookup(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask("what is a QBR?", deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Quarterly Business Review"
    assert deps.lookups.lookups == [{"team_id": "T0000001", "enterprise_id": None, "query": "what is a QBR?",  # type: ignore[attr-defined]
                                   "status": "match", "term": "Quarterly Business Review"}]


async def test_a_miss_says_so_and_is_recorded(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask("flibbertigibbet", deps, registry)
    assert "Nothing in the glossary matches" in all_text(answer["blocks"])
    assert deps.lookups.lookups[0]["status"] == "none"  # type: ignore[attr-defined]
    assert deps.lookups.lookups[0]["term"] is None  # type: ignore[attr-defined]


async def test_entities_are_decoded_before_matching(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask("what&amp;#39;s &lt;b&gt;NRR&lt;/b&gt;", deps, registry)
    assert deps.lookups.lookups[0]["query"] == "what&#39;s <b>NRR</b>"  # type: ignore[attr-defined]
    assert "&amp;lt;" not in all_text(answer["blocks"])


async def test_a_failing_store_does_not_break_the_answer(deps: Deps, registry: SubcommandRegistry) -> None:
    deps.lookups = AsyncMock()
    deps.lookups.record_lookup.side_effect = RuntimeError("database down")
    answer = await ask("NRR", deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Net Revenue Retention"
    deps.lookups.record_lookup.assert_awaited_once()


async def test_search_lists_hits_as_buttons(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask("search cancellations", deps, registry)
    shown = all_text(answer["blocks"])
    assert "Churn Rate" in shown or "Revenue Retention" in shown
    assert "csterm_show_term-0" in shown
    assert "Say what to search for" in all_text((await ask("search", deps, registry))["blocks"])


async def test_list_and_random(deps: Deps, registry: SubcommandRegistry) -> None:
    listing = all_text((await ask("list", deps, registry))["blocks"])
    assert all(e.term in listing for e in deps.matcher.glossary)
    roles = all_text((await ask("list role", deps, registry))["blocks"])
    assert "Customer Success Manager" in roles
    assert "Churn Rate" not in roles
    header = (await ask("random", deps, registry))["blocks"][0]["text"]["text"]
    assert deps.matcher.glossary.get(header) is not None


async def test_versus_shows_both_and_the_difference(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask("NRR vs GRR", deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Net Revenue Retention vs Gross Revenue Retention"
    assert "NRR adds expansion revenue back in" in all_text(answer["blocks"])
    assert [lookup["term"] for lookup in deps.lookups.lookups] == [  # type: ignore[attr-defined]
        "Net Revenue Retention", "Gross Revenue Retention"]
    missing = await ask("NRR versus wibblewobble", deps, registry)
    assert "“wibblewobble”" in all_text(missing["blocks"])


@pytest.mark.parametrize("text", [
    "what's the difference between NRR and GRR?", "difference between nrr and grr", "compare NRR with GRR",
    "how is NRR different from GRR", "NRR vs GRR, what's the difference?", "nrr or grr, which one?",
    "*NRR* vs _GRR_?",
])
async def test_comparisons_however_phrased_show_the_side_by_side_view(
        text: str, deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask(text, deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Net Revenue Retention vs Gross Revenue Retention"


async def test_two_names_joined_by_or_are_compared_side_by_side(deps: Deps, registry: SubcommandRegistry) -> None:
    deps.matcher = Matcher.build(load_glossary(SHIPPED_GLOSSARY))
    answer = await ask("reference program or referral program", deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Reference Program vs Referral Program"


async def test_a_description_phrased_as_a_difference_is_answered_whole(deps: Deps,
                                                                       registry: SubcommandRegistry) -> None:
    # neither side names anything: not "I can't compare", the description's entry
    deps.matcher = Matcher.build(load_glossary(SHIPPED_GLOSSARY))
    answer = await ask("difference between what a customer pays for and what it actually uses", deps, registry)
    shown = all_text(answer["blocks"])
    assert "can't compare" not in shown
    assert answer["blocks"][0]["text"]["text"].startswith("Consumption Gap")


@pytest.mark.parametrize(("text", "title"), [
    ("leading vs lagging indicator", "Leading Indicator vs Lagging Indicator"),
    ("expansion or contraction mrr, which one?", "Expansion MRR vs Contraction MRR"),
])
async def test_a_first_term_sharing_the_seconds_head_is_completed_by_it(
        text: str, title: str, deps: Deps, registry: SubcommandRegistry) -> None:
    deps.matcher = Matcher.build(load_glossary(SHIPPED_GLOSSARY))  # `expansion` alone is Account Expansion there
    answer = await ask(text, deps, registry)
    assert answer["blocks"][0]["text"]["text"] == title


async def test_calc_evaluates_with_units(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask("calc NRR start_mrr=$100k expansion_mrr=15k contraction_mrr=3,000 churned_mrr=5k",
                       deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Net Revenue Retention = 107 %"
    shown = all_text(answer["blocks"])
    assert "(100000 + 15000 - 3000 - 5000) / 100000 * 100" in shown
    assert "start_mrr = $100,000" in shown


@pytest.mark.parametrize(("args", "expected"), [
    ("calc churn churned_customers=5", "missing start_customers"),
    ("calc churn churned_customers=5 start_customers=100 extra=1", "unknown extra"),
    ("calc churn churned_customers=5 start_customers=0", "division by zero"),
    ("calc churn churned_customers=five start_customers=100", "is not a number"),
    ("calc churn churned_customers=5 start_customers", "not `name=value`"),
    ("calc QBR x=1", "has no formula"),
    ("calc zzyzx x=1", "I don't know which metric"),
    ("calc", "Say which metric"),
])
async def test_calc_problems_get_precise_messages(args: str, expected: str, deps: Deps,
                                                  registry: SubcommandRegistry) -> None:
    shown = all_text((await ask(args, deps, registry))["blocks"])
    assert expected in shown
    if "missing" in expected or "zero" in expected or "unknown" in expected:
        assert "churned_customers" in shown
        assert "start_customers" in shown


async def test_calc_with_only_the_metric_lists_the_variables(deps: Deps, registry: SubcommandRegistry) -> None:
    shown = all_text((await ask("calc GRR", deps, registry))["blocks"])
    assert "start_mrr" in shown
    assert "/csterm calc Gross Revenue Retention start_mrr=" in shown


async def test_share_of_a_public_message_does_not_repost(deps: Deps) -> None:
    ack, respond = AsyncMock(), AsyncMock()
    await handle_share(block_action("csterm_share", "Churn Rate", "http://x", ephemeral=False), ack, respond, deps)
    ack.assert_awaited_once()
    respond.assert_awaited_once()
    assert respond.await_args.kwargs["response_type"] == "ephemeral"


async def test_share_of_a_calc_result_recomputes_it(deps: Deps) -> None:
    ack, respond = AsyncMock(), AsyncMock(return_value=SimpleNamespace(status_code=200, body="ok"))
    value = "calc:churn churned_customers=5 start_customers=100"
    await handle_share(block_action("csterm_share", value, "http://x"), ack, respond, deps)
    public = respond.await_args_list[0].kwargs
    assert public["response_type"] == "in_channel"
    assert public["blocks"][0]["text"]["text"] == "Churn Rate = 5 %"
    assert "Shared by <@U0000001>" in all_text(public["blocks"])
    assert respond.await_args_list[1].kwargs == {"delete_original": True}


async def test_show_term_for_a_removed_entry(deps: Deps) -> None:
    ack, respond = AsyncMock(), AsyncMock()
    await handle_show_term(block_action("csterm_show_term-0", "Gone Term", "http://x"), ack, respond, deps)
    ack.assert_awaited_once()
    assert "no longer" in respond.await_args.kwargs["text"]


async def test_list_page_button_replaces_the_private_page(deps: Deps) -> None:
    ack, respond = AsyncMock(), AsyncMock()
    await handle_list_page(block_action("csterm_list_page-next", "1|metric", "http://x"), ack, respond, deps)
    kwargs = respond.await_args.kwargs
    assert kwargs["replace_original"] is True
    assert "Churn Rate" in all_text(kwargs["blocks"])


async def test_mention_without_words_outside_a_thread_shows_help(deps: Deps, registry: SubcommandRegistry) -> None:
    say, client = AsyncMock(), AsyncMock()
    await handle_mention(mention_event("<@UBOT0001>", ts="5.5"), say, client, deps, registry)
    client.conversations_replies.assert_not_awaited()
    assert say.await_args.kwargs["thread_ts"] == "5.5"
    assert "/csterm TERM" in all_text(say.await_args.kwargs["blocks"])


async def test_mention_in_an_unreadable_thread_says_so(deps: Deps, registry: SubcommandRegistry) -> None:
    say, client = AsyncMock(), AsyncMock()
    client.conversations_replies.side_effect = SlackApiError("no", {"ok": False, "error": "not_in_channel"})
    await handle_mention(mention_event("<@UBOT0001>", thread_ts="1.0"), say, client, deps, registry)
    assert "can't read this thread" in say.await_args.kwargs["text"]
    assert say.await_args.kwargs["thread_ts"] == "1.0"


async def test_mention_in_a_thread_with_no_terms(deps: Deps, registry: SubcommandRegistry) -> None:
    say, client = AsyncMock(), AsyncMock()
    client.conversations_replies.return_value = {"messages": [{"text": "lunch at noon?"}]}
    await handle_mention(mention_event("<@UBOT0001>", thread_ts="1.0"), say, client, deps, registry)
    assert "no glossary terms" in say.await_args.kwargs["text"]


@pytest.mark.parametrize("message", [
    {"type": "message", "channel_type": "im", "subtype": "message_changed", "user": "U1", "text": "NRR"},
    {"type": "message", "channel_type": "im", "bot_id": "B1", "user": "U1", "text": "NRR"},
    {"type": "message", "channel_type": "channel", "user": "U1", "text": "NRR"},
    {"type": "message", "channel_type": "im", "user": "U1", "text": "NRR"},  # forged: no channel to answer in
    {"type": "message", "channel_type": "im", "user": "U1", "text": "NRR", "channel": {"id": "D1"}},
])
async def test_direct_messages_ignore_bots_edits_and_channels(message: dict[str, Any], deps: Deps,
                                                              registry: SubcommandRegistry) -> None:
    say = AsyncMock()
    await handle_direct_message(message, say, deps, registry)
    say.assert_not_awaited()


async def test_direct_message_is_answered(deps: Deps, registry: SubcommandRegistry) -> None:
    say = AsyncMock()
    message = {"type": "message", "channel_type": "im", "user": "U1", "text": "CSM", "channel": "D1", "ts": "1.1"}
    await handle_direct_message(message, say, deps, registry)
    assert say.await_args.kwargs["blocks"][0]["text"]["text"] == "Customer Success Manager"


async def test_error_handler_apologises_through_respond_or_say() -> None:
    logger, respond, say = AsyncMock(), AsyncMock(), AsyncMock()
    logger.exception = lambda *args, **kwargs: None
    failed = BoltResponse(status=500)
    await handle_error(RuntimeError("boom"), {"response_url": "http://x"}, logger, respond, None, failed)
    assert respond.await_args.kwargs["text"] == APOLOGY
    assert failed.status == 200  # told: no Slack error on top
    body = {"event": {"channel": "C1", "ts": "2.0", "thread_ts": "1.0"}}
    await handle_error(RuntimeError("boom"), body, logger, respond, say)  # events have no response_url
    assert say.await_args.kwargs == {"text": APOLOGY, "thread_ts": "1.0"}
    assert respond.await_count == 1


async def test_error_handler_keeps_the_500_when_the_apology_fails() -> None:
    logger, say = AsyncMock(), AsyncMock(side_effect=RuntimeError("Slack is down"))
    logger.exception = lambda *args, **kwargs: None
    failed = BoltResponse(status=500)
    await handle_error(RuntimeError("boom"), {"event": {"channel": "C1", "ts": "2.0"}}, logger, None, say, failed)
    assert failed.status == 500


def dm(text: str) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": "U1", "text": text, "channel": "D1", "ts": "1.1",
            "team": "T0000001"}


async def said_to(handler_input: dict[str, Any], deps: Deps, registry: SubcommandRegistry,
                  client: AsyncMock | None = None) -> dict[str, Any]:
    say = AsyncMock()
    if handler_input["type"] == "app_mention":
        await handle_mention(handler_input, say, client or AsyncMock(), deps, registry)
    else:
        await handle_direct_message(handler_input, say, deps, registry)
    say.assert_awaited_once()
    kwargs: dict[str, Any] = say.await_args.kwargs
    assert_valid_message(kwargs["blocks"], kwargs["text"])
    return kwargs


@pytest.mark.parametrize("text", ["daily on 09:00", "daily", "daily off"])
async def test_daily_in_a_mention_or_dm_says_where_it_is_set(text: str, deps: Deps,
                                                             registry: SubcommandRegistry) -> None:
    for event in (mention_event(f"<@UBOT0001> {text}"), dm(text)):
        said = await said_to(event, deps, registry)
        assert "/csterm daily on" in said["text"] and "in the channel" in said["text"]
        assert "Did you mean" not in all_text(said["blocks"])
    assert deps.lookups.lookups == []  # type: ignore[attr-defined]


async def test_stats_in_a_dm_shows_them_and_in_a_channel_says_where(deps: Deps, registry: SubcommandRegistry,
                                                                     tmp_path: Any) -> None:
    store = StoreHandle(f"sqlite+aiosqlite:///{tmp_path / 'stats.db'}")
    await store.start()
    try:
        deps.store, deps.settings = store, make_settings(CSTERM_ADMINS="U1")  # no users.info: no network
        await (await store.get()).record_lookup(team_id="T0000001", enterprise_id=None, query="NRR",
                                                status="match", term="Net Revenue Retention")
        shown = await said_to(dm("stats"), deps, registry)
        assert "Most looked-up terms" in shown["text"] and "Net Revenue Retention" in shown["text"]
        in_channel = await said_to(mention_event("<@UBOT0001> stats"), deps, registry)
        assert "direct message" in in_channel["text"] and "Net Revenue Retention" not in in_channel["text"]
    finally:
        await store.stop()
    assert deps.lookups.lookups == []  # type: ignore[attr-defined]


async def test_help_in_a_thread_or_dm_does_not_promise_privacy(deps: Deps, registry: SubcommandRegistry) -> None:
    for event in (mention_event("<@UBOT0001> help", thread_ts="1.0"), dm("help"), mention_event("<@UBOT0001>")):
        said = await said_to(event, deps, registry)
        assert "private to you" not in all_text(said["blocks"]) and "private to you" not in said["text"]
        assert "/csterm TERM" in all_text(said["blocks"])
    assert "private to you" in all_text((await ask("help", deps, registry))["blocks"])  # the slash answer is private


@pytest.mark.parametrize("text", ["NRR", "NRR vs GRR", "calc NRR start_mrr=100k expansion_mrr=15k contraction_mrr=3k churned_mrr=5k", "random"])
async def test_share_only_on_private_answers(text: str, deps: Deps, registry: SubcommandRegistry) -> None:
    for event in (mention_event(f"<@UBOT0001> {text}"), dm(text)):
        said = await said_to(event, deps, registry)
        assert "csterm_share" not in all_text(said["blocks"])
    assert "csterm_share" in all_text((await ask(text, deps, registry))["blocks"])


@pytest.mark.parametrize(("text", "expected"), [
    ("hello", "Ask me about any customer-success term"), ("Hi csterm!", "Ask me about any"),
    ("thanks!", "You're welcome"), ("Thank you :pray:", "You're welcome"), ("?", "Ask me about a term"),
    ("!!", "Ask me about a term"),
])
async def test_small_talk_is_answered_briefly_and_not_recorded(text: str, expected: str, deps: Deps,
                                                               registry: SubcommandRegistry) -> None:
    said = await said_to(dm(text), deps, registry)
    assert expected in said["text"] and len(said["blocks"]) == 1
    assert expected in (await ask(text, deps, registry))["text"]
    assert deps.lookups.lookups == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["what does this mean?", "explain", "Explain this, please", "what's this?", "??"])
async def test_asking_to_explain_in_a_thread_explains_the_thread(text: str, deps: Deps,
                                                                 registry: SubcommandRegistry) -> None:
    client = AsyncMock()
    client.conversations_replies.return_value = {"messages": [{"text": "our NRR dipped before the QBR"}]}
    said = await said_to(mention_event(f"<@UBOT0001> {text}", thread_ts="1.0"), deps, registry, client)
    client.conversations_replies.assert_awaited_once()
    assert "Terms in this thread" in all_text(said["blocks"]) and said["thread_ts"] == "1.0"
    assert deps.lookups.lookups == []  # type: ignore[attr-defined]


NRR_REST = "contraction_mrr=3k churned_mrr=5k"


@pytest.mark.parametrize(("args", "expected"), [
    (f"calc NRR start_mrr=100k expansion_mrr=15% {NRR_REST}",
     "`expansion_mrr` is an amount of money, but “15%” is a percentage: the unit is wrong"),
    ("calc churn churned_customers=$5 start_customers=100",
     "`churned_customers` is a count, but “$5” is an amount of money: the unit is wrong"),
    (f"calc NRR start_mrr=100k start_mrr=200k expansion_mrr=15k {NRR_REST}",
     "`start_mrr` is given twice (100k and 200k): give each value once"),
    ("calc churn churned_customers=5 start_customers=0.0000000001", "too large to mean anything"),
])
async def test_calc_refuses_wrong_units_repeats_and_absurd_results(args: str, expected: str, deps: Deps,
                                                                   registry: SubcommandRegistry) -> None:
    answer = await ask(args, deps, registry)
    assert expected in answer["text"]
    assert answer["blocks"][0]["type"] == "section"  # a message, not a result card


async def test_calc_shows_numbers_that_reproduce_the_result(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask("calc churn churned_customers=5 start_customers=0.00001", deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Churn Rate = 50,000,000 %"
    filled_in = answer["blocks"][1]["text"]["text"].split("\n")[1].strip("= `")
    assert filled_in == "5 / 0.00001 * 100"
    assert eval(filled_in) == pytest.approx(5e7)  # the shown numbers give the shown result
    assert "start_customers = 0.00001" in all_text(answer["blocks"])


async def test_calc_warns_about_negative_money(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask(f"calc NRR start_mrr=100k expansion_mrr=-15k {NRR_REST}", deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Net Revenue Retention = 77 %"
    assert ":warning: `expansion_mrr` is negative (-15k)" in all_text(answer["blocks"])


async def test_calc_accepts_spaces_around_equals(deps: Deps, registry: SubcommandRegistry) -> None:
    answer = await ask("calc NRR start_mrr = 100k expansion_mrr= 15k contraction_mrr =3k churned_mrr = 5k",
                       deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Net Revenue Retention = 107 %"


@pytest.mark.parametrize("value", ["calc:churn churned_customers=5", "calc:zzyzx x=1", "vs:NRR|wibble",
                                   "calc:churn churned_customers=5 start_customers=0"])
async def test_share_never_posts_an_error_publicly(value: str, deps: Deps) -> None:
    ack, respond = AsyncMock(), AsyncMock(return_value=SimpleNamespace(status_code=200, body="ok"))
    await handle_share(block_action("csterm_share", value, "http://x"), ack, respond, deps)
    [only] = respond.await_args_list
    assert only.kwargs["response_type"] == "ephemeral" and "can't be shared" in only.kwargs["text"]


async def test_a_calc_too_long_for_a_button_has_no_share_button(deps: Deps, registry: SubcommandRegistry) -> None:
    long_calc = "calc churn churned_customers=" + "0" * 2100 + "5 start_customers=100"
    answer = await ask(long_calc, deps, registry)
    assert answer["blocks"][0]["text"]["text"] == "Churn Rate = 5 %"
    assert "csterm_share" not in all_text(answer["blocks"])  # a clipped value would share something else
