'use strict'
// Produces --count keyed messages (key "<prefix>-<i>", value "value-<i>") to --topic with acks=all, in batches
// of 100, then prints {"type":"done","produced":N}. kafkajs 2's default partitioner is Java's (murmur2 of the key).
// Usage: node produce.js --bootstrap HOST:PORT --topic T --count N [--prefix P]
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
const { parseArgs, emit, kafka } = require('./common')

async function main() {
  const args = parseArgs(process.argv.slice(2),
    { bootstrap: undefined, topic: undefined, count: undefined, prefix: 'k' })
  const count = Number(args.count)
  const producer = kafka(args.bootstrap, 'freshet-it-kafkajs-producer').producer({ allowAutoTopicCreation: false })
  await producer.connect()
  let produced = 0
  try {
    for (let start = 0; start < count; start += 100) {
      const messages = []
      for (let i = start; i < Math.min(start + 100, count); i++) {
        messages.push({ key: `${args.prefix}-${i}`, value: `value-${i}` })
      }
      await producer.send({ topic: args.topic, acks: -1, timeout: 15000, messages })
      produced += messages.length
    }
  } finally {
    await producer.disconnect()
  }
  emit({ type: 'done', produced })
}

main().catch(e => {
  process.stderr.write(`produce.js failed: ${e.stack || e}\n`)
  process.exit(1)
})
