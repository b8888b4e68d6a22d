// Small DOM and formatting helpers shared by the views. No framework: views build elements with h() and, for
// big tables, one HTML string escaped with esc() (a thousand rows render in one assignment).

/** h('a', {href: '#/', class: 'x', dataset: {testid: 't'}, onclick: f}, 'text', child, ...) */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue
    if (name === 'dataset') Object.assign(element.dataset, value)
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value)
    else if (name === 'class') element.className = value
    else if (name in element && typeof value !== 'string') element[name] = value
    else element.setAttribute(name, value === true ? '' : value)
  }
  append(element, children)
  return element
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue
    if (Array.isArray(child)) append(element, child)
    else element.append(child instanceof Node ? child : String(child))
  }
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const esc = value => String(value ?? '').replace(/[&<>"']/g, c => ESCAPES[c])

const numbers = new Intl.NumberFormat('en-US')
export const fmtNumber = n => (n === null || n === undefined ? '–' : numbers.format(n))

export function fmtBytes(n) {
  if (n === null || n === undefined) return '–'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = n
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

export function fmtRate(n, bytes) {
  if (bytes) return fmtBytes(Math.round(n)) + '/s'
  if (n === 0 || n >= 10) return numbers.format(Math.round(n)) + '/s'
  return `${Number(n.toFixed(1))}/s`
}

/** A record timestamp (ms) as local time, to the millisecond. */
export function fmtTime(ms) {
  if (ms === null || ms === undefined || ms < 0) return '–'
  const d = new Date(ms)
  const p = (v, n = 2) => String(v).padStart(n, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

/** A table: columns [{label, class}], rows of cells (nodes or text); returns the <table>. */
export function table(columns, rows, attrs) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: c.class }, c.label)))),
    h('tbody', {}, rows))
}

export function empty(text, testid) {
  return h('p', { class: 'empty', dataset: testid ? { testid } : undefined }, text)
}
