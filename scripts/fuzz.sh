#!/usr/bin/env bash
# The long pass of Freshet's fuzz suites: the same jqwik properties the normal test suite runs in seconds
# (*FuzzTest in freshet-storage, -broker, -mqtt, -http), each for longer.
#
#   scripts/fuzz.sh              every property for 60 s
#   scripts/fuzz.sh 300          every property for 300 s
#   scripts/fuzz.sh --tries 5000 every property for 5000 tries
#
# Prints one line per property (tries and seconds it ran) and the failures, with jqwik's seed and shrunk sample;
# a failure found becomes a regression test (@Example) next to the property. Builds offline (-o) from this
# checkout; needs the modules' dependencies in the local Maven repository (a first `mvn -B test-compile` does it).
set -euo pipefail
cd "$(dirname "$0")/.."

budget=(-Dfreshet.fuzz.seconds=60)
case "${1:-}" in
  "") ;;
  --tries) budget=(-Dfreshet.fuzz.tries="${2:?--tries needs a number}") ;;
  *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS | --tries N]" >&2; exit 2 ;;
  *) budget=(-Dfreshet.fuzz.seconds="$1") ;;
esac

modules=freshet-storage,freshet-broker,freshet-mqtt,freshet-http
tests='BatchFuzzTest,KafkaFrameFuzzTest,SaslFuzzTest,MqttPacketFuzzTest,HttpRequestFuzzTest'
echo "fuzz: ${budget[*]} on $tests"
rm -f freshet-*/target/surefire-reports/*FuzzTest*
# Failures do not stop the run: every module's properties run, and the reports say what failed.
mvn -B -ntp -q -o -pl "$modules" -am test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmaven.test.failure.ignore=true "${budget[@]}"
status=0
if grep -l -E '<<< (FAILURE|ERROR)' freshet-*/target/surefire-reports/*FuzzTest.txt >/dev/null 2>&1; then
  status=1
fi

for module in ${modules//,/ }; do
  for out in "$module"/target/surefire-reports/*FuzzTest-output.txt; do
    [ -e "$out" ] && grep -h '^FUZZ ' "$out" | sed 's/^FUZZ /  /'
  done
  for report in "$module"/target/surefire-reports/*FuzzTest.txt; do
    [ -e "$report" ] && grep -h -E '^Tests run|<<< (FAILURE|ERROR)' "$report" | sed 's/^/  /'
  done
done
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (see the surefire reports above; jqwik prints the seed and the shrunk sample)" >&2
fi
exit "$status"
