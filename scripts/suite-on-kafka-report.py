#!/usr/bin/env python3
"""Summarises one run of scripts/suite-on-kafka.sh from Surefire's XML reports: prints it, and writes it as the
section of its mode (single node or cluster) in docs/on-kafka.md, keeping the other mode's section as it was."""
import argparse
import fnmatch
import glob
import os
import re
import subprocess
import xml.etree.ElementTree as ET

MODES = {"single": "Single node", "cluster": "3-node cluster"}


def one_line(text, limit=220):
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[:limit - 3] + "..."


def read_cases(reports):
    cases = []
    for path in sorted(glob.glob(os.path.join(reports, "TEST-*.xml"))):
        for case in ET.parse(path).getroot().iter("testcase"):
            outcome, why = "passed", ""
            for tag in ("failure", "error", "skipped"):
                found = case.find(tag)
                if found is not None:
                    outcome = "skipped" if tag == "skipped" else "failed"
                    first = (found.text or "").strip().split("\n")[0]
                    why = found.get("message") or first or found.get("type") or ""
                    why = why.replace("org.opentest4j.TestAbortedException: ", "")
                    break
            cls = case.get("classname", "")
            cases.append((cls, case.get("name", ""), outcome, one_line(why), float(case.get("time") or 0)))
    return cases


def not_run(entries, cases):
    """The exclusions that kept a class out of this run (an entry whose classes did run elsewhere is dropped)."""
    ran = {c[0] for c in cases}
    out = []
    for entry in filter(None, entries.splitlines()):
        pattern, why = entry.split("|", 1)
        paths = [cls.replace("io.freshet.it.", "").replace(".", "/") for cls in ran]
        if not any(fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, pattern.replace("**/", ""))
                   for path in paths):
            out.append((pattern, why))
    return out


def commit(path):
    """The commit the suite was built from (as now: the script writes this right after the run), dirty or not."""
    try:
        return subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(path)), "describe", "--always",
                               "--dirty"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def section(args, cases):
    short = lambda cls: cls.replace("io.freshet.it.", "")
    passed = [c for c in cases if c[2] == "passed"]
    failed = [c for c in cases if c[2] == "failed"]
    skipped = [c for c in cases if c[2] == "skipped"]
    lines = [f"## {MODES[args.mode]}", "",
             f"Run {args.started} by `scripts/suite-on-kafka.sh{' --cluster' if args.mode == 'cluster' else ''}`"
             f" against Apache Kafka {args.kafka} at {args.bootstrap}, {args.seconds // 60} min {args.seconds % 60} s"
             f" in all, commit {commit(args.out)}.", "",
             *([f"Only `SUITE_TESTS={os.environ['SUITE_TESTS']}`: a subset, not the whole suite.", ""]
               if os.environ.get("SUITE_TESTS") else []),
             f"**{len(cases)} tests: {len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped** "
             f"in {len({c[0] for c in cases})} classes.", ""]
    if failed:
        lines += ["### Failed", "", "| test | cause (first line) |", "|---|---|"]
        lines += [f"| {short(c[0])}.{c[1]} | {c[3].replace('|', '/')} |" for c in failed]
        lines.append("")
    if skipped:
        lines += ["### Skipped, with the reason", "", "| test | reason |", "|---|---|"]
        lines += [f"| {short(c[0])}{'.' + c[1] if c[1] and c[1] != c[0] else ''} | {c[3].replace('|', '/')} |"
                  for c in skipped]
        lines.append("")
    excluded = not_run(args.not_here, cases)
    if excluded:
        lines += ["### Not in this run", "", "| classes | why |", "|---|---|"]
        lines += [f"| `{p}` | {w} |" for p, w in excluded]
        lines.append("")
    return "\n".join(lines) + "\n"


def write_doc(path, mode, text):
    header = ("# The integration suite against Apache Kafka\n\n"
              "The last result of `scripts/suite-on-kafka.sh` (single node) and `scripts/suite-on-kafka.sh --cluster`"
              " (three KRaft nodes), written by the script itself. Skipped tests are Freshet-only (`@FreshetOnly`:"
              " Freshet's own promises) or need what only an embedded Freshet has; see README, \"Tests against"
              " Apache Kafka\".\n\n")
    sections = {}
    if os.path.exists(path):
        for m in MODES:
            found = re.search(rf"<!-- {m} -->\n(.*?)<!-- /{m} -->\n", open(path).read(), re.S)
            if found:
                sections[m] = found.group(1)
    sections[mode] = text
    body = "".join(f"<!-- {m} -->\n{sections[m]}<!-- /{m} -->\n\n" for m in MODES if m in sections)
    with open(path, "w") as out:
        out.write(header + body.rstrip("\n") + "\n")


def main():
    parser = argparse.ArgumentParser()
    for name in ("mode", "reports", "out", "started", "kafka", "bootstrap", "not-here"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--seconds", type=int, required=True)
    args = parser.parse_args()
    cases = read_cases(args.reports)
    text = section(args, cases)
    print(text)
    write_doc(args.out, args.mode, text)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
