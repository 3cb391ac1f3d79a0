"""Write BENCHMARKS.md from bench/results/*.json (and the prose in bench/findings.md).

    python -m bench.report
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.stats import RESULTS

ROOT = Path(__file__).resolve().parents[1]
FINDINGS = Path(__file__).resolve().parent / "findings.md"
KIND_ORDER = ("exact", "alias", "typo", "question", "all")


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _ms(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _machine(data: dict[str, Any]) -> str:
    m = data["machine"]
    return f"{m['date']}; {m['nproc']} CPUs, {m['cpu']}; Python {m['python']}; {m['platform']}"


def lookup_section(data: dict[str, Any]) -> list[str]:
    lines = ["## Lookup speed", "", "`python -m bench.lookup_speed` (" + _machine(data) + ")", "",
             f"Median over {data['repeats']} repeats of each pass's p50/p99; every lookup starts with csterm's "
             "normalisation caches cleared. `n` = queries timed (baselines: the first n of the mix, within a "
             f"{data['budget_s']:.0f} s budget per pass; `passes` < repeats when even the minimum sample overran it). "
             "Top-1 = the right entry first; confident = csterm status `match` and right. ×naive = p99 of naive "
             "rapidfuzz ÷ this method's p99, in the same run.", ""]
    for size in data["sizes"]:
        naive = size["methods"]["rapidfuzz_naive"]["p99_ms"]
        lines += [f"### {size['size']:,} entries", "",
                  "| method | n | passes | p50 ms | p99 ms | ×naive (p99) | top-1 | confident |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for m in size["methods"].values():
            acc = m["accuracy"]["all"]
            lines.append(f"| {m['label']} | {m['n']} | {m.get('passes', data['repeats'])} | {_ms(m['p50_ms'])} | "
                         f"{_ms(m['p99_ms'])} | {naive / m['p99_ms']:.1f} | {acc['top1']:.1%} | "
                         f"{acc['confident']:.1%} |")
        csterm = size["methods"]["csterm"]["accuracy"]
        lines += ["", "csterm top-1 by kind: " + ", ".join(
            f"{k} {csterm[k]['top1']:.1%}" for k in KIND_ORDER if k in csterm), ""]
    lines += ["### Build time and memory", "",
              "RSS in a fresh process per size (`python -m bench.memory SIZE`); baseline = interpreter with csterm, "
              "rapidfuzz and the bench code imported, subtracted. Build time: median of 3 builds (1 at 100,000).", "",
              "| entries | build s | baseline RSS MB | glossary MB | matcher MB | glossary+matcher MB "
              "| process RSS MB |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for size in data["sizes"]:
        mem = size["memory"]
        lines.append(f"| {size['size']:,} | {size['build_s']:.2f} | {mem['baseline_rss_mb']:.1f} | "
                     f"{mem['glossary_mb']:.1f} | {mem['matcher_mb']:.1f} | {mem['total_mb']:.1f} | "
                     f"{mem['process_rss_mb']:.1f} |")
    return [*lines, "", "![latency against glossary size](bench/results/latency.png)", ""]


def _relative(path: str) -> str:
    """The glossary's file name: results may come from any checkout."""
    return Path(path).name


def requests_section(data: dict[str, Any]) -> list[str]:
    s = data["summary"]
    lines = ["## Requests", "", "`python -m bench.requests` (" + _machine(data) + ")", "",
             f"Glossary {_relative(data['glossary'])}. Medians of {data['repeats']} repeats; fixed rate = 200 req/s "
             f"open loop for {data['seconds']:.0f} s (latency from each request's due time); saturation = "
             f"{data['concurrency']} closed-loop clients for {data['seconds'] / 2:.0f} s. Ack latency = until the "
             "HTTP response, which carries the answer. Every server is a subprocess; the generator is one Python "
             "process on the same 2 cores. At 200 req/s it keeps up; at saturation it is the bottleneck (it used "
             "a whole core while the bare server used under half of one), so the saturation columns and the "
             "÷ ceiling share measure the generator, not the servers: see \"Requests under wrk\" for those.", "",
             "| server | 200 req/s: achieved | p50 ms | p99 ms | saturation req/s | p50 ms | p99 ms | "
             "÷ ceiling req/s |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    names = {"ceiling": "bare aiohttp, constant 200 (ceiling)", "csterm": "`csterm serve --http` (SQLite store)",
             "csterm_nostore": "same app, lookup recorder that does nothing",
             "bolt_floor": "bare slack_bolt app acking a constant (diagnostic)"}
    for key, label in names.items():
        if key not in s:
            continue
        r = s[key]
        lines.append(f"| {label} | {r['fixed_200_rps']:.0f} | {_ms(r['fixed_200_p50_ms'])} | "
                     f"{_ms(r['fixed_200_p99_ms'])} | {r['saturation_rps']:.0f} | {_ms(r['saturation_p50_ms'])} | "
                     f"{_ms(r['saturation_p99_ms'])} | {r['saturation_rps'] / s['ceiling']['saturation_rps']:.1%} |")
    startups = ", ".join(f"{t:.2f}" for t in data["startup_s"])
    checked = [r["answers_checked"] for r in data["runs"]["csterm"]]
    right, sampled = sum(c["right"] for c in checked), sum(c["sampled"] for c in checked)
    return [*lines, "", f"Start-up of `csterm serve --http` (fresh SQLite file) to the first answered signed "
            f"/csterm request: **median {data['startup_median_s']:.2f} s** (runs: {startups}). The database opens "
            f"in the background after that: open at a median {data.get('database_open_median_s', 0):.2f} s.", "",
            f"Answers checked in sampled acks (the expected term appears): {right}/{sampled}.", ""]


