// MQTT clients: the sessions the MQTT listener holds (connected or waiting for their client), when it runs.
import { getJson } from './api.js'
import { h, table, empty } from './dom.js'
import { poll } from './poll.js'

export function mqttClients(container, params, ctx) {
  const holder = h('div', {})
  const updated = h('span', { class: 'muted' })
  container.append(h('header', { class: 'page-head' }, h('h1', {}, 'MQTT clients'), updated), holder)
  return poll(ctx, 3000, async () => {
    const answer = await getJson('/mqtt/clients')
    if (!ctx.alive()) return
    if (!answer.enabled) {
      holder.replaceChildren(empty('The MQTT listener is off on this broker (mqtt.listeners, or --mqtt-port, enables it).', 'mqtt-off'))
      return
    }
    updated.textContent = `${answer.clients.length} sessions · updated ${new Date().toLocaleTimeString()}`
    holder.replaceChildren(answer.clients.length === 0 ? empty('No MQTT sessions.') :
      table([{ label: 'Client id' }, { label: 'Connected' }, { label: 'Protocol' }, { label: 'Remote address' },
        { label: 'Subscriptions' }],
      answer.clients.map(c => h('tr', { dataset: { testid: 'mqtt-row' } },
        h('td', { class: 'mono' }, c.clientId),
        h('td', {}, h('span', { class: `tag ${c.connected ? 'ok' : ''}` }, c.connected ? 'connected' : 'away')),
        h('td', {}, c.protocol), h('td', {}, c.remoteAddress || '–'),
        h('td', { class: 'mono' }, (c.subscriptions || []).join(', ') || '–'))),
      { class: 'grid', dataset: { testid: 'mqtt-table' } }))
  })
}
