'use strict'
// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) uses Freshet's web console the way a
// person would: finds a topic, browses its messages, produces one, watches a group's lag. ConsoleBrowserTest
// prepared the data and asserts what this script reports. JSON lines on stdout: what the page showed, steps in
// order, then {"type":"exit"}; JSON lines on stdin: the test's answers ({"type":"committed"} after it moved the
// group's offsets). Screenshots of each page go to --screenshots.
//   node console-test.js --url http://127.0.0.1:HTTP_PORT --topic T --group G --produce-partition P
//                        --traffic-topic T2 --screenshots DIR [--chromium PATH]
const path = require('path')
const readline = require('readline')
const { chromium } = require('playwright-core')

const WAIT_MS = 20_000

function parseArgs(argv) {
  const args = { chromium: '/usr/bin/chromium' }
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument ${argv[i]}`)
    args[argv[i].slice(2)] = argv[i + 1]
  }
  for (const key of ['url', 'topic', 'group', 'produce-partition', 'traffic-topic', 'screenshots']) {
    if (args[key] === undefined) throw new Error(`missing --${key}`)
  }
  return args
}

const emit = object => process.stdout.write(JSON.stringify(object) + '\n')

/** The test's lines on stdin, awaited by type. */
function stdinLines() {
  const seen = []
  const waiting = []
  readline.createInterface({ input: process.stdin }).on('line', line => {
    const message = JSON.parse(line)
    const i = waiting.findIndex(w => w.type === message.type)
    if (i >= 0) waiting.splice(i, 1)[0].resolve(message)
    else seen.push(message)
  })
  return type => {
    const i = seen.findIndex(m => m.type === type)
    if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0])
    return new Promise(resolve => waiting.push({ type, resolve }))
  }
}

const testid = id => `[data-testid="${id}"]`

async function shot(page, dir, name) {
  await page.screenshot({ path: path.join(dir, `console-${name}.png`) })
}

/** Topics list: the test's topic is there; the filter narrows the table to it. */
async function findTopic(page, args) {
  await page.goto(`${args.url}/#/topics`)
  const row = page.locator(`${testid('topic-row')}[data-topic="${args.topic}"]`)
  await row.waitFor({ timeout: WAIT_MS })
  const rowsBefore = await page.locator(testid('topic-row')).count()
  await shot(page, args.screenshots, 'topics')
  await page.fill(testid('topic-filter'), args.topic)
  const rowsFiltered = await page.locator(testid('topic-row')).count()
  emit({ type: 'topics', rowsBefore, rowsFiltered, records: await row.locator(testid('topic-records')).innerText(),
    count: await page.innerText(testid('topic-count')) })
  await row.locator('a').click()
}

/** Topic detail: partitions' end offsets; the browser's rows; the JSON and the binary value opened. */
async function browseMessages(page, args) {
  await page.waitForSelector(testid('message-row'), { timeout: WAIT_MS })
  const partitions = await page.$$eval(testid('partition-row'), rows => rows.map(r => ({
    partition: Number(r.dataset.partition),
    endOffset: r.querySelector('[data-testid="end-offset"]').textContent
  })))
  const rows = await messageRows(page)
  const opened = {}
  for (const [name, partition, offset] of [['json', 0, 0], ['binary', 0, 1]]) {
    opened[name] = await openRow(page, partition, offset)
  }
  const configs = await page.$$eval(`${testid('config-row')}.changed`, rows => rows.map(r => r.dataset.config))
  emit({ type: 'topic', name: await page.innerText(testid('topic-name')), partitions, configs, rows, opened })
  await shot(page, args.screenshots, 'topic')
}

async function messageRows(page) {
  return page.$$eval(testid('message-row'), rows => rows.map(r => ({
    partition: Number(r.dataset.partition), offset: Number(r.dataset.offset), produced: r.classList.contains('produced')
  })))
}

/** Opens a message row if closed; returns what its detail shows of the value and headers. */
async function openRow(page, partition, offset) {
  const row = page.locator(`${testid('message-row')}[data-partition="${partition}"][data-offset="${offset}"]`)
  const detail = row.locator(`xpath=following-sibling::tr[1]`)
  if (!(await detail.isVisible())) await row.click()
  await detail.waitFor({ state: 'visible', timeout: WAIT_MS })
  return {
    encoding: await detail.locator(testid('message-value-encoding')).innerText(),
    value: await detail.locator(`pre${testid('message-value')}`).innerText(),
    key: await detail.locator(testid('message-key')).innerText(),
    headers: await detail.locator(`${testid('message-headers')} tr`).evaluateAll(rows => rows.map(r => ({
      key: r.cells[0].textContent, value: r.cells[1].querySelector('pre')?.textContent ?? null })))
  }
}

