"""bench/results/quality.png: each method's answers by query kind, one panel per query set.

    python -m bench.plot_quality      # redraw from bench/results/quality.json (needs the bench extra: matplotlib)

Solid bars: confident and right; the hatched part above: right entry first but only as a suggestion. Off-topic
kinds show the share of queries wrongly answered, drawn downwards in red, so lower is better there.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.quality import METHODS
from bench.stats import RESULTS


def plot_quality(source: Path = RESULTS / "quality.json", out: Path = RESULTS / "quality.png") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = json.loads(source.read_text(encoding="utf-8"))
    sets = data["sets"]
    fig, axes = plt.subplots(len(sets), 1, figsize=(11, 4 * len(sets)), dpi=110, squeeze=False)
    width = 0.8 / len(METHODS)
    for ax, (name, found) in zip(axes[:, 0], sets.items(), strict=True):
        tables = found["tables"]
        kinds = [k for k in tables["csterm"] if k != "all"] + ["all"]
        for m, method in enumerate(METHODS):
            xs = [k + (m - (len(METHODS) - 1) / 2) * width for k in range(len(kinds))]
            rows = [tables[method][kind] for kind in kinds]
            confident = [r["confident"] if r["n"] else 0.0 for r in rows]
            suggested = [r["first_as_suggestion"] if r["n"] else 0.0 for r in rows]
            wrongly = [-r["off_topic_answered"] / r["off_topic_n"] if r["off_topic_n"] and not r["n"] else 0.0
                       for r in rows]
            color = f"C{m}"
            ax.bar(xs, confident, width, color=color, label=f"{method}: confident and right")
            ax.bar(xs, suggested, width, bottom=confident, color=color, alpha=0.35, hatch="//",
                   label=f"{method}: right first, as a suggestion")
            ax.bar(xs, wrongly, width, color=color, edgecolor="red", linewidth=1.2)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_xticks(range(len(kinds)), kinds, rotation=20, fontsize=8)
        ax.set(ylim=(-0.5, 1.05), ylabel="share of queries", title=f"{name}: answers by query kind "
               "(off-topic: share wrongly answered, below zero)")
        ax.grid(True, axis="y", alpha=0.25)
    axes[0, 0].legend(fontsize=7, ncol=3, loc="lower left")
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(plot_quality())
