// SQL queries: the continuous queries the broker's SQL engine runs (as SHOW QUERIES lists them), when enabled.
import { getJson } from './api.js'
import { h, table, empty } from './dom.js'
import { poll } from './poll.js'

export function sqlQueries(container, params, ctx) {
  const holder = h('div', {})
  const updated = h('span', { class: 'muted' })
  container.append(h('header', { class: 'page-head' }, h('h1', {}, 'SQL queries'), updated), holder)
  return poll(ctx, 5000, async () => {
    const answer = await getJson('/sql/queries')
    if (!ctx.alive()) return
    if (!answer.enabled) {
      holder.replaceChildren(empty('The SQL engine is off on this broker (sql.enabled=false).', 'sql-off'))
      return
    }
    updated.textContent = `${answer.queries.length} queries · updated ${new Date().toLocaleTimeString()}`
    holder.replaceChildren(answer.queries.length === 0 ? empty('No queries run. Start one with ./freshet sql.') :
      table([{ label: 'Id' }, { label: 'State' }, { label: 'Statement' }, { label: 'Sources' }, { label: 'Sinks' }],
        answer.queries.map(q => h('tr', { dataset: { testid: 'sql-row' } },
          h('td', { class: 'mono' }, q.id),
          h('td', {}, h('span', { class: `tag ${/running/i.test(q.state) ? 'ok' : q.error ? 'bad' : 'warn'}` }, q.state)),
          h('td', {}, h('pre', { class: 'payload' }, q.sql), q.error ? h('p', { class: 'error-text' }, q.error) : null),
          h('td', { class: 'mono' }, (q.sources || []).join(', ')),
          h('td', { class: 'mono' }, (q.sinks || []).join(', ')))),
        { class: 'grid', dataset: { testid: 'sql-table' } }))
  })
}
