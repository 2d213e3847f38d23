#!/usr/bin/env python3
"""bench/report.py OUTDIR COMMAND MARKDOWN NOTES - the tables of bench/run.sh.

Reads what bench/run.sh left in OUTDIR (hyperfine JSON per level, the
/usr/bin/time lines, the dockersec-stats lines, the engine CPU, the
docker-bench runs and their proxied requests, the containerd level, the
machine description), prints the tables on stdout and writes MARKDOWN
(BENCHMARKS.md) with the machine, the exact command, the tables, the targets
computed from the figures and NOTES (the hand-written analysis).

Ratios are taken run by run: run i of a figure divided by run i of the
reference of the same level, then summarised (median [min-max]).  The floor
of a level is the faster (by median) of floor-seq and floor-par.
"""
import json
import os
import re
import statistics
import sys

out_dir, command, markdown, notes = sys.argv[1:5]
CLK_TCK = os.sysconf("SC_CLK_TCK")


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
    """/usr/bin/time lines 'NAME wall user sys maxrss_kb' -> {name: [(wall, cpu_s, rss_kb)]}"""
    res = {}
    for line in read(path).splitlines():
        p = line.split()
        if len(p) != 5:
            continue
        try:
            res.setdefault(p[0], []).append((float(p[1]), float(p[2]) + float(p[3]), int(p[4])))
        except ValueError:
            pass
    return res


def stats_lines(path):
    """dockersec-stats lines -> ({'pack': {...}, 'tables': {...}}, {endpoint: n} of the pack)"""
    res, endpoints = {}, {}
    for line in read(path).splitlines():
        m = re.match(r'dockersec-stats endpoint="([^"]*)" requests=(\d+)', line)
        if m:
            endpoints[m.group(1)] = int(m.group(2))
            continue
        p = line.split()
        if len(p) < 2 or "=" not in p[1]:
            continue
        who = "pack" if p[0] == "dockersec-stats" else p[0]
        res[who] = dict(kv.split("=", 1) for kv in p[1:] if "=" in kv)
    return res, endpoints


def engine_cpu(path):
    res = {}
    for line in read(path).splitlines():
        p = line.split()
        if len(p) == 2 and p[1].lstrip("-").isdigit():
            res.setdefault(p[0], []).append(int(p[1]) * 1000.0 / CLK_TCK)
    return {k: statistics.median(v) for k, v in res.items()}


def fmt_ms(s):
    return "%.1f" % (s * 1000.0) if s is not None else "—"


def ratio_summary(times, ref_times):
    pairs = [a / b for a, b in zip(times, ref_times) if b > 0]
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


FIGURES = ("floor-seq", "floor-par", "floor-pack-seq", "floor-pack-par", "pack", "pack-compare",
           "tables", "single")


def level_label(level):
    if "@" in level:
        n, p = level.split("@")
        return "%s (%s %% running)" % (n, p)
    if level.startswith("containerd"):
        return "%s containerd-only" % level[len("containerd"):]
    return "%s (all running)" % level


def level_data(level):
    """Everything of one Docker level, or None."""
    doc = json.loads(read("%s.json" % level, "{}") or "{}")
    results = {r["command"]: r for r in doc.get("results", [])}
    if not results:
        return None
    d = {"results": results, "tm": times_by_name("%s.time" % level)}
    d["stats"], d["endpoints"] = stats_lines("%s.stats" % level)
    listed_text = read("%s.listed" % level).strip()
    d["listed"] = int(listed_text) if listed_text.isdigit() else None
    d["running"] = read("%s.running" % level).strip()
    d["packfloor"] = read("%s.packfloor" % level).strip()
    d["engine"] = engine_cpu("%s.engine" % level)
    floors = [n for n in ("floor-seq", "floor-par") if n in results]
    d["floor"] = min(floors, key=lambda n: results[n]["median"]) if floors else None
    pfloors = [n for n in ("floor-pack-seq", "floor-pack-par") if n in results]
    d["pfloor"] = min(pfloors, key=lambda n: results[n]["median"]) if pfloors else None
    d["db"] = times_by_name("%s.dbtime" % level)
    d["dbreq"] = {}
    for name in ("docker-bench", "docker-bench-s5"):
        lines = read("%s.%s.requests" % (level, name)).splitlines()
        if lines or name in d["db"]:
            d["dbreq"][name] = lines
    return d


