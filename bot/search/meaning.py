"""Meaning: a second opinion on a plain-words question, from what its words mean rather than how they are spelt.

Full text scores the words a question shares with an entry; a question in everyday words (`how much money we lost
from cancellations, as a percent`) often shares too few of them for the matcher to be sure, and the right entry is
only offered ("did you mean …?"). Each English word has a small vector of meaning (bot/text/word_vectors.npz,
distilled from the sentence model all-MiniLM-L6-v2 by `python -m bench.word_vectors`); a text's meaning is the sum
of its words' vectors. When the meaning of the question is close to one of the best candidate's texts (a name,
an `asked_as` phrase, or its name with its definition), and clearly closer than to any other candidate's, the
matcher answers. docs/matching.md ("Meaning") gives the rule and why its bars are where they are.

The vectors (2.8 MB on disk, 3 MB in memory) and numpy are loaded on the first question that needs them, once
per process; an entry's text vectors are made on the first question that offers it and kept for later ones, at
most MAX_REMEMBERED entries per matcher. Per question the work is one gather-and-sum per text: linear in its words.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.glossary.model import Entry
from bot.search.normalize import singular

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

VECTORS = Path(__file__).resolve().parents[1] / "text" / "word_vectors.npz"
CLOSE = 0.75  # cosine similarity to the best candidate's closest text: the question means that entry
CLEAR = 0.08  # ... and at least this much closer than to any other candidate's texts
MIN_WORDS = 2  # words with a vector in the question: one word is a name or a typo, which the name stages judge
MAX_REMEMBERED = 1024  # entries whose text vectors a matcher keeps, as float16 (0.5 KB to 6 KB each: 6 MB at most)


_TEXT_WORD = re.compile(r"[a-z0-9]+")


def _text_words(text: str) -> list[str]:
    """A glossary text's words for its meaning: lower case, letters and digits, made singular as the matcher's
    normalisation does (the vectors are keyed that way). Glossary text is ours, with no Slack markup to undo, so
    this skips the query normalisation's steps, the cost of making an entry's vectors."""
    return [singular(w) for w in _TEXT_WORD.findall(text.casefold())]


class WordVectors:
    """The word vectors of one process: `meaning(words)` is the unit vector of a text, or None when fewer than
    `min_words` of its words have a vector."""

    def __init__(self, path: Path | None = None) -> None:
        import numpy as np

        with np.load(VECTORS if path is None else path, allow_pickle=False) as data:
            words = data["words"].tobytes().decode("utf-8").split("\n")
            self._vectors = data["vectors"]  # int8: summed first, then scaled (the scale is per dimension)
            self._scale = data["scale"].astype(np.float32)
        self._rows = {word: row for row, word in enumerate(words)}

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def dimensions(self) -> int:
        return int(self._vectors.shape[1])

    def meaning(self, words: Sequence[str], min_words: int = 1) -> np.ndarray | None:
        import numpy as np

        rows = [row for row in (self._rows.get(w) for w in words) if row is not None]
        if len(rows) < min_words:
            return None
        summed = self._vectors[rows].sum(axis=0, dtype=np.float32) * self._scale
        norm = float(np.linalg.norm(summed))
        return summed / norm if norm else None


    def meanings(self, texts: Sequence[Sequence[str]]) -> np.ndarray:
        """The unit vectors of several texts at once (one row each; zeros for a text without a known word): one
        gather and one segmented sum for all of them, as an entry's texts are read together."""
        import numpy as np

        rows: list[int] = []
        starts: list[int] = []
        for words in texts:
            found = [row for row in (self._rows.get(w) for w in words) if row is not None]
            if found:
                starts.append(len(rows))
                rows += found
        if not rows:
            return np.zeros((1, self.dimensions), dtype=np.float32)
        summed = np.add.reduceat(self._vectors[rows].astype(np.float32), starts, axis=0) * self._scale
        norms = np.linalg.norm(summed, axis=1, keepdims=True)
        unit: np.ndarray = summed / np.where(norms == 0, 1.0, norms)
        return unit


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors | None:
    """The process's word vectors, read once, on the first question that needs them (numpy's import and the file:
    about 0.2 s; loading them at start-up instead, in a thread, slowed a cold `csterm serve` start). None, with one
    warning, when they cannot be read: the meaning check is then off and the matcher answers as without it."""
    try:
        return WordVectors()
    except (ImportError, OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        log.warning("meaning check off: cannot read the word vectors %s (%s)", VECTORS, error)
        return None


class EntryMeanings:
    """The meanings of one glossary's entries, made on demand: each entry's texts are its name with its definition,
    each name and alias, and each `asked_as` phrase (`_text_words`)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self._entries = entries
        self._texts: dict[int, Any] = {}
        self._last: tuple[tuple[str, ...], Any] = ((), None)  # the last question's words and meaning

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_texts"] = {}  # made again on demand: a compiled matcher does not carry them
        state["_last"] = ((), None)
        return state

    def _question(self, words: Sequence[str]) -> np.ndarray | None:
        """The question's meaning (None without MIN_WORDS words that have a vector), made once per question:
        `confirms` and the unsure order (unsure_order.py) both read it for the same unsure answer."""
        key = tuple(words)
        if self._last[0] != key or not key:
            vectors = word_vectors()
            self._last = (key, vectors.meaning(words, MIN_WORDS) if vectors is not None else None)
        question: np.ndarray | None = self._last[1]
        return question

    def closeness(self, question: np.ndarray, index: int) -> float:
        """Cosine similarity of the question to the entry's closest text."""
        return float((self._text_vectors(index) @ question.astype("float16")).max())

    def _text_vectors(self, index: int) -> np.ndarray:
        found = self._texts.get(index)
        if found is None:
            entry = self._entries[index]
            texts = (f"{entry.term} {entry.definition}", *entry.names, *entry.asked_as)
            vectors = word_vectors()
            assert vectors is not None  # a question had a meaning, so the vectors were read
            found = vectors.meanings([_text_words(text) for text in texts]).astype("float16")
            if len(self._texts) >= MAX_REMEMBERED:
                self._texts.pop(next(iter(self._texts)))
            self._texts[index] = found
        return found

    def forget(self) -> None:
        self._texts.clear()
        self._last = ((), None)

    def closeness_all(self, words: Sequence[str], candidates: Sequence[int]) -> list[float]:
        """How close the question's meaning is to each candidate's closest text; zeros when the question has no
        meaning (fewer than MIN_WORDS words with a vector). unsure_order.py weighs it."""
        question = self._question(words)
        if question is None:
            return [0.0] * len(candidates)
        return [self.closeness(question, index) for index in candidates]

    def is_close(self, words: Sequence[str], index: int) -> bool:
        """Whether the question's meaning is CLOSE to one of the entry's texts."""
        question = self._question(words)
        return question is not None and self.closeness(question, index) >= CLOSE

    def confirms(self, words: Sequence[str], candidates: Sequence[int]) -> bool:
        """Whether the question's meaning is CLOSE to the first candidate's and CLEAR of every other candidate's.
        Only a confirmation: the meaning never picks a candidate the words did not put first (tried on the
        development sets: it gained one right answer for every wrong one)."""
        question = self._question(words)
        if question is None or not candidates:
            return False
        own = self.closeness(question, candidates[0])
        return own >= CLOSE and all(own - self.closeness(question, other) >= CLEAR for other in candidates[1:])
