// One topic: its partitions (offsets, size), its configs (those that differ from the defaults highlighted), the
// message browser and the produce form. A produced record shows its offset and the browser reloads to show it.
import { getJson, seg } from './api.js'
import { h, fmtNumber, fmtBytes, table, empty } from './dom.js'
import { loadOnce } from './poll.js'
import { messageBrowser } from './messages.js'
import { produceForm } from './produce.js'

export async function topicDetail(container, [name], ctx) {
  container.append(h('nav', { class: 'crumbs' }, h('a', { href: '#/topics' }, 'Topics'), ' / ', name))
  const topic = await loadOnce(ctx, container, getJson(`/topics/${seg(name)}`))
  if (!topic || !ctx.alive()) return
  const partitions = topic.partitions.map(p => p.partition)
  const browser = messageBrowser(topic.name, partitions, ctx)
  container.append(
    h('header', { class: 'page-head' },
      h('h1', { dataset: { testid: 'topic-name' } }, topic.name),
      topic.internal ? h('span', { class: 'tag' }, 'internal') : null,
      h('span', { class: 'muted' }, summary(topic))),
    h('div', { class: 'columns' },
      h('section', {}, h('h2', {}, 'Partitions'), partitionTable(topic)),
      h('section', {}, h('h2', {}, 'Configs'), configTable(topic.configs))),
    h('section', {}, h('h2', {}, 'Messages'), browser.element),
    h('section', {}, h('h2', {}, 'Produce a message'), produceForm(topic.name, partitions, ctx, written => browser.showProduced(written))))
  browser.load()
}

function summary(topic) {
  const records = topic.partitions.reduce((sum, p) => sum + (p.endOffset - p.startOffset), 0)
  const sizes = topic.partitions.map(p => p.sizeBytes)
  const size = sizes.some(s => s === null || s === undefined) ? null : sizes.reduce((a, b) => a + b, 0)
  return `${topic.partitions.length} partitions · ${fmtNumber(records)} records · ${fmtBytes(size)}`
}

function partitionTable(topic) {
  const rows = topic.partitions.map(p => h('tr', { dataset: { testid: 'partition-row', partition: p.partition } },
    h('td', { class: 'num' }, p.partition),
    h('td', { class: 'num' }, p.leader ?? '–'),
    h('td', { class: 'num', dataset: { testid: 'start-offset' } }, fmtNumber(p.startOffset)),
    h('td', { class: 'num', dataset: { testid: 'end-offset' } }, fmtNumber(p.endOffset)),
    h('td', { class: 'num' }, fmtNumber(p.endOffset - p.startOffset)),
    h('td', { class: 'num' }, fmtBytes(p.sizeBytes))))
  return table([{ label: 'Partition', class: 'num' }, { label: 'Leader', class: 'num' },
    { label: 'Start offset', class: 'num' }, { label: 'End offset', class: 'num' }, { label: 'Records', class: 'num' },
    { label: 'Size', class: 'num' }], rows, { class: 'grid', dataset: { testid: 'partitions-table' } })
}

// Configs that were set (not defaults) come first, highlighted; the defaults follow behind a toggle.
function configTable(configs) {
  if (!configs || configs.length === 0) return empty('No configs reported.')
  const changed = configs.filter(c => !c.isDefault)
  const defaults = configs.filter(c => c.isDefault)
  const row = c => h('tr', { class: c.isDefault ? 'default' : 'changed', dataset: { testid: 'config-row', config: c.name } },
    h('td', { class: 'mono' }, c.name),
    h('td', { class: 'mono' }, c.sensitive ? '(hidden)' : (c.value ?? 'null')),
    h('td', { class: 'muted' }, c.source))
  const body = h('tbody', {})
  const grid = h('table', { class: 'grid compact', dataset: { testid: 'configs-table' } },
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Value'), h('th', {}, 'Source'))), body)
  const toggle = h('input', { type: 'checkbox', dataset: { testid: 'show-default-configs' } })
  const show = () => {
    body.replaceChildren(...changed.map(row), ...(toggle.checked ? defaults.map(row) : []))
    grid.hidden = body.children.length === 0
  }
  toggle.addEventListener('change', show)
  show()
  const counts = changed.length === 0 ? `All ${defaults.length} configs are defaults `
    : `${changed.length} set on this topic or broker (highlighted), ${defaults.length} defaults `
  return h('div', {}, h('p', { class: 'muted' }, counts, h('label', {}, toggle, ' show defaults')), grid)
}
