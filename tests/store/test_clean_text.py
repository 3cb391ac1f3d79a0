"""clean_text: what every CleanText column stores; its printable fast path must agree with the full cleaning."""

from __future__ import annotations

import random
import re

from bot.store.tables import clean_text

_CONTROL = re.compile(r"[\x01-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def full_cleaning(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", value))


def test_examples() -> None:
    assert clean_text("NRR") == "NRR"
    assert clean_text("a\x00b") == "ab"
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert clean_text("tab\there\x07bell\x85") == "tab\there bell "
    assert clean_text("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert clean_text("café ＮＲＲ 🙂 \u200d") == "café ＮＲＲ 🙂 \u200d"


def test_agrees_with_the_full_cleaning_on_random_text() -> None:
    rng = random.Random(20261128)
    alphabet = [chr(c) for c in [*range(0x250), 0x85, 0x2028, 0x200D, 0xD800, 0xDFFF, 0xFEFF, 0x1F642]]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert clean_text(text) == full_cleaning(text), repr(text)
