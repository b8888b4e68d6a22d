"""librdkafka's transactional producer (confluent_kafka): init_transactions, then a committed transaction of
--count messages (values "committed-a-<i>"), an aborted one (values "aborted-<i>", flushed to the broker before the
abort), and another committed one ("committed-b-<i>"), all to partition 0 of --topic. Prints one JSON line per
finished transaction ({"type":"committed"|"aborted","count":N}), then {"type":"done"}. Any error: exit code 1.
Run with Debian's /usr/bin/python3.

Usage: /usr/bin/python3 transactional_produce.py --bootstrap HOST:PORT --topic T --transactional-id ID --count N
"""
import argparse
import json
import sys

from confluent_kafka import Producer

parser = argparse.ArgumentParser()
parser.add_argument('--bootstrap', required=True)
parser.add_argument('--topic', required=True)
parser.add_argument('--transactional-id', required=True)
parser.add_argument('--count', type=int, required=True)
args = parser.parse_args()

errors = []


def on_delivery(err, msg):
    if err is not None:
        errors.append(str(err))


def send(producer, prefix):
    for i in range(args.count):
        producer.produce(args.topic, partition=0, key='k-%d' % i, value='%s%d' % (prefix, i), on_delivery=on_delivery)
        producer.poll(0)


def report(kind):
    print(json.dumps({'type': kind, 'count': args.count}), flush=True)


try:
    producer = Producer({'bootstrap.servers': args.bootstrap, 'transactional.id': args.transactional_id,
                         'linger.ms': 5, 'transaction.timeout.ms': 60000})
    producer.init_transactions(30)

    producer.begin_transaction()
    send(producer, 'committed-a-')
    producer.commit_transaction(30)
    report('committed')

    producer.begin_transaction()
    send(producer, 'aborted-')
    remaining = producer.flush(30)  # in the broker's log before the abort
    if remaining:
        raise RuntimeError('%d messages not delivered before the abort' % remaining)
    producer.abort_transaction(30)
    report('aborted')

    producer.begin_transaction()
    send(producer, 'committed-b-')
    producer.commit_transaction(30)
    report('committed')
except Exception as e:  # KafkaException from the transactional API
    print('transactional producer failed: %r' % (e,), file=sys.stderr)
    sys.exit(1)
if errors:
    print('delivery errors: %s' % errors[:5], file=sys.stderr)
    sys.exit(1)
print(json.dumps({'type': 'done'}), flush=True)
