#!/usr/bin/env bash
# Runs freshet-it's client-facing integration tests against Apache Kafka 4.4 instead of Freshet, every one that can
# run there, in one command, and writes the result to docs/on-kafka.md (one section per mode, the other mode's
# section kept).
#
#   scripts/suite-on-kafka.sh [--cluster] [PORT]
#       single node (default): one KRaft process, broker and controller, on 127.0.0.1:PORT (default 19400;
#                              PORT+1 is its controller port)
#       --cluster:             three KRaft processes, each broker and controller, on 127.0.0.1:PORT, PORT+2,
#                              PORT+4 (controllers on PORT+1, +3, +5), replication factor 3, min.insync.replicas 2;
#                              combined nodes rather than 3 brokers + 1 controller: three JVMs instead of four on a
#                              2-core machine, a controller quorum of three that outlives one node, and the same
#                              node shape as the anchor's single node
#   SUITE_TESTS='Foo*Test,sql/*Test'   only these classes (globs under io/freshet/it/), e.g. while fixing one: each
#                            goes to its phase (security/... to the security phase, a broker-kill test's name to the
#                            broker-kill phase); a subset's result does not replace a whole run's in docs/on-kafka.md
#   MVN_ARGS=-o              extra Maven flags (offline)
#
# Phases, one Maven run each, one after the other (a phase's Kafka is stopped before the next one starts):
#   suite        every client-facing class but those below, on the mode's node(s), with
#                -Dfreshet.it.bootstrap (FreshetExtension starts no Freshet then, and an in-process `freshet gateway`
#                in front of Kafka for the MQTT and HTTP tests) and -Dfreshet.it.sqlKafkaBootstrap (SqlOnKafkaTest:
#                `freshet sql --standalone` against the same Kafka); @FreshetOnly tests are skipped with their reason
#   broker-kill  single-node mode only: ConsumerGroupBrokerKillTest and ShareGroupBrokerKillTest, given node 1's
#                server.properties on a fresh log directory (-Dfreshet.it.kafkaServerProperties): they start, SIGKILL
#                and restart kafka.Kafka themselves
#   security     both modes, one node: io.freshet.it.security.* (TLS, SASL PLAIN and SCRAM, ACLs, quotas, the
#                gateway with the cluster's users and ACLs) and GatewaySecurityTest (through the gateway) against
#                the Kafka scripts/security-kafka.sh starts from the security tests' own server.properties, on
#                PORT (PLAINTEXT), PORT+1 (controller), PORT+2 (SSL), PORT+3 (SASL_SSL), PORT+4 (SASL_PLAINTEXT)
# The reports of all phases are counted together by scripts/suite-on-kafka-report.py, with a line per phase.
#
# How: the jars come from the anchor ../shared/anchors/kafka/kafka.sh (`install`: Apache Kafka 4.4 from Maven
# Central into $KAFKA_ANCHOR_HOME/lib; default /tmp/freshet-suite-kafka). The nodes are started here from those jars
# (java kafka.Kafka server.properties, storage formatted with one cluster id, as the anchor does for its one node)
# because the suite needs server.properties keys the anchor's `start` does not take (see write_node_properties).
# Every process started here is stopped on exit. Surefire reports of all phases: freshet-it/target/surefire-reports/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchor="${KAFKA_ANCHOR:-$(cd "$root/.." && pwd)/shared/anchors/kafka/kafka.sh}"
[[ -f "$anchor" ]] || anchor=/work/shared/anchors/kafka/kafka.sh
[[ -f "$anchor" ]] || { echo "suite-on-kafka: the Kafka anchor is missing (set KAFKA_ANCHOR)" >&2; exit 1; }
export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-suite-kafka}"
if [[ ! -d "$KAFKA_ANCHOR_HOME/lib" && -d /tmp/freshet-bench-kafka/lib ]]; then   # offline: reuse installed jars
  mkdir -p "$KAFKA_ANCHOR_HOME" && cp -r /tmp/freshet-bench-kafka/lib "$KAFKA_ANCHOR_HOME/"
fi
lib="$KAFKA_ANCHOR_HOME/lib"

