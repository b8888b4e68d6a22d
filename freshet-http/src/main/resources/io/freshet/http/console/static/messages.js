// The message browser of one topic: partition, where to start (newest, an offset, a time), how many; a table of
// partition/offset/timestamp/key/value/headers. A row opens to show its payloads whole: JSON pretty-printed and
// binary as hex, as the API encodes them.
import { getJson, seg } from './api.js'
import { h, fmtTime, fmtBytes } from './dom.js'

const PREVIEW = 120

export function messageBrowser(topic, partitions, ctx) {
  const partition = h('select', { dataset: { testid: 'browse-partition' } },
    h('option', { value: '' }, 'All partitions'), partitions.map(p => h('option', { value: p }, `Partition ${p}`)))
  const mode = h('select', { dataset: { testid: 'browse-mode' } },
    h('option', { value: 'newest' }, 'Newest'), h('option', { value: 'offset' }, 'From offset'),
    h('option', { value: 'time' }, 'From time'))
  const offset = h('input', { type: 'number', min: 0, value: 0, dataset: { testid: 'browse-offset' }, hidden: true })
  const time = h('input', { type: 'datetime-local', step: 1, dataset: { testid: 'browse-time' }, hidden: true })
  const limit = h('input', { type: 'number', min: 1, max: 500, value: 50, class: 'narrow', dataset: { testid: 'browse-limit' } })
  const status = h('span', { class: 'muted', dataset: { testid: 'browse-status' } })
  const body = h('tbody', { dataset: { testid: 'message-rows' } })
  const form = h('form', { class: 'toolbar', onsubmit: event => { event.preventDefault(); load() } },
    partition, mode, offset, time, h('label', {}, 'Limit ', limit),
    h('button', { type: 'submit', dataset: { testid: 'browse-load' } }, 'Load'), status)
  mode.addEventListener('change', () => {
    offset.hidden = mode.value !== 'offset'
    time.hidden = mode.value !== 'time'
  })
  const element = h('div', {}, form,
    h('table', { class: 'grid messages', dataset: { testid: 'messages-table' } },
      h('thead', {}, h('tr', {}, ['Partition', 'Offset', 'Timestamp', 'Key', 'Value', 'Headers'].map(c => h('th', {}, c)))),
      body))

  let highlight = null
  async function load() {
    const query = new URLSearchParams({ limit: limit.value || '50' })
    if (partition.value !== '') query.set('partition', partition.value)
    if (mode.value === 'offset') query.set('offset', offset.value || '0')
    if (mode.value === 'time') {
      const ms = new Date(time.value).getTime()
      if (Number.isNaN(ms)) {
        ctx.showError(new Error('Choose a date and time to start from'))
        return
      }
      query.set('timestamp', String(ms))
    }
    status.textContent = 'Loading…'
    try {
      const answer = await getJson(`/topics/${seg(topic)}/messages?${query}`)
      if (!ctx.alive()) return
      ctx.clearError()
      render(answer.messages)
      status.textContent = `${answer.messages.length} messages · loaded ${new Date().toLocaleTimeString()}`
    } catch (e) {
      if (!ctx.alive()) return
      status.textContent = 'failed'
      ctx.showError(e)
    }
  }

  function render(messages) {
    body.replaceChildren()
    if (messages.length === 0) {
      body.append(h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No messages here.')))
      return
    }
    for (const m of messages) {
      const produced = highlight && highlight.partition === m.partition && highlight.offset === m.offset
      const detail = h('tr', { class: 'detail', hidden: true, dataset: { testid: 'message-detail' } },
        h('td', { colspan: 6 }, details(m)))
      const row = h('tr', {
        class: 'message' + (produced ? ' produced' : ''),
        tabindex: 0,
        dataset: { testid: 'message-row', partition: m.partition, offset: m.offset },
        onclick: () => toggle(row, detail),
        onkeydown: event => { if (event.key === 'Enter') toggle(row, detail) }
      },
      h('td', { class: 'num' }, m.partition),
      h('td', { class: 'num', dataset: { testid: 'message-offset' } }, m.offset),
      h('td', { class: 'nowrap' }, fmtTime(m.timestamp)),
      h('td', { class: 'mono' }, preview(m.key)),
      h('td', { class: 'mono' }, preview(m.value)),
      h('td', { class: 'mono' }, (m.headers || []).map(x => x.key).join(', ')))
      body.append(row, detail)
      if (produced) {
        toggle(row, detail)
        row.scrollIntoView({ block: 'nearest' })
      }
    }
  }

  return {
    element,
    load,
    /** After a produce: the newest records of that partition, the new one highlighted and open. */
    showProduced(written) {
      highlight = written
      if (partition.value !== '' && Number(partition.value) !== written.partition) partition.value = String(written.partition)
      mode.value = 'newest'
      mode.dispatchEvent(new Event('change'))
      return load()
    }
  }
}

function toggle(row, detail) {
  detail.hidden = !detail.hidden
  row.classList.toggle('open', !detail.hidden)
}

function preview(payload) {
  if (!payload) return h('span', { class: 'muted' }, 'null')
  const text = payload.encoding === 'json' ? compact(payload.text) : payload.text
  const cut = text.length > PREVIEW ? text.slice(0, PREVIEW) + '…' : text
  return [payload.encoding === 'text' ? null : h('span', { class: `tag ${payload.encoding}` }, payload.encoding), ' ', cut]
}

// One line for the table cell; the open row shows the API's pretty-printed text.
function compact(text) {
  try {
    return JSON.stringify(JSON.parse(text))
  } catch (e) {
    return text.replace(/\s+/g, ' ')
  }
}

function details(m) {
  return h('div', { class: 'payloads' },
    payloadBlock('Key', m.key, 'message-key'),
    payloadBlock('Value', m.value, 'message-value'),
    h('div', {}, h('h3', {}, `Headers (${(m.headers || []).length})`),
      (m.headers || []).length === 0 ? h('p', { class: 'muted' }, 'none')
        : h('table', { class: 'grid compact', dataset: { testid: 'message-headers' } }, h('tbody', {},
          m.headers.map(x => h('tr', {}, h('td', { class: 'mono' }, x.key),
            h('td', {}, x.value ? payloadText(x.value) : h('span', { class: 'muted' }, 'null'))))))))
}

function payloadBlock(title, payload, testid) {
  if (!payload) return h('div', {}, h('h3', {}, title), h('p', { class: 'muted', dataset: { testid } }, 'null'))
  return h('div', {}, h('h3', {}, title, ' ', h('span', { class: `tag ${payload.encoding}`, dataset: { testid: testid + '-encoding' } },
    payload.encoding), ' ', h('span', { class: 'muted' }, fmtBytes(payload.size))), payloadText(payload, testid))
}

function payloadText(payload, testid) {
  const shown = !payload.truncated ? ''
    : `(cut: the first ${payload.encoding === 'binary' ? '4 KiB as hex' : '64 KiB'} of ${fmtBytes(payload.size)})`
  return h('div', {}, h('pre', { class: `payload ${payload.encoding}`, dataset: testid ? { testid } : undefined }, payload.text),
    shown ? h('p', { class: 'muted' }, shown) : null)
}
