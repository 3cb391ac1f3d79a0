"""BENCHMARKS.md sections for bench.wrk_load, bench.lookup_kinds and bench.startup (issue 16), for bench.report."""

from __future__ import annotations

from typing import Any

from bench.mix import KINDS

SERVER_LABELS = {
    "bare": "bare aiohttp handler, constant answer",
    "signed": "signed-bare: signature checked, form parsed, constant answer",
    "csterm": "`csterm serve --http` (SQLite, every lookup recorded), questions asked before",
    "csterm_fresh": "the same, CSTERM_ANSWER_MEMORY=0: every question as if new",
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
    lines += ["", "| csterm | as a share of | by req/s, same repeat | by CPU µs per request, same repeat |",
              "|---|---|---:|---:|"]
    for csterm in ("csterm", "csterm_fresh"):
        for reference in ("signed", "bare"):
            if f"{csterm}/{reference}" in s:
                lines.append(f"| {SERVER_LABELS[csterm]} | {SERVER_LABELS[reference]} | "
                             f"{_range(s[f'{csterm}/{reference}'], '{:.0f}', 100)} % | "
                             f"{_range(s[f'{csterm}/{reference} by CPU per request'], '{:.0f}', 100)} % |")
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


def _kind(data: dict[str, Any], size: int, kind: str) -> dict[str, Any] | None:
    for found in data["sizes"]:
        if found["size"] == size:
            k: dict[str, Any] = found["kinds"].get(kind)
            return k
    return None


def _worst_kind(data: dict[str, Any], size: int) -> tuple[str, float]:
    sizes = [s for s in data["sizes"] if s["size"] == size]
    if not sizes:
        return "-", float("nan")
    kinds = {k: v["wall_p99_ms"]["median"] for k, v in sizes[0]["kinds"].items() if k != "all"}
    worst = max(kinds, key=lambda k: kinds[k])
    return worst, kinds[worst]


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def targets_section(wrk: dict[str, Any] | None, kinds: dict[str, Any] | None, startup: dict[str, Any] | None,
                    before: dict[str, dict[str, Any] | None]) -> list[str]:
    """Issue 16's targets, each with the figure that decides it and what it was before, from the result files."""
    lines = ["## Issue 16 targets (generated from bench/results/; medians of ≥ 3 runs, min–max in brackets)", "",
             "| target | now | before | met? |", "|---|---|---|---|"]
    if wrk:
        s, old = wrk["summary"], (before.get("wrk") or {}).get("summary", {})
        share, cpu = s["csterm/signed"], s["csterm/signed by CPU per request"]
        before_wrk = (f"{old['csterm/signed']['median']:.0%} by req/s, "
                      f"{old['csterm/signed by CPU per request']['median']:.0%} by CPU "
                      f"({old['csterm']['server_cpu_us_per_request']['median']:.0f} µs/request)" if old else "-")
        lines.append(f"| /csterm ≥ 60 % of the signed-bare handler's req/s, realistic mix (same run) | "
                     f"{_range(share, '{:.0f}', 100)} % by req/s; {_range(cpu, '{:.0f}', 100)} % by CPU per request "
                     f"({s['csterm']['server_cpu_us_per_request']['median']:.0f} vs "
                     f"{s['signed']['server_cpu_us_per_request']['median']:.0f} µs) | {before_wrk} | "
                     f"{_met(share['median'] >= 0.6)} by req/s, {_met(cpu['median'] >= 0.6)} by CPU |")
        if "csterm_fresh/signed" in s:
            share, cpu = s["csterm_fresh/signed"], s["csterm_fresh/signed by CPU per request"]
            lines.append(f"| the same, every question as if new (CSTERM_ANSWER_MEMORY=0) | "
                         f"{_range(share, '{:.0f}', 100)} % by req/s; {_range(cpu, '{:.0f}', 100)} % by CPU per "
                         f"request ({s['csterm_fresh']['server_cpu_us_per_request']['median']:.0f} µs) | - | "
                         f"{_met(share['median'] >= 0.6)} by req/s, {_met(cpu['median'] >= 0.6)} by CPU |")
    if kinds:
        old_kinds = before.get("kinds")
        for size, limit in ((20_000, 1.0), (100_000, 2.0)):
            now = _kind(kinds, size, "all")
            if now is None:
                continue
            old_all = _kind(old_kinds, size, "all") if old_kinds else None
            was_text = f"{old_all['wall_p99_ms']['median']:.2f} ms" if old_all else "-"
            lines.append(f"| lookup p99 ≤ {limit:g} ms at {size:,} entries, realistic mix | "
                         f"{_range(now['wall_p99_ms'], '{:.2f}')} ms (CPU {now['cpu_p99_ms']['median']:.2f}) | "
                         f"{was_text} | {_met(now['wall_p99_ms']['median'] <= limit)} |")
        worst, p99 = _worst_kind(kinds, 20_000)
        old_worst = _worst_kind(old_kinds, 20_000) if old_kinds else ("-", float("nan"))
        lines.append(f"| every kind's p99 ≤ 2 ms at 20,000 | worst: {worst} {p99:.2f} ms | worst: {old_worst[0]} "
                     f"{old_worst[1]:.2f} ms | {_met(p99 <= 2.0)} |")
        memory = next((s["memory"] for s in kinds["sizes"] if s["size"] == 20_000 and "memory" in s), None)
        if memory:
            lines.append(f"| matcher memory at 20,000 | matcher {memory['matcher_mb']:.1f} MB, with the glossary "
                         f"{memory['total_mb']:.1f} MB | 66.7 / 92.4 MB | smaller |")
    if startup:
        old_start = before.get("startup") or {}
        for label, limit in (("20000", 1.0), ("100000", 3.0)):
            row = startup["sizes"].get(label)
            if row is None:
                continue
            previous = old_start.get(label)
            was_text = f"define {previous['median']:.2f} s" if previous else "-"
            warm = max(row["serve_warm"]["median"], row["define_warm"]["median"])
            lines.append(
                f"| start-up ≤ {limit:g} s with {int(label):,} entries | serve "
                f"{_range(row['serve_warm'], '{:.2f}')} s, define {_range(row['define_warm'], '{:.2f}')} s with the "
                f"compiled cache; cold (first start after an edit): serve {row['serve_cold']['median']:.2f} s, "
                f"define {row['define_cold']['median']:.2f} s | "
                f"{was_text} | {_met(warm <= limit)} (warm) |")
    return [*lines, ""]
