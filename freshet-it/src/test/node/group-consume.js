'use strict'
// One member of a classic consumer group (kafkajs): subscribes to --topic from the beginning, commits the offset
// after each message it handles, and prints JSON lines on stdout:
//   {"type":"assignment","partitions":[..],"protocol":..,"leader":bool,"memberId":..}   after every rebalance
//   {"type":"record","partition":p,"offset":o,"key":k}                                  for every message handled
//   {"type":"final","reason":..,"count":n,"partitions":[..],"memberId":..}              at the end
// It stops, leaving the group, when it has handled --count messages (0: no limit), when stdin closes, or after
// --timeout-ms (exit code 3). --assigner: "roundrobin" (kafkajs' round-robin assigner under the protocol name
// of the Java and librdkafka round-robin assignors, so that it can share a group with them) or "default"
// (kafkajs' own RoundRobinAssigner, protocol name "RoundRobinAssigner").
// Usage: node group-consume.js --bootstrap B --topic T --group G [--count N] [--timeout-ms MS] [--assigner A]
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
const { PartitionAssigners } = require('kafkajs')
const { parseArgs, emit, kafka } = require('./common')

const args = parseArgs(process.argv.slice(2), {
  bootstrap: undefined, topic: undefined, group: undefined, count: '0', 'timeout-ms': '60000',
  assigner: 'roundrobin', 'client-id': 'freshet-it-kafkajs-member',
})
const limit = Number(args.count)

const roundRobinNamedLikeJava = config => ({ ...PartitionAssigners.roundRobin(config), name: 'roundrobin' })
const assigners = { roundrobin: [roundRobinNamedLikeJava], default: [PartitionAssigners.roundRobin] }[args.assigner]
if (!assigners) throw new Error(`unknown --assigner ${args.assigner}`)

const consumer = kafka(args.bootstrap, args['client-id']).consumer({
  groupId: args.group,
  partitionAssigners: assigners,
  sessionTimeout: 10000,
  rebalanceTimeout: 10000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 500, // a fetch in flight delays disconnect() by up to this long
  retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 2000 },
})

let handled = 0
let partitions = []
let memberId = null
let stopping = null

consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
  partitions = (payload.memberAssignment[args.topic] || []).slice().sort((a, b) => a - b)
  memberId = payload.memberId
  emit({ type: 'assignment', partitions, protocol: payload.groupProtocol, leader: payload.isLeader, memberId })
})
consumer.on(consumer.events.CRASH, ({ payload }) => {
  process.stderr.write(`consumer crashed: ${payload.error && payload.error.stack} restart=${payload.restart}\n`)
  if (!payload.restart) stop('crash', 1)
})

async function stop(reason, code) {
  if (stopping) return stopping
  stopping = (async () => {
    clearTimeout(timer)
    try {
      await consumer.disconnect() // waits for the message being handled, then leaves the group
    } catch (e) {
      process.stderr.write(`disconnect failed: ${e.stack || e}\n`)
      code = code || 1
    }
    emit({ type: 'final', reason, count: handled, partitions, memberId })
    process.exit(code)
  })()
  return stopping
}

const timer = setTimeout(() => stop('timeout', limit > 0 ? 3 : 0), Number(args['timeout-ms']))
process.stdin.on('end', () => stop('stdin', 0))
process.stdin.resume()
process.on('SIGTERM', () => stop('sigterm', 0))

async function main() {
  await consumer.connect()
  await consumer.subscribe({ topics: [args.topic], fromBeginning: true })
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      if (stopping || (limit > 0 && handled >= limit)) return // fetched but not handled: not committed either
      const next = (BigInt(message.offset) + 1n).toString()
      await consumer.commitOffsets([{ topic, partition, offset: next }])
      handled++
      emit({ type: 'record', partition, offset: Number(message.offset), key: message.key && message.key.toString() })
      if (limit > 0 && handled >= limit) setImmediate(() => stop('count', 0))
    },
  })
}

main().catch(e => {
  process.stderr.write(`group-consume.js failed: ${e.stack || e}\n`)
  stop('error', 1)
})
