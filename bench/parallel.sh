#!/usr/bin/env bash
# Ordered parallel processing with a 1 ms handler: a plain consumer loop, freshet-parallel's OrderedParallelConsumer
# and Confluent's parallel-consumer (KEY ordering) at 16 and 64 threads, on Freshet and (unless --no-kafka) the
# library on Apache Kafka 4.4 too. Rewrites docs/parallel-bench.md; about 4 minutes.
#
#   bench/parallel.sh [--no-kafka] [--records N] [--keys N] [--partitions N] [--plain-records N]
#
# Kafka runs through the anchor ../shared/anchors/kafka/kafka.sh with its own state in $KAFKA_ANCHOR_HOME
# (default /tmp/kafka-parallel, its jars copied from /tmp/freshet-bench-kafka/lib when there) on port
# $PARALLEL_KAFKA_PORT (default 19692); it is stopped at the end, on failure or Ctrl-C too. Waits up to
# PARALLEL_LOAD_WAIT_S (default 60) for a 1-minute load average below 1.5: the 2 cores are shared.
set -euo pipefail

export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/kafka-parallel}"
if [[ ! -d "$KAFKA_ANCHOR_HOME/lib" && -d /tmp/freshet-bench-kafka/lib ]]; then
  mkdir -p "$KAFKA_ANCHOR_HOME" && cp -r /tmp/freshet-bench-kafka/lib "$KAFKA_ANCHOR_HOME/"
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init parallel
# bench_build rebuilds the harness when its own sources change; the library's count too.
if [[ -f "$bench/target/classpath.txt" && -n "$(find "$root/freshet-parallel/src/main" -newer \
      "$bench/target/classpath.txt" -print -quit)" ]]; then
  touch "$bench/pom.xml"
fi
bench_build

with_kafka=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-kafka" ]]; then with_kafka=0; else args+=("$a"); fi
done

bench_wait_for_quiet 1.5 "${PARALLEL_LOAD_WAIT_S:-60}"
echo "parallel: 1-min load average $load_before" >&2

kafka_args=()
if (( with_kafka )); then
  port="${PARALLEL_KAFKA_PORT:-19692}"
  data="$(mktemp -d /tmp/kafka-parallel-data.XXXXXX)"
  trap 'bash "$anchor" stop >&2 || true; rm -rf "$data"' EXIT
  bash "$anchor" start "$port" "$data" >&2
  kafka_args=(--kafka "127.0.0.1:$port")
fi

set +e
timeout --signal=TERM --kill-after=60s 15m \
  java -Xms512m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -cp "$classpath" io.freshet.bench.parallel.ParallelThroughput --repo "$root" \
    --out "$root/docs/parallel-bench.md" --load-before "$load_before" "${kafka_args[@]}" "${args[@]}"
status=$?
set -e
bench_finish "$status" "$@"
