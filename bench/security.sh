#!/usr/bin/env bash
# Security benchmark: produce and consume throughput over PLAINTEXT, SSL and SASL_SSL (SCRAM-SHA-512) for Freshet
# beside Apache Kafka 4.4 configured alike (both read freshet-it/src/test/resources/security/server.properties:
# TLS, SASL, StandardAuthorizer with ACLs), alternating brokers over rounds; and TLS handshakes per second
# (io.freshet.bench.security.TlsHandshakes: N new connections, each a full handshake and one ApiVersions).
#
#   bench/security.sh [--rounds N] [--quick]     (default 3 rounds; --quick: 1 round, 10x fewer records)
#
# Full run: rewrites docs/benchmarks-security.md. --quick writes freshet-bench/target/security-results/ only.
# SECURITY_RECORDS (records per case) and SECURITY_HANDSHAKES (connections) change the sizes.
# Clients: Kafka's own ProducerPerformance / ConsumerPerformance (the anchor's jars), 1 KiB records, acks=all,
# linger.ms=5, batch.size=65536, one partition; the same SCRAM user and ACLs on both, set with kafka-configs' and
# kafka-acls' main classes (ConfigCommand, AclCommand). Ports: Kafka 19740-19744, Freshet 19750-19754.
# Both brokers run for the whole run; only one is loaded at a time.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init security
rounds=3 quick=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --quick) quick=1; rounds=1; shift ;;
    *) echo "security: unknown option $1" >&2; exit 2 ;;
  esac
done
records="${SECURITY_RECORDS:-$(( quick ? 20000 : 200000 ))}"   # per case
handshakes="${SECURITY_HANDSHAKES:-$(( quick ? 200 : 1000 ))}"
bench_build
lib="$KAFKA_ANCHOR_HOME/lib"
results="$bench/target/security-results"
mkdir -p "$results"
work="$(mktemp -d /tmp/bench-security.XXXXXX)"
csv="$results/security-$(date +%Y%m%d-%H%M%S).csv"
pw=parity-pw
kafka_port=19740 freshet_port=19750
freshet_pid=""
cleanup() {
  bash "$root/scripts/security-kafka.sh" stop "$work/kafka" || true
  if [[ -n $freshet_pid ]] && kill -0 "$freshet_pid" 2>/dev/null; then kill -TERM "$freshet_pid"; wait "$freshet_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

tool() { java -Xmx512m -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" "$@"; }

STORE_PASSWORD=$pw bash "$root/scripts/security-certs.sh" "$work/certs" >&2
mkdir -p "$work/kafka" "$work/freshet"
cp -r "$work/certs" "$work/kafka/certs"
bash "$root/scripts/security-kafka.sh" start "$kafka_port" "$work/kafka"

# Freshet from the same template, on its own ports (the CONTROLLER port is unused); no MQTT or HTTP listener.
sed -e "s|\${PLAINTEXT_PORT}|$freshet_port|g" -e "s|\${SSL_PORT}|$((freshet_port + 2))|g" \
  -e "s|\${SASL_SSL_PORT}|$((freshet_port + 3))|g" -e "s|\${SASL_PLAINTEXT_PORT}|$((freshet_port + 4))|g" \
  -e "s|\${DATA_DIR}|$work/freshet/data|g" -e "s|\${CERT_DIR}|$work/certs|g" -e "s|\${STORE_PASSWORD}|$pw|g" \
  "$root/freshet-it/src/test/resources/security/server.properties" >"$work/freshet/server.properties"
printf 'mqtt.listeners=MQTT://127.0.0.1:-1\nhttp.listeners=HTTP://127.0.0.1:-1\n' >>"$work/freshet/server.properties"
java -Xms64m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -jar "$root/freshet-server/target/freshet.jar" server \
  --config "$work/freshet/server.properties" >"$results/freshet.log" 2>&1 &
freshet_pid=$!
targets="kafka freshet" freshet_note=""
for ((i = 0; i < 300; i++)); do
  if ! kill -0 "$freshet_pid" 2>/dev/null; then
    # Measured anyway on Kafka: its rows are the reference the Freshet half will be compared with.
    freshet_note="Freshet did not start from this server.properties: $(grep -m1 -iE 'exception|error|invalid' "$results/freshet.log" | cut -c1-300)"
    echo "security: $freshet_note; measuring Kafka only" >&2
    targets="kafka" freshet_pid=""
    break
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$freshet_port") 2>/dev/null && break
  sleep 0.1
done

# Client settings per listener, and the admin's.
client_props() {  # TARGET_DIR PROTOCOL
  case "$2" in
    PLAINTEXT) : ;;
    SSL) printf 'security.protocol=SSL\nssl.truststore.type=PKCS12\nssl.truststore.location=%s\nssl.truststore.password=%s\n' "$work/certs/truststore.p12" "$pw" ;;
    SASL_SSL) printf 'security.protocol=SASL_SSL\nssl.truststore.type=PKCS12\nssl.truststore.location=%s\nssl.truststore.password=%s\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="bench" password="bench-secret";\n' "$work/certs/truststore.p12" "$pw" ;;
    ADMIN) printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret";\n' ;;
  esac >"$1/$2.properties"
}
port_of() {  # TARGET PROTOCOL
  local base; base=$([[ $1 == kafka ]] && echo $kafka_port || echo $freshet_port)
  case "$2" in PLAINTEXT) echo "$base" ;; SSL) echo $((base + 2)) ;; SASL_SSL) echo $((base + 3)) ;; ADMIN) echo $((base + 4)) ;; esac
}
for target in $targets; do
  for p in PLAINTEXT SSL SASL_SSL ADMIN; do client_props "$work/$target" "$p"; done
  admin=(--bootstrap-server "127.0.0.1:$(port_of "$target" ADMIN)" --command-config "$work/$target/ADMIN.properties")
  tool org.apache.kafka.tools.ConfigCommand "${admin[@]}" --alter --entity-type users --entity-name bench \
    --add-config 'SCRAM-SHA-512=[iterations=4096,password=bench-secret]' >&2
  # PLAINTEXT and SSL without a certificate are User:ANONYMOUS: the same rights as the SCRAM user, on bench- only.
  tool org.apache.kafka.tools.AclCommand "${admin[@]}" --add --allow-principal User:bench \
    --allow-principal User:ANONYMOUS --operation All --topic bench- --group bench- --resource-pattern-type prefixed >&2
