#!/usr/bin/python3
"""The cost of one GET /metrics on a broker with many partitions (bench/metrics-scrape.sh runs it).

Creates TOPICS topics of PARTITIONS partitions, writes one record to every partition (so every topic has traffic
counters and every partition a size), commits one group's offsets on all of them (one lag row per partition),
then times ROUNDS scrapes and prints the median and the largest, with the answer's size and sample count.
"""
import statistics
import sys
import time
import urllib.request

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap, http, topics, partitions, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
names = [f"scrape-{i:04d}" for i in range(topics)]
admin = AdminClient({"bootstrap.servers": bootstrap})
for start in range(0, topics, 100):
    futures = admin.create_topics([NewTopic(n, partitions, 1) for n in names[start:start + 100]])
    for f in futures.values():
        f.result()
producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20})
for name in names:
    for p in range(partitions):
        producer.produce(name, value=b"x" * 100, partition=p)
    producer.poll(0)
producer.flush(60)
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "scrape-lag", "enable.auto.commit": False})
consumer.commit(offsets=[TopicPartition(n, p, 0) for n in names for p in range(partitions)], asynchronous=False)
consumer.close()


def scrape():
    started = time.perf_counter()
    with urllib.request.urlopen(http + "/metrics") as response:
        body = response.read()
    return time.perf_counter() - started, body


lines = 0
deadline = time.time() + 30
while time.time() < deadline:  # the lag thread's first reading lands after a scrape asks for it
    _, body = scrape()
    if body.count(b"kafka_consumergroup_lag{") >= topics * partitions:
        break
    time.sleep(1)
times = []
for _ in range(rounds):
    seconds, body = scrape()
    times.append(seconds)
samples = sum(1 for line in body.splitlines() if line and not line.startswith(b"#"))
print(f"topics={topics} partitions={partitions} scrapes={rounds} median_ms={statistics.median(times) * 1000:.1f} "
      f"max_ms={max(times) * 1000:.1f} bytes={len(body)} samples={samples} "
      f"lag_rows={body.count(b'kafka_consumergroup_lag{')}")