def rss_mb(tm, name):
    rss = [k for _, _, k in tm.get(name, [])]
    return "%.1f" % (max(rss) / 1024.0) if rss else "—"


def level_rows(level, d):
    res, tm = d["results"], d["tm"]
    lv = "%s / %s" % (d["listed"] if d["listed"] is not None else "?", d["running"] or "?")
    rows = []
    for name in FIGURES:
        r = res.get(name)
        if not r:
            continue
        t = r["times"]
        label = name + (" (floor)" if name == d["floor"] else "") + (
            " (pack floor)" if name == d["pfloor"] else "")
        eng = d["engine"].get(name)
        rows.append([
            level_label(level), lv, label, fmt_ms(r["median"]), fmt_ms(r["min"]), fmt_ms(r["max"]),
            ratio_summary(t, res[d["floor"]]["times"]) if d["floor"] else "—",
            fmt_ms(r["user"] + r["system"]), rss_mb(tm, name),
            requests_text(name, d["stats"], d["listed"], d["packfloor"]),
            "%.0f" % eng if eng is not None else "—",
        ])
    for name, runs in d["db"].items():
        walls = [w for w, _, _ in runs]
        cpus = [c for _, c, _ in runs]
        reqs = d["dbreq"].get(name, [])
        inspects = sum(1 for l in reqs if re.search(r"/containers/[^/]+/json", l) or
                       re.search(r"/images/[^/]+/json", l))
        pings = sum(1 for l in reqs if "/_ping" in l)
        floor_med = res[d["floor"]]["median"] if d["floor"] else None
        rows.append([
            level_label(level), lv, name, fmt_ms(statistics.median(walls)), fmt_ms(min(walls)),
            fmt_ms(max(walls)),
            "%.0f× (median)" % (statistics.median(walls) / floor_med) if floor_med else "—",
            fmt_ms(statistics.mean(cpus)), rss_mb(d["db"], name),
            "%d (%d inspects, %d /_ping; counting proxy)" % (len(reqs), inspects, pings),
            "%.0f" % d["engine"][name] if name in d["engine"] else "—",
        ])
    return rows


def ctr_rows():
    level = read("ctr.level").strip()
    if not level:
        return [], None
    doc = json.loads(read("ctr.json", "{}") or "{}")
    res = {r["command"]: r for r in doc.get("results", [])}
    tm = times_by_name("ctr.time")
    stats, _ = stats_lines("ctr.stats")
    note = read("ctr.note").strip()
    running = read("ctr.running").strip() or "?"
    rows = []
    fl = res.get("floor-bundles")
    for name in ("floor-bundles", "pack", "pack-compare"):
        r = res.get(name)
        if not r:
            continue
        s = stats.get(name) if name != "floor-bundles" else None
        rows.append([level_label("containerd" + level), "— / %s" % running,
                     name + (" (floor)" if name == "floor-bundles" else ""),
                     fmt_ms(r["median"]), fmt_ms(r["min"]), fmt_ms(r["max"]),
                     ratio_summary(r["times"], fl["times"]) if fl else "—",
                     fmt_ms(r["user"] + r["system"]), rss_mb(tm, name),
                     (s.get("requests", "?") + " (engine API)") if s else "0 (reads files)", "—"])
    if "pack" not in res:
        rows.append([level_label("containerd" + level), "— / %s" % running, "pack",
                     "—", "—", "—", "—", "—", "—", note or "not measured", "—"])
    return rows, {"res": res, "stats": stats, "note": note, "tm": tm}


def procs_rows():
    doc = json.loads(read("procs.json", "{}") or "{}")
    res = doc.get("results", [])
    if not res:
        return [], None
    r = res[0]
    tm = times_by_name("procs.time")
    return [["—", read("procs.count").strip() + " pids", "processes count(*)",
             fmt_ms(r["median"]), fmt_ms(r["min"]), fmt_ms(r["max"]), "—",
             fmt_ms(r["user"] + r["system"]), rss_mb(tm, "processes"), "0", "—"]], r


