#!/usr/bin/env python3
"""bench/report.py OUTDIR COMMAND MARKDOWN NOTES - the table of bench/run.sh.

Reads what bench/run.sh left in OUTDIR (hyperfine JSON per level, the
/usr/bin/time lines, the dockersec-stats lines, the machine description),
prints the table on stdout and writes MARKDOWN (BENCHMARKS.md) with the
machine, the exact command, the table and NOTES (the hand-written analysis).

Ratios are taken run by run: run i of a figure divided by run i of the floor
of the same level, then summarised (median [min-max]).  The floor of a level
is the faster (by median) of floor-seq and floor-par.
"""
import json
import os
import statistics
import sys

out_dir, command, markdown, notes = sys.argv[1:5]


def read(name, default=""):
    try:
        with open(os.path.join(out_dir, name)) as f:
            return f.read()
    except OSError:
        return default


def machine():
    m = {}
    for line in read("machine").splitlines():
        k, _, v = line.partition("=")
        m[k] = v
    return m


def times_by_name(path):
    """/usr/bin/time lines 'NAME wall user sys maxrss_kb' -> {name: [(cpu_s, rss_kb)]}"""
    res = {}
    for line in read(path).splitlines():
        p = line.split()
        if len(p) != 5:
            continue
        try:
            res.setdefault(p[0], []).append((float(p[2]) + float(p[3]), int(p[4])))
        except ValueError:
            pass
    return res


def stats_lines(path):
    """dockersec-stats key=value lines -> {'pack': {...}, 'single': {...}}"""
    res = {}
    for line in read(path).splitlines():
        p = line.split()
        if len(p) < 2 or "=" not in p[1] or p[1].startswith("endpoint="):
            continue
        who = "pack" if p[0] == "dockersec-stats" else p[0]
        res[who] = dict(kv.split("=", 1) for kv in p[1:] if "=" in kv)
    return res


def fmt_ms(s):
    return "%.1f" % (s * 1000.0)


def ratio_summary(times, floor_times):
    pairs = [a / b for a, b in zip(times, floor_times) if b > 0]
    if not pairs:
        return "—"
    return "%.2f× [%.2f–%.2f]" % (statistics.median(pairs), min(pairs), max(pairs))


def requests_text(name, stats, listed, packfloor):
    if name in ("floor-seq", "floor-par"):
        return "%d (1 list + %d inspects + 2)" % (listed + 3, listed) if listed is not None else "—"
    if name in ("floor-pack-seq", "floor-pack-par"):
        return "%s (+ tops, images, networks, volumes)" % (packfloor or "?")
    s = stats.get(name)
    if not s:
        return "—"
    return "%s (%s list + %s inspects + %s other)" % (
        s.get("requests", "?"), s.get("list_requests", "?"), s.get("inspects", "?"),
        s.get("other_requests", "?"))


def level_rows(level):
    doc = json.loads(read("%s.json" % level, "{}") or "{}")
    results = {r["command"]: r for r in doc.get("results", [])}
    if not results:
        return [], None
    tm = times_by_name("%s.time" % level)
    stats = stats_lines("%s.stats" % level)
    listed_text = read("%s.listed" % level).strip()
    listed = int(listed_text) if listed_text.isdigit() else None
    running = read("%s.running" % level).strip()
    packfloor = read("%s.packfloor" % level).strip()
    floors = [n for n in ("floor-seq", "floor-par") if n in results]
    floor = min(floors, key=lambda n: results[n]["median"]) if floors else None
    pfloors = [n for n in ("floor-pack-seq", "floor-pack-par") if n in results]
    pfloor = min(pfloors, key=lambda n: results[n]["median"]) if pfloors else None
    rows = []
    for name in ("floor-seq", "floor-par", "floor-pack-seq", "floor-pack-par", "pack", "single"):
        r = results.get(name)
        if not r:
            continue
        t = r["times"]
        rss = [k for _, k in tm.get(name, [])]
        label = name + (" (floor)" if name == floor else "") + (" (pack floor)" if name == pfloor else "")
        rows.append([
            str(level), "%s / %s" % (listed if listed is not None else "?", running or "?"), label,
            fmt_ms(r["median"]), fmt_ms(r["min"]), fmt_ms(r["max"]),
            ratio_summary(t, results[floor]["times"]) if floor else "—",
            ratio_summary(t, results[pfloor]["times"]) if pfloor else "—",
            fmt_ms(r["user"] + r["system"]),
            "%.1f" % (max(rss) / 1024.0) if rss else "—",
            requests_text(name, stats, listed, packfloor),
        ])
    return rows, (results, floor)


