#!/usr/bin/env bash
# What a broker does when its disk fills up, Freshet beside Apache Kafka 4.4, the same way for both:
# each broker gets a data directory on its own 64 MiB loop-mounted ext4 filesystem; a producer (librdkafka through
# python3-confluent-kafka: acks=all, idempotent, 1 KiB records) runs; the filesystem is filled to the brim (a
# filler file written until ENOSPC) and a reader starts from the beginning of the topic; then the filler is
# deleted. Per phase it counts acknowledged and failed sends, records the reader got, and whether the broker
# process is still alive. Results and how to read them: docs/disk-full.md.
#
#   bench/disk-full.sh            (root: it mounts loop devices; about 2 minutes)
#
# Needs: the broker jar (built if missing), the Kafka anchor (../shared/anchors/kafka/kafka.sh), and
# /usr/bin/python3 with confluent_kafka (scripts/install-test-deps.sh installs it). Writes the table to stdout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchor="$(cd "$root/.." && pwd)/shared/anchors/kafka/kafka.sh"
export KAFKA_ANCHOR_HOME="${KAFKA_ANCHOR_HOME:-/tmp/freshet-bench-kafka}"
work="$(mktemp -d /tmp/freshet-disk-full.XXXXXX)"
[[ $(id -u) == 0 ]] || { echo "disk-full: needs root (loop mounts)" >&2; exit 1; }
[[ -f "$root/freshet-server/target/freshet.jar" ]] || "$root/freshet" build
bash "$anchor" install >/dev/null

cleanup() {
  bash "$anchor" stop >/dev/null 2>&1 || true
  [[ -n "${freshet_pid:-}" ]] && kill -9 "$freshet_pid" 2>/dev/null || true
  for m in "$work"/*/mnt; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

mount_small() {   # $1: directory; a 64 MiB ext4 without reserved blocks
  mkdir -p "$1/mnt"
  truncate -s 64M "$1/disk.img"
  mkfs.ext4 -q -F -m 0 "$1/disk.img"
  mount -o loop "$1/disk.img" "$1/mnt"
}

echo "| broker | phase | sends acknowledged | sends failed | records read | broker alive at the end |"
echo "|---|---|---:|---:|---:|---|"
for target in Freshet Kafka; do
  dir="$work/$target"
  mount_small "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  if [[ $target == Freshet ]]; then
    java -Xms64m -Xmx1g -jar "$root/freshet-server/target/freshet.jar" server --port "$port" --mqtt-port 0 --http-port 0 \
      --data-dir "$dir/mnt/data" --set log.dir.min.free.bytes=8388608 >"$dir/broker.log" 2>&1 &
    freshet_pid=$!
    pid=$freshet_pid
  else
    bash "$anchor" start "$port" "$dir/mnt/data" >"$dir/broker.log" 2>&1
    pid=$(cat "$KAFKA_ANCHOR_HOME/run/broker.pid")
  fi
  /usr/bin/python3 - "$port" "$pid" "$dir/mnt" "$target" <<'PY'
import os, sys, time
from confluent_kafka import Consumer, Producer
port, pid, mnt, target = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
bootstrap = "127.0.0.1:" + port
def alive():
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False
for _ in range(300):
    try:
        Producer({"bootstrap.servers": bootstrap}).list_topics(timeout=1)
        break
    except Exception:
        time.sleep(0.1)
counts = {"acked": 0, "failed": 0}
def delivered(err, msg):
    counts["failed" if err else "acked"] += 1
producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True,
                     "message.timeout.ms": 120000, "linger.ms": 5, "log_level": 0})
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "disk-full-reader", "auto.offset.reset": "earliest",
                     "log_level": 0})
read = 0
reading = False
def run(seconds):
    global read
    end = time.time() + seconds
    while time.time() < end:
        for _ in range(10):
            try:
                producer.produce("filling", value=b"x" * 1024, on_delivery=delivered)
            except BufferError:
                pass
        producer.poll(0)
        if reading:
            for m in consumer.consume(num_messages=500, timeout=0.01):
                if not m.error():
                    read += 1
        time.sleep(0.02)
def phase(name, seconds):
    before = dict(counts); read_before = read
    run(seconds)
    print(f"| {target} | {name} | {counts['acked'] - before['acked']} | {counts['failed'] - before['failed']} | "
          f"{read - read_before} | {'yes' if alive() else 'no'} |", flush=True)
phase("before the disk fills (10 s)", 10)
filler = os.path.join(mnt, "filler")
with open(filler, "wb") as f:
    try:
        while True:
            f.write(b"\0" * 4096)
            f.flush()
    except OSError:
        pass
consumer.subscribe(["filling"])  # the reader starts now, from the beginning: can it read on a full disk?
reading = True
phase("disk full (20 s)", 20)
os.remove(filler)
phase("space freed (20 s)", 20)
producer.flush(5)
PY
  if [[ $target == Freshet ]]; then kill "$freshet_pid" 2>/dev/null || true; wait "$freshet_pid" 2>/dev/null || true
  else bash "$anchor" stop >/dev/null 2>&1 || true; fi
  grep -E "WARN|ERROR|Shutdown broker" "$dir/broker.log" | grep -vE "^\s" | cut -c1-200 | head -4 | sed "s/^/    $target log: /" >&2
  umount -l "$dir/mnt"
done
