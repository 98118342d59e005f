#!/usr/bin/env python3
"""Markdown tables for docs/performance.md from the raw results.

  tables.py jmh RESULTS.json        JMH: codec x size -> encode, decode whole, decode split
  tables.py scaling SCALING.tsv     connections -> msgs/s and peak RSS per server
"""
import csv
import json
import sys


def jmh(path):
    results = json.load(open(path))
    cells = {}
    stamps = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        bench, method = name[-2], name[-1]
        p = r.get("params", {})
        score = r["primaryMetric"]["score"]
        err = r["primaryMetric"].get("scoreError")
        if bench == "TimestampBenchmark":
            stamps[(p["format"], method)] = (score, err)
            continue
        key = (p["codec"], int(p["size"]))
        col = "encode" if bench == "EncodeBenchmark" else ("decode split" if p["split"] == "true" else "decode whole")
        cells.setdefault(key, {})[col] = (score, err)

    def fmt(v):
        if v is None:
            return ""
        score, err = v
        s = f"{score:,.3f}" if score < 10 else f"{score:,.1f}"
        if err is not None and err == err:
            s += f" ± {err:,.2g}"
        return s

    print("| codec | payload | encode ops/us | decode whole ops/us | decode split ops/us |")
    print("|---|---:|---:|---:|---:|")
    for codec in ("line", "length", "raw"):
        for size in (16, 256, 16384):
            c = cells.get((codec, size), {})
            print(f"| {codec} | {size:,} B | {fmt(c.get('encode'))} | {fmt(c.get('decode whole'))} | {fmt(c.get('decode split'))} |")
    print()
    print("| timestamp | cached prefix ns | render uncached ns |")
    print("|---|---:|---:|")
    for f in ("ctime", "iso", "epoch"):
        print(f"| {f} | {fmt(stamps.get((f, 'cachedPrefix')))} | {fmt(stamps.get((f, 'renderUncached')))} |")


def scaling(path):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    servers = list(dict.fromkeys(r["server"] for r in rows))
    counts = sorted({int(r["connections"]) for r in rows})
    by = {(r["server"], int(r["connections"])): r for r in rows}
    head = " | ".join(f"{s} msgs/s | {s} peak MB" for s in servers)
    print(f"| connections | {head} |")
    print("|---:|" + "---:|" * (2 * len(servers)))
    for n in counts:
        cells = []
        for s in servers:
            r = by.get((s, n))
            cells += [f"{int(float(r['msgs_per_s'])):,}" if r else "", r["peak_rss_mb"] if r else ""]
        print(f"| {n:,} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    {"jmh": jmh, "scaling": scaling}[sys.argv[1]](sys.argv[2])
