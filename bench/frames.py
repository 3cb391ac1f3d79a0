"""Names in common frames: a battery generated from the glossary's own names, no query set involved.

    python -m bench.frames                      # this checkout
    python -m bench.frames --code DIR --save-as frames-base   # another checkout (a `git archive` of a base commit)

Three batteries, each query expecting the entry whose name it was made from, answered with confidence:
- frames: every entry's term and its first two aliases in 26 ways people wrap a name in Slack (`what's a good
  {}`, `how does {} work`, `{} for enterprise accounts`, `tldr {}`, `who owns {}`, …);
- slips: one slip (a letter dropped, two swapped, one doubled) in the middle of each word of 5+ letters of every
  term, bare, after `what is` and inside `how does … work`;
- plurals: the last word of every term and alias made plural, bare, after `what are` and inside `how do … work`.
A name shared by several entries (an acronym such as ARR) expects its primary entry. The frames were written
while the matcher was built (issue 11, eighth round): they measure robustness to phrasings, not quality on
strangers' questions (bench/quality.py and the held-out sets do that). Results: bench/results/frames.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.stats import machine, save

FRAMES = (
    "what is {}", "whats {}", "{}?", "tldr {}", "can someone explain {}", "how does {} work", "{} meaning",
    "what does {} mean", "@csterm {}", "{} pls", "define {}", "how do we track {}", "what's our {} target",
    "eli5 {}", "who owns {}", "is there a template for {}", "{} - what is it", "quick q: {}", "{} def?",
    "how should we think about {}", "why does {} matter", "where can i find our {}", "what's a good {}",
    "{} for enterprise accounts", "remind me what {} is", "anyone know what {} means here",
)
SLIP_FRAMES = ("{}", "what is {}", "how does {} work")
PLURAL_FRAMES = ("{}", "what are {}", "how do {} work")
MIN_SLIP_WORD = 5
ALIASES = 2  # aliases framed per entry, besides its term
SHOWN = 12  # failures listed per battery


def _plural(word: str) -> str:
    if word.isupper() and len(word) <= 5:
        return word + "s"
    lower = word.lower()
    if lower.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _slips(word: str) -> list[str]:
    k = len(word) // 2
    return [word[:k] + word[k + 1:], word[:k] + word[k + 1] + word[k] + word[k + 2:], word[:k] + word[k] + word[k:]]


def batteries(glossary: Any, primary: Any) -> dict[str, list[tuple[str, str]]]:
    """Each battery's (query, expected term) pairs; `primary(name)` is the entry a name answers alone, or None
    when another entry's (an acronym shared by several: the name then expects that entry)."""
    frames: list[tuple[str, str]] = []
    slips: list[tuple[str, str]] = []
    plurals: list[tuple[str, str]] = []
    for entry in glossary.entries:
        for name in (entry.term, *entry.aliases[:ALIASES]):
            expected = primary(name) or entry.term
            frames += [(frame.format(name), expected) for frame in FRAMES]
        for name in (entry.term, *entry.aliases):
            words = name.split()
            expected = primary(name) or entry.term
            plurals += [(frame.format(" ".join([*words[:-1], _plural(words[-1])])), expected)
                        for frame in PLURAL_FRAMES]
        words = entry.term.split()
        for i, word in enumerate(words):
            if len(word) >= MIN_SLIP_WORD and word.isalpha():
                for slip in _slips(word):
                    name = " ".join([*words[:i], slip, *words[i + 1:]]).lower()
                    slips += [(frame.format(name), entry.term) for frame in SLIP_FRAMES]
    return {"frames": frames, "slips": slips, "plurals": plurals}


def measure() -> dict[str, Any]:
    """Run in the checkout whose `bot` is on sys.path: per battery, queries, misses (another entry first) and
    unsure answers (the right entry first, as a "did you mean"), with the first failures."""
    from bot.glossary.load import default_glossary_path, load_glossary
    from bot.search.matcher import Matcher

    glossary = load_glossary(default_glossary_path({}))
    matcher = Matcher.build(glossary)

    def primary(name: str) -> str | None:
        found = matcher.match(name)
        return found.entry.term if found.status == "match" and found.entry is not None else None

    result: dict[str, Any] = {}
    for battery, cases in batteries(glossary, primary).items():
        misses, unsure = [], []
        for query, expected in cases:
            found = matcher.match(query)
            first = found.entry.term if found.entry is not None else None
            if first != expected:
                misses.append([query, expected, found.status, first])
            elif found.status != "match":
                unsure.append([query, expected, found.status, first])
        result[battery] = {"queries": len(cases), "misses": len(misses), "unsure": len(unsure),
                           "confident": round(1 - (len(misses) + len(unsure)) / max(1, len(cases)), 4),
                           "first_failures": (misses + unsure)[:SHOWN]}
    return result


_CHILD = """
import importlib.util, json, sys
sys.path.insert(0, sys.argv[1])  # that checkout's bot, this file's batteries
spec = importlib.util.spec_from_file_location("frames", sys.argv[2])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps(module.measure()))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="checkout whose `bot` answers (default: this one)")
    parser.add_argument("--save-as", default="frames", help="results file name under bench/results/")
    args = parser.parse_args()
    if args.code:
        out = subprocess.run([sys.executable, "-c", _CHILD, str(Path(args.code).resolve()), __file__],
                             capture_output=True, text=True, check=True, cwd=args.code).stdout
        result = json.loads(out.splitlines()[-1])
    else:
        result = measure()
    for battery, figures in result.items():
        print(f"{battery:8} {figures['queries']:6} queries  confident and right {100 * figures['confident']:5.1f} %"
              f"  misses {figures['misses']:4}  unsure {figures['unsure']:4}")
    code = str(Path(args.code).resolve()) if args.code else "this checkout"
    print(save(args.save_as, {"machine": machine(), "code": code, "batteries": result}))


if __name__ == "__main__":
    main()
