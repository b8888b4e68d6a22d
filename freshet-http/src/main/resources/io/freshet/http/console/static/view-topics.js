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
      h('thead', {}, h('tr', {}, COLUMNS.map(([key, label]) => h('th', {
        class: 'sortable' + (key === 'name' ? ' sorted' : ' num'), dataset: { sort: key }, onclick: () => sortBy(key)
      }, label)))),
      body))

  let topics = []
  let sort = { key: 'name', descending: false }
  const sortBy = key => {
    sort = { key, descending: sort.key === key ? !sort.descending : key !== 'name' }
    container.querySelectorAll('th[data-sort]').forEach(th => {
      th.classList.toggle('sorted', th.dataset.sort === key)
      th.classList.toggle('descending', th.dataset.sort === key && sort.descending)
    })
    render()
  }
  const render = () => {
    const needle = filter.value.trim().toLowerCase()
    const shown = topics.filter(t => (internal.checked || !t.internal) && t.name.toLowerCase().includes(needle))
    if (sort.key !== 'name' || sort.descending) shown.sort(compare(sort))
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

const COLUMNS = [['name', 'Name'], ['partitions', 'Partitions'], ['records', 'Records'], ['sizeBytes', 'Size']]

// The API lists topics by name; another order is a sort of the filtered rows (an unknown size sorts last).
function compare({ key, descending }) {
  const sign = descending ? -1 : 1
  return (a, b) => {
    const x = a[key] ?? -1
    const y = b[key] ?? -1
    return sign * (typeof x === 'string' ? x.localeCompare(y) : x - y) || a.name.localeCompare(b.name)
  }
}

function row(t) {
  return `<tr data-testid="topic-row" data-topic="${esc(t.name)}">` +
    `<td><a href="#/topics/${esc(seg(t.name))}">${esc(t.name)}</a>${t.internal ? ' <span class="tag">internal</span>' : ''}</td>` +
    `<td class="num">${fmtNumber(t.partitions)}</td>` +
    `<td class="num" data-testid="topic-records">${fmtNumber(t.records)}</td>` +
    `<td class="num">${fmtBytes(t.sizeBytes)}</td></tr>`
}
