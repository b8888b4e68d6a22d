#!/usr/bin/env python3
"""Summarises one run of scripts/suite-on-kafka.sh from Surefire's XML reports, every phase's counted together (one
directory of reports per phase): prints it, and writes it as the section of its mode (single node or cluster) in
docs/on-kafka.md, keeping the other mode's section as it was. A subset's result (SUITE_TESTS) does not replace a
whole run's section: it is printed only."""
import argparse
import fnmatch
import glob
import os
import re
import subprocess
import xml.etree.ElementTree as ET

MODES = {"single": "Single node", "cluster": "3-node cluster"}
SUBSET = ": a subset, not the whole suite."


def one_line(text, limit=220):
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[:limit - 3] + "..."


def read_cases(reports, phase):
    cases = []
    for path in sorted(glob.glob(os.path.join(reports, phase, "TEST-*.xml"))):
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
            cases.append((cls, case.get("name", ""), outcome, one_line(why), float(case.get("time") or 0), phase))
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


def minutes(seconds):
    return f"{seconds // 60} min {seconds % 60} s"


def counts(cases):
    return [len(cases)] + [sum(1 for c in cases if c[2] == outcome) for outcome in ("passed", "failed", "skipped")]


def phase_table(phases, cases):
    lines = ["| phase | Kafka | tests | passed | failed | skipped | time |", "|---|---|---|---|---|---|---|"]
    for name, where, seconds in phases:
        tests, passed, failed, skipped = counts([c for c in cases if c[5] == name])
        lines.append(f"| {name} | {where} | {tests} | {passed} | {failed} | {skipped} | {minutes(seconds)} |")
    return lines + [""]


def section(args, phases, cases):
    short = lambda cls: cls.replace("io.freshet.it.", "")
    tests, passed, failed_count, skipped_count = counts(cases)
    failed = [c for c in cases if c[2] == "failed"]
    skipped = [c for c in cases if c[2] == "skipped"]
    where = ("The suite phase runs on the cluster; the security phase on one node of its own (its listeners and"
             " authorizer come from the security tests' server.properties); the broker-kill phase runs in"
             " single-node mode only." if args.mode == "cluster" else
             "Each phase on a Kafka of its own, started after the previous phase's was stopped.")
    lines = [f"## {MODES[args.mode]}", "",
             f"Run {args.started} by `scripts/suite-on-kafka.sh{' --cluster' if args.mode == 'cluster' else ''}`"
             f" against Apache Kafka {args.kafka}, {minutes(args.seconds)} in all, commit {commit(args.out)}.", "",
             *([f"Only `SUITE_TESTS={os.environ['SUITE_TESTS']}`{SUBSET}", ""]
               if os.environ.get("SUITE_TESTS") else []),
             f"**{tests} tests: {passed} passed, {failed_count} failed, {skipped_count} skipped** "
             f"in {len({c[0] for c in cases})} classes, all phases together. {where}", "",
             *phase_table(phases, cases)]
    if failed:
        lines += ["### Failed", "", "| test | phase | cause (first line) |", "|---|---|---|"]
        lines += [f"| {short(c[0])}.{c[1]} | {c[5]} | {c[3].replace('|', '/')} |" for c in failed]
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
    """Writes TEXT as MODE's section; False (nothing written) when TEXT is a subset's and the section a whole run's."""
    header = ("# The integration suite against Apache Kafka\n\n"
              "The last result of `scripts/suite-on-kafka.sh` (single node) and `scripts/suite-on-kafka.sh --cluster`"
              " (three KRaft nodes), written by the script itself: its phases (the suite with SqlOnKafkaTest and the"
              " MQTT and HTTP tests through a gateway in front of Kafka; the broker-kill tests; the security tests on a"
              " Kafka with TLS, SASL and ACLs) counted together. Skipped tests are Freshet-only (`@FreshetOnly`:"
              " Freshet's own promises) or need what only an embedded Freshet has; see README, \"Tests against"
              " Apache Kafka\".\n\n")
    sections = {}
    if os.path.exists(path):
        for m in MODES:
            found = re.search(rf"<!-- {m} -->\n(.*?)<!-- /{m} -->\n", open(path).read(), re.S)
            if found:
                sections[m] = found.group(1)
    if SUBSET in text and mode in sections and SUBSET not in sections[mode]:
        return False
    sections[mode] = text
    body = "".join(f"<!-- {m} -->\n{sections[m]}<!-- /{m} -->\n\n" for m in MODES if m in sections)
    with open(path, "w") as out:
        out.write(header + body.rstrip("\n") + "\n")
    return True


def main():
    parser = argparse.ArgumentParser()
    for name in ("mode", "reports", "out", "started", "kafka", "not-here", "phases"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--seconds", type=int, required=True)
    args = parser.parse_args()
    phases = [(name, where, int(seconds)) for name, where, seconds in
              (line.split("|", 2) for line in args.phases.splitlines() if line)]
    cases = [case for name, _, _ in phases for case in read_cases(args.reports, name)]
    text = section(args, phases, cases)
    print(text)
    if write_doc(args.out, args.mode, text):
        print(f"written to {args.out}")
    else:
        print(f"not written to {args.out}: its {MODES[args.mode].lower()} section is a whole run's, this a subset's")


if __name__ == "__main__":
    main()