mode=single
if [[ ${1:-} == --cluster ]]; then mode=cluster; shift; fi
port="${1:-19400}"
nodes=1; [[ $mode == cluster ]] && nodes=3
reports="$root/freshet-it/target/surefire-reports"
work="$(mktemp -d /tmp/suite-on-kafka.XXXXXX)"   # node-N/, kill-node/, security/ (each a Kafka's files), reports/PHASE/
pids=()
status=0
phases=()   # "name|where|seconds" of each phase run, for the report

stop_nodes() {
  local pid i
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do   # bounded: 30 s for a clean shutdown, then SIGKILL
    for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  pids=()
}
trap 'stop_nodes; bash "$root/scripts/security-kafka.sh" stop "$work/security" 2>/dev/null || true
  if [[ $status == 0 ]]; then rm -rf "$work"; else echo "kept $work"; fi' EXIT

client_port() { echo $((port + 2 * ($1 - 1))); }
controller_port() { echo $((port + 2 * ($1 - 1) + 1)); }
bootstrap() {
  local n list=""
  for ((n = 1; n <= nodes; n++)); do list+="${list:+,}127.0.0.1:$(client_port "$n")"; done
  echo "$list"
}
voters() {
  local n list=""
  for ((n = 1; n <= nodes; n++)); do list+="${list:+,}$n@127.0.0.1:$(controller_port "$n")"; done
  echo "$list"
}

# Node N's server.properties. Why each key beyond a plain KRaft node:
#  - group.* : GroupBrokers.BROKER_PROPERTIES, the consumer-group tests' timings (no 3 s wait before a first
#    rebalance; 6 s sessions and 1 s heartbeats, with Kafka's lower bounds lowered to allow them, so a killed
#    member is noticed within the tests' timeouts);
#  - quota.window.*: ClientQuotasCliTest's windows, 2 of 1 s (Kafka's 11 let a new client run unthrottled for up to
#    10 s, longer than the test measures; the class asks its Freshet for the same);
#  - replication factors and min ISR: 1 on one node (Kafka's defaults of 3 cannot be met), 3 and 2 on the cluster,
#    so that internal topics (offsets, transactions, share state) and the tests' topics are really replicated;
#  - log.dirs per node, and listeners on 127.0.0.1 only.
write_node_properties() {   # N
  local n=$1 rf=1 isr=1
  [[ $mode == cluster ]] && rf=3 isr=2
  mkdir -p "$work/node-$n/data"
  cat >"$work/node-$n/server.properties" <<EOF
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://127.0.0.1:$(client_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(client_port "$n")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$work/node-$n/data
num.partitions=1
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=6000
group.consumer.session.timeout.ms=6000
group.consumer.min.session.timeout.ms=6000
group.consumer.heartbeat.interval.ms=1000
group.consumer.min.heartbeat.interval.ms=1000
quota.window.num=2
quota.window.size.seconds=1
EOF
}

kafka_java() { java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" "$@"; }

# True once 127.0.0.1:PORT answers an ApiVersions v0 request (correlation id 1) with error code 0; no JVM started.
answers_api_versions() {
  local reply
  reply=$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf '\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x01\xff\xff' >&3   # size, ApiVersions v0, corr 1, no id
    timeout 2 head -c 10 <&3 | od -An -tx1 | tr -d ' \n'
  ) || return 1
  [[ ${reply:8:12} == 000000010000 ]]
}

