'use strict'
// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) loads browser/page.html from a tiny HTTP
// server here, on origins other than Freshet's HTTP listener. Prints JSON lines on stdout: what the page reports,
// then {"type":"exit"}.
//   node browser-test.js --api http://127.0.0.1:HTTP_PORT --cluster ID --topic T --produce T2 --count N
//                        --page-port P --other-port O [--parts sse,ws,mqtt,fetch,wsproduce] [--chromium PATH]
//   P: the origin Freshet allows (http.cors.allowed.origins=http://127.0.0.1:P), where the page runs in full;
//   O: an origin it does not allow, where the page only checks that the browser refuses the answers
const http = require('http')
const fs = require('fs')
const path = require('path')
const { chromium } = require('playwright-core')

function parseArgs(argv) {
  const args = { parts: 'sse,ws,mqtt,fetch,wsproduce', chromium: '/usr/bin/chromium' }
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`)
    args[argv[i].slice(2)] = argv[i + 1]
  }
  for (const key of ['api', 'cluster', 'topic', 'produce', 'count', 'page-port', 'other-port']) {
    if (args[key] === undefined) throw new Error(`missing --${key}`)
  }
  return args
}

const emit = object => process.stdout.write(JSON.stringify(object) + '\n')

function serve(port) {
  const files = {
    '/': [path.join(__dirname, 'browser', 'page.html'), 'text/html; charset=utf-8'],
    '/mqtt.min.js': [path.join(__dirname, 'node_modules', 'mqtt', 'dist', 'mqtt.min.js'), 'application/javascript']
  }
  const server = http.createServer((request, response) => {
    const file = files[new URL(request.url, 'http://x').pathname]
    if (!file) {
      response.writeHead(request.url === '/favicon.ico' ? 204 : 404).end()
      return
    }
    response.writeHead(200, { 'Content-Type': file[1] })
    fs.createReadStream(file[0]).pipe(response)
  })
  return new Promise((resolve, reject) => {
    server.on('error', reject)
    server.listen(Number(port), '127.0.0.1', () => resolve(server))
  })
}

/** Opens the page and resolves once it reports done or failed; its reports go to stdout, tagged with `origin`. */
async function run(browser, url, origin) {
  const page = await browser.newPage()
  let finished
  const end = new Promise(resolve => { finished = resolve })
  page.on('console', message => {
    const text = message.text()
    if (text.startsWith('freshet ')) {
      const report = { origin, ...JSON.parse(text.slice('freshet '.length)) }
      emit(report)
      if (report.type === 'done' || report.type === 'failed') finished()
    } else if (message.type() === 'error') {
      emit({ origin, type: 'console-error', text }) // e.g. the browser's own CORS refusal message
    }
  })
  page.on('pageerror', error => { emit({ origin, type: 'failed', error: String(error) }); finished() })
  await page.goto(url)
  await end
  await page.close()
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const servers = [await serve(args['page-port']), await serve(args['other-port'])]
  const browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox'] })
  try {
    const query = new URLSearchParams({ api: args.api, cluster: args.cluster, topic: args.topic,
      produce: args.produce, count: args.count, parts: args.parts })
    await run(browser, `http://127.0.0.1:${args['other-port']}/?mode=refused&${query}`, 'other')
    await run(browser, `http://127.0.0.1:${args['page-port']}/?mode=full&${query}`, 'allowed')
  } finally {
    await browser.close()
    servers.forEach(server => server.close())
  }
  emit({ type: 'exit' })
}

main().catch(e => {
  process.stderr.write(`browser-test.js failed: ${e.stack || e}\n`)
  process.exit(1)
})
