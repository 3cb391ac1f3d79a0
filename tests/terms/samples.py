"""Drafts for the team-glossary tests."""

from __future__ import annotations

from bot.store.team_records import TeamKey, TermDraft

ACME = TeamKey("T0000001")
GLOBEX = TeamKey("T0000002", "E0000009")

BOOST_DEFINITION = (
    "Our paid onboarding package for new enterprise customers: six weeks of weekly calls with a solutions "
    "engineer, a configured workspace and a training session for admins, sold with the first annual contract "
    "and tracked in the success plan."
)


def boost(**changes: object) -> TermDraft:
    values: dict[str, object] = {"term": "Boost Program", "definition": BOOST_DEFINITION, "category": "program",
                                 "aliases": ("Boost",), "related": ("Customer Success Manager",)}
    values.update(changes)
    return TermDraft(**values)  # type: ignore[arg-type]
