#!/usr/bin/env bash
# What one group commit across partitions could save on this machine's disk, before building one: N files each
# appended to and fdatasynced side by side (Freshet's shape: one fsync per partition, run by the fsync pool) against
# one file taking the same bytes and one fdatasync (a shared write-ahead file's shape), alternating rounds.
#
#   bench/fsync-shapes.sh [DIR (default: java.io.tmpdir, where bench/run.sh's brokers keep data)] [FILES] [ROUNDS]
# Prints, for 4, 32, 64 and 256 KiB per file, the median time per commit of each shape (and the durable MiB/s it
# makes), and their ratio; then the latency percentiles of one small append + fdatasync (io.freshet.bench.FsyncLatency,
# 200 B, 20,000 times): the floor under acks=all latency at a low rate.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_init fsync-shapes
bench_build
dir="${1:-${TMPDIR:-/tmp}/freshet-fsync-shapes}"
files="${2:-8}"
rounds="${3:-5}"
for bytes in 4096 32768 65536 262144; do
  java -cp "$classpath" io.freshet.bench.FsyncShapes "$dir" "$files" "$bytes" 300 "$rounds" | tail -1
done
java -cp "$classpath" io.freshet.bench.FsyncLatency "$dir" 200 20000
rm -rf "$dir"
