#!/usr/bin/env bash
# Share-group (KIP-932) consume throughput: Freshet beside Apache Kafka 4.4. A group of 4 and of 16
# KafkaShareConsumers (implicit acknowledgement) drains a pre-filled topic of 1 and of 8 partitions (1,000,000
# records of 100 bytes), alternating brokers over rounds; medians and ratios in docs/share-bench.md.
#
#   bench/share.sh [--rounds N] [--records N] [--quick]     (default: 3 rounds of 1,000,000 records per topic)
#
# Full run: waits (up to 10 min, checking every 30 s) until the 1-minute load average is below 1.5, since the 2
# cores are shared (SHARE_MAX_LOAD and SHARE_LOAD_WAIT_S change that), then rewrites docs/share-bench.md.
# --quick (1 round, 100,000 records, no load wait): checks the harness end to end; its report goes to
# freshet-bench/target/share-results/ and docs/ is left alone. SHARE_ONLY=kafka|freshet measures one broker
# (report under target/ too). Per-round numbers (CSV) and every broker's log: freshet-bench/target/share-results/.
#
# Builds what is missing (the broker jar, the harness: offline, in this checkout, nothing installed), installs
# Apache Kafka through the anchor ../shared/anchors/kafka/kafka.sh (its state in $KAFKA_ANCHOR_HOME), then runs
# io.freshet.bench.ShareThroughput. Every broker it starts is stopped at the end, on failure or Ctrl-C too.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init share
bench_build
max_load="${SHARE_MAX_LOAD:-1.5}"
if [[ " $* " != *" --quick "* && -z "${SHARE_ONLY:-}" ]]; then
  bench_wait_for_quiet "$max_load" "${SHARE_LOAD_WAIT_S:-600}"
else
  load_before="$(bench_load1) (after waiting 0 s for < $max_load)"
fi
if ! bench_below "$(bench_load1)" "$max_load"; then load_before="$load_before: HIGH, numbers suspect"; fi
echo "share: 1-min load average $load_before" >&2

set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=90s 40m \
  java -Xms512m -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.anchor="$anchor" -Dbench.loadBefore="$load_before" \
    -Dbench.only="${SHARE_ONLY:-}" -cp "$classpath" io.freshet.bench.ShareThroughput "$@"
status=$?
set -e
bench_finish "$status" "$@"
