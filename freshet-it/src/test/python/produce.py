"""Produces --count keyed messages (key "<prefix>-<i>", value "value-<i>") with librdkafka (confluent_kafka),
acks=all, idempotent, then prints {"type":"done","produced":N}. Run with Debian's /usr/bin/python3.

Usage: /usr/bin/python3 produce.py --bootstrap HOST:PORT --topic T --count N [--prefix P]
"""
import argparse
import json
import sys

from confluent_kafka import Producer

parser = argparse.ArgumentParser()
parser.add_argument('--bootstrap', required=True)
parser.add_argument('--topic', required=True)
parser.add_argument('--count', type=int, required=True)
parser.add_argument('--prefix', default='k')
args = parser.parse_args()

errors = []
acked = [0]


def on_delivery(err, msg):
    if err is not None:
        errors.append(str(err))
    else:
        acked[0] += 1


producer = Producer({'bootstrap.servers': args.bootstrap, 'acks': 'all', 'enable.idempotence': True,
                     'linger.ms': 5, 'message.timeout.ms': 30000})
for i in range(args.count):
    producer.produce(args.topic, key='%s-%d' % (args.prefix, i), value='value-%d' % i, on_delivery=on_delivery)
    producer.poll(0)
remaining = producer.flush(30)
if errors or remaining or acked[0] != args.count:
    print('produce failed: acked=%d remaining=%d errors=%s' % (acked[0], remaining, errors[:5]), file=sys.stderr)
    sys.exit(1)
print(json.dumps({'type': 'done', 'produced': acked[0]}), flush=True)