/** The produce form: the answer names partition and offset, and the browser shows that record. */
async function produce(page, args) {
  await page.fill(testid('produce-key'), 'from-the-console')
  await page.fill(testid('produce-value'), '{"produced":"by the console","n":1}')
  await page.fill(testid('produce-headers'), 'origin: browser')
  await page.selectOption(testid('produce-partition'), args['produce-partition'])
  await page.click(testid('produce-send'))
  const result = page.locator(`${testid('produce-result')}[data-offset]`)
  await result.waitFor({ timeout: WAIT_MS })
  const partition = Number(await result.getAttribute('data-partition'))
  const offset = Number(await result.getAttribute('data-offset'))
  const row = page.locator(`${testid('message-row')}.produced[data-partition="${partition}"][data-offset="${offset}"]`)
  await row.waitFor({ timeout: WAIT_MS })
  const shown = await openRow(page, partition, offset)
  emit({ type: 'produced', partition, offset, result: await result.innerText(), shown, rows: await messageRows(page) })
  await shot(page, args.screenshots, 'produced')
}

/** The groups list, then the group: lag in total and per partition. */
async function openGroup(page, args) {
  await page.click(testid('nav-groups'))
  const row = page.locator(`${testid('group-row')}[data-group="${args.group}"]`)
  await row.waitFor({ timeout: WAIT_MS })
  emit({ type: 'groups', lag: await row.locator(testid('group-lag')).innerText(),
    state: await row.locator('td').nth(1).innerText() })
  await shot(page, args.screenshots, 'groups')
  await row.locator('a').click()
  await page.waitForSelector(testid('offset-row'), { timeout: WAIT_MS })
  emit({ type: 'group', ...(await groupLag(page)) })
  await shot(page, args.screenshots, 'group')
}

async function groupLag(page) {
  return {
    totalLag: await page.innerText(testid('group-total-lag')),
    refreshes: Number(await page.getAttribute(testid('group-updated'), 'data-refreshes')),
    offsets: await page.$$eval(testid('offset-row'), rows => rows.map(r => ({
      topic: r.dataset.topic,
      partition: Number(r.dataset.partition),
      committed: r.querySelector('[data-testid="committed"]').textContent,
      endOffset: r.querySelector('[data-testid="end-offset"]').textContent,
      lag: r.querySelector('[data-testid="lag"]').textContent
    })))
  }
}

/** After the test committed further offsets: the page, left alone, shows the new lag. */
async function watchLagChange(page, args, before) {
  await page.waitForFunction(([id, old]) => {
    const total = document.querySelector(`[data-testid="${id}"]`)
    return total && total.textContent !== old
  }, [ 'group-total-lag', before ], { timeout: WAIT_MS, polling: 200 })
  emit({ type: 'lag-changed', ...(await groupLag(page)) })
  await shot(page, args.screenshots, 'group-caught-up')
}

/** A topic that does not exist: the API's message in the banner, and the page says it could not load. */
async function missingTopic(page, args) {
  await page.goto(`${args.url}/#/topics/${args.topic}-missing`)
  await page.waitForSelector(testid('error-banner'), { state: 'visible', timeout: WAIT_MS })
  await page.waitForSelector(testid('load-failed'), { timeout: WAIT_MS })
  emit({ type: 'missing-topic', banner: await page.innerText(testid('error-message')),
    view: await page.innerText(testid('view')) })
  await shot(page, args.screenshots, 'error')
}

/**
 * The overview: cluster id and the live charts. The test writes to --traffic-topic meanwhile, so the per-topic
 * rates (two scrapes of /metrics apart) name it, unless the broker runs without metrics; three rates make a line.
 */
async function overview(page, args) {
  await page.click(testid('nav-overview'))
  await page.waitForSelector(testid('cluster-id'), { timeout: WAIT_MS })
  emit({ type: 'overview-opened' })
  await page.waitForFunction(topic => {
    const points = Number(document.querySelector('[data-testid="metrics-status"]')?.dataset.points ?? 0)
    return document.querySelector('[data-testid="metrics-off"]')
      || (points >= 3 && document.querySelector(`[data-testid="rate-row"][data-topic="${topic}"]`))
  }, args['traffic-topic'], { timeout: WAIT_MS, polling: 200 })
  const metricsOff = await page.locator(testid('metrics-off')).count() > 0
  emit({ type: 'overview', clusterId: await page.innerText(testid('cluster-id')),
    version: await page.innerText(testid('cluster-version')), metrics: metricsOff ? 'off' : 'live',
    rateTopics: await page.$$eval(testid('rate-row'), rows => rows.map(r => r.dataset.topic)) })
  await shot(page, args.screenshots, 'overview')
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const nextInput = stdinLines()
  const browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', error => emit({ type: 'page-error', error: String(error) }))
    page.on('console', message => {
      if (message.type() === 'error') emit({ type: 'console-error', text: message.text() })
    })
    await findTopic(page, args)
    await browseMessages(page, args)
    await produce(page, args)
    await openGroup(page, args)
    const before = await page.innerText(testid('group-total-lag'))
    emit({ type: 'commit-now' })
    await nextInput('committed')
    await watchLagChange(page, args, before)
    await missingTopic(page, args)
    await overview(page, args)
    emit({ type: 'banner', shown: await page.isVisible(testid('error-banner')) })
  } finally {
    await browser.close()
  }
  emit({ type: 'exit' })
  process.exit(0)
}

main().catch(e => {
  emit({ type: 'failed', error: String(e.stack || e) })
  process.stderr.write(`console-test.js failed: ${e.stack || e}\n`)
  process.exit(1)
})
