#!/usr/bin/env bash
# Runs freshet-it's share-group tests (ShareGroup*Test, KafkaShareConsumer of kafka-clients 4.4) against Apache
# Kafka 4.4 instead of Freshet, to check that what they assert is Kafka's behaviour.
#
#   scripts/share-tests-on-kafka.sh [PORT]     (default 19592; PORT+1 is Kafka's controller port)
#
# 1. starts Kafka through the anchor ../shared/anchors/kafka/kafka.sh (KAFKA_ANCHOR overrides the path; its jars and
#    state in $KAFKA_ANCHOR_HOME, default /tmp/freshet-share-tests-kafka) on a fresh data directory, and runs every
#    ShareGroup*Test but the broker-kill one with -Dfreshet.it.bootstrap (ShareGroupFreshetOnlyTest skips itself);
# 2. stops it and runs ShareGroupBrokerKillTest with -Dfreshet.it.kafkaServerProperties (the anchor's
#    server.properties, data directory already formatted) and -Dfreshet.it.kafkaClasspath: the test starts, kills
#    (SIGKILL) and restarts kafka.Kafka itself.
# Surefire reports: freshet-it/target/surefire-reports/. Takes about 4 minutes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchor="${KAFKA_ANCHOR:-$(cd "$root/.." && pwd)/shared/anchors/kafka/kafka.sh}"
[[ -f "$anchor" ]] || anchor=/work/shared/anchors/kafka/kafka.sh
[[ -f "$anchor" ]] || { echo "share-tests-on-kafka: the Kafka anchor is missing (set KAFKA_ANCHOR)" >&2; exit 1; }
export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-share-tests-kafka}"
port="${1:-19592}"
work="$(mktemp -d /tmp/share-tests-on-kafka.XXXXXX)"   # data/, server.properties, the broker-kill test's Kafka log
data="$work/data"
properties="$work/server.properties"
status=0
trap 'bash "$anchor" stop >/dev/null 2>&1 || true; if [[ $status == 0 ]]; then rm -rf "$work"; else echo "kept $work"; fi' EXIT

mvn_it() {
  mvn -B -ntp -q -f "$root/pom.xml" -pl freshet-it -am verify -Dsurefire.failIfNoSpecifiedTests=false "$@"
}
summary() {
  grep -h "Tests run" "$root"/freshet-it/target/surefire-reports/io.freshet.it.ShareGroup*Test.txt || true
}

rm -f "$root"/freshet-it/target/surefire-reports/*ShareGroup*   # the summaries show this run's reports only
bash "$anchor" start "$port" "$data"
mvn_it '-Dtest=ShareGroup*Test,!ShareGroupBrokerKillTest' "-Dfreshet.it.bootstrap=127.0.0.1:$port" || status=$?
summary
bash "$anchor" stop
cp "$KAFKA_ANCHOR_HOME/run/server.properties" "$properties"
mvn_it -Dtest=ShareGroupBrokerKillTest "-Dfreshet.it.kafkaServerProperties=$properties" \
  "-Dfreshet.it.kafkaClasspath=$KAFKA_ANCHOR_HOME/lib/*" || status=$?
summary
exit "$status"
