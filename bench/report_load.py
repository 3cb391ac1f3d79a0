"""BENCHMARKS.md sections for bench.wrk_load, bench.lookup_kinds and bench.startup (issue 16), for bench.report."""

from __future__ import annotations

from typing import Any

from bench.mix import KINDS

SERVER_LABELS = {
    "bare": "bare aiohttp handler, constant answer",
    "signed": "signed-bare: signature checked, form parsed, constant answer",
    "csterm": "`csterm serve --http` (SQLite, every lookup recorded)",
    "csterm_nostore": "same app, lookup recorder that does nothing (diagnostic)",
}


def _machine(data: dict[str, Any]) -> str:
    m = data["machine"]
    return f"{m['date']}; {m['nproc']} CPUs, {m['cpu']}; Python {m['python']}"


def _range(spread: dict[str, float], fmt: str = "{:.0f}", scale: float = 1.0) -> str:
    return (f"{fmt.format(spread['median'] * scale)} ({fmt.format(spread['min'] * scale)}–"
            f"{fmt.format(spread['max'] * scale)})")


def wrk_section(data: dict[str, Any]) -> list[str]:
    s = data["summary"]
    checks = data.get("answers_checked", {})
    lines = ["## Requests under wrk", "", "`python -m bench.wrk_load` (" + _machine(data) + ")", "",
             f"wrk (1 thread, {data['connections']} connections, {data['seconds']:.0f} s after a 2 s warm-up) pinned "
             "to CPU 0; each server alone, pinned to CPU 1; signed /csterm bodies rotating over the realistic mix "
             f"({data['mix']['bodies']} bodies, {len(data['mix']['kinds'])} kinds, bench/mix.py) against "
             f"{data['glossary'].rsplit('/', 1)[-1]}. {data['repeats']} repeats, servers interleaved; each figure is "
             "the median of the repeats (min–max). Server CPU = the server process's CPU time over the run ÷ the "
             "run's wall time (100 % = its core to itself); other jobs shared this machine, so req/s moves with "
             "their load, while CPU µs per request does not.", "",
             "| server | req/s | p50 ms | p99 ms | server CPU | CPU µs per request | wrk CPU | errors | load avg |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key, label in SERVER_LABELS.items():
        if key not in s:
            continue
        r = s[key]
        lines.append(f"| {label} | {_range(r['rps'])} | {_range(r['p50_ms'], '{:.2f}')} | "
                     f"{_range(r['p99_ms'], '{:.1f}')} | {_range(r['server_cpu_share'], '{:.0f}', 100)} % | "
                     f"{_range(r['server_cpu_us_per_request'])} | {r['client_cpu_share']['median']:.0%} | "
                     f"{r['errors']} | {r['loadavg_1min']['median']:.2f} |")
    lines += ["", "| csterm as a share of | by req/s, same repeat | by CPU µs per request, same repeat |",
              "|---|---:|---:|"]
    for reference in ("signed", "bare"):
        if f"csterm/{reference}" in s:
            lines.append(f"| {SERVER_LABELS[reference]} | {_range(s[f'csterm/{reference}'], '{:.0f}', 100)} % | "
                         f"{_range(s[f'csterm/{reference} by CPU per request'], '{:.0f}', 100)} % |")
    if checks:
        lines += ["", f"Before the load, every body was sent once: {checks['non_200']} non-200 answers; the expected "
                  f"term was in {checks['expected_term_found']} of {checks['expected_term_checked']} exact, alias and "
                  "lowercase answers."]
    return [*lines, ""]


def lookup_kinds_section(data: dict[str, Any], before: dict[str, Any] | None = None) -> list[str]:
    lines = ["## Lookup latency by query kind", "", "`python -m bench.lookup_kinds` (" + _machine(data) + ")", "",
             f"{data['per_kind']} queries of each of the {len(KINDS)} kinds, interleaved; each lookup with csterm's "
             "query caches cleared (a first-time query); a comparison is both lookups. p50/p99 of wall time, "
             f"median of {data['passes']} passes (min–max of the passes' p99); CPU p99 = the same for the thread's "
             "CPU time (what the lookup costs without the preemption this shared machine adds). `all` = the whole "
             "interleaved mix, equal parts of each kind."
             + (" Before = the same benchmark on the code this issue started from." if before else ""), ""]
    before_sizes = {s["size"]: s for s in before["sizes"]} if before else {}
    for size in data["sizes"]:
        old = before_sizes.get(size["size"])
        head = "| kind | p50 ms | p99 ms | CPU p99 ms | top-1 |" + (" before: p50 / p99 ms |" if old else "")
        lines += [f"### {size['size']:,} entries (matcher built in {size['build_s']:.2f} s; load average "
                  f"{size['loadavg_1min']:.1f})", "", head, "|---|---:|---:|---:|---:|" + ("---:|" if old else "")]
        for kind, k in size["kinds"].items():
            row = (f"| {kind} | {k['wall_p50_ms']['median']:.3f} | {_range(k['wall_p99_ms'], '{:.2f}')} | "
                   f"{k['cpu_p99_ms']['median']:.2f} | {k['top1']:.1%} |" if "top1" in k else
                   f"| {kind} | {k['wall_p50_ms']['median']:.3f} | {_range(k['wall_p99_ms'], '{:.2f}')} | "
                   f"{k['cpu_p99_ms']['median']:.2f} | – |")
            if old and kind in old["kinds"]:
                o = old["kinds"][kind]
                row += f" {o['wall_p50_ms']['median']:.3f} / {o['wall_p99_ms']['median']:.2f} |"
            lines.append(row)
        if "memory" in size:
            mem = size["memory"]
            lines += ["", f"RSS in a fresh process (`python -m bench.memory {size['size']}`): matcher "
                      f"{mem['matcher_mb']:.1f} MB, glossary + matcher {mem['total_mb']:.1f} MB."]
        lines.append("")
    return lines


def startup_section(data: dict[str, Any]) -> list[str]:
    lines = ["## Start-up", "", "`python -m bench.startup` (" + _machine(data) + ")", "",
             f"Seconds, median of {data['runs']} runs (min–max). serve = `csterm serve --http` spawned to its first "
             "answered signed /csterm request; define = `csterm define TERM` from spawn to exit. cold = no compiled "
             "glossary in the cache (after an edit of the glossary or an upgrade: parse, validate, build, write "
             "the cache); warm = the cache holds it (every later start).", "",
             "| glossary | serve, warm | serve, cold | define, warm | define, cold |", "|---|---:|---:|---:|---:|"]
    for label, row in data["sizes"].items():
        cells = [_range(row[k], "{:.2f}") for k in ("serve_warm", "serve_cold", "define_warm", "define_cold")]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return [*lines, ""]
