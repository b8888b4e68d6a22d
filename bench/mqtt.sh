#!/usr/bin/env bash
# MQTT: Freshet's MQTT listener beside Mosquitto 2 (Debian's), the same load client, in one run: QoS 0 and QoS 1
# publish throughput (100 B, 1 and 100 publishers), publish-to-subscriber latency at 1,000 msg/s, and RSS with
# 10,000 idle clients; both brokers up in each round, taking turns case by case; medians and ratios against the
# issue's targets.
#
#   bench/mqtt.sh [--rounds N] [--quick] [--dry-run] [--case TEXT] [--qos1-window N]   (default: 3 rounds, ~9 min)
#
# Full run: waits (up to 2 min, checking every 30 s) until the 1-minute load average is below 1.5, since the 2
# cores are shared (MQTT_MAX_LOAD and MQTT_LOAD_WAIT_S change that), then rewrites docs/mqtt-bench.md, keeping
# its hand-written part. --quick (1 round, short cases, 2,000 idle clients, no load wait) checks the harness in
# about a minute; --dry-run puts Mosquitto in Freshet's column too; --case TEXT runs only the cases whose name
# contains TEXT (e.g. --case 'QoS 1, 100', --case latency, --case idle), to reproduce one; --qos1-window N sets the
# QoS 1 PUBLISHes each publisher keeps in flight (default 10). Each of these writes its report to
# freshet-bench/target/mqtt-results/ and leaves docs/ alone. Per-round numbers (CSV) and every broker's log go there.
#
# Builds what is missing (the broker jar, the harness: offline, in this checkout, nothing installed), installs
# Debian's mosquitto when it is missing and we are root, raises the open-files limit for 10,000 connections, then
# runs io.freshet.bench.mqtt.MqttBench. Every broker it starts is stopped at the end, on failure or Ctrl-C too.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_name=mqtt
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/freshet-bench"
started=$SECONDS

if [[ ! -x /usr/sbin/mosquitto ]]; then
  if [[ $EUID -eq 0 ]]; then
    echo "mqtt: installing Debian's mosquitto..." >&2
    apt-get install -y mosquitto >&2 || { apt-get update >&2 && apt-get install -y mosquitto >&2; }
  else
    echo "mqtt: /usr/sbin/mosquitto is missing: sudo apt-get install -y mosquitto" >&2
    exit 1
  fi
fi

# 10,000 client sockets in the harness and as many in each broker (a child inherits the limit), plus files.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < 12000 )); then
  echo "mqtt: the open-files limit is $(ulimit -n) (hard $(ulimit -Hn)); 10,000 connections need 12,000" >&2
  exit 1
fi

# The broker jar, rebuilt when missing or older than the sources (the MQTT modules too), as bench/lib.sh does;
# then the harness with its sibling modules from this checkout (-am), never from ~/.m2.
jar="$root/freshet-server/target/freshet.jar"
if [[ " $* " != *" --dry-run "* ]] && [[ ! -f "$jar" || ! -f "${jar%.jar}.jsa" || "$jar" -nt "${jar%.jar}.jsa" \
      || -n "$(find "$root/pom.xml" "$root"/freshet-{storage,coordinator,broker,gateway,mqtt,server}/{pom.xml,src/main} \
               -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  "$root/freshet" build
fi
if [[ ! -f "$bench/target/classpath.txt" || ! -d "$bench/target/classes" \
      || -n "$(find "$bench/src/main" "$bench/pom.xml" -newer "$bench/target/classpath.txt" -print -quit)" ]]; then
  echo "mqtt: building freshet-bench..." >&2
  mvn -B -o -q -ntp -f "$root/pom.xml" -DskipTests -pl freshet-bench -am package
fi
classpath="$(<"$bench/target/classpath.txt"):$bench/target/classes"

max_load="${MQTT_MAX_LOAD:-1.5}"
if [[ " $* " != *" --quick "* && " $* " != *" --dry-run "* && " $* " != *" --case "* && " $* " != *" --qos1-window "* ]]; then
  bench_wait_for_quiet "$max_load" "${MQTT_LOAD_WAIT_S:-120}"
else
  load_before="$(bench_load1) (after waiting 0 s for < $max_load)"
fi
if ! bench_below "$(bench_load1)" "$max_load"; then load_before="$load_before: HIGH, numbers suspect"; fi
echo "mqtt: 1-min load average $load_before" >&2

set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the brokers.
timeout --signal=TERM --kill-after=60s 25m \
  java -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.loadBefore="$load_before" \
    -Dbench.commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')" \
    -cp "$classpath" io.freshet.bench.mqtt.MqttBench "$@"
status=$?
set -e
bench_finish "$status" "$@"