done

echo "target,protocol,case,records_per_s,mib_per_s" >"$csv"
measure() {  # TARGET PROTOCOL ROUND
  local target=$1 proto=$2 round=$3 topic="bench-$1-$2-r$3" bootstrap out line
  bootstrap="127.0.0.1:$(port_of "$target" "$proto")"
  tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$(port_of "$target" ADMIN)" \
    --command-config "$work/$target/ADMIN.properties" --create --topic "$topic" --partitions 1 --replication-factor 1 >/dev/null
  out="$results/$topic-produce.log"
  tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$bootstrap" --topic "$topic" \
    --num-records "$records" --record-size 1024 --throughput -1 --command-config "$work/$target/$proto.properties" \
    --command-property acks=all linger.ms=5 batch.size=65536 >"$out" 2>&1 || { tail "$out" >&2; return 1; }
  line=$(grep '99th' "$out" | tail -1 | sed -E 's/^[0-9]+ records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\).*/\1 \2/')
  echo "$target,$proto,produce,${line// /,}" | tee -a "$csv" >&2
  out="$results/$topic-consume.log"
  tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bootstrap" --topic "$topic" \
    --num-records "$records" --timeout 60000 --command-config "$work/$target/$proto.properties" \
    --group "bench-$target-$proto-r$round" >"$out" 2>&1 || { tail "$out" >&2; return 1; }
  line=$(grep -E '^[0-9]{4}-' "$out" | tail -1 | awk -F', *' '{ printf "%.0f,%.2f", $6, $4 }')
  echo "$target,$proto,consume,$line" | tee -a "$csv" >&2
}
handshake() {  # TARGET
  local line
  line=$(java -cp "$classpath" io.freshet.bench.security.TlsHandshakes "127.0.0.1:$(port_of "$1" SSL)" \
    "$work/certs/truststore.p12" "$pw" "$handshakes" 4)
  echo "$1,SSL,handshakes,$(sed -E 's/.*per_second=([0-9.]+).*/\1/' <<<"$line")," | tee -a "$csv" >&2
}

