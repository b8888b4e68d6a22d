#!/usr/bin/env python3
"""The consume lines of kafka.sh perf runs: medians per case of records/s and MB/s (group join included, as
ConsumerPerformance counts them), the group join time, and the fetch-only figures; the first NAME's ratio to the
second's. bench/summarize.py gives records/s only; this adds what a consume line's notes hold.

usage: summarize_consume.py NAME=SUMMARY[,SUMMARY...] NAME=SUMMARY[,...]
Each SUMMARY is the summary.txt of one ../shared/anchors/kafka/kafka.sh perf run.
"""
import re
import statistics
import sys

LINE = re.compile(r"^consume\s+(\S+)\s+(\d+)\s+(\S+)\s+\d+\s+([\d.]+)\s+([\d.]+)\s.*group join (\d+) ms; "
                  r"fetch only: (\d+) rec/s, ([\d.]+) MB/s")


def cases(path):
    out = {}
    for line in open(path):
        m = LINE.match(line)
        if m:
            size, parts, acks = m.group(1), m.group(2), m.group(3)
            out[(size, parts, acks)] = [float(m.group(i)) for i in range(4, 9)]
    return out


def fmt(v):
    return f"{v:,.0f}" if v >= 1000 else f"{v:.1f}"


def table(title, columns, a, a_runs, b, b_runs, keys):
    """columns: (label, field index) pairs; each gets a and b medians; the first one's ratio ends the row
    (MB/s and records/s ratios are equal: the same records on both)."""
    head = ["case"] + [f"{label} {n}" for label, _ in columns for n in (a, b)] + [f"{a}/{b}"]
    print(f"{title} (medians over {len(a_runs)} {a} and {len(b_runs)} {b} runs)\n")
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    for key in keys:
        cells = [f"{key[0]} {key[1]}p acks={key[2]}"]
        first = None
        for _, i in columns:
            ma = statistics.median([r[key][i] for r in a_runs if key in r])
            mb = statistics.median([r[key][i] for r in b_runs if key in r])
            first = first or (ma, mb)
            cells += [fmt(ma), fmt(mb)]
        cells.append(f"{first[0] / first[1]:.2f}")
        print("| " + " | ".join(cells) + " |")
    print()


def main(args):
    (a, a_runs), (b, b_runs) = [(n, [cases(p) for p in logs.split(",")]) for n, logs in (x.split("=", 1) for x in args)]
    keys = sorted({k for run in a_runs + b_runs for k in run}, key=lambda k: (int(k[1]), int(k[0].rstrip("B")), k[2]))
    table("As ConsumerPerformance counts (group join included)",
          [("records/s", 0), ("MB/s", 1), ("join ms", 2)], a, a_runs, b, b_runs, keys)
    table("Fetch only (group join excluded)", [("records/s", 3), ("MB/s", 4)], a, a_runs, b, b_runs, keys)


if __name__ == "__main__":
    main(sys.argv[1:])
