"""One member of a classic consumer group (librdkafka through confluent_kafka): subscribes to --topic from the
beginning, commits the offset of each message it handles (synchronously), and prints JSON lines on stdout:
  {"type":"assignment","partitions":[..]}                           after every rebalance (on_assign)
  {"type":"record","partition":p,"offset":o,"key":k}                for every message handled
  {"type":"final","reason":..,"count":n,"partitions":[..]}         at the end
It stops, leaving the group (close()), when it has handled --count messages (0: no limit), when stdin closes, or
after --timeout-ms (exit code 3 if --count was not reached). --strategy sets partition.assignment.strategy
("default" keeps librdkafka's "range,roundrobin"). Run with Debian's /usr/bin/python3.

Usage: /usr/bin/python3 group_consume.py --bootstrap B --topic T --group G [--count N] [--timeout-ms MS]
"""
import argparse
import json
import os
import sys
import threading
import time

from confluent_kafka import Consumer, KafkaError

parser = argparse.ArgumentParser()
parser.add_argument('--bootstrap', required=True)
parser.add_argument('--topic', required=True)
parser.add_argument('--group', required=True)
parser.add_argument('--count', type=int, default=0)
parser.add_argument('--timeout-ms', type=int, default=60000)
parser.add_argument('--strategy', default='default')
parser.add_argument('--client-id', default='freshet-it-librdkafka-member')
args = parser.parse_args()


def emit(obj):
    print(json.dumps(obj), flush=True)


stdin_closed = threading.Event()


def watch_stdin():
    while os.read(0, 4096):  # raw reads: a buffered reader's lock would break interpreter shutdown
        pass
    stdin_closed.set()


threading.Thread(target=watch_stdin, daemon=True).start()

config = {
    'bootstrap.servers': args.bootstrap,
    'group.id': args.group,
    'client.id': args.client_id,
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': False,
    'session.timeout.ms': 10000,
    'heartbeat.interval.ms': 500,
    'max.poll.interval.ms': 10000,
}
if args.strategy != 'default':
    config['partition.assignment.strategy'] = args.strategy
consumer = Consumer(config)
state = {'partitions': []}


def on_assign(c, partitions):
    state['partitions'] = sorted(p.partition for p in partitions if p.topic == args.topic)
    emit({'type': 'assignment', 'partitions': state['partitions']})


def on_revoke(c, partitions):
    state['partitions'] = []


consumer.subscribe([args.topic], on_assign=on_assign, on_revoke=on_revoke)
handled = 0
deadline = time.monotonic() + args.timeout_ms / 1000.0
reason, code = 'timeout', 3 if args.count > 0 else 0
while True:
    if args.count > 0 and handled >= args.count:
        reason, code = 'count', 0
        break
    if stdin_closed.is_set():
        reason, code = 'stdin', 0
        break
    if time.monotonic() > deadline:
        break
    msg = consumer.poll(0.2)
    if msg is None:
        continue
    if msg.error():
        if msg.error().code() != KafkaError._PARTITION_EOF:
            print('consume error: %s' % msg.error(), file=sys.stderr, flush=True)
        continue
    consumer.commit(message=msg, asynchronous=False)  # commits offset + 1
    handled += 1
    emit({'type': 'record', 'partition': msg.partition(), 'offset': msg.offset(),
          'key': msg.key().decode() if msg.key() is not None else None})

final_partitions = state['partitions']
consumer.close()  # leaves the group
emit({'type': 'final', 'reason': reason, 'count': handled, 'partitions': final_partitions})
sys.exit(code)
