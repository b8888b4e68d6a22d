#!/usr/bin/env bash
# The cost of one GET /metrics with many topics: starts freshet-server/target/freshet.jar (metrics on) on free ports
# and a fresh data dir, creates TOPICS x PARTITIONS partitions with one record each and one group's offsets on all
# of them (bench/metrics-scrape.py, python3-confluent-kafka for /usr/bin/python3), then times ROUNDS scrapes.
#
#   bench/metrics-scrape.sh [TOPICS [PARTITIONS [ROUNDS]]]     (default 1000 3 20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/freshet-server/target/freshet.jar"
[[ -f "$jar" ]] || "$root/freshet" build
data="$(mktemp -d)"
log="$data/broker.log"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
kafka_port="$(free_port)"
http_port="$(free_port)"
java -Xms64m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -jar "$jar" server --port "$kafka_port" \
  --http-port "$http_port" --mqtt-port -1 --data-dir "$data/data" --set sql.enabled=false >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$http_port/metrics" >/dev/null 2>&1 && break
  sleep 0.1
done
/usr/bin/python3 "$root/bench/metrics-scrape.py" "127.0.0.1:$kafka_port" "http://127.0.0.1:$http_port" \
  "${1:-1000}" "${2:-3}" "${3:-20}"
