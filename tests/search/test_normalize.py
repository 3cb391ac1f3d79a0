from __future__ import annotations

import pytest

from bot.search.normalize import compact, normalize, normalize_name, strip_slack_markup


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("NRR", "nrr"),
        ("*NRR*", "nrr"),
        ("_churn rate_", "churn rate"),
        ("`QBR`", "qbr"),
        ("~ARR~", "arr"),
        ("*_nested_*", "nested"),
        ("Land &amp; Expand", "land and expand"),
        ("&lt;NPS&gt;", "nps"),
        ("N.R.R.", "nrr"),
        ("n.p.s", normalize_name("NPS")),
        ("QBRs", "qbr"),
        ("health scores", "health score"),
        ("Playbooks", "playbook"),
        ("companies", "company"),
        ("ＮＲＲ", "nrr"),
        ("what is NRR?", "nrr"),
        ("What's a QBR?", "qbr"),
        ("whats an EBR", "ebr"),
        ("define time to value", "time to value"),
        ("what does TAM stand for?", "tam"),
        ("what does CSQL mean", "csql"),
        ("how do we calculate GRR?", "grr"),
        ("how is the magic number calculated?", "magic number"),
        ("can you explain everboarding please", "everboarding"),
        ("hey, what is churn?", "churn"),
        ("hey team, what is churn?", "churn"),
        ("hi all what does nrr mean", "nrr"),
        ("hey there folks, whats a qbr", "folk what a qbr"),  # one addressee at most: `folks` stays
        ("what’s the formula for LTV:CAC", "ltv cac"),
        ("DAU/MAU", "dau mau"),
        ("<@U123> NRR", "nrr"),
        ("<https://example.com|NPS>", normalize_name("NPS")),
        ("KPIs", "kpi"),
        ("CSMs", "csm"),
        ("what's a CSQL :thinking_face:", "csql"),
        ("what does a CSM do?", "csm"),
        ("what is the role of a TAM", "tam"),
    ],
)
def test_query_forms(query: str, expected: str) -> None:
    assert normalize(query) == expected


@pytest.mark.parametrize("spelling", ["up-sell", "up sell", "upsell", "Up-Sell", "UPSELL"])
def test_hyphens_and_spaces_meet_in_the_compact_form(spelling: str) -> None:
    assert compact(normalize(spelling)) == "upsell"


def test_names_and_queries_normalise_the_same_way() -> None:
    assert normalize("Customer Success Case Studies") == normalize_name("Customer Success Case Study")
    assert normalize("SaaS") == normalize_name("SaaS")


def test_slack_markup_removes_mentions_and_keeps_link_labels() -> None:
    assert strip_slack_markup("<!channel> hi") == "hi"
    assert strip_slack_markup("<#C123|general> x") == "x"
    assert strip_slack_markup("see <https://x.io|the docs>") == "see the docs"
