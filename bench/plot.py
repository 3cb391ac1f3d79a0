"""bench/results/latency.png: p50 and p99 lookup latency against glossary size, log-log.

    python -m bench.plot      # redraw from bench/results/lookup_speed.json
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.stats import RESULTS

SHOWN = ("csterm", "filtered_fuzzy", "exact_index", "extractone_prenorm", "rapidfuzz_naive", "difflib")


def plot_latency(source: Path = RESULTS / "lookup_speed.json", out: Path = RESULTS / "latency.png") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = json.loads(source.read_text(encoding="utf-8"))
    sizes = [s["size"] for s in data["sizes"]]
    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    for index, name in enumerate(SHOWN):
        runs = [s["methods"][name] for s in data["sizes"]]
        color = f"C{index}"
        label = runs[0]["label"]
        ax.plot(sizes, [r["p50_ms"] for r in runs], "o-", color=color, label=f"{label} p50")
        ax.plot(sizes, [r["p99_ms"] for r in runs], "s--", color=color, alpha=0.6, label=f"{label} p99")
    ax.axhline(1.0, color="grey", linewidth=0.8, linestyle=":")
    ax.annotate("target p99 1 ms", (sizes[0], 1.05), color="grey", fontsize=8)
    ax.set(xscale="log", yscale="log", xlabel="glossary size (entries)", ylabel="latency per lookup (ms)",
           title="Lookup latency (median of repeats; baselines sampled at large sizes)")
    ax.set_xticks(sizes, [f"{s:,}" for s in sizes])
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(plot_latency())
