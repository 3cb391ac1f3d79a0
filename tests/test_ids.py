"""Slack ids (bot/ids.py): one pattern per kind, bounded to what the store's id columns hold."""

from __future__ import annotations

import re

import pytest

from bot.ids import ANY_ID, CHANNEL_ID, CHANNEL_REFERENCE, SLACK_ID_MAX, USER_ID, WORKSPACE_ID


@pytest.mark.parametrize(("pattern", "good", "bad"), [
    (USER_ID, ["U0123ABCD", "W0123ABCD", "U7"], ["C0123ABCD", "u0123abcd", "U", "U" + "A" * SLACK_ID_MAX]),
    (CHANNEL_ID, ["C0123ABCD", "G0123ABCD"], ["U0123ABCD", "C1", "C0123-ABCD", "C" + "1" * SLACK_ID_MAX]),
    (WORKSPACE_ID, ["T0123ABCD", "E0123ABCD"], ["C0123ABCD", "T", "t0123"]),
])
def test_each_kind_of_id_has_its_letter_and_its_bounds(pattern: re.Pattern[str], good: list[str], bad: list[str]) -> None:
    assert all(pattern.match(text) for text in good)
    assert not any(pattern.match(text) for text in bad)


def test_a_channel_reference_is_slacks_link_or_the_bare_id() -> None:
    linked = CHANNEL_REFERENCE.match("<#C0123ABCD|cs-team>")
    assert linked is not None and linked.group(1) == "C0123ABCD"
    bare = CHANNEL_REFERENCE.match("G0123ABCD")
    assert bare is not None and bare.group(2) == "G0123ABCD"
    assert CHANNEL_REFERENCE.match("#cs-team") is None
    assert CHANNEL_REFERENCE.match("<#U0123ABCD|ann>") is None


def test_any_id_is_capitals_and_digits_up_to_the_bound() -> None:
    assert ANY_ID.fullmatch("T0123ABCD")
    assert ANY_ID.fullmatch("A" * SLACK_ID_MAX)
    assert not ANY_ID.fullmatch("A" * (SLACK_ID_MAX + 1))
    assert not ANY_ID.fullmatch("t0123")
