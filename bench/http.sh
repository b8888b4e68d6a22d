#!/usr/bin/env bash
# HTTP: against one Freshet server (Kafka and HTTP listeners), in one run: produce throughput of 100 B records over
# REST v3 streaming produce and REST v2 batch produce beside the Kafka protocol path (the official Java producer,
# acks=all), then fan-out: 1,000 SSE and 1,000 WebSocket subscribers on one topic (on disk, then a memory topic)
# while a producer writes 10,000 records/s: delivery latency, completeness, RSS and CPU.
#
#   bench/http.sh [--quick] [--case TEXT] [--subscribers N] [--rates R1,R2] [--seconds S] [--records N]
#
# Full run (no option, ~7 min): waits (up to 2 min, checking every 30 s) until the 1-minute load average is below
# 1.5, since the 2 cores are shared (HTTP_MAX_LOAD and HTTP_LOAD_WAIT_S change that), then rewrites
# docs/http-bench.md, keeping its hand-written part. Any option makes a partial run whose report goes to
# freshet-bench/target/http-results/ and leaves docs/ alone: --quick (100 subscribers at 1,000 records/s, 50,000
# records per produce case) checks the harness in about a minute; --case TEXT runs only the cases whose name
# contains it (e.g. --case WebSocket, --case 'memory topic', --case v3); the others set the load.
#
# Builds what is missing (the server jar, the harness: offline, in this checkout, nothing installed), raises the
# open-files limit for 1,000 connections on each side, then runs io.freshet.bench.http.HttpBench. The server it
# starts is stopped at the end, on failure or Ctrl-C too.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_name=http
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/freshet-bench"
started=$SECONDS

# 1,000 subscriber sockets in the harness and as many in the server (a child inherits the limit), plus files.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < 4096 )); then
  echo "http: the open-files limit is $(ulimit -n) (hard $(ulimit -Hn)); 1,000 subscribers need 4,096" >&2
  exit 1
fi

# The server jar, rebuilt when missing or older than the sources (the HTTP modules too), as bench/mqtt.sh does;
# then the harness with its sibling modules from this checkout (-am), never from ~/.m2.
jar="$root/freshet-server/target/freshet.jar"
if [[ ! -f "$jar" || ! -f "${jar%.jar}.jsa" || "$jar" -nt "${jar%.jar}.jsa" \
      || -n "$(find "$root/pom.xml" "$root"/freshet-{storage,coordinator,broker,gateway,mqtt,http,server}/{pom.xml,src/main} \
               -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  "$root/freshet" build
fi
if [[ ! -f "$bench/target/classpath.txt" || ! -d "$bench/target/classes" \
      || -n "$(find "$bench/src/main" "$bench/pom.xml" -newer "$bench/target/classpath.txt" -print -quit)" ]]; then
  echo "http: building freshet-bench..." >&2
  mvn -B -o -q -ntp -f "$root/pom.xml" -DskipTests -pl freshet-bench -am package
fi
classpath="$(<"$bench/target/classpath.txt"):$bench/target/classes"

max_load="${HTTP_MAX_LOAD:-1.5}"
if (( $# == 0 )); then
  bench_wait_for_quiet "$max_load" "${HTTP_LOAD_WAIT_S:-120}"
else
  load_before="$(bench_load1) (after waiting 0 s for < $max_load)"
fi
if ! bench_below "$(bench_load1)" "$max_load"; then load_before="$load_before: HIGH, numbers suspect"; fi
echo "http: 1-min load average $load_before" >&2

set +e
# A bound on the whole run; SIGTERM lets the harness's shutdown hook stop the server.
timeout --signal=TERM --kill-after=60s 30m \
  java -Xms512m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dbench.repo="$root" -Dbench.loadBefore="$load_before" \
    -Dbench.commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')" \
    -cp "$classpath" io.freshet.bench.http.HttpBench "$@"
status=$?
set -e
bench_finish "$status" "$@"
