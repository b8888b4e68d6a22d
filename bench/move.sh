#!/usr/bin/env bash
# The move from one machine to a cluster, measured and checked: a running Freshet's topics (with their configs),
# records and consumer-group offsets moved to Apache Kafka 4.4 with MirrorMaker 2 while producers and consumers
# work, then the consumers switched over (io.freshet.bench.move.MoveToKafka). Exits 1 if any record is missing on
# Kafka, any group skips a record, or a topic's configs did not arrive; duplicates at the switch are counted.
#
#   bench/move.sh [--quick]
#
# Full run: 1,000,000 records, rewrites docs/move-to-kafka.md (keeping its kept blocks). --quick: 100,000 records,
# report in freshet-bench/target/move-results/. Logs of Freshet, Kafka and MirrorMaker: the same folder.
# MirrorMaker 2's jars (bench/mirror/pom.xml) go to $FRESHET_MIRROR_HOME/lib (default /tmp/freshet-mirror).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init move
bench_build

mirror_home="${FRESHET_MIRROR_HOME:-/tmp/freshet-mirror}"
stamp="$mirror_home/lib/.pom.sha256"
want="$(sha256sum "$root/bench/mirror/pom.xml" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(<"$stamp")" != "$want" ]]; then
  echo "move: installing MirrorMaker 2's jars in $mirror_home/lib" >&2
  mkdir -p "$mirror_home/lib"
  rm -f "$mirror_home"/lib/*.jar
  mvn -B -q -ntp -f "$root/bench/mirror/pom.xml" dependency:copy-dependencies -DoutputDirectory="$mirror_home/lib"
  echo "$want" >"$stamp"
fi

set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=90s 40m \
  java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.anchor="$anchor" -Dbench.mirrorLib="$mirror_home/lib" \
    -cp "$classpath" io.freshet.bench.move.MoveToKafka "$@"
status=$?
set -e
bench_finish "$status" "$@"
