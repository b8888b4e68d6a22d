#!/usr/bin/env python3
"""Summary of async-profiler collapsed stacks (bench/profile.sh): where the broker's samples go.

usage: profile_summary.py DIR   (reads DIR/cpu.collapsed and DIR/wall.collapsed, and DIR/client-cpu.collapsed when
                                 a consume case was profiled; writes DIR/summary.md)

For each event: the share of samples per thread group, then for the groups on the produce path (Netty event
loops, the fsync pool) the methods with the largest inclusive share (a method counts once per stack) and the
frames that were on top (leaf). Thread numbers are folded, so 'freshet-fsync-3' counts as 'freshet-fsync-N'.
"""
import collections
import os
import re
import sys

GROUPS = [
    ("Netty event loops (network, decode, append, answer)", re.compile(r"EventLoopGroup")),
    ("fsync pool (freshet-fsync-N)", re.compile(r"freshet-fsync")),
    ("flush timer", re.compile(r"freshet-flush-timer")),
    ("GC", re.compile(r"GC Thread|G1 |GC_|VM Thread")),
    ("JIT compiler", re.compile(r"CompilerThre|C1 Compil|C2 Compil")),
    ("coordinators", re.compile(r"coordinator")),
]
PATH_GROUPS = GROUPS[:2]
# The harness's own JVM in a consume profile: the classic consumer fetches, decompresses and parses in poll(), on the
# thread that calls it (the harness's main thread).
CLIENT_GROUPS = [
    ("consumer (poll: fetch, parse, CRC, deserialize)", re.compile(r"^\[?main")),
    ("GC", re.compile(r"GC Thread|G1 |GC_|VM Thread")),
    ("JIT compiler", re.compile(r"CompilerThre|C1 Compil|C2 Compil")),
]


def group_of(thread, groups=GROUPS):
    for name, pattern in groups:
        if pattern.search(thread):
            return name
    return "other threads"


def short(frame):
    frame = frame.split("(")[0]
    return frame.rsplit("/", 1)[-1]


def read(path):
    stacks = []
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        parts = stack.split(";")
        stacks.append((parts[0], [short(p) for p in parts[1:]], int(count)))
    return stacks


def summarize(event, stacks, out, groups=GROUPS, path_groups=PATH_GROUPS):
    total = sum(n for _, _, n in stacks) or 1
    by_group = collections.Counter()
    for thread, _, n in stacks:
        by_group[group_of(thread, groups)] += n
    out.append(f"### {event}: {total:,} samples\n")
    out.append("| threads | share |\n|---|---:|")
    for name, n in by_group.most_common():
        out.append(f"| {name} | {100 * n / total:.1f}% |")
    out.append("")
    for name, pattern in path_groups:
        inclusive = collections.Counter()
        leaf = collections.Counter()
        group_total = 0
        for thread, frames, n in stacks:
            if not pattern.search(thread):
                continue
            group_total += n
            leaf[frames[-1] if frames else "?"] += n
            for frame in set(frames):
                inclusive[frame] += n
        if group_total == 0:
            continue
        out.append(f"{name}, {group_total:,} samples; share of the group's samples, a method counted once per stack:\n")
        out.append("| method (inclusive) | share | | on top (leaf) | share |\n|---|---:|---|---|---:|")
        top_inclusive = [(f, n) for f, n in inclusive.most_common(60)
                         if not re.match(r"(Thread\.run|.*Runnable\.run|.*Executor.*\.run|.*EventLoop\.run)", f)][:20]
        top_leaf = leaf.most_common(20)
        for i in range(max(len(top_inclusive), len(top_leaf))):
            a = top_inclusive[i] if i < len(top_inclusive) else ("", 0)
            b = top_leaf[i] if i < len(top_leaf) else ("", 0)
            out.append(f"| {a[0][:80]} | {100 * a[1] / group_total:.1f}% | | {b[0][:60]} | "
                       f"{100 * b[1] / group_total:.1f}% |")
        out.append("")


def main():
    directory = sys.argv[1]
    out = [f"# Profile summary ({directory})\n"]
    for event in ("cpu", "wall"):
        path = os.path.join(directory, event + ".collapsed")
        if os.path.exists(path):
            summarize(event, read(path), out)
    client = os.path.join(directory, "client-cpu.collapsed")
    if os.path.exists(client):
        out.append("## The consuming client (the harness's JVM)\n")
        summarize("client cpu", read(client), out, CLIENT_GROUPS, CLIENT_GROUPS[:1])
    text = "\n".join(out) + "\n"
    with open(os.path.join(directory, "summary.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
