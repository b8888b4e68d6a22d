#!/usr/bin/env bash
# Consumer-group rebalance times: Freshet beside Apache Kafka 4.4, classic and consumer (KIP-848) protocols:
# first join of an empty group, join of a second member, clean leave, and death (SIGKILL) of a member.
#
#   bench/rebalance.sh [--rounds N] [--die-rounds M]     (defaults: 3 rounds, the die case in the first 2)
#
# Waits (up to 15 min, checking every 30 s) until the 1-minute load average is below 1.5, since the 2 cores are
# shared; REBALANCE_MAX_LOAD and REBALANCE_LOAD_WAIT_S change that. Rewrites docs/rebalance.md; per-round times,
# every broker's log and the die case's member logs go to freshet-bench/target/rebalance-results/.
#
# Builds what is missing (the broker jar, the harness: offline, in this checkout, nothing installed), installs
# Apache Kafka through the anchor ../shared/anchors/kafka/kafka.sh (its state in $KAFKA_ANCHOR_HOME), then runs
# io.freshet.bench.RebalanceTimes. Every broker it starts is stopped at the end, on failure or Ctrl-C too.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init rebalance
bench_build
bench_wait_for_quiet "${REBALANCE_MAX_LOAD:-1.5}" "${REBALANCE_LOAD_WAIT_S:-900}"
echo "rebalance: 1-min load average $load_before" >&2

set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=90s 45m \
  java -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.anchor="$anchor" -Dbench.loadBefore="$load_before" \
    -cp "$classpath" io.freshet.bench.RebalanceTimes "$@"
status=$?
set -e
bench_finish "$status" "$@"
