#!/usr/bin/env bash
# Apache Kafka 4.4 configured like the Freshet the security tests start: freshet-it's
# src/test/resources/security/server.properties (the file both brokers read) plus kraft.properties (the keys only a
# KRaft node needs, and a CONTROLLER listener). Jars come from the Kafka anchor (../shared/anchors/kafka/kafka.sh
# install, state in $KAFKA_ANCHOR_HOME); certificates from scripts/security-certs.sh.
#
#   scripts/security-kafka.sh start PORT WORKDIR   listeners PLAINTEXT=PORT, CONTROLLER=PORT+1, SSL=PORT+2,
#                                                  SASL_SSL=PORT+3, SASL_PLAINTEXT=PORT+4; certs in WORKDIR/certs,
#                                                  data in WORKDIR/data, log WORKDIR/kafka.log
#   scripts/security-kafka.sh stop WORKDIR
#   scripts/security-kafka.sh listeners PORT       the value of -Dfreshet.it.security.kafka for that PORT
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchor="${KAFKA_ANCHOR:-$(cd "$root/.." && pwd)/shared/anchors/kafka/kafka.sh}"
[[ -f "$anchor" ]] || anchor=/work/shared/anchors/kafka/kafka.sh
export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-security-kafka}"
templates="$root/freshet-it/src/test/resources/security"
store_password="${STORE_PASSWORD:-parity-pw}"

listeners() {
  echo "PLAINTEXT://127.0.0.1:$1,SSL://127.0.0.1:$(($1 + 2)),SASL_SSL://127.0.0.1:$(($1 + 3)),SASL_PLAINTEXT://127.0.0.1:$(($1 + 4))"
}

answers_api_versions() {  # PORT: a Kafka-protocol server answers ApiVersions v0 with error 0
  local reply
  reply=$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf '\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x01\xff\xff' >&3
    timeout 2 head -c 10 <&3 | od -An -tx1 | tr -d ' \n'
  ) || return 1
  [[ ${reply:8:12} == 000000010000 ]]
}

fill() {  # FILE: the template with its ${NAME} placeholders replaced
  sed -e "s|\${PLAINTEXT_PORT}|$port|g" -e "s|\${CONTROLLER_PORT}|$((port + 1))|g" \
    -e "s|\${SSL_PORT}|$((port + 2))|g" -e "s|\${SASL_SSL_PORT}|$((port + 3))|g" \
    -e "s|\${SASL_PLAINTEXT_PORT}|$((port + 4))|g" -e "s|\${DATA_DIR}|$work/data|g" \
    -e "s|\${CERT_DIR}|$work/certs|g" -e "s|\${STORE_PASSWORD}|$store_password|g" "$1"
}

start() {
  port="$1" work="$2"
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
  bash "$anchor" install >&2
  [[ -f "$work/certs/truststore.p12" ]] || STORE_PASSWORD="$store_password" bash "$root/scripts/security-certs.sh" "$work/certs" >&2
  fill "$templates/server.properties" | grep -v '^#' \
    | sed -E "s|^listeners=(.*)|listeners=\1,CONTROLLER://127.0.0.1:$((port + 1))|" >"$work/server.properties"
  fill "$templates/kraft.properties" | grep -v '^#' >>"$work/server.properties"
  local lib="$KAFKA_ANCHOR_HOME/lib" java=(java -Xmx1g -Xms1g -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20)
  if [[ ! -f "$work/data/meta.properties" ]]; then
    java -Xmx512m -cp "$lib/*" kafka.tools.StorageTool format --config "$work/server.properties" \
      --cluster-id "$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid)" >"$work/format.log" 2>&1 \
      || { cat "$work/format.log" >&2; exit 1; }
  fi
  nohup "${java[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=info -cp "$lib/*" kafka.Kafka "$work/server.properties" \
    >"$work/kafka.log" 2>&1 </dev/null &
  echo $! >"$work/kafka.pid"
  local i
  for ((i = 0; i < 600; i++)); do
    kill -0 "$(<"$work/kafka.pid")" 2>/dev/null || { tail -n 40 "$work/kafka.log" >&2; echo "security-kafka: Kafka exited" >&2; exit 1; }
    if answers_api_versions "$port"; then
      echo "security-kafka: Kafka 4.4 ready (pid $(<"$work/kafka.pid")): $(listeners "$port"); certs $work/certs" >&2
      return
    fi
    sleep 0.1
  done
  echo "security-kafka: Kafka did not answer on $port within 60 s (log $work/kafka.log)" >&2
  stop "$work"
  exit 1
}

stop() {
  local work="$1" pid i
  [[ -f "$work/kafka.pid" ]] || return 0
  pid=$(<"$work/kafka.pid")
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q ' kafka\.Kafka '; then
    kill -TERM "$pid"
    for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "security-kafka: stopped Kafka pid $pid" >&2
  fi
  rm -f "$work/kafka.pid"
}

case "${1:-}" in
  start) start "${2:?PORT}" "${3:?WORKDIR}" ;;
  stop) stop "${2:?WORKDIR}" ;;
  listeners) listeners "${2:?PORT}" ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
