#!/usr/bin/env bash
# Runs Freshet's JMH microbenchmarks (freshet-bench: io.freshet.bench.jmh.*).
#
#   bench/jmh.sh                          all benchmarks, defaults for a 2-core machine (about 8 minutes)
#   bench/jmh.sh AppendBenchmark          those whose name matches a regexp
#   bench/jmh.sh -p recordBytes=100 -rf json -rff jmh.json Append
#   bench/jmh.sh -l                       list them
#
# Defaults (each is left out when you pass the same flag): -f 1 -wi 3 -w 2s -i 5 -r 2s.
# Builds freshet-bench (offline, this module only) when it has not been built. Results: docs/benchmarks-jmh.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET=freshet-bench/target
LIST="$TARGET/classes/META-INF/BenchmarkList"

if [[ ! -s "$TARGET/classpath.txt" || ! -s "$LIST" ]]; then
  echo "jmh.sh: building freshet-bench" >&2
  # -am: the broker code measured is this checkout's (target/ jars), never an older one installed in ~/.m2
  mvn -B -o -q -pl freshet-bench -am package -DskipTests
fi
if [[ ! -s "$LIST" ]]; then
  echo "jmh.sh: $LIST is missing or empty: the JMH annotation processor did not run (check freshet-bench/pom.xml)" >&2
  exit 1
fi

has() {
  local flag="$1"; shift
  local a
  for a in "$@"; do [[ "$a" == "$flag" ]] && return 0; done
  return 1
}

defaults=()
has -f "$@" || defaults+=(-f 1)
has -wi "$@" || defaults+=(-wi 3)
has -w "$@" || defaults+=(-w 2s)
has -i "$@" || defaults+=(-i 5)
has -r "$@" || defaults+=(-r 2s)

# Run from a private copy of the classes and jars: a rebuild of freshet-bench during the run (mvn wipes and
# rewrites target/classes) would make the forked JVMs fail with ClassNotFoundException half way through, and an
# install of freshet-storage or freshet-broker would give later forks other code than earlier ones.
SNAPSHOT="$(mktemp -d "${TMPDIR:-/tmp}/freshet-jmh-classes.XXXXXX")"
trap 'rm -rf "$SNAPSHOT"' EXIT
cp -r "$TARGET/classes" "$SNAPSHOT/classes"
mkdir "$SNAPSHOT/lib"
CLASSPATH_DEPS=""
IFS=":" read -r -a jars < "$TARGET/classpath.txt" || true  # no final newline: read says EOF
for jar in "${jars[@]}"; do
  copy="$SNAPSHOT/lib/$(basename "$(dirname "$jar")")-$(basename "$jar")"
  cp "$jar" "$copy"
  CLASSPATH_DEPS+="${CLASSPATH_DEPS:+:}$copy"
done

java -cp "$CLASSPATH_DEPS:$SNAPSHOT/classes" org.openjdk.jmh.Main "${defaults[@]}" "$@"
