// The produce form: key, value, headers (one "name: value" a line), partition (or the partitioner's choice).
// Answers once the broker made the record durable; `onWritten({partition, offset})` then refreshes the browser.
import { postJson, seg } from './api.js'
import { h } from './dom.js'

export function produceForm(topic, partitions, ctx, onWritten) {
  const key = h('input', { type: 'text', placeholder: 'key (empty: none)', dataset: { testid: 'produce-key' } })
  const value = h('textarea', { rows: 4, placeholder: 'value', class: 'mono', dataset: { testid: 'produce-value' } })
  const headers = h('textarea', { rows: 2, placeholder: 'header-name: value (one a line)', class: 'mono',
    dataset: { testid: 'produce-headers' } })
  const partition = h('select', { dataset: { testid: 'produce-partition' } },
    h('option', { value: '' }, 'Any partition'), partitions.map(p => h('option', { value: p }, `Partition ${p}`)))
  const result = h('span', { class: 'result', dataset: { testid: 'produce-result' } })
  const send = h('button', { type: 'submit', dataset: { testid: 'produce-send' } }, 'Produce')

  const form = h('form', { class: 'produce', onsubmit: async event => {
    event.preventDefault()
    let body
    try {
      body = { key: key.value === '' ? null : key.value, value: value.value, headers: parseHeaders(headers.value),
        partition: partition.value === '' ? null : Number(partition.value) }
    } catch (e) {
      ctx.showError(e)
      return
    }
    send.disabled = true
    result.textContent = 'Sending…'
    try {
      const written = await postJson(`/topics/${seg(topic)}/messages`, body)
      if (!ctx.alive()) return
      ctx.clearError()
      result.textContent = `Written to partition ${written.partition} at offset ${written.offset}`
      result.dataset.partition = written.partition
      result.dataset.offset = written.offset
      await onWritten(written)
    } catch (e) {
      if (!ctx.alive()) return
      result.textContent = 'Not written'
      ctx.showError(e)
    } finally {
      send.disabled = false
    }
  } },
  h('label', {}, 'Key', key), h('label', {}, 'Value', value), h('label', {}, 'Headers', headers),
  h('div', { class: 'toolbar' }, partition, send, result))
  return form
}

function parseHeaders(text) {
  const headers = {}
  for (const line of text.split('\n').map(l => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new Error(`Header "${line}" needs a name, a colon and a value`)
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  }
  return headers
}