for ((r = 1; r <= rounds; r++)); do
  order=$([[ $((r % 2)) == 1 ]] && echo "$targets" || echo "$targets" | tr ' ' '\n' | tac | tr '\n' ' ')
  for target in $order; do
    for proto in PLAINTEXT SSL SASL_SSL; do
      measure "$target" "$proto" "$r" || echo "$target,$proto,failed,," >>"$csv"
    done
    handshake "$target" || echo "$target,SSL,handshakes-failed,," >>"$csv"
  done
done

report="$results/benchmarks-security.md"
[[ $quick == 0 ]] && report="$root/docs/benchmarks-security.md"
python3 - "$csv" "$report" "$rounds" "$records" "$handshakes" "$(bench_load1)" "$freshet_note" <<'PY'
import csv, statistics, sys, datetime
path, report, rounds, records, handshakes, load, note = sys.argv[1:]
rows = list(csv.DictReader(open(path)))
def med(target, proto, case, col='records_per_s'):
    v = [float(r[col]) for r in rows if r['target'] == target and r['protocol'] == proto and r['case'] == case and r[col]]
    return statistics.median(v) if v else None
def fmt(x, d=0):
    return '-' if x is None else f'{x:,.{d}f}'
def ratio(a, b):
    return '-' if a is None or b is None or b == 0 else f'{a / b:.2f}x'
out = [f'# Security benchmark: Freshet beside Apache Kafka 4.4, TLS and SASL', '',
       f'`bench/security.sh` ({rounds} round(s), brokers alternating; medians), {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, '
       f'2 cores shared, 1-min load at the end {load}. Both brokers read the same server.properties '
       '(freshet-it/src/test/resources/security/server.properties: SSL, SASL_SSL, StandardAuthorizer, ACLs). '
       f'{records} records of 1 KiB per case, one partition, acks=all, linger.ms=5, batch.size=65536; Kafka\'s '
       'ProducerPerformance / ConsumerPerformance; SASL_SSL is SCRAM-SHA-512.', '',
       '| case | listener | Freshet records/s | Kafka records/s | Freshet / Kafka | Freshet MiB/s | Kafka MiB/s |',
       '|---|---|---:|---:|---:|---:|---:|']
for case in ('produce', 'consume'):
    for proto in ('PLAINTEXT', 'SSL', 'SASL_SSL'):
        f, k = med('freshet', proto, case), med('kafka', proto, case)
        out.append(f'| {case} | {proto} | {fmt(f)} | {fmt(k)} | {ratio(f, k)} | '
                   f'{fmt(med("freshet", proto, case, "mib_per_s"), 1)} | {fmt(med("kafka", proto, case, "mib_per_s"), 1)} |')
f, k = med('freshet', 'SSL', 'handshakes'), med('kafka', 'SSL', 'handshakes')
out.append(f'| TLS handshakes/s ({handshakes} connections, 4 at a time, + ApiVersions) | SSL | {fmt(f)} | {fmt(k)} | {ratio(f, k)} | | |')
out += ['', 'Target: Freshet TLS >= 1.25x Kafka TLS. Over TLS, Freshet / own plaintext: produce '
        f'{ratio(med("freshet","SSL","produce"), med("freshet","PLAINTEXT","produce"))}, consume '
        f'{ratio(med("freshet","SSL","consume"), med("freshet","PLAINTEXT","consume"))}; Kafka: produce '
        f'{ratio(med("kafka","SSL","produce"), med("kafka","PLAINTEXT","produce"))}, consume '
        f'{ratio(med("kafka","SSL","consume"), med("kafka","PLAINTEXT","consume"))}.',
        f'Failed cases: {[r["target"] + " " + r["protocol"] + " " + r["case"] for r in rows if "failed" in r["case"]] or "none"}. '
        f'Per-round numbers: {path.split("/")[-1]} (freshet-bench/target/security-results/).', '']
if note:
    out += [f'**{note}**', '']
open(report, 'w').write('\n'.join(out))
print('\n'.join(out))
PY
bench_finish 0 "$@"