HEADER = ["level", "listed / running", "figure", "median ms", "min ms", "max ms",
          "× floor (run by run)", "CPU ms (mean)", "peak RSS MB", "API requests / run",
          "engine CPU ms"]


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    return "\n".join(lines)


def ratio_rows(per_level):
    """pack vs floor, vs tables, vs docker-bench: one row per level."""
    rows = []
    for level, d in per_level.items():
        res = d["results"]
        if "pack" not in res:
            continue
        p = res["pack"]
        fl = res[d["floor"]] if d["floor"] else None
        tb = res.get("tables")
        pc = res.get("pack-compare")
        row = [level_label(level), fmt_ms(p["median"]),
               ratio_summary(p["times"], fl["times"]) if fl else "—",
               ("%s (%s ms)" % (ratio_summary(pc["times"], fl["times"]), fmt_ms(pc["median"])))
               if pc and fl else "—",
               ratio_summary(p["times"], res[d["pfloor"]]["times"]) if d["pfloor"] else "—",
               ratio_summary(p["times"], tb["times"]) if tb else "—"]
        for name in ("docker-bench", "docker-bench-s5"):
            runs = d["db"].get(name)
            if runs:
                w = statistics.median([x for x, _, _ in runs])
                row.append("%.3f× (%.1f s)" % (p["median"] / w, w))
            else:
                row.append("—")
        rows.append(row)
    return rows


RATIO_HEADER = ["level", "pack median ms", "pack ÷ floor", "pack-compare ÷ floor",
                "pack ÷ pack floor (with tops)",
                "pack ÷ tables", "pack ÷ docker-bench (full)",
                "pack ÷ docker-bench -c container_runtime"]


def targets(per_level, ctr, procs):
    rows = []

    def pack_vs_floor(level):
        d = per_level.get(level)
        if not d or "pack" not in d["results"] or not d["floor"]:
            return None
        res = d["results"]
        pairs = [a / b for a, b in zip(res["pack"]["times"], res[d["floor"]]["times"]) if b > 0]
        return statistics.median(pairs) if pairs else None

    for level in ("200", "1000"):
        r = pack_vs_floor(level)
        if r is None:
            rows.append(["pack ≤ 1.5× the floor, %s all running" % level, "not measured in this run",
                         "—"])
        else:
            d = per_level[level]
            tops = d["endpoints"].get("GET /containers/{id}/top", 0)
            rows.append(["pack ≤ 1.5× the floor, %s all running" % level,
                         "%.2f× (pack %s ms, floor %s ms; %d `/top` requests in the pack run)" % (
                             r, fmt_ms(d["results"]["pack"]["median"]),
                             fmt_ms(d["results"][d["floor"]]["median"]), tops),
                         "met" if r <= 1.5 else "not met"])
    if ctr is None:
        rows.append(["containerd-only node, 200: pack < 150 ms, 0 API requests",
                     "not measured in this run", "—"])
    elif "pack" not in ctr["res"]:
        rows.append(["containerd-only node, 200: pack < 150 ms, 0 API requests",
                     ctr["note"] or "not measured", "not available in this build"])
    else:
        p = ctr["res"]["pack"]
        req = int(ctr["stats"].get("pack", {}).get("requests", "-1"))
        ok = p["median"] < 0.150 and req == 0
        rows.append(["containerd-only node, 200: pack < 150 ms, 0 API requests",
                     "%s ms, %d requests" % (fmt_ms(p["median"]), req), "met" if ok else "not met"])
    if ctr is not None and "pack-compare" in ctr["res"]:
        p = ctr["res"]["pack-compare"]
        req = int(ctr["stats"].get("pack-compare", {}).get("requests", "-1"))
        ok = p["median"] < 0.150 and req == 0
        errs = ctr["stats"].get("pack-compare", {}).get("errors", "?")
        rows.append(["(pack-compare) containerd-only node, 200: pack < 150 ms, 0 API requests",
                     "%s ms, %d request(s) attempted (%s failed: no socket), %s k8s.io containers "
                     "seen" % (fmt_ms(p["median"]), req, errs, read("ctr.rows").strip() or "?"),
                     "met" if ok else "not met"])
    for level in ("200", "1000"):
        d = per_level.get(level)
        if not d or "pack-compare" not in d["results"] or not d["floor"]:
            continue
        res = d["results"]
        pairs = [a / b for a, b in zip(res["pack-compare"]["times"], res[d["floor"]]["times"]) if b > 0]
        r = statistics.median(pairs)
        rows.append(["(pack-compare) pack ≤ 1.5× the floor, %s all running" % level,
                     "%.2f× (%s ms, floor %s ms)" % (r, fmt_ms(res["pack-compare"]["median"]),
                                                     fmt_ms(res[d["floor"]]["median"])),
                     "met" if r <= 1.5 else "not met"])
    d = per_level.get("1000")
    if d and d["tm"].get("pack"):
        rss = max(k for _, _, k in d["tm"]["pack"]) / 1024.0
        rows.append(["peak RSS < 64 MB at 1,000", "%.1f MB" % rss, "met" if rss < 64 else "not met"])
    else:
        rows.append(["peak RSS < 64 MB at 1,000", "not measured in this run (level 1000 not run)", "—"])
    if procs:
        rows.append(["`processes` over 5,000 pids < 30 ms",
                     "%s ms median (%s–%s)" % (fmt_ms(procs["median"]), fmt_ms(procs["min"]),
                                                fmt_ms(procs["max"])),
                     "met" if procs["median"] < 0.030 else "not met"])
    for level in ("50", "200", "1000"):
        d = per_level.get(level)
        if not d or "pack" not in d["stats"]:
            continue
        s = d["stats"]["pack"]
        tops = d["endpoints"].get("GET /containers/{id}/top", 0)
        insp = int(s.get("inspects", "0"))
        rows.append(["each container inspected at most once per run (asserted in tests/requests)",
                     "level %s: %d inspects for %s containers listed" % (level, insp, d["listed"]),
                     "met" if d["listed"] is not None and insp <= d["listed"] else "not met"])
        rows.append(["no `/top` for a local engine (asserted in tests/requests)",
                     "level %s: %d `GET /containers/{id}/top` in one pack run" % (level, tops),
                     "met" if tops == 0 else "not met (issue 13 not merged)"])
    return rows


