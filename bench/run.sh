#!/usr/bin/env bash
# Side-by-side benchmark: Freshet against Apache Kafka 4.4 (default, and fsync per append) and against a sink that
# stores nothing and answers fetches with prepared batches (the client's ceiling), the same client workloads,
# alternating over rounds after an unreported round 0 that warms the client against the sink, in one run.
#
#   bench/run.sh [--rounds N] [--quick] [--metrics-cost] [--ab KEY=VALUE]... [--only TEXT]
#
# Full run (3 rounds): rewrites docs/benchmarks.md and docs/benchmarks-ratios.png.
# --quick (1 round, ~10x fewer records): checks the harness end to end in a few minutes; writes its report and
#   chart to freshet-bench/target/bench-results/ and leaves docs/ alone.
# --metrics-cost: Freshet against Freshet with metrics.enabled=false only (no Kafka, no sink), alternating; writes
#   the "Cost of metrics" section at the end of docs/benchmarks.md (a full run keeps that section).
# --ab KEY=VALUE (repeatable): Freshet with its defaults against Freshet with --set KEY=VALUE only, alternating;
#   --ab -X... gives Freshet B that JVM option instead (e.g. --ab -XX:GCTimeRatio=4); writes freshet-bench/target/bench-results/ab-*.md (how a change behind a setting is judged).
# --only TEXT: only the cases whose name contains TEXT (e.g. --only 'acks=all', --only consume).
# Raw per-round numbers and every broker's log: freshet-bench/target/bench-results/.
#
# Builds what is missing (the broker jar, the harness), installs Apache Kafka through the anchor script
# ../shared/anchors/kafka/kafka.sh (read only; its state lives in $KAFKA_ANCHOR_HOME, by default a folder of our
# own so that a Kafka another session started through the anchor is never touched), then runs
# io.freshet.bench.SideBySide. Every broker it starts is stopped at the end, on failure or Ctrl-C too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# KAFKA_ANCHOR_SCRIPT: where the anchor is when this checkout is not beside ../shared (a git worktree)
anchor="${KAFKA_ANCHOR_SCRIPT:-$(cd "$root/.." && pwd)/shared/anchors/kafka/kafka.sh}"
bench="$root/freshet-bench"
export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-bench-kafka}"
started=$SECONDS

[[ -x "$anchor" || -f "$anchor" ]] || { echo "bench: the Kafka anchor is missing: $anchor" >&2; exit 1; }

# The harness first, with its sibling modules from this checkout (-am: the class path then names their target/
# jars), never from ~/.m2, where an old `mvn install` may have left stale ones (the sink is the broker's code too).
# Rebuilt when missing or older than its sources or the broker's. Building the chain repackages freshet.jar, which
# would leave the class-data archive older than the jar: the check below then rebuilds both.
if [[ ! -f "$bench/target/classpath.txt" || ! -d "$bench/target/classes" \
      || -n "$(find "$bench/src/main" "$bench/pom.xml" "$root"/freshet-{storage,coordinator,broker}/src/main \
               -newer "$bench/target/classpath.txt" -print -quit)" ]]; then
  echo "bench: building freshet-bench..." >&2
  mvn -B -q -ntp -f "$root/pom.xml" -DskipTests -pl freshet-bench -am package
fi

# The broker jar (and its class-data archive), rebuilt when missing or older than the broker's sources, so that
# what is measured is what is checked out.
jar="$root/freshet-server/target/freshet.jar"
if [[ ! -f "$jar" || ! -f "${jar%.jar}.jsa" || "$jar" -nt "${jar%.jar}.jsa" || -n "$(find "$root/pom.xml" "$root"/freshet-{storage,coordinator,gateway,security,broker,mqtt,http,sql,tools,server}/{pom.xml,src/main} \
      -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  "$root/freshet" build
fi

[[ " $* " == *" --metrics-cost "* || " $* " == *" --ab "* ]] || bash "$anchor" install >&2

classpath="$(<"$bench/target/classpath.txt"):$bench/target/classes"
set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=90s 60m \
  java -Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.anchor="$anchor" -cp "$classpath" io.freshet.bench.SideBySide "$@"
status=$?
set -e
echo "bench: bench/run.sh $* took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (exit $status)" >&2
exit $status
