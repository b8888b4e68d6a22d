#!/usr/bin/env bash
# Runs freshet-it's SqlOnKafkaTest: the issue's alert and per-minute statements, unchanged, with
# `freshet sql --standalone` against Apache Kafka 4.4 and inside Freshet, both compared with the oracle.
#
#   scripts/sql-on-kafka.sh [PORT]     (default 19305; PORT+1 is Kafka's controller port)
#   MVN_ARGS=-o scripts/sql-on-kafka.sh   (extra Maven flags, e.g. offline)
#
# Starts Kafka through the anchor ../shared/anchors/kafka/kafka.sh (KAFKA_ANCHOR overrides the path; its jars and
# state in $KAFKA_ANCHOR_HOME, default /tmp/freshet-sql-tests-kafka, whose lib/ it fills from
# /tmp/freshet-bench-kafka/lib when empty) on a fresh data directory, runs the test with
# -Dfreshet.it.sqlKafkaBootstrap, stops Kafka. Surefire report: freshet-it/target/surefire-reports/. About 2 minutes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchor="${KAFKA_ANCHOR:-$(cd "$root/.." && pwd)/shared/anchors/kafka/kafka.sh}"
[[ -f "$anchor" ]] || anchor=/work/shared/anchors/kafka/kafka.sh
[[ -f "$anchor" ]] || { echo "sql-on-kafka: the Kafka anchor is missing (set KAFKA_ANCHOR)" >&2; exit 1; }
export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-sql-tests-kafka}"
if [[ ! -d "$KAFKA_ANCHOR_HOME/lib" && -d /tmp/freshet-bench-kafka/lib ]]; then
  mkdir -p "$KAFKA_ANCHOR_HOME" && cp -r /tmp/freshet-bench-kafka/lib "$KAFKA_ANCHOR_HOME/"
fi
port="${1:-19305}"
data="$(mktemp -d /tmp/sql-on-kafka.XXXXXX)"
status=0
trap 'bash "$anchor" stop >/dev/null 2>&1 || true; if [[ $status == 0 ]]; then rm -rf "$data"; else echo "kept $data"; fi' EXIT

rm -f "$root"/freshet-it/target/surefire-reports/*SqlOnKafkaTest*
bash "$anchor" start "$port" "$data/kafka"
mvn -B -ntp -q ${MVN_ARGS:-} -f "$root/pom.xml" -pl freshet-it -am verify -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest=SqlOnKafkaTest "-Dfreshet.it.sqlKafkaBootstrap=127.0.0.1:$port" || status=$?
grep -h "Tests run" "$root"/freshet-it/target/surefire-reports/io.freshet.it.sql.SqlOnKafkaTest.txt || true
grep -h "SQL on Kafka" "$root"/freshet-it/target/surefire-reports/io.freshet.it.sql.SqlOnKafkaTest-output.txt || true
exit "$status"
