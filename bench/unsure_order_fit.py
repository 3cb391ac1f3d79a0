"""Fit the weights of the order of an unsure answer (bot/search/unsure_order.py) on the development query sets.

    python -m bench.unsure_order_fit            # print the leave-one-set-out result and the weights

Every on-topic development query whose answer is unsure is run through the matcher; each time the matcher orders
the candidates, their three views (place in the stages' order, full-text share, meaning against the closest) are
recorded with which candidate is right. A conditional logit (one softmax over each question's candidates, L2
0.05) is fitted by gradient descent. Leave-one-set-out: each set is ordered by weights fitted on the others, and
the right-first counts are compared with the stages' order and with the shipped weights. The sets the issue keeps
for the final measurement (fresh ones, written after the fit) are not read here.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.glossary.load import load_glossary
from bot.search import unsure_order
from bot.search.matcher import Matcher
from bot.search.unsure_order import MAX_RANK, UnsureOrder, Weighed

ROOT = Path(__file__).resolve().parents[1]
DEV_SETS = ("tests/data/queries.jsonl", "tests/data/queries-independent.jsonl", "tests/data/queries-near-miss.jsonl",
            *(f"bench/data/queries-heldout-{s}.jsonl" for s in "cdefgjkl"),
            *(f"bench/data/queries-dev-{s}.jsonl" for s in ("h1", "h2", "i1", "i2")),
            "bench/data/queries-holdout.jsonl")
L2, STEPS, RATE = 0.05, 400, 0.5


@dataclass
class Question:
    set_name: str
    right: int  # which candidate is right (-1: none of them)
    views: np.ndarray  # one row per candidate: rank share, full-text share, meaning against the closest (x10)
    words_first: int  # the candidate the stages' order puts first


def views(weighed: Sequence[Weighed]) -> np.ndarray:
    best_text = max(w.text for w in weighed) or 1.0
    best_meaning = max(w.meaning for w in weighed)
    return np.array([[min(w.rank, MAX_RANK) / MAX_RANK, w.text / best_text, 10 * (w.meaning - best_meaning)]
                     for w in weighed])


def collect(matcher: Matcher, order: UnsureOrder) -> list[Question]:
    seen: list[list[Weighed]] = []
    shipped = order.order

    def recording(words: Sequence[str], offered: Sequence[int], named: Collection[int],
                  tied: Collection[int] = ()) -> list[int]:
        if order.weighs(words, offered, named):
            seen.append(order.weighed(words, offered))
        return shipped(words, offered, named, tied)

    order.order = recording  # type: ignore[method-assign]
    entries = matcher.glossary.entries
    questions = []
    for path in DEV_SETS:
        for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
            case = json.loads(line) if line.strip() else None
            if not case or not case["accept"]:
                continue
            seen.clear()
            matcher.match(case["query"])
            if not seen:
                continue
            weighed = seen[-1]
            right = next((i for i, w in enumerate(weighed) if entries[w.index].term in case["accept"]), -1)
            questions.append(Question(Path(path).stem, right, views(weighed),
                                      min(range(len(weighed)), key=lambda i: weighed[i].rank)))
    return questions


def fit(questions: Sequence[Question]) -> np.ndarray:
    weights = np.zeros(3)
    usable = [q for q in questions if q.right >= 0]
    for _ in range(STEPS):
        gradient = L2 * weights
        for q in usable:
            z = q.views @ weights
            p = np.exp(z - z.max())
            p /= p.sum()
            gradient += q.views.T @ p - q.views[q.right]
        weights -= RATE * gradient / max(1, len(usable))
    return weights


def right_first(questions: Sequence[Question], weights: np.ndarray | None) -> int:
    picks = [q.words_first if weights is None else int(np.argmax(q.views @ weights)) for q in questions]
    return sum(pick == q.right for q, pick in zip(questions, picks, strict=True))


def main() -> None:
    glossary = load_glossary(ROOT / "glossary.yaml")
    matcher = Matcher.build(glossary)
    questions = collect(matcher, matcher._unsure_order)
    shipped = np.array([unsure_order.RANK_WEIGHT, unsure_order.TEXT_WEIGHT, unsure_order.MEANING_WEIGHT])
    words = held_out = with_shipped = 0
    for name in sorted({q.set_name for q in questions}):
        train = [q for q in questions if q.set_name != name]
        test = [q for q in questions if q.set_name == name]
        weights = fit(train)
        words += right_first(test, None)
        held_out += right_first(test, weights)
        with_shipped += right_first(test, shipped)
    print(f"unsure answers reordered: {len(questions)}; right in the candidates: "
          f"{sum(q.right >= 0 for q in questions)}")
    print(f"right first: stages' order {words}, leave-one-set-out fit {held_out}, shipped weights {with_shipped}")
    print("weights fitted on all sets (rank, full text, meaning):", np.round(fit(questions), 2).tolist())


if __name__ == "__main__":
    main()
