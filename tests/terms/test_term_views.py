"""The suggestion form keeps every prefilled value whole: the aliases field fits all the aliases the rules allow."""

from __future__ import annotations

from typing import Any

from bot.render.term_views import term_modal
from bot.terms.rules import MAX_ALIASES, MAX_NAME


def _element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b["element"] for b in view["blocks"] if b.get("block_id") == block_id)


def test_prefilled_aliases_are_never_clipped() -> None:
    aliases = ", ".join(f"{n}" * MAX_NAME for n in range(MAX_ALIASES))  # the most the rules allow
    element = _element(term_modal(term="Boost Program", aliases=aliases, definition="x"), "aliases")
    assert element["initial_value"] == aliases
    assert len(aliases) <= element["max_length"] <= 3000


def test_a_prefilled_value_longer_than_the_field_widens_it_instead_of_being_clipped() -> None:
    term = "T" * 120  # longer than the form's usual 80 (an old entry): shown whole, the rules then say why
    element = _element(term_modal(term=term), "term")
    assert element["initial_value"] == term and element["max_length"] >= len(term)
