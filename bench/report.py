#!/usr/bin/env python3
"""Helpers for bench/run.sh (issue 5).

  report.py timev FILE            -> "wall_s cpu_s rss_mb" from /usr/bin/time -v output
  report.py ir FILE               -> instructions ("I refs") from callgrind's stderr
  report.py table RESULTS...      -> the figure | ours | theirs | ratio table
  report.py corpus GENBENCH_TSV   -> model size vs generation time tables

RESULTS holds one "key<TAB>value" line per measurement; a key measured several
times (one line per run) is reported as the median of its values.
"""

import re
import statistics
import sys


def timev(path):
    text = open(path, encoding="utf-8", errors="replace").read()

    def field(name):
        match = re.search(r"^\s*" + re.escape(name) + r": (.*)$", text, re.M)
        if not match:
            sys.exit(f"{path}: no '{name}' in /usr/bin/time -v output")
        return match.group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss_mb = int(field("Maximum resident set size (kbytes)")) / 1024
    status = int(field("Exit status"))
    if status != 0:
        sys.exit(f"{path}: the measured command exited with {status}")
    print(f"{wall:.1f} {cpu:.1f} {rss_mb:.0f}")


def ir(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    match = re.search(r"I\s+refs:\s+([\d,]+)", text) or re.search(r"Collected : (\d+)", text)
    if not match:
        sys.exit(f"{path}: no instruction count in callgrind output")
    print(match.group(1).replace(",", ""))


def load(paths):
    values = {}
    lines = [line for path in paths for line in open(path, encoding="utf-8")]
    for line in lines:
        if "\t" in line:
            key, value = line.rstrip("\n").split("\t", 1)
            values.setdefault(key, []).append(float(value))
    return values


def table(*paths):
    values = load(paths)

    def med(key):
        got = values.get(key)
        return statistics.median(got) if got else None

    def fmt(value, unit):
        if value is None:
            return "n/a"
        if unit == "s":
            return f"{value:.1f} s"
        if unit == "MB":
            return f"{value:.1f} MB" if value < 100 else f"{value:.0f} MB"
        if unit == "µs":
            return f"{value / 1000:.1f} µs"
        if unit == "Ki":
            return f"{value / 1000:,.0f} k"
        if unit == "ms":
            return f"{value:.1f} ms"
        if unit == "lines":
            return f"{value:,.0f}"
        return f"{value:g}"

    rows = []

    def row(label, ours_key, theirs_key, unit, goal=None):
        ours, theirs = med(ours_key), med(theirs_key) if theirs_key else None
        ratio = f"{ours / theirs:.2f}" if ours is not None and theirs else "—"
        runs = str(len(values.get(ours_key, [])))
        if theirs_key:
            runs += f"/{len(values.get(theirs_key, []))}"
        rows.append((label, fmt(ours, unit), fmt(theirs, unit) if theirs_key else "—", ratio, goal or "", runs))

    for key, label, goal in [
        ("app", "Program, clean release build", "≤ 0.25"),
        ("builddep", "Program with its client from build.rs (theirs: SDK program)", ""),
    ]:
        row(f"{label}: wall", f"{key}.ours.wall", "app.theirs.wall", "s", goal)
        row(f"{label}: CPU (user+sys)", f"{key}.ours.cpu", "app.theirs.cpu", "s", goal)
        row(f"{label}: peak RSS (largest process)", f"{key}.ours.rss", "app.theirs.rss", "MB")
    row("Full Image Builder crate alone (deps built): wall", "alone.ours.wall", "alone.theirs.wall", "s")
    row("Full Image Builder crate alone (deps built): CPU", "alone.ours.cpu", "alone.theirs.cpu", "s")
    row("Program binary, release, stripped", "size.ours.stripped", "size.theirs.stripped", "MB", "≤ 0.25")
    row("Program binary, release, not stripped", "size.ours.unstripped", "size.theirs.unstripped", "MB")
    row("Program without `@pattern` validation (as the SDK), stripped", "size.lean.stripped", "size.theirs.stripped", "MB")
    row("HTTPS stack alone (bench/ours/floor), stripped", "size.floor.stripped", "size.theirs.stripped", "MB")
    row("Per call, 200 response: median time", "call.ok.ours.ns", "call.ok.theirs.ns", "µs", "≤ 0.33")
    row("Per call, 200 response: instructions", "call.ok.ours.ir", "call.ok.theirs.ir", "Ki", "≤ 0.33")
    row("Per call, 400 error: median time", "call.err.ours.ns", "call.err.theirs.ns", "µs", "≤ 0.33")
    row("Per call, 400 error: instructions", "call.err.ours.ir", "call.err.theirs.ir", "Ki", "≤ 0.33")
    row("Generate the full Image Builder model (579 KB)", "gen.ib.ms", None, "ms", "< 50 ms")
    row("Lines of Rust, full Image Builder crate", "lines.ours", "lines.theirs", "lines")
    row("Lines of Rust, runtime (smithy-runtime vs aws-* deps)", "lines.ours.runtime", "lines.theirs.runtime", "lines")

    header = ("figure", "ours", "theirs", "ours/theirs", "goal", "runs")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


def corpus(path):
    rows, skipped = [], []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        name = parts[0].rsplit("/", 1)[-1].removesuffix(".json")
        if parts[2] == "skipped":
            skipped.append(name)
        else:
            rows.append((name, int(parts[1]), float(parts[2]), int(parts[4])))
    rows.sort(key=lambda r: r[1])
    print(f"restJson1 models generated: {len(rows)}; skipped (other protocols or refused): {len(skipped)}")
    print()
    print("| model size | models | median generation time | max | ms per 100 KB (median) |")
    print("| --- | --- | --- | --- | --- |")
    buckets = [(0, 50e3), (50e3, 100e3), (100e3, 200e3), (200e3, 400e3), (400e3, 800e3), (800e3, 1.6e6), (1.6e6, 1e12)]
    for low, high in buckets:
        inside = [r for r in rows if low <= r[1] < high]
        if not inside:
            continue
        label = f"{low / 1e3:.0f}–{high / 1e3:.0f} KB" if high < 1e12 else f"≥ {low / 1e3:.0f} KB"
        times = [r[2] for r in inside]
        rate = statistics.median(r[2] / r[1] * 1e5 for r in inside)
        print(f"| {label} | {len(inside)} | {statistics.median(times):.1f} ms | {max(times):.1f} ms | {rate:.1f} ms |")
    print()
    print("Largest restJson1 models:")
    print()
    print("| model | size | generation (median) | lines of Rust |")
    print("| --- | --- | --- | --- |")
    for name, size, ms, lines in sorted(rows, key=lambda r: -r[1])[:6]:
        print(f"| {name} | {size / 1e3:.0f} KB | {ms:.1f} ms | {lines:,} |")
    total = sum(r[2] for r in rows)
    print()
    print(f"Whole corpus: {total / 1e3:.1f} s for {len(rows)} models ({sum(r[1] for r in rows) / 1e6:.1f} MB of JSON).")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"timev": timev, "ir": ir, "table": table, "corpus": corpus}[command](*arguments)
