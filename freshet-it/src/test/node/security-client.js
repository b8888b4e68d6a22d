'use strict'
// kafkajs operations over a secured connection, for io.freshet.it.security. Each step prints one line:
// {"type":"done",...} or {"type":"error","name":<kafkajs error class>,"code":<Kafka error name>,"message":...}
// (what a kafkajs user sees when it fails); the exit code is 0 if every step succeeded, else 1. One process runs
// several steps because starting node costs more than most steps.
// Usage: node security-client.js --bootstrap H:P --steps '[{"op":"produce|consume|create-topic|delete-topic|topics",
//   "topic":T,"count":N,"group":G}, ...]' [--ca FILE] [--cert FILE --key FILE]
//   [--mechanism plain|scram-sha-256|scram-sha-512 --user U --password P]
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1'
const fs = require('fs')
const { Kafka, logLevel } = require('kafkajs')
const { parseArgs, emit } = require('./common')

const args = parseArgs(process.argv.slice(2), {
  bootstrap: undefined, steps: undefined, ca: '', cert: '', key: '',
  mechanism: '', user: '', password: '',
})

function client() {
  const config = {
    clientId: 'freshet-it-security',
    brokers: args.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
  }
  if (args.ca) {
    config.ssl = { ca: [fs.readFileSync(args.ca)] }
    if (args.cert) {
      config.ssl.cert = fs.readFileSync(args.cert)
      config.ssl.key = fs.readFileSync(args.key)
    }
  }
  if (args.mechanism) {
    config.sasl = { mechanism: args.mechanism, username: args.user, password: args.password }
  }
  return new Kafka(config)
}

async function produce(kafka, args) {
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  try {
    const messages = []
    for (let i = 0; i < Number(args.count); i++) messages.push({ key: `k${i}`, value: `kafkajs-${i}` })
    await producer.send({ topic: args.topic, acks: -1, messages })
  } finally {
    await producer.disconnect()
  }
  return { produced: Number(args.count) }
}

// Joins --group, reads --count records from the beginning of --topic, commits them, leaves.
async function consume(kafka, args) {
  const count = Number(args.count)
  const consumer = kafka.consumer({ groupId: args.group, retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 2000 } })
  const values = []
  await consumer.connect()
  try {
    await consumer.subscribe({ topics: [args.topic], fromBeginning: true })
    await new Promise((resolve, reject) => {
      // kafkajs restarts the consumer itself after a retriable error (a coordinator still loading on a new
      // broker): only a crash it gives up on is the test's failure
      consumer.on(consumer.events.CRASH, e => { if (!e.payload.restart) reject(e.payload.error) })
      const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${count} in 20 s`)), 20000)
      consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          values.push(message.value.toString())
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }])
          if (values.length >= count) { clearTimeout(timer); resolve() }
        },
      }).catch(reject)
    })
  } finally {
    await consumer.disconnect()
  }
  return { consumed: values.length, values }
}

async function admin(kafka, action) {
  const a = kafka.admin({ retry: { retries: 1 } })
  await a.connect()
  try {
    return await action(a)
  } finally {
    await a.disconnect()
  }
}

const ops = {
  produce,
  consume,
  'create-topic': (kafka, args) => admin(kafka, async a => {
    await a.createTopics({ topics: [{ topic: args.topic, numPartitions: 1 }], waitForLeaders: false })
    return { created: args.topic }
  }),
  'delete-topic': (kafka, args) => admin(kafka, async a => {
    await a.deleteTopics({ topics: [args.topic], timeout: 10000 })
    return { deleted: args.topic }
  }),
  topics: kafka => admin(kafka, async a => ({ topics: (await a.listTopics()).sort() })),
}

async function main() {
  const kafka = client()
  let failed = false
  for (const step of JSON.parse(args.steps)) {
    const op = ops[step.op]
    if (!op) throw new Error(`unknown op ${step.op}`)
    try {
      emit({ type: 'done', op: step.op, ...(await op(kafka, { topic: '', count: '0', group: '', ...step })) })
    } catch (e) {
      failed = true
      const causes = chain(e)
      const coded = causes.find(c => c.type)
      emit({ type: 'error', op: step.op, name: e.name, message: e.message, code: coded ? coded.type : null, causes })
    }
  }
  return failed
}

// kafkajs wraps the broker's error (retries, coordinator look-up): the chain down to the Kafka error code.
function chain(e) {
  const out = []
  for (let c = e; c && out.length < 6; c = c.cause || c.originalError || (c.errors && c.errors[0])) {
    out.push({ name: c.name, type: c.type || null, message: c.message })
  }
  return out
}

main().then(failed => process.exit(failed ? 1 : 0), e => {
  process.stderr.write(`security-client.js failed: ${e.stack || e}\n`)
  process.exit(2)
})