def oauth_requests_section(data: dict[str, Any]) -> list[str]:
    lines = ["## Many workspaces (OAuth)", "", "`python -m bench.oauth_requests` (" + _machine(data) + ")", "",
             f"`csterm serve --http` on SQLite, single-workspace mode (SLACK_BOT_TOKEN) against OAuth mode with "
             f"{data['workspaces']:,} installed workspaces, in the same run (servers alternate order), each "
             f"workload spread over the {data['workspaces']:,} workspaces after one request from each (installation "
             f"lookups cached). Both servers run at once and are loaded in turn. Medians of {data['repeats']} "
             f"repeats; saturation = {data['concurrency']} closed-loop clients in {data['slices']} turns of "
             f"{data['seconds'] / data['slices']:.1f} s per server, alternating (median of turns); ack latency at a "
             f"fixed rate for {data['seconds']:.0f} s. Server CPU = the server process's user + system time per "
             "request during saturation (less sensitive than req/s to what else the shared machine runs).", "",
             "| workload | mode | saturation req/s | server CPU ms/req | fixed rate | ack p50 ms | ack p99 ms |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for workload, summary in data["summary"].items():
        for mode in ("single", "oauth"):
            r = summary[mode]
            lines.append(f"| {workload} | {mode} | {r['saturation_rps']:.0f} | {r['cpu_ms_per_request']:.2f} | "
                         f"{data['rates'][workload]:.0f}/s | {_ms(r['fixed_p50_ms'])} | {_ms(r['fixed_p99_ms'])} |")
    lines += ["", "| workload | OAuth ÷ single req/s | by server CPU per request |", "|---|---:|---:|"]
    for workload, summary in data["summary"].items():
        lines.append(f"| {workload} | {summary['oauth/single_rps']:.1%} | {summary['oauth/single_rps_by_cpu']:.1%} |")
    per_repeat = {w: ", ".join(f"{ratio:.0%}" for ratio in summary["oauth/single_rps_per_repeat"])
                  for w, summary in data["summary"].items()}
    return [*lines, "", "OAuth ÷ single req/s per repeat: " + "; ".join(f"{w} {r}" for w, r in per_repeat.items())
            + ".", ""]


def quality_section(data: dict[str, Any]) -> list[str]:
    lines = ["## Quality", "", "`python -m bench.quality` (" + _machine(data) + ")", "",
             f"Against {_relative(data['glossary'])} ({data['entries']} entries). Over on-topic queries: confident = "
             "answered with an accepted entry and sure (csterm status `match`; a baseline's only answer); + suggestion "
             "= csterm's first \"did you mean\" is accepted; top 3 = an accepted entry among the first three offered. "
             "Off-topic answered = off-topic queries given a confident answer. Naive rapidfuzz = `extractOne(WRatio, "
             "score_cutoff=80)` over names and aliases; difflib = `get_close_matches`. By kind: "
             "bench/results/quality.png.", ""]
    for name, found in data["sets"].items():
        lines += [f"### {name} ({found['cases']} queries)", "",
                  "| method | confident and right | + right first as suggestion | right first | right in top 3 "
                  "| confident and wrong | off-topic answered |", "|---|---:|---:|---:|---:|---:|---:|"]
        for method, table in found["tables"].items():
            r = table["all"]
            lines.append(f"| {method} | {r['confident']:.1%} | {r['first_as_suggestion']:.1%} | {r['right_first']:.1%} "
                         f"| {r['top3']:.1%} | {r.get('confident_wrong', '-')} | {r['off_topic_answered']} / "
                         f"{r['off_topic_n']} |")
        kinds = [k for k in found["tables"]["csterm"] if k != "all" and found["tables"]["csterm"][k]["n"]]
        lines += ["", "confident and right by kind (csterm / naive rapidfuzz / difflib): " + "; ".join(
            f"{k} " + " / ".join(f"{found['tables'][m][k]['confident']:.0%}" for m in found["tables"])
            for k in kinds), "",
            f"csterm's misses on this set are listed in bench/results/quality.json ({len(found['csterm_misses'])}).",
            ""]
    return [*lines, "![answers by query kind](bench/results/quality.png)", ""]


def long_query_section(data: dict[str, Any]) -> list[str]:
    served = data["served"]
    lines = ["## Long messages", "", "`python -m bench.long_query` (" + _machine(data) + ")", "",
             "In process: `reply_to_text` (normalise, match, render, record: the path DMs, mentions and /csterm "
             f"share) on {data['in_process'][0]['samples']} distinct texts per kind; CPU by `time.process_time()`, "
             "peak extra memory by tracemalloc (separate passes). Target: < 50 ms CPU and < 20 MB per request. "
             "The 2-core machine was shared with other jobs during the run: the latencies below are noisy, the "
             "CPU times are each process's own.", "",
             "| text | characters | CPU ms, median | CPU ms, max | peak extra MB, median | peak extra MB, max |",
             "|---|---:|---:|---:|---:|---:|"]
    for row in data["in_process"]:
        lines.append(f"| {row['kind']} | {row['chars']:,} | {_ms(row['cpu_ms_median'])} | {_ms(row['cpu_ms_max'])} "
                     f"| {row['peak_mb_median']:.2f} | {row['peak_mb_max']:.2f} |")
    lines += ["", "The real `csterm serve --http` (shipped glossary, SQLite), its own CPU (user + system, psutil) "
              f"averaged over {served['samples']} requests of each kind, each DM awaited until its reply is posted:",
              "", "| measure | result |", "|---|---:|",
              f"| CPU per /csterm NRR (baseline) | {served['nrr_cpu_ms']:.1f} ms |",
              f"| CPU per 40,000-letter DM, reply posted | {served['dm_40000_cpu_ms']:.1f} ms |",
              f"| CPU per 900 KB /csterm command | {served['slash_900kb_cpu_ms']:.1f} ms |",
              f"| peak RSS over the run − RSS before (from {served['rss_before_mb']:.0f} MB) | "
              f"{served['peak_extra_rss_mb']:.1f} MB |",
              f"| /csterm NRR from another user, alone (median / max of {served['rounds']}) | "
              f"{_ms(served['nrr_alone_ms_median'])} / {_ms(served['nrr_alone_ms_max'])} ms |",
              f"| the same while ten 40,000-letter DMs arrive (median / max) | "
              f"{_ms(served['nrr_during_ten_ms_median'])} / {_ms(served['nrr_during_ten_ms_max'])} ms |", ""]
    return lines


def main() -> int:
    parts = ["# Benchmarks", "", "Generated by `python -m bench.report` from bench/results/*.json; re-run the "
             "benchmarks below when the matcher or the Slack app changes. Raw results: bench/results/.", ""]
    from bench.report_load import lookup_kinds_section, startup_section, targets_section, wrk_section

    before = {"wrk": _load("wrk_load_before"), "kinds": _load("lookup_kinds_before"),
              "startup": _load("startup_before")}
    parts += targets_section(_load("wrk_load"), _load("lookup_kinds"), _load("startup"), before)
    if FINDINGS.exists():
        parts += [FINDINGS.read_text(encoding="utf-8").strip(), ""]

    for name, load_section in (("wrk_load", wrk_section), ("startup", startup_section)):
        data = _load(name)
        parts += load_section(data) if data else [f"## {name}", "", "(not run yet)", ""]
    kinds = _load("lookup_kinds")
    parts += lookup_kinds_section(kinds, _load("lookup_kinds_before")) if kinds else []
    for name, section in (("lookup_speed", lookup_section), ("requests", requests_section),
                          ("oauth_requests", oauth_requests_section), ("quality", quality_section),
                          ("long_query", long_query_section)):
        data = _load(name)
        parts += section(data) if data else [f"## {name}", "", "(not run yet)", ""]
    out = ROOT / "BENCHMARKS.md"
    out.write_text("\n".join(parts), encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
