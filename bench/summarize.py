#!/usr/bin/env python3
"""Median produce records/s per case for each broker, and Freshet's ratio to each Kafka configuration.

usage: summarize.py NAME=LOG[,LOG...] ...   (the first NAME is the one compared with the others)
Each LOG is the output of ../shared/anchors/kafka/kafka.sh perf.
"""
import re
import statistics
import sys

LINE = re.compile(r"^(produce|consume|e2e)\s+(\S+)\s+(\d+)\s+(\S+)\s+\d+\s+(\S+)\s+\S+\s+(\S+)\s+(\S+)\s+(\S+)")


def cases(path):
    out = {}
    for line in open(path):
        m = LINE.match(line)
        if m and m.group(5) != "-":
            kind, size, parts, acks, rps, avg, p99, cpu = m.groups()
            out[(kind, size, parts, acks)] = (float(rps), cpu)
    return out


def main(args):
    brokers = []
    for arg in args:
        name, logs = arg.split("=", 1)
        runs = [cases(p) for p in logs.split(",")]
        brokers.append((name, runs))
    keys = sorted({k for _, runs in brokers for run in runs for k in run},
                  key=lambda k: (k[0], int(k[2]), k[1], k[3]))
    head = ["case"] + [f"{n} (median of {len(r)})" for n, r in brokers] + [f"{brokers[0][0]}/{n}" for n, _ in brokers[1:]]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for key in keys:
        medians = []
        for _, runs in brokers:
            values = [run[key][0] for run in runs if key in run]
            medians.append(statistics.median(values) if values else None)
        cells = [f"{key[0]} {key[1]} {key[2]}p acks={key[3]}"]
        cells += [f"{m/1000:.0f}k" if m else "-" for m in medians]
        cells += [f"{medians[0]/m:.2f}x" if m and medians[0] else "-" for m in medians[1:]]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
