#!/usr/bin/env bash
# Continuous SQL: the issue's alert (WHERE temp > 80) and 1-minute tumbling aggregate (EMIT FINAL) run by
# Freshet's SQL engine inside the broker, beside the same topologies written by hand in Kafka Streams (Jackson,
# exactly_once_v2, in-memory stores; RocksDB noted) against Apache Kafka 4.4 and against Freshet. Throughput over
# pre-loaded readings (100 B JSON, 10,000 devices) and an alert's end-to-end latency; medians and ratios.
#
#   bench/sql.sh [--rounds N] [--records N] [--latency-readings N] [--quick]
#                                                  (default: 3 rounds of 600,000 readings, 3,000 latency readings;
#                                                   about 20 minutes on 2 cores)
#
# Full run: waits (up to 10 min, checking every 30 s) until the 1-minute load average is below 1.5, since the 2
# cores are shared (SQL_MAX_LOAD and SQL_LOAD_WAIT_S change that), then rewrites docs/sql-bench.md.
# --quick (1 round, 100,000 readings, no load wait): checks the harness end to end; its report goes to
# freshet-bench/target/sql-results/ and docs/ is left alone. SQL_ONLY=kafka|freshet measures one broker (report
# under target/ too). KAFKA_ANCHOR_PORT: the port Kafka is tried on first (default 19092).
# Per-round numbers (CSV) and every broker's log: freshet-bench/target/sql-results/.
#
# Builds what is missing (the broker jar, the harness: offline, in this checkout, nothing installed), installs
# Apache Kafka through the anchor ../shared/anchors/kafka/kafka.sh (its state in $KAFKA_ANCHOR_HOME), then runs
# io.freshet.bench.SqlThroughput. Every broker it starts is stopped at the end, on failure or Ctrl-C too.
# SQL_STREAMS_LOG=INFO shows Kafka Streams' own log (default WARN). SQL_JFR=1 records a flight recording of the harness JVM (the hand-written apps) into the results folder.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init sql
bench_build
max_load="${SQL_MAX_LOAD:-1.5}"
if [[ " $* " != *" --quick "* && -z "${SQL_ONLY:-}" ]]; then
  bench_wait_for_quiet "$max_load" "${SQL_LOAD_WAIT_S:-600}"
else
  load_before="$(bench_load1) (after waiting 0 s for < $max_load)"
fi
if ! bench_below "$(bench_load1)" "$max_load"; then load_before="$load_before: HIGH, numbers suspect"; fi
echo "sql: 1-min load average $load_before" >&2

jfr=()
if [[ -n "${SQL_JFR:-}" ]]; then
  mkdir -p "$bench/target/sql-results"
  jfr=("-XX:StartFlightRecording=filename=$bench/target/sql-results/harness.jfr,settings=profile")
fi
set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=90s 60m \
  java -Xms512m -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true "${jfr[@]}" \
    -Dbench.repo="$root" -Dbench.anchor="$anchor" -Dbench.loadBefore="$load_before" \
    -Dbench.kafkaPort="${KAFKA_ANCHOR_PORT:-19092}" -Dbench.only="${SQL_ONLY:-}" \
    -Dbench.streamsLog="${SQL_STREAMS_LOG:-WARN}" \
    -cp "$classpath" io.freshet.bench.SqlThroughput "$@"
status=$?
set -e
bench_finish "$status" "$@"
