"""Small glossaries written inline, so each test shows the YAML it is about."""

from __future__ import annotations

VALID = """\
- term: Net Revenue Retention
  aliases: [NRR, Net Dollar Retention]
  category: metric
  definition: Revenue kept from existing customers, counting expansion.
  formula:
    expression: (start_mrr + expansion_mrr - lost_mrr) / start_mrr * 100
    unit: "%"
    variables:
      start_mrr: {description: MRR at the start, unit: $}
      expansion_mrr: {description: MRR added by upgrades, unit: $}
      lost_mrr: {description: MRR lost to downgrades and cancellations, unit: $}
  example:
    inputs: {start_mrr: 100000, expansion_mrr: 15000, lost_mrr: 8000}
    result: 107
  related: [Gross Revenue Retention, Non-Recurring Revenue]
  not_to_confuse_with:
    - term: Gross Revenue Retention
      difference: GRR leaves expansion out.
  other_meanings:
    NRR:
      - meaning: Non-recurring revenue
        term: Non-Recurring Revenue
- term: Gross Revenue Retention
  aliases: [GRR]
  category: metric
  definition: Revenue kept from existing customers, without expansion.
  related: [Net Revenue Retention, Non-Recurring Revenue]
- term: Non-Recurring Revenue
  aliases: [NRR]
  category: concept
  definition: One-off fees such as set-up charges.
  related: [Net Revenue Retention, Gross Revenue Retention]
"""
