// Topics: one table of every topic (name, partitions, records, size), a filter box and a toggle for internal
// topics. The rows are one HTML string assigned at once: a thousand topics render in a few milliseconds, and the
// filter re-renders them as the user types.
import { getJson, seg } from './api.js'
import { h, esc, fmtNumber, fmtBytes } from './dom.js'
import { loadOnce } from './poll.js'

export function topicList(container, params, ctx) {
  const filter = h('input', { type: 'search', placeholder: 'Filter topics', dataset: { testid: 'topic-filter' },
    autofocus: true })
  const internal = h('input', { type: 'checkbox', dataset: { testid: 'show-internal' } })
  const count = h('span', { class: 'muted', dataset: { testid: 'topic-count' } })
  const body = h('tbody', { dataset: { testid: 'topic-rows' } })
  const refresh = h('button', { type: 'button', onclick: () => load() }, 'Refresh')
  container.append(
    h('header', { class: 'page-head' }, h('h1', {}, 'Topics'), count),
    h('div', { class: 'toolbar' }, filter, h('label', {}, internal, ' Show internal topics'), refresh),
    h('table', { class: 'grid', dataset: { testid: 'topics-table' } },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'num' }, 'Partitions'),
        h('th', { class: 'num' }, 'Records'), h('th', { class: 'num' }, 'Size'))),
      body))

  let topics = []
  const render = () => {
    const needle = filter.value.trim().toLowerCase()
    const shown = topics.filter(t => (internal.checked || !t.internal) && t.name.toLowerCase().includes(needle))
    body.innerHTML = shown.map(row).join('')
    const hidden = internal.checked ? 0 : topics.filter(t => t.internal).length
    count.textContent = `${shown.length} of ${topics.length} topics` + (hidden ? ` (${hidden} internal hidden)` : '')
    if (shown.length === 0) {
      body.innerHTML = `<tr><td colspan="4" class="empty">${topics.length ? 'No topic matches.' : 'No topics yet.'}</td></tr>`
    }
  }
  const load = async () => {
    const answer = await loadOnce(ctx, container, getJson('/topics'))
    if (!answer || !ctx.alive()) return
    topics = answer.topics
    render()
  }
  filter.addEventListener('input', render)
  internal.addEventListener('change', render)
  load()
}

function row(t) {
  return `<tr data-testid="topic-row" data-topic="${esc(t.name)}">` +
    `<td><a href="#/topics/${esc(seg(t.name))}">${esc(t.name)}</a>${t.internal ? ' <span class="tag">internal</span>' : ''}</td>` +
    `<td class="num">${fmtNumber(t.partitions)}</td>` +
    `<td class="num" data-testid="topic-records">${fmtNumber(t.records)}</td>` +
    `<td class="num">${fmtBytes(t.sizeBytes)}</td></tr>`
}
