#!/usr/bin/env python3
"""targets.py SUMMARY.md: the issue's targets (ours / netty-nio medians) from a compare.sh summary."""
import sys


def num(s):
    s = s.strip().lstrip("~").replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


cells = {}
for line in open(sys.argv[1]):
    parts = [p.strip() for p in line.strip().strip("|").split("|")]
    if len(parts) < 16 or parts[0] in ("scenario", "---"):
        continue
    scenario, server = parts[0], parts[1]
    cells[(scenario, server)] = {"msgs": num(parts[3]), "p50": num(parts[6]), "p99": num(parts[7]),
                                 "rss": num(parts[14])}


def ratio(scenario, key):
    a, b = cells.get((scenario, "ours")), cells.get((scenario, "netty-nio"))
    if not a or not b or a[key] is None or not b[key]:
        return None, a, b
    return a[key] / b[key], a, b


rows = []
for scenario in ("line-50c", "length-50c", "line-1k"):
    r, a, b = ratio(scenario, "msgs")
    rows.append((f"{scenario} throughput", "ours / netty-nio >= 1.0",
                 f"{a['msgs']:,.0f} vs {b['msgs']:,.0f} msgs/s", f"{r:.2f}x", "met" if r >= 1.0 else "not met"))
for key in ("p50", "p99"):
    r, a, b = ratio("line-1c-1cpu", key)
    rows.append((f"line-1c-1cpu latency {key}", "<= 1.1 x netty-nio", f"{a[key]:.1f} vs {b[key]:.1f} us",
                 f"{r:.2f}x", "met" if r <= 1.1 else "not met"))
r, a, b = ratio("idle-10k", "rss")
ok = r <= 1.0 and a["rss"] <= 150
rows.append(("idle-10k peak RSS", "<= netty-nio and <= 150 MB", f"{a['rss']:.1f} vs {b['rss']:.1f} MB", f"{r:.2f}x",
             "met" if ok else ("<= 150 MB met; <= netty not met" if a["rss"] <= 150 else "not met")))
print("| target | goal | ours vs netty-nio | ratio | status |")
print("|---|---|---|---:|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
