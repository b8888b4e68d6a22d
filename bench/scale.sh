#!/usr/bin/env bash
# Scale: Freshet beside Apache Kafka 4.4 (default settings, through the anchor) where single-node users hit walls,
# alternating brokers over rounds, in one run:
#   - 10,000 partitions (1,000 topics x 10): creation time, produce throughput (one KafkaProducer, acks=all,
#     100 B, keys over all partitions, 20 s of sending), RSS, open files, clean restart (SIGTERM, then launch to
#     all partitions led in Metadata) and, with --unclean 1, restart after kill -9;
#   - 2,000 producer connections at 5 records/s each (one NIO thread in the harness, one record per Produce
#     request, acks=all): p50/p99/p99.9 latency, achieved rate, RSS;
#   - 100,000 partitions (10,000 topics x 10): creation, RSS, open files, clean restart (first round only).
#
#   bench/scale.sh [--rounds N] [--topics N] [--produce-s N] [--value-bytes N] [--connections N] [--rate N]
#                  [--warmup-s N] [--measure-s N] [--large-topics N (0: skip)] [--large-rounds N] [--unclean 0|1]
#                  [--kafka 0|1 (0: Freshet only, for before/after)] [--quick]
#
# Full run (3 rounds): rewrites docs/benchmarks-scale.md (keeping its hand-written "## Findings" section).
# --quick (1 round; 1,000 partitions, 5 s of produce, 200 connections, 10,000 in the large case, kill -9 restart
#   on): checks the harness end to end;
#   its report goes to freshet-bench/target/scale-results/scale-quick.md and docs/ is left alone.
# FRESHET_SETTINGS="KEY=VALUE ...": broker settings for Freshet (--set), for before/after runs with --kafka 0.
# Broker logs: freshet-bench/target/scale-results/logs/. KAFKA_ANCHOR_PORT: where Kafka is tried first (19092);
# KAFKA_ANCHOR: the anchor script (from a git worktree: KAFKA_ANCHOR=/work/shared/anchors/kafka/kafka.sh).
# Every broker it starts is stopped at the end, on failure or Ctrl-C too; every wait is bounded.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init scale
bench_build
echo "scale: 1-minute load average $(bench_load1)" >&2

set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=90s 60m \
  java -Xms512m -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.anchor="$anchor" -Dbench.kafkaPort="${KAFKA_ANCHOR_PORT:-19092}" \
    -cp "$classpath" io.freshet.bench.scale.ScaleBench "$@"
status=$?
set -e
bench_finish "$status" "$@"