def procs_rows():
    doc = json.loads(read("procs.json", "{}") or "{}")
    res = doc.get("results", [])
    if not res:
        return []
    r = res[0]
    tm = times_by_name("procs.time").get("processes", [])
    rss = [k for _, k in tm]
    return [["—", read("procs.count").strip() + " pids", "processes count(*)",
             fmt_ms(r["median"]), fmt_ms(r["min"]), fmt_ms(r["max"]), "—", "—",
             fmt_ms(r["user"] + r["system"]),
             "%.1f" % (max(rss) / 1024.0) if rss else "—", "0"]]


HEADER = ["bench containers", "listed / running", "figure", "median ms", "min ms", "max ms",
          "× floor (run by run)", "× pack floor", "CPU ms (mean)", "peak RSS MB",
          "API requests / run"]


def table(rows):
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    return "\n".join(lines)


def main():
    m = machine()
    levels = m.get("levels", "").split()
    rows, per_level = [], {}
    for lv in levels:
        lr, info = level_rows(lv)
        rows += lr
        per_level[lv] = info
    rows += procs_rows()
    t = table(rows)
    print(t)
    if markdown == "/dev/null":
        return
    md = ["# dockersec benchmarks", "",
          "Generated by `make bench` (`bench/run.sh`); the analysis below the table is "
          "`bench/notes.md`.", "",
          "## Machine", "",
          "- CPU: %s × %s" % (m.get("nproc", "?"), m.get("cpu", "?")),
          "- memory: %s" % m.get("memory", "?"),
          "- kernel: %s" % m.get("kernel", "?"),
          "- docker: %s; %s" % (m.get("docker", "?"), m.get("storage", "?")),
          "- cgroup: %s" % m.get("cgroup", "?"),
          "- load average at start: %s (the machine is shared: other jobs run meanwhile)"
          % m.get("load", "?"),
          "- dockersec: %s; hyperfine %s" % (m.get("commit", "?"), m.get("hyperfine", "?")),
          "", "## Command", "", "```", command, "```", "",
          "(`make bench` runs `bench/run.sh build`; `make bench BENCH_ARGS=--with-1000` adds "
          "the 1,000 level.)", "",
          "- `pack` = %s." % m.get("pack", "?"),
          "- `floor-seq` / `floor-par` = `bench/floor.c` (libcurl): `GET /containers/json?all=1`, "
          "`/info`, `/version` and every `GET /containers/{id}/json`, sequential over one "
          "keep-alive connection / overlapped with curl multi (16 connections). The faster is "
          "*the floor*.",
          "- `floor-pack-seq` / `floor-pack-par` = the same plus everything else the pack asks "
          "the engine: `/images/json`, `/networks`, `/volumes` and `GET /containers/{id}/top` "
          "(dockersec's `ps_args`) for every running container. The faster is *the pack floor*.",
          "- `single` = `dockersec query \"SELECT * FROM docker_containers WHERE id = '<id>'\"`.",
          "- `processes count(*)` = `dockersec query 'SELECT count(*) FROM processes'` with "
          "~5,000 extra `sleep` processes alive.",
          "- Wall times and CPU (user+sys, mean; `/usr/bin/time` only has 10 ms resolution): "
          "hyperfine, %s runs after 1 warm-up (whole process). Peak RSS: the largest "
          "`/usr/bin/time` maximum resident set size over as many runs. Ratios: run i / "
          "floor run i, median [min–max]. `listed` = containers on the (shared) engine, ours "
          "and others'." % m.get("runs", "?"),
          "", "## Figures", "", t, ""]
    try:
        with open(notes) as f:
            md += [f.read().rstrip(), ""]
    except OSError:
        pass
    with open(markdown, "w") as f:
        f.write("\n".join(md))


main()
