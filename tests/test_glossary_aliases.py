"""What people type resolves to the right entry (issue 12): every alias the issue lists, and the queries that
used to land on the wrong entry, run through `csterm lookup --jsonl` exactly as a user or an evaluation script would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.glossary.load import SHIPPED_GLOSSARY

# alias typed -> the entry it must answer with (issue 12, "Aliases people type")
ISSUE_ALIASES = {
    "DBNR": "Net Revenue Retention",
    "DBNRR": "Net Revenue Retention",
    "Net Retention": "Net Revenue Retention",
    "Gross Retention": "Gross Revenue Retention",
    "Revenue Churn": "Revenue Churn Rate",
    "Gross Churn": "Revenue Churn Rate",
    "Gross Dollar Churn": "Revenue Churn Rate",
    "Negative Churn": "Net MRR Churn Rate",
    "Net Negative Churn": "Net MRR Churn Rate",
    "Net Churn": "Net MRR Churn Rate",
    "Customer Attrition": "Customer Churn Rate",
    "Attrition Rate": "Customer Churn Rate",
    "Retention Rate": "Customer Retention Rate",
    "Logo Retention Rate": "Customer Retention Rate",
    "Onboarding": "Customer Onboarding",
    "Revenue Ops": "Revenue Operations",
    "Rev Ops": "Revenue Operations",
    "Upselling": "Upsell",
    "Exec Sponsor": "Executive Sponsor",
    "Time to First Value": "Time to Value",
    "TTFV": "Time to Value",
    "Churn Risk": "At-Risk Account",
    "Renewal Risk": "At-Risk Account",
    "Account Health": "Customer Health Score",
    "Activation Rate": "Activation",
    "Lifecycle Stage": "Customer Lifecycle",
    "Seat Utilization": "Product Usage Rate",
    "License Utilization": "Product Usage Rate",
    "Customer Reference": "Reference Program",
    "Referenceability": "Reference Program",
    "KPIs": "Key Performance Indicator",
    "kpis": "Key Performance Indicator",
    # seed terms that used to resolve only through their longer names
    "Business as Usual": "Business as Usual Program",
    "Partner Relationship Management": "Partner Relationship Management Portal",
    # the folded thin entries keep their seed names
    "B2B Customer Interface": "Customer Portal",
    "Customer Success for SaaS": "Customer Success",
    "Gross-Margin-Adjusted LTV": "Customer Lifetime Value",
    "Gross Renewal Rate": "Dollar Renewal Rate",
}

# query -> (right entry, the wrong entry it used to answer with)
KNOWN_WRONG = {
    "renewal date": ("Renewal Date", "Renewal Rate"),
    "Customer Success Engineer": ("Customer Success Engineer", "Customer Success"),
    "Customer Success Associate": ("Customer Success Manager", "Customer Success"),
    "Customer Success Specialist": ("Customer Success Manager", "Customer Success"),
    "Customer Success Leader": ("Customer Success Director", "Customer Success"),
    "annual churn rate": ("Customer Churn Rate", "Annual Run Rate"),
    "retention rate": ("Customer Retention Rate", "Cohort Retention"),
    "Bookings": ("Bookings", "Revenue Operations"),
    "Billings": ("Billings", "Customer Success Platform"),
}


def lookup_jsonl(queries: list[str]) -> dict[str, dict[str, object]]:
    """One run of the real command line over all queries, as `printf 'DBNR\\n' | csterm lookup --jsonl` does."""
    done = subprocess.run([sys.executable, "-m", "bot", "lookup", "--jsonl", "--glossary", str(SHIPPED_GLOSSARY)], input="\n".join(queries) + "\n",
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"] for r in rows] == queries
    return {str(r["query"]): r for r in rows}


@pytest.fixture(scope="module")
def answers() -> dict[str, dict[str, object]]:
    return lookup_jsonl([*ISSUE_ALIASES, *KNOWN_WRONG])


@pytest.mark.parametrize("alias", list(ISSUE_ALIASES))
def test_issue_alias_resolves_to_its_entry(answers: dict[str, dict[str, object]], alias: str) -> None:
    row = answers[alias]
    assert (row["status"], row["term"]) == ("match", ISSUE_ALIASES[alias]), row


@pytest.mark.parametrize("query", list(KNOWN_WRONG))
def test_known_wrong_answers_are_fixed(answers: dict[str, dict[str, object]], query: str) -> None:
    right, wrong = KNOWN_WRONG[query]
    row = answers[query]
    assert row["term"] != wrong, row
    assert (row["status"], row["term"]) == ("match", right), row