ports_free() {   # FIRST LAST: exits if a port in the range already answers
  local i
  for ((i = $1; i <= $2; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$i") 2>/dev/null; then echo "127.0.0.1:$i is in use" >&2; status=1; exit 1; fi
  done
}

start_nodes() {
  local n cluster_id i ready
  bash "$anchor" install
  ports_free "$port" $((port + 2 * nodes - 1))
  cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid)
  for ((n = 1; n <= nodes; n++)); do
    write_node_properties "$n"
    kafka_java kafka.tools.StorageTool format --config "$work/node-$n/server.properties" \
      --cluster-id "$cluster_id" >"$work/node-$n/format.log" 2>&1
  done
  for ((n = 1; n <= nodes; n++)); do
    java -Xmx1g -Xms1g -XX:+UseG1GC -cp "$lib/*" kafka.Kafka "$work/node-$n/server.properties" \
      >"$work/node-$n/kafka.log" 2>&1 </dev/null &
    pids+=($!)
  done
  for ((i = 0; i < 900; i++)); do   # bounded: 90 s for every node to answer
    ready=0
    for ((n = 1; n <= nodes; n++)); do answers_api_versions "$(client_port "$n")" && ready=$((ready + 1)); done
    [[ $ready == "$nodes" ]] && break
    for n in "${!pids[@]}"; do
      kill -0 "${pids[$n]}" 2>/dev/null || { tail -n 30 "$work/node-$((n + 1))/kafka.log" >&2; status=1; exit 1; }
    done
    sleep 0.1
  done
  [[ $ready == "$nodes" ]] || { echo "Kafka did not answer within 90 s; logs in $work" >&2; status=1; exit 1; }
  # A cluster answers ApiVersions before its brokers are registered: wait until the Admin client sees them all.
  timeout 60 bash -c "until [[ \$(java -cp '$lib/*' org.apache.kafka.tools.BrokerApiVersionsCommand \
    --bootstrap-server '$(bootstrap)' 2>/dev/null | grep -c '^127.0.0.1:') == $nodes ]]; do sleep 0.5; done" || {
    echo "the $nodes brokers did not register within 60 s; logs in $work" >&2; status=1; exit 1; }
  echo "Kafka $(kafka_version) ready: $nodes node(s) at $(bootstrap)"
}

kafka_version() { basename "$(ls "$lib"/kafka-clients-*.jar | head -n 1)" .jar | sed 's/^kafka-clients-//'; }

mvn_it() {
  # shellcheck disable=SC2086   # MVN_ARGS is a list of flags
  mvn -B -ntp -q ${MVN_ARGS:-} -f "$root/pom.xml" -pl freshet-it -am verify -Dsurefire.failIfNoSpecifiedTests=false \
    "$@"
}

# Not in the suite phase, each with why: globs of test classes under io/freshet/it/ (Surefire exclusions; the report
# lists those that kept a class out of the whole run, i.e. not run by another phase either).
not_here=(
  'security/*Test|TLS, SASL and ACLs: the security phase runs them on a Kafka of their own (scripts/security-kafka.sh)'
  "**/GatewaySecurityTest|the gateway's users and ACLs (the cluster's): the security phase runs it on that SASL Kafka"
  '**/Sasl*Test|starts its own Freshet with SASL listeners; not yet pointed at an external broker'
  "**/CompactionTest|starts its own Freshet (log.cleaner.backoff.ms=200, segment.bytes=1024: below Kafka's 1 MiB minimum)"
  "**/ConsumerGroupBrokerKillTest|kills the broker: single-node mode's broker-kill phase runs it, on the node's server.properties"
  "**/ShareGroupBrokerKillTest|kills the broker: single-node mode's broker-kill phase runs it, on the node's server.properties"
  "**/ConsumptionLogTest|checks the group tests' own journal of what members did; talks to no broker"
)
kill_classes=(ConsumerGroupBrokerKillTest ShareGroupBrokerKillTest)

# SUITE_TESTS split by phase (all of a phase's classes when SUITE_TESTS is empty): Surefire -Dtest values for
# freshet-it's classes only (-am builds the modules it depends on, and a bare pattern such as *Test would run their
# unit tests too, against Freshet, which CI does); empty when the phase has nothing to run.
suite_globs=() kill_tests="" security_globs=()
split_selection() {
  local glob name
  if [[ -z ${SUITE_TESTS:-} ]]; then
    suite_globs=('**/*Test') security_globs=('security/*Test' 'GatewaySecurityTest')
    for name in "${kill_classes[@]}"; do kill_tests+="${kill_tests:+,}io/freshet/it/$name.java"; done
    return
  fi
  local globs=()
  IFS=, read -ra globs <<<"$SUITE_TESTS"
  for glob in "${globs[@]}"; do
    if [[ $glob == security/* || ${glob##*/} == GatewaySecurityTest ]]; then security_globs+=("$glob")
    else suite_globs+=("$glob"); fi
  done
  for name in "${kill_classes[@]}"; do
    for glob in "${suite_globs[@]}"; do
      # shellcheck disable=SC2053   # the glob is a pattern here
      if [[ $name == ${glob##*/} ]]; then kill_tests+="${kill_tests:+,}io/freshet/it/$name.java"; break; fi
    done
  done
  globs=("${suite_globs[@]}") suite_globs=()
  for glob in "${globs[@]}"; do   # a broker-kill class named alone is the broker-kill phase's only
    [[ " ${kill_classes[*]} " == *" ${glob##*/} "* ]] || suite_globs+=("$glob")
  done
}
suite_selection() {
  local entry glob out=""
  for glob in "${suite_globs[@]}"; do out+="${out:+,}io/freshet/it/${glob}.java"; done
  for entry in "${not_here[@]}"; do out+=",!io/freshet/it/${entry%%|*}.java"; done
  echo "$out"
}
security_selection() {
  local glob out=""
  for glob in "${security_globs[@]}"; do out+="${out:+,}io/freshet/it/${glob}.java"; done
  echo "$out"
}

# The broker-kill tests' node: node 1's server.properties on an empty, freshly formatted log directory. On node 1's
# own data (hundreds of partitions left by the suite, 150 of them internal) every restart spends most of the tests'
# waits loading logs and coordinators before the broker registers again.
fresh_kill_node() {
  mkdir -p "$work/kill-node/data"
  sed "s#^log.dirs=.*#log.dirs=$work/kill-node/data#" "$work/node-1/server.properties" \
    >"$work/kill-node/server.properties"
  kafka_java kafka.tools.StorageTool format --config "$work/kill-node/server.properties" \
    --cluster-id "$(kafka_java kafka.tools.StorageTool random-uuid)" >"$work/kill-node/format.log" 2>&1
}

# One phase's Maven run, its reports kept in $work/reports/NAME (each phase starts with an empty reports directory).
run_phase() {   # NAME WHERE MAVEN-ARGS...
  local name=$1 where=$2 t=$SECONDS
  shift 2
  echo "suite-on-kafka: phase $name ($where)"
  rm -rf "$reports"
  mvn_it "$@" || status=$?
  mkdir -p "$work/reports/$name"
  if [[ -d $reports ]]; then cp -r "$reports/." "$work/reports/$name/"; fi
  phases+=("$name|$where|$((SECONDS - t))")
}

suite_phase() {
  local where="one node"
  [[ $mode == cluster ]] && where="the 3-node cluster"
  start_nodes
  run_phase suite "$where at $(bootstrap)" "-Dtest=$(suite_selection)" "-Dfreshet.it.bootstrap=$(bootstrap)" \
    "-Dfreshet.it.sqlKafkaBootstrap=$(bootstrap)"
  stop_nodes
}

kill_phase() {
  fresh_kill_node
  run_phase broker-kill "one node the tests start, kill and restart: node 1's server.properties, fresh log directory" \
    "-Dtest=$kill_tests" "-Dfreshet.it.kafkaServerProperties=$work/kill-node/server.properties" \
    "-Dfreshet.it.kafkaClasspath=$lib/*"
}

security_phase() {
  ports_free "$port" $((port + 4))
  bash "$root/scripts/security-kafka.sh" start "$port" "$work/security" || { status=1; exit 1; }
  run_phase security \
    "one node from security/server.properties (TLS, SASL, StandardAuthorizer) at 127.0.0.1:$port-$((port + 4))" \
    "-Dtest=$(security_selection)" \
    "-Dfreshet.it.security.kafka=$(bash "$root/scripts/security-kafka.sh" listeners "$port")" \
    "-Dfreshet.it.security.certs=$work/security/certs"
  bash "$root/scripts/security-kafka.sh" stop "$work/security"
}

started=$(date -u '+%Y-%m-%d %H:%M UTC')
t0=$SECONDS
split_selection
if ((${#suite_globs[@]})); then
  suite_phase
elif [[ $mode == single && -n $kill_tests ]]; then
  write_node_properties 1   # the broker-kill node's server.properties start from node 1's
fi
[[ $mode == single && -n $kill_tests ]] && kill_phase
((${#security_globs[@]})) && security_phase
rm -rf "$reports" && mkdir -p "$reports"   # every phase's reports together again
for dir in "$work"/reports/*/; do [[ -d $dir ]] && cp -r "$dir." "$reports/"; done
python3 "$root/scripts/suite-on-kafka-report.py" --mode "$mode" --reports "$work/reports" \
  --out "$root/docs/on-kafka.md" --started "$started" --seconds $((SECONDS - t0)) --kafka "$(kafka_version)" \
  --not-here "$(printf '%s\n' "${not_here[@]}")" \
  --phases "$(printf '%s\n' "${phases[@]}")" || status=$?
exit "$status"
