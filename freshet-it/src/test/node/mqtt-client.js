'use strict'
// mqtt.js (npm `mqtt` 5) against the broker's MQTT listener. Prints JSON lines on stdout.
//   --url is mqtt://127.0.0.1:MQTT_PORT, or ws://127.0.0.1:HTTP_PORT/mqtt for MQTT over WebSocket
//   node mqtt-client.js publish --url mqtt://127.0.0.1:P --topic T --count N --qos Q --version 5|4 [--prefix msg]
//     publishes "<prefix>-<i>" for i in 0..N-1, one at a time (each awaits its PUBACK / PUBCOMP), with MQTT 5 user
//     properties {seq: i, source: mqtt.js}; then {"type":"done","published":N}
//   node mqtt-client.js subscribe --url U --filter F --qos Q --version 5|4 --count N
//     prints {"type":"subscribed","granted":[...]} after the SUBACK, then {"type":"message",...} per message, and
//     exits after N messages
const mqtt = require('mqtt')

function parseArgs(argv, defaults) {
  const args = { ...defaults }
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`)
    args[argv[i].slice(2)] = argv[i + 1]
  }
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) throw new Error(`missing --${key}`)
  }
  return args
}

const emit = object => process.stdout.write(JSON.stringify(object) + '\n')

async function publish(args) {
  const client = await mqtt.connectAsync(args.url, { protocolVersion: Number(args.version), clean: true,
    reconnectPeriod: 0, clientId: `mqttjs-pub-${process.pid}` })
  const count = Number(args.count)
  const qos = Number(args.qos)
  for (let i = 0; i < count; i++) {
    const options = { qos }
    if (Number(args.version) === 5) {
      options.properties = { userProperties: { seq: String(i), source: 'mqtt.js' }, contentType: 'text/plain' }
    }
    await client.publishAsync(args.topic, `${args.prefix}-${i}`, options)
  }
  await client.endAsync()
  emit({ type: 'done', published: count })
}

async function subscribe(args) {
  const count = Number(args.count)
  const client = await mqtt.connectAsync(args.url, { protocolVersion: Number(args.version), clean: true,
    reconnectPeriod: 0, clientId: `mqttjs-sub-${process.pid}` })
  let received = 0
  client.on('message', (topic, payload, packet) => {
    emit({ type: 'message', topic, payload: payload.toString('utf8'), qos: packet.qos, retain: packet.retain,
      userProperties: (packet.properties && packet.properties.userProperties) || {} })
    if (++received >= count) client.end(false, () => process.exit(0))
  })
  const granted = await client.subscribeAsync(args.filter, { qos: Number(args.qos) })
  emit({ type: 'subscribed', granted: granted.map(g => g.qos) })
}

const [mode, ...rest] = process.argv.slice(2)
const run = mode === 'publish'
  ? publish(parseArgs(rest, { url: undefined, topic: undefined, count: undefined, qos: '1', version: '5',
    prefix: 'msg' }))
  : subscribe(parseArgs(rest, { url: undefined, filter: undefined, qos: '1', version: '5', count: undefined }))
run.catch(e => {
  process.stderr.write(`mqtt-client.js ${mode} failed: ${e.stack || e}\n`)
  process.exit(1)
})
