#!/usr/bin/env bash
# Transactional throughput: Freshet beside Apache Kafka 4.4 (default, and fsync per append): transactional produce
# (1 and 100 records per transaction, 1 and 8 partitions) and a consume-transform-produce loop (read_committed,
# sendOffsetsToTransaction), alternating brokers over rounds, medians and ratios.
#
#   bench/txn.sh [--rounds N] [--quick]     (default: 3 rounds)
#
# Full run: waits (up to 15 min, checking every 30 s) until the 1-minute load average is below 1.5, since the 2
# cores are shared (TXN_MAX_LOAD and TXN_LOAD_WAIT_S change that), then rewrites docs/transactions-bench.md.
# --quick (1 round, ~10x fewer records, no load wait): checks the harness end to end in a few minutes; its report
# goes to freshet-bench/target/txn-results/ and docs/ is left alone.
# Per-round numbers (CSV) and every broker's log: freshet-bench/target/txn-results/.
#
# Builds what is missing (the broker jar, the harness: offline, in this checkout, nothing installed), installs
# Apache Kafka through the anchor ../shared/anchors/kafka/kafka.sh (its state in $KAFKA_ANCHOR_HOME), then runs
# io.freshet.bench.TransactionThroughput. Every broker it starts is stopped at the end, on failure or Ctrl-C too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchor="$(cd "$root/.." && pwd)/shared/anchors/kafka/kafka.sh"
bench="$root/freshet-bench"
export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-bench-kafka}"
max_load="${TXN_MAX_LOAD:-1.5}"
load_wait_s="${TXN_LOAD_WAIT_S:-900}"
started=$SECONDS

[[ -f "$anchor" ]] || { echo "txn: the Kafka anchor is missing: $anchor" >&2; exit 1; }

# The broker jar (and its class-data archive), rebuilt when missing or older than the sources, as bench/run.sh does.
jar="$root/freshet-server/target/freshet.jar"
if [[ ! -f "$jar" || ! -f "${jar%.jar}.jsa" || "$jar" -nt "${jar%.jar}.jsa" || -n "$(find "$root/pom.xml" \
      "$root"/freshet-{storage,coordinator,broker,server}/{pom.xml,src/main} -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  "$root/freshet" build
fi

# The harness, with its sibling modules from this checkout (-am), never from ~/.m2 where others install theirs.
if [[ ! -f "$bench/target/classpath.txt" || ! -d "$bench/target/classes" \
      || -n "$(find "$bench/src/main" "$bench/pom.xml" "$root"/freshet-{storage,coordinator,broker}/src/main \
               -newer "$bench/target/classpath.txt" -print -quit)" ]]; then
  echo "txn: building freshet-bench..." >&2
  mvn -B -o -q -ntp -f "$root/pom.xml" -DskipTests -pl freshet-bench -am package
fi

bash "$anchor" install >&2

load1() { cut -d' ' -f1 /proc/loadavg; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
waited=0
if [[ " $* " != *" --quick "* ]]; then
  until below "$(load1)" "$max_load"; do
    if (( waited >= load_wait_s )); then
      echo "txn: load $(load1) still >= $max_load after ${waited} s; measuring anyway (the report says so)" >&2
      break
    fi
    echo "txn: load $(load1) >= $max_load; waiting (${waited}/${load_wait_s} s)" >&2
    sleep 30
    waited=$((waited + 30))
  done
fi
load_before="$(load1) (after waiting ${waited} s for < $max_load)"
if ! below "$(load1)" "$max_load"; then load_before="$load_before: HIGH, numbers suspect"; fi
echo "txn: 1-min load average $load_before" >&2

classpath="$(<"$bench/target/classpath.txt"):$bench/target/classes"
set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=90s 45m \
  java -Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.anchor="$anchor" -Dbench.loadBefore="$load_before" \
    -cp "$classpath" io.freshet.bench.TransactionThroughput "$@"
status=$?
set -e
echo "txn: bench/txn.sh $* took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (exit $status)" >&2
exit $status
