#!/usr/bin/env bash
# Runs freshet-it's security tests (io.freshet.it.security.*: the client matrix over TLS and SASL, authentication
# failures, the ACL matrix, quotas, freshet gateway with the cluster's users and ACLs) and GatewaySecurityTest (the
# MQTT and HTTP listeners' users and ACLs, through freshet gateway in front of Kafka) against Apache Kafka 4.4
# instead of Freshet, to check that what they assert is Kafka's behaviour. Kafka reads the same server.properties as the Freshet the suite starts
# (freshet-it/src/test/resources/security/server.properties) plus kraft.properties; see scripts/security-kafka.sh.
#
#   scripts/security-tests-on-kafka.sh [PORT]     (default 19720: PLAINTEXT; PORT+1 controller, +2 SSL,
#                                                  +3 SASL_SSL, +4 SASL_PLAINTEXT)
# Surefire reports: freshet-it/target/surefire-reports/. Takes about 2 minutes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-security-tests-kafka}"
port="${1:-19720}"
work="$(mktemp -d /tmp/security-tests-on-kafka.XXXXXX)"   # data/, certs/, server.properties, kafka.log
status=0
trap 'bash "$root/scripts/security-kafka.sh" stop "$work" || true; if [[ $status == 0 ]]; then rm -rf "$work"; else echo "kept $work"; fi' EXIT

rm -f "$root"/freshet-it/target/surefire-reports/*io.freshet.it.security.* \
  "$root"/freshet-it/target/surefire-reports/*io.freshet.it.GatewaySecurityTest*   # this run's reports only
bash "$root/scripts/security-kafka.sh" start "$port" "$work"
mvn -B -ntp -q -f "$root/pom.xml" -pl freshet-it -am verify -Dsurefire.failIfNoSpecifiedTests=false \
  '-Dtest=io.freshet.it.security.*Test,io.freshet.it.GatewaySecurityTest' \
  "-Dfreshet.it.security.kafka=$(bash "$root/scripts/security-kafka.sh" listeners "$port")" \
  "-Dfreshet.it.security.certs=$work/certs" || status=$?
grep -h "Tests run" "$root"/freshet-it/target/surefire-reports/io.freshet.it.security.*Test.txt \
  "$root"/freshet-it/target/surefire-reports/io.freshet.it.GatewaySecurityTest.txt || true
exit "$status"
