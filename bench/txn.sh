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

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init txn
bench_build
max_load="${TXN_MAX_LOAD:-1.5}"
if [[ " $* " != *" --quick "* ]]; then
  bench_wait_for_quiet "$max_load" "${TXN_LOAD_WAIT_S:-900}"
else
  load_before="$(bench_load1) (after waiting 0 s for < $max_load)"
fi
if ! bench_below "$(bench_load1)" "$max_load"; then load_before="$load_before: HIGH, numbers suspect"; fi
echo "txn: 1-min load average $load_before" >&2

set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=90s 45m \
  java -Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.anchor="$anchor" -Dbench.loadBefore="$load_before" \
    -cp "$classpath" io.freshet.bench.TransactionThroughput "$@"
status=$?
set -e
bench_finish "$status" "$@"
