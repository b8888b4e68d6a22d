// Overview: the cluster (id, version, brokers, listeners, features) and live throughput, in and out, total and
// per topic, from the broker's own Prometheus counters polled every 2 s.
import { getJson, getMetricsText, seg } from './api.js'
import { h, fmtRate, table, empty } from './dom.js'
import { poll, loadOnce } from './poll.js'
import { parseCounters, Throughput } from './metrics.js'
import { drawChart } from './chart.js'

const SCRAPE_MS = 2000
const COLORS = ['#0f766e', '#2563eb', '#d97706', '#db2777', '#7c3aed', '#65a30d']

export function overview(container, params, ctx) {
  const cluster = h('div', {})
  const charts = h('div', {})
  container.append(h('header', { class: 'page-head' }, h('h1', {}, 'Overview')), cluster,
    h('section', {}, h('h2', {}, 'Throughput'), charts))
  showCluster(cluster, ctx)
  return liveCharts(charts, ctx)
}

async function showCluster(holder, ctx) {
  const c = await loadOnce(ctx, holder, getJson('/cluster'))
  if (!c || !ctx.alive()) return
  const listeners = Object.entries(c.listeners || {})
  holder.replaceChildren(
    h('div', { class: 'facts', dataset: { testid: 'cluster-facts' } },
      fact('Cluster id', h('span', { class: 'mono', dataset: { testid: 'cluster-id' } }, c.clusterId)),
      fact('Version', h('span', { dataset: { testid: 'cluster-version' } }, c.version)),
      fact('Brokers', c.brokers.length),
      fact('Controller', c.controllerId ?? '–')),
    h('div', { class: 'columns' },
      h('section', {}, h('h2', {}, 'Brokers'), table([{ label: 'Id', class: 'num' }, { label: 'Host' }, { label: 'Port', class: 'num' }],
        c.brokers.map(b => h('tr', { dataset: { testid: 'broker-row' } }, h('td', { class: 'num' }, b.id),
          h('td', {}, b.host), h('td', { class: 'num' }, b.port))), { class: 'grid compact' })),
      h('section', {}, h('h2', {}, 'Listeners'), table([{ label: 'Listener' }, { label: 'Address' }],
        listeners.map(([name, address]) => h('tr', {}, h('td', {}, name),
          h('td', { class: 'mono' }, address ?? h('span', { class: 'muted' }, 'off')))), { class: 'grid compact' })),
      h('section', {}, h('h2', {}, 'Features'), Object.keys(c.features || {}).length === 0 ? empty('none') :
        table([{ label: 'Feature' }, { label: 'Level', class: 'num' }],
          Object.entries(c.features).map(([name, level]) => h('tr', {}, h('td', { class: 'mono' }, name),
            h('td', { class: 'num' }, level))), { class: 'grid compact' }))))
}

function liveCharts(holder, ctx) {
  const throughput = new Throughput(60)
  const messages = h('canvas', { class: 'chart', dataset: { testid: 'chart-messages' } })
  const bytes = h('canvas', { class: 'chart', dataset: { testid: 'chart-bytes' } })
  const perTopic = h('div', {})
  const status = h('p', { class: 'muted', dataset: { testid: 'metrics-status' } }, 'Reading /metrics…')
  let built = false
  const build = () => {
    holder.replaceChildren(status,
      h('div', { class: 'columns' },
        h('figure', {}, h('figcaption', {}, 'Messages in per second, all topics'), messages,
          legend([['in', COLORS[0]]])),
        h('figure', {}, h('figcaption', {}, 'Bytes per second, all topics'), bytes,
          legend([['in', COLORS[0]], ['out', COLORS[1]]]))),
      h('h3', {}, 'Per topic'), perTopic)
    built = true
  }
  return poll(ctx, SCRAPE_MS, async () => {
    const text = await getMetricsText()
    if (!ctx.alive()) return
    if (text === null) {
      holder.replaceChildren(h('p', { class: 'empty', dataset: { testid: 'metrics-off' } },
        'metrics off: this broker runs with metrics.enabled=false, so /metrics and the charts are unavailable.'))
      built = false
      return
    }
    if (!built) build()
    throughput.add(Date.now(), parseCounters(text))
    const last = throughput.latest()
    status.textContent = last ? `live, from /metrics every ${SCRAPE_MS / 1000} s` : 'waiting for a second sample…'
    status.dataset.points = throughput.points.length
    drawChart(messages, [{ color: COLORS[0], points: throughput.series('messagesIn') }], v => fmtRate(v))
    drawChart(bytes, [{ color: COLORS[0], points: throughput.series('bytesIn') },
      { color: COLORS[1], points: throughput.series('bytesOut') }], v => fmtRate(v, true), false, 1024)
    if (last) perTopic.replaceChildren(topicRates(throughput, last))
  })
}

// The busiest topics now, each with its rates and a small chart of messages in; quiet topics are counted only.
function topicRates(throughput, last) {
  const busy = [...last.topics.entries()]
    .filter(([, r]) => r.messagesIn + r.bytesOut > 0)
    .sort((a, b) => (b[1].bytesIn + b[1].bytesOut) - (a[1].bytesIn + a[1].bytesOut))
  if (busy.length === 0) return empty(`No traffic on any of ${last.topics.size} topics in the last ${SCRAPE_MS / 1000} s.`, 'no-traffic')
  const shown = busy.slice(0, 10)
  const rows = shown.map(([topic, r], i) => {
    const spark = h('canvas', { class: 'spark' })
    requestAnimationFrame(() => drawChartSmall(spark, throughput.series('messagesIn', topic), COLORS[i % COLORS.length]))
    return h('tr', { dataset: { testid: 'rate-row', topic } },
      h('td', {}, h('a', { href: `#/topics/${seg(topic)}` }, topic)),
      h('td', { class: 'num' }, fmtRate(r.messagesIn)),
      h('td', { class: 'num' }, fmtRate(r.bytesIn, true)),
      h('td', { class: 'num' }, fmtRate(r.bytesOut, true)),
      h('td', {}, spark))
  })
  return h('div', {}, table([{ label: 'Topic' }, { label: 'Messages in', class: 'num' }, { label: 'Bytes in', class: 'num' },
    { label: 'Bytes out', class: 'num' }, { label: 'Messages in, last 2 min' }], rows, { class: 'grid' }),
  busy.length > shown.length ? h('p', { class: 'muted' }, `and ${busy.length - shown.length} more busy topics`) : null)
}

function drawChartSmall(canvas, points, color) {
  if (!canvas.isConnected) return
  drawChart(canvas, [{ color, points }], () => '', true)
}

function legend(items) {
  return h('div', { class: 'legend' }, items.map(([label, color]) =>
    h('span', {}, h('i', { style: `background: ${color}` }), label)))
}

function fact(label, value) {
  return h('div', {}, h('div', { class: 'muted' }, label), h('div', { class: 'fact' }, value))
}
