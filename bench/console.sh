#!/usr/bin/env bash
# Web console page load with many topics: starts a Freshet server (its own data directory, free ports), creates
# 1,000 topics, and loads the console's topics page in headless Chromium 5 times (fresh browser context each, after
# one warm-up load): the median time from navigation start until the table shows every topic.
#
#   bench/console.sh [--topics N] [--loads N]
#
# Needs node, Debian's chromium and freshet-it's node modules (scripts/install-test-deps.sh). Builds the server
# jar when missing or older than the sources (offline, nothing installed). The server is stopped at the end, on
# failure or Ctrl-C too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
topics=1000
loads=5
while (( $# > 0 )); do
  case "$1" in
    --topics) topics="$2"; shift 2 ;;
    --loads) loads="$2"; shift 2 ;;
    *) echo "usage: bench/console.sh [--topics N] [--loads N]" >&2; exit 2 ;;
  esac
done
modules="$root/freshet-it/src/test/node/node_modules"
[[ -f "$modules/playwright-core/package.json" && -f "$modules/kafkajs/package.json" ]] \
  || { echo "console: $modules lacks playwright-core or kafkajs: run scripts/install-test-deps.sh" >&2; exit 1; }

jar="$root/freshet-server/target/freshet.jar"
if [[ ! -f "$jar" || -n "$(find "$root/pom.xml" "$root"/freshet-{storage,coordinator,broker,gateway,mqtt,http,sql,server}/{pom.xml,src/main} \
      -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  "$root/freshet" build
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

java -Xms256m -Xmx1g -jar "$jar" server --port 0 --http-port 0 --mqtt-port -1 --data-dir "$work/data" \
  >"$work/server.log" 2>&1 &
server_pid=$!
kafka="" http=""
for _ in $(seq 1 300); do
  kafka="$(sed -n 's/.*listening on \([0-9.]*:[0-9]*\)[ ,].*/\1/p' "$work/server.log" | head -n 1)"
  http="$(sed -n 's/.*HTTP on \([0-9.]*:[0-9]*\),.*/\1/p' "$work/server.log" | head -n 1)"
  [[ -n "$kafka" && -n "$http" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$kafka" && -n "$http" ]] || { echo "console: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
echo "console: Freshet on $kafka (Kafka), $http (HTTP); creating $topics topics, then $loads loads" >&2

NODE_PATH="$modules" node "$root/bench/console-load.js" --url "http://$http" --bootstrap "$kafka" \
  --topics "$topics" --loads "$loads" --create 1
echo "console: load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(chromium --version 2>/dev/null | head -n 1)" >&2
