#!/usr/bin/env bash
# Profiles the broker under one produce or consume case of bench/run.sh with async-profiler (CPU and wall-clock
# samples).
#
#   bench/profile.sh [--consume] [--size BYTES] [--partitions N] [--acks 1|all] [--records N] [--set KEY=VALUE]...
#
# Default: the acks=all 1 KiB 1-partition produce case (250,000 records), broker defaults. --consume: that size and
# partition count's consume case as bench/run.sh runs it (3x the records loaded, written back, read in passes); the
# consuming client (the harness's JVM) is profiled too, into client-cpu.collapsed / client-cpu.html. Freshet starts as bench/run.sh
# starts it and is warmed up the same way; the profiler (tools.profiler:async-profiler from Maven Central, fetched
# into freshet-bench/target/async-profiler/ on first use) is attached with jcmd for the measured case only.
# Writes freshet-bench/target/profile-<stamp>/: cpu.html and wall.html (flame graphs), cpu.collapsed and
# wall.collapsed (one stack per line), summary.md (bench/profile_summary.py: shares per thread group, top methods
# of the event loops and the fsync pool). Findings go to docs/benchmarks.md; the raw files are not committed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/freshet-bench"
mode=produce size=1024 partitions=1 acks=all records=250000
settings=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --consume) mode=consume; shift ;;
    --size) size=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --acks) acks=$2; shift 2 ;;
    --records) records=$2; shift 2 ;;
    --set) settings+=("$2"); shift 2 ;;
    *) echo "usage: bench/profile.sh [--consume] [--size BYTES] [--partitions N] [--acks 1|all] [--records N] [--set KEY=VALUE]..." >&2
       exit 2 ;;
  esac
done

ap_version=4.1
ap_dir="$bench/target/async-profiler"
agent="$ap_dir/libasyncProfiler.so"
if [[ ! -f "$agent" ]]; then
  mkdir -p "$ap_dir"
  mvn -B -q -ntp dependency:copy -Dartifact="tools.profiler:async-profiler:$ap_version" -DoutputDirectory="$ap_dir"
  (cd "$ap_dir" && unzip -o -q -j "async-profiler-$ap_version.jar" 'linux-x64/libasyncProfiler.so')
fi

# The harness first: building its chain repackages freshet.jar, which would leave the jar's class-data archive
# stale (as in bench/run.sh).
if [[ ! -f "$bench/target/classpath.txt" || -n "$(find "$bench/src/main" -newer "$bench/target/classpath.txt" -print -quit)" ]]; then
  mvn -B -q -ntp -f "$root/pom.xml" -DskipTests -pl freshet-server,freshet-bench -am package
fi
jar="$root/freshet-server/target/freshet.jar"
if [[ ! -f "$jar" || "$jar" -nt "${jar%.jar}.jsa" \
      || -n "$(find "$root"/freshet-{storage,coordinator,broker,server}/src/main -newer "$jar" -print -quit)" ]]; then
  "$root/freshet" build
fi

out="$bench/target/profile-$(date +%Y%m%d-%H%M%S)"
classpath="$(<"$bench/target/classpath.txt"):$bench/target/classes"
timeout --signal=TERM --kill-after=30s 20m \
  java -Xms512m -Xmx1g -XX:+UseG1GC -Dbench.repo="$root" -cp "$classpath" io.freshet.bench.ProfileRun \
    "$agent" "$out" "$mode" "$size" "$partitions" "$acks" "$records" "${settings[@]}"
python3 "$root/bench/profile_summary.py" "$out" > /dev/null
echo "bench: profile in $out (summary.md, cpu.html, wall.html)" >&2
