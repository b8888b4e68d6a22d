'use strict'
// The console's page load with many topics, in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core): creates N topics with kafkajs (when --create is given), then loads GET /#/topics in a fresh
// browser context (no cache) `--loads` times after one warm-up, and prints one JSON line per load and a summary:
// ms from navigation start until the topics table holds every topic's row, and how long /console/api/topics took.
//   node bench/console-load.js --url http://127.0.0.1:H --bootstrap 127.0.0.1:K --topics 1000 --loads 5 [--create 1]
// Run by bench/console.sh with NODE_PATH at freshet-it's node_modules (scripts/install-test-deps.sh installs them).
const { chromium } = require('playwright-core')
const { Kafka, logLevel } = require('kafkajs')

function parseArgs(argv) {
  const args = { topics: '1000', loads: '5', create: '0', chromium: '/usr/bin/chromium' }
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1]
  for (const key of ['url', 'bootstrap']) if (!args[key]) throw new Error(`missing --${key}`)
  return args
}

async function createTopics(bootstrap, count) {
  const admin = new Kafka({ clientId: 'console-bench', brokers: [bootstrap], logLevel: logLevel.ERROR }).admin()
  await admin.connect()
  const names = Array.from({ length: count }, (_, i) => `bench-topic-${String(i).padStart(4, '0')}`)
  for (let i = 0; i < names.length; i += 100) {
    await admin.createTopics({ topics: names.slice(i, i + 100).map(topic => ({ topic, numPartitions: 1 })) })
  }
  await admin.disconnect()
}

/** One load in a new context: ms from navigation start to `expected` rows, and the API call's duration. */
async function load(browser, url, expected) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(`${url}/#/topics`, { waitUntil: 'commit' })
  const rendered = await page.waitForFunction(n => {
    const rows = document.querySelectorAll('[data-testid="topic-row"]').length
    return rows >= n && performance.now()
  }, expected, { polling: 'raf', timeout: 60_000 })
  const ms = await rendered.jsonValue()
  const api = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter(e => e.name.endsWith('/console/api/topics')).map(e => e.duration)[0])
  const rows = await page.locator('[data-testid="topic-row"]').count()
  await context.close()
  return { ms: Math.round(ms), apiMs: Math.round(api), rows }
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const topics = Number(args.topics)
  if (args.create === '1') await createTopics(args.bootstrap, topics)
  const browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox'] })
  try {
    const warmup = await load(browser, args.url, topics)
    console.log(JSON.stringify({ type: 'warm-up', ...warmup }))
    const loads = []
    for (let i = 0; i < Number(args.loads); i++) {
      loads.push(await load(browser, args.url, topics))
      console.log(JSON.stringify({ type: 'load', ...loads[loads.length - 1] }))
    }
    console.log(JSON.stringify({ type: 'summary', topics, loads: loads.length,
      medianMs: median(loads.map(l => l.ms)), medianApiMs: median(loads.map(l => l.apiMs)),
      minMs: Math.min(...loads.map(l => l.ms)), maxMs: Math.max(...loads.map(l => l.ms)) }))
  } finally {
    await browser.close()
  }
}

main().catch(e => {
  console.error(`console-load.js: ${e.stack || e}`)
  process.exit(1)
})
