# Shared by the bench/*.sh side-by-side scripts (sourced, not run): the paths, building what is missing offline in
# this checkout, installing the Kafka anchor, and waiting for a quiet machine.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"; bench_init NAME
# sets root, anchor, bench, started and exports KAFKA_ANCHOR_HOME; NAME prefixes every message.

bench_init() {
  bench_name="$1"
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  anchor="${KAFKA_ANCHOR:-$(cd "$root/.." && pwd)/shared/anchors/kafka/kafka.sh}"   # KAFKA_ANCHOR: from a worktree
  bench="$root/freshet-bench"
  export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-bench-kafka}"
  started=$SECONDS
  [[ -f "$anchor" ]] || { echo "$bench_name: the Kafka anchor is missing: $anchor" >&2; exit 1; }
}

# The broker jar (and its class-data archive), rebuilt when missing or older than the sources, as bench/run.sh
# does; then the harness, with its sibling modules from this checkout (-am), never from ~/.m2 where others install
# theirs; then Apache Kafka's jars through the anchor.
bench_build() {
  local jar="$root/freshet-server/target/freshet.jar"
  if [[ ! -f "$jar" || ! -f "${jar%.jar}.jsa" || "$jar" -nt "${jar%.jar}.jsa" || -n "$(find "$root/pom.xml" \
        "$root"/freshet-{storage,coordinator,gateway,security,broker,mqtt,http,sql,tools,server}/{pom.xml,src/main} -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    "$root/freshet" build
  fi
  if [[ ! -f "$bench/target/classpath.txt" || ! -d "$bench/target/classes" \
        || -n "$(find "$bench/src/main" "$bench/pom.xml" "$root"/freshet-{storage,coordinator,broker}/src/main \
                 -newer "$bench/target/classpath.txt" -print -quit)" ]]; then
    echo "$bench_name: building freshet-bench..." >&2
    mvn -B -o -q -ntp -f "$root/pom.xml" -DskipTests -pl freshet-bench -am package
  fi
  bash "$anchor" install >&2
  classpath="$(<"$bench/target/classpath.txt"):$bench/target/classes"
}

bench_load1() { cut -d' ' -f1 /proc/loadavg; }
bench_below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# Waits (checking every 30 s, up to WAIT_S) until the 1-minute load average is below MAX, since the 2 cores are
# shared; sets load_before to what the report shows.
bench_wait_for_quiet() {
  local max="$1" wait_s="$2"
  local waited=0
  until bench_below "$(bench_load1)" "$max"; do
    if (( waited >= wait_s )); then
      echo "$bench_name: load $(bench_load1) still >= $max after ${waited} s; measuring anyway (the report says so)" >&2
      break
    fi
    echo "$bench_name: load $(bench_load1) >= $max; waiting (${waited}/${wait_s} s)" >&2
    sleep 30
    waited=$((waited + 30))
  done
  load_before="$(bench_load1) (after waiting ${waited} s for < $max)"
}

# Prints how long the run took and exits with STATUS.
bench_finish() {
  local status="$1"; shift
  echo "$bench_name: bench/$bench_name.sh $* took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (exit $status)" >&2
  exit "$status"
}