def main():
    m = machine()
    levels = m.get("levels", "").split()
    rows, per_level, skipped = [], {}, []
    for lv in levels:
        if lv.startswith("containerd"):
            continue
        d = level_data(lv)
        if d is None:
            note = read("%s.note" % lv).strip()
            if note:
                skipped.append("%s: %s" % (level_label(lv), note))
            continue
        per_level[lv] = d
        rows += level_rows(lv, d)
    crow, ctr = ctr_rows()
    rows += crow
    prow, procs = procs_rows()
    rows += prow
    t = table(HEADER, rows)
    rt = table(RATIO_HEADER, ratio_rows(per_level))
    tg = table(["target", "measured", ""], targets(per_level, ctr, procs))
    print(t)
    print()
    print(rt)
    print()
    print(tg)
    if markdown == "/dev/null":
        return
    db = m.get("docker_bench")
    md = ["# dockersec benchmarks", "",
          "Generated by `make bench` (`bench/run.sh`, tables by `bench/report.py`); the analysis "
          "below the tables is `bench/notes.md`.", "",
          "## Machine", "",
          "- CPU: %s × %s" % (m.get("nproc", "?"), m.get("cpu", "?")),
          "- memory: %s" % m.get("memory", "?"),
          "- kernel: %s" % m.get("kernel", "?"),
          "- docker: %s; %s; containerd %s" % (m.get("docker", "?"), m.get("storage", "?"),
                                               m.get("containerd", "?")),
          "- cgroup: %s" % m.get("cgroup", "?"),
          "- load average at start: %s, %s (the machine is shared: other jobs run meanwhile)"
          % (m.get("load", "?"), m.get("start", "?")),
          "- dockersec: %s (%s checks); hyperfine %s" % (m.get("commit", "?"), m.get("checks", "?"),
                                                        m.get("hyperfine", "?")),
          "- docker-bench-security: %s" % (db or "not run (no `DOCKER_BENCH`)"),
          "", "## Command", "", "```", command, "```", "",
          "`make bench` runs `bench/run.sh build` with `--levels \"$(BENCH_LEVELS)\"` when set "
          "(default `0 50 200 200@10 containerd200`), `--docker-bench $(DOCKER_BENCH)` when set, "
          "and `$(BENCH_ARGS)` (`--with-1000` adds the 1,000 level).", "",
          "- levels: `N (all running)` = N containers labelled `dockersec.bench=1`, every one "
          "running, in a mix of settings (uid 1000, read-only rootfs, `--cap-drop ALL` + adds, "
          "`--cap-add NET_ADMIN`, memory/pids/cpu limits, published ports, read-only host mounts, "
          "no-new-privileges, `--network none`, privileged as uid 1000, defaults); `N (P % "
          "running)` = the level the earlier BENCHMARKS.md measured; `N containerd-only` = N "
          "containers run by a private containerd (namespace `k8s.io`, CRI annotations) in a "
          "private mount namespace, no Docker API (`DOCKER_HOST=unix:///nonexistent`).",
          "- `listed` = containers on the (shared) engine, ours and others'.",
          "- `pack` = %s (%s checks)." % (m.get("pack", "?"), m.get("checks", "?")),
          "- `floor-seq` / `floor-par` = `bench/floor.c` (libcurl): `GET /containers/json?all=1`, "
          "`/info`, `/version` and every `GET /containers/{id}/json`, sequential over one "
          "keep-alive connection / overlapped with curl multi (16 connections). The faster is "
          "*the floor*.",
          "- `floor-pack-*` (P %-running level only) = the same plus `/images/json`, `/networks`, "
          "`/volumes` and `GET /containers/{id}/top` for every running container (the *pack "
          "floor* of the earlier runs).",
          "- `floor-bundles` = `floor bundles`: every "
          "`/run/containerd/io.containerd.runtime.v2.task/<ns>/<id>/config.json` and `init.pid` "
          "read, no parsing: the floor of a node without an engine API.",
          "- `tables` = `dockersec query` of one `SELECT *` per table the pack reads "
          "(`bench/tables-sql.sh`), in one process and one snapshot: the data without the checks.",
          "- `pack-compare` = %s: the pack of another built tree (`--compare DIR`), e.g. a branch "
          "not merged yet, measured in the same run." % (m.get("compare") or "not run"),
          "- `single` = `dockersec query \"SELECT * FROM docker_containers WHERE id = '<id>'\"`.",
          "- `docker-bench` / `docker-bench-s5` = `bash docker-bench-security.sh -b` (full) / "
          "`-c container_runtime` (section 5), run from its own checkout, through "
          "`bench/countproxy.py` (a unix-socket proxy that logs every request line: "
          "`DOCKER_HOST=unix://…`) — its requests are counted there; the proxy adds well under a "
          "millisecond per request to its wall time.",
          "- `processes count(*)` = `dockersec query 'SELECT count(*) FROM processes'` with "
          "~5,000 extra `sleep` processes alive.",
          "- Wall times and CPU (user+sys of the process and its children, mean): hyperfine, "
          "%s runs after 1 warm-up, each run under `/usr/bin/time` (which adds ~1 ms); peak RSS: "
          "the largest maximum resident set size over those runs (for docker-bench: its largest "
          "single process). Ratios: run i / floor run i, median [min–max]. `engine CPU ms` = "
          "dockerd's CPU, its children (`docker top` runs `ps`) included, over one run (the "
          "engine is shared: other jobs' requests count too)." % m.get("runs", "?"),
          "", "## Figures", "", t, "", "## Side by side", "", rt, "",
          "## Targets (issue 17) against the figures above", "", tg, ""]
    if skipped:
        md += ["Skipped: " + "; ".join(skipped) + ".", ""]
    try:
        with open(notes) as f:
            md += [f.read().rstrip(), ""]
    except OSError:
        pass
    with open(markdown, "w") as f:
        f.write("\n".join(md))


main()
