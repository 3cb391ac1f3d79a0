"""slash_http.parse_form gives exactly what parse_qsl does (first value of a name wins), on any input."""

from __future__ import annotations

import random
from urllib.parse import parse_qsl, urlencode

from bot.slack.slash_http import parse_form


def by_parse_qsl(body: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name, value in parse_qsl(body):
        fields.setdefault(name, value)
    return fields


def test_tricky_bodies() -> None:
    bodies = ["", "&", "=", "a", "a=", "=b", "a=b", "a=1&a=2", "a=&a=2", "a+b=c+d", "a%20b=%E2%82%AC", "a=%zz%",
              "a=b=c", "&&a=1&&", "text=%3C%21channel%3E+%26+x", "a=%ff%fe", "%61=1&a=2", "a;b=c", "t=\x00%00",
              urlencode({"command": "/csterm", "text": "what is NRR? & <b> 100%"})]
    for body in bodies:
        assert parse_form(body) == by_parse_qsl(body), body


def test_random_bodies() -> None:
    rng = random.Random(16)
    alphabet = "ab=&+%2F0Z;é \x00"
    for _ in range(5000):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert parse_form(body) == by_parse_qsl(body), repr(body)
