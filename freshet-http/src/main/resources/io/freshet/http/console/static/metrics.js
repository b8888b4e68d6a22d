// Throughput from the broker's Prometheus text (GET /metrics): the per-topic counters the charts read, and their
// rates between two scrapes. The same numbers a Prometheus server would graph, so the console never disagrees
// with a Grafana dashboard.

export const COUNTERS = {
  messagesIn: 'kafka_server_brokertopicmetrics_messagesin_total',
  bytesIn: 'kafka_server_brokertopicmetrics_bytesin_total',
  bytesOut: 'kafka_server_brokertopicmetrics_bytesout_total'
}
const BY_NAME = Object.fromEntries(Object.entries(COUNTERS).map(([key, name]) => [name, key]))

/**
 * The three counters per topic: Map topic -> {messagesIn, bytesIn, bytesOut}. Samples of one topic that differ in
 * other labels are summed. Lines are `name{label="value",...} value [timestamp]`; comments start with '#'.
 */
export function parseCounters(text) {
  const topics = new Map()
  for (const line of text.split('\n')) {
    if (!line.startsWith('kafka_server_brokertopicmetrics_')) continue
    const sample = parseSample(line)
    const key = sample && BY_NAME[sample.name]
    if (!key || sample.labels.topic === undefined) continue
    const counters = topics.get(sample.labels.topic) ?? { messagesIn: 0, bytesIn: 0, bytesOut: 0 }
    counters[key] += sample.value
    topics.set(sample.labels.topic, counters)
  }
  return topics
}

function parseSample(line) {
  const brace = line.indexOf('{')
  const space = line.indexOf(' ')
  if (brace < 0 || (space >= 0 && space < brace)) {
    return { name: line.slice(0, space), labels: {}, value: Number(line.slice(space + 1).split(' ')[0]) }
  }
  const labels = {}
  let i = brace + 1
  while (i < line.length && line[i] !== '}') {
    const eq = line.indexOf('=', i)
    const name = line.slice(i, eq).trim()
    let value = ''
    let j = eq + 2 // past ="
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] === '\\') {
        j++
        value += line[j] === 'n' ? '\n' : line[j]
      } else {
        value += line[j]
      }
    }
    labels[name] = value
    i = j + 1
    if (line[i] === ',') i++
  }
  const rest = line.slice(i + 1).trim().split(/\s+/)
  return { name: line.slice(0, brace), labels, value: Number(rest[0]) }
}

/**
 * Rates between consecutive scrapes, kept for the last `keep` points. A counter that went down (the broker
 * restarted) counts as zero for that step rather than a negative rate.
 */
export class Throughput {
  constructor(keep = 60) {
    this.keep = keep
    this.previous = null
    this.points = [] // [{t, total: {messagesIn, bytesIn, bytesOut}, topics: Map}]
  }

  add(timeMs, counters) {
    if (this.previous) {
      const seconds = (timeMs - this.previous.time) / 1000
      const topics = new Map()
      const total = { messagesIn: 0, bytesIn: 0, bytesOut: 0 }
      for (const [topic, now] of counters) {
        const before = this.previous.counters.get(topic) ?? { messagesIn: 0, bytesIn: 0, bytesOut: 0 }
        const rate = {}
        for (const key of Object.keys(COUNTERS)) {
          rate[key] = seconds > 0 ? Math.max(0, now[key] - before[key]) / seconds : 0
          total[key] += rate[key]
        }
        topics.set(topic, rate)
      }
      this.points.push({ t: timeMs, total, topics })
      if (this.points.length > this.keep) this.points.shift()
    }
    this.previous = { time: timeMs, counters }
  }

  /** One series of {t, v} for the total (topic null) or one topic. */
  series(key, topic) {
    return this.points.map(p => ({ t: p.t, v: topic == null ? p.total[key] : (p.topics.get(topic)?.[key] ?? 0) }))
  }

  latest() {
    return this.points[this.points.length - 1] ?? null
  }
}
