'use strict'
// SASL with kafkajs: produces --count messages to --topic as --username over --mechanism (plain, scram-sha-256,
// scram-sha-512), reads them back with a consumer of a fresh group, then prints {"type":"done","produced":N,
// "consumed":M}. A failure prints {"type":"error","name":...,"message":...} (a wrong password is kafkajs'
// KafkaJSSASLAuthenticationError) and exits 0, so the test asserts what the client saw.
// Usage: node sasl-roundtrip.js --bootstrap HOST:PORT --mechanism M --username U --password P --topic T --count N
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
const { Kafka, logLevel } = require('kafkajs')
const { parseArgs, emit } = require('./common')

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    bootstrap: undefined, mechanism: undefined, username: undefined, password: undefined,
    topic: undefined, count: undefined,
  })
  const count = Number(args.count)
  const kafka = new Kafka({
    clientId: 'freshet-it-kafkajs-sasl',
    brokers: args.bootstrap.split(','),
    sasl: { mechanism: args.mechanism, username: args.username, password: args.password },
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 0 },
  })
  const producer = kafka.producer()
  try {
    await producer.connect()
    const messages = []
    for (let i = 0; i < count; i++) messages.push({ key: `k-${i}`, value: `${args.mechanism}-${i}` })
    await producer.send({ topic: args.topic, acks: -1, messages })
  } catch (e) {
    emit({ type: 'error', name: e.name, message: e.message })
    return
  } finally {
    await producer.disconnect().catch(() => {})
  }
  const consumer = kafka.consumer({ groupId: `sasl-${args.mechanism}-${Date.now()}`, retry: { retries: 5 } })
  let consumed = 0
  await consumer.connect()
  await consumer.subscribe({ topic: args.topic, fromBeginning: true })
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed ${consumed} of ${count} in 20 s`)), 20000)
    consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value.toString().startsWith(`${args.mechanism}-`)) consumed++
        if (consumed >= count) { clearTimeout(timer); resolve() }
      },
    }).catch(reject)
  })
  await consumer.disconnect()
  emit({ type: 'done', produced: count, consumed })
}

main().catch(e => {
  process.stderr.write(`sasl-roundtrip.js failed: ${e.stack || e}\n`)
  process.exit(1)
})
