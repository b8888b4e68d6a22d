// Live streams of records:stream with npm `eventsource` 5 and `ws` 8. Prints JSON lines on stdout.
//   node stream-client.mjs sse --url http://.../records:stream?from=earliest --count N
//     {"type":"open"} on each (re)connection (EventSource reconnects by itself, sending Last-Event-ID), then
//     {"type":"message","id":lastEventId,"record":{...}} per record and {"type":"gap",...} per gap event; exits
//     after N records
//   node stream-client.mjs ws --url ws://.../records:stream --count N [--send '<frame>' ...]
//     {"type":"open"}, then sends each --send frame; {"type":"report","report":...} per delivery report and
//     {"type":"message","record":{...}} per record frame; exits after N records and one report per frame sent
import { EventSource } from 'eventsource'
import WebSocket from 'ws'

const emit = object => process.stdout.write(JSON.stringify(object) + '\n')

function parseArgs(argv) {
  const args = { send: [] }
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`)
    const name = argv[i].slice(2)
    if (name === 'send') args.send.push(argv[i + 1])
    else args[name] = argv[i + 1]
  }
  if (!args.url || !args.count) throw new Error('usage: sse|ws --url U --count N [--send FRAME]')
  return args
}

function sse(args) {
  const count = Number(args.count)
  let received = 0
  const source = new EventSource(args.url)
  // eventsource unref()s its reconnect timer: without this, node would exit instead of reconnecting
  setInterval(() => {}, 1000)
  source.onopen = () => emit({ type: 'open' })
  source.onerror = () => emit({ type: 'error' })
  source.addEventListener('gap', e => emit({ type: 'gap', id: e.lastEventId, gap: JSON.parse(e.data) }))
  source.onmessage = e => {
    emit({ type: 'message', id: e.lastEventId, record: JSON.parse(e.data) })
    if (++received >= count) {
      source.close()
      process.exit(0)
    }
  }
}

function ws(args) {
  const count = Number(args.count)
  let records = 0
  let reports = 0
  const socket = new WebSocket(args.url)
  const doneIfAll = () => {
    if (records >= count && reports >= args.send.length) {
      socket.close(1000)
      process.exit(0)
    }
  }
  socket.on('open', () => {
    emit({ type: 'open' })
    for (const frame of args.send) socket.send(frame)
    doneIfAll()
  })
  socket.on('unexpected-response', (request, response) => {
    emit({ type: 'refused', status: response.statusCode })
    process.exit(0)
  })
  socket.on('message', (data, isBinary) => {
    const frame = JSON.parse(data.toString('utf8'))
    if (Array.isArray(frame) || 'error_code' in frame) {
      reports++
      emit({ type: 'report', report: frame })
    } else if ('gap' in frame) {
      emit({ type: 'gap', gap: frame.gap })
    } else {
      records++
      emit({ type: 'message', record: frame, binary: isBinary })
    }
    doneIfAll()
  })
  socket.on('close', (code, reason) => emit({ type: 'closed', code, reason: reason.toString() }))
  socket.on('error', e => { emit({ type: 'error', message: String(e) }); process.exit(1) })
}

const [mode, ...rest] = process.argv.slice(2)
const args = parseArgs(rest)
if (mode === 'sse') sse(args)
else if (mode === 'ws') ws(args)
else throw new Error(`unknown mode ${mode}`)
