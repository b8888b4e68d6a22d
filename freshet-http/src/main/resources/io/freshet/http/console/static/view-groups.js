// Consumer groups: the list (state, protocol, members, lag) and one group's members, assignments and lag per
// partition. Both refresh by themselves, so a consumer catching up is seen without reloading.
import { getJson, seg } from './api.js'
import { h, fmtNumber, table, empty } from './dom.js'
import { poll } from './poll.js'

const REFRESH_MS = 2000

export function groupList(container, params, ctx) {
  const updated = h('span', { class: 'muted', dataset: { testid: 'groups-updated' } })
  const holder = h('div', {})
  container.append(h('header', { class: 'page-head' }, h('h1', {}, 'Consumer groups'), updated), holder)
  return poll(ctx, REFRESH_MS, async () => {
    const answer = await getJson('/groups')
    if (!ctx.alive()) return
    updated.textContent = `${answer.groups.length} groups · updated ${new Date().toLocaleTimeString()}`
    holder.replaceChildren(answer.groups.length === 0 ? empty('No consumer groups yet.', 'no-groups')
      : table([{ label: 'Group' }, { label: 'State' }, { label: 'Protocol' }, { label: 'Members', class: 'num' },
        { label: 'Lag', class: 'num' }],
      answer.groups.map(g => h('tr', { dataset: { testid: 'group-row', group: g.groupId } },
        h('td', {}, h('a', { href: `#/groups/${seg(g.groupId)}` }, g.groupId)),
        h('td', {}, stateTag(g.state)),
        h('td', {}, g.protocol),
        h('td', { class: 'num' }, fmtNumber(g.members)),
        h('td', { class: 'num', dataset: { testid: 'group-lag' } }, fmtNumber(g.lag)))),
      { class: 'grid', dataset: { testid: 'groups-table' } }))
  })
}

export function groupDetail(container, [groupId], ctx) {
  const updated = h('span', { class: 'muted', dataset: { testid: 'group-updated' } })
  const head = h('div', {})
  const members = h('div', {})
  const offsets = h('div', {})
  container.append(h('nav', { class: 'crumbs' }, h('a', { href: '#/groups' }, 'Consumer groups'), ' / ', groupId),
    h('header', { class: 'page-head' }, h('h1', { dataset: { testid: 'group-id' } }, groupId), updated),
    head,
    h('section', {}, h('h2', {}, 'Lag per partition'), offsets),
    h('section', {}, h('h2', {}, 'Members'), members))
  let refreshes = 0
  return poll(ctx, REFRESH_MS, async () => {
    const g = await getJson(`/groups/${seg(groupId)}`)
    if (!ctx.alive()) return
    refreshes++
    const lag = g.offsets.reduce((sum, o) => sum + (o.lag ?? 0), 0)
    updated.textContent = `auto-refresh every ${REFRESH_MS / 1000} s · updated ${new Date().toLocaleTimeString()}`
    updated.dataset.refreshes = refreshes
    head.replaceChildren(h('div', { class: 'facts' },
      fact('State', stateTag(g.state)), fact('Protocol', g.protocol), fact('Members', g.members.length),
      fact('Total lag', h('span', { dataset: { testid: 'group-total-lag' } }, fmtNumber(lag)))))
    offsets.replaceChildren(offsetTable(g.offsets))
    members.replaceChildren(memberTable(g.members))
  })
}

function offsetTable(rows) {
  if (rows.length === 0) return empty('No committed offsets.')
  const max = Math.max(1, ...rows.map(o => o.lag ?? 0))
  return table([{ label: 'Topic' }, { label: 'Partition', class: 'num' }, { label: 'Committed', class: 'num' },
    { label: 'End offset', class: 'num' }, { label: 'Lag', class: 'num' }, { label: '' }],
  rows.map(o => h('tr', { dataset: { testid: 'offset-row', topic: o.topic, partition: o.partition } },
    h('td', {}, h('a', { href: `#/topics/${seg(o.topic)}` }, o.topic)),
    h('td', { class: 'num' }, o.partition),
    h('td', { class: 'num', dataset: { testid: 'committed' } }, fmtNumber(o.committed)),
    h('td', { class: 'num', dataset: { testid: 'end-offset' } }, fmtNumber(o.endOffset)),
    h('td', { class: 'num', dataset: { testid: 'lag' } }, fmtNumber(o.lag)),
    h('td', { class: 'bar' }, h('span', { style: `width: ${Math.round(((o.lag ?? 0) / max) * 100)}%` })))),
  { class: 'grid', dataset: { testid: 'offsets-table' } })
}

function memberTable(members) {
  if (members.length === 0) return empty('No members: nobody consumes now (offsets stay committed).', 'no-members')
  return table([{ label: 'Member' }, { label: 'Client' }, { label: 'Host' }, { label: 'Assigned partitions' }],
    members.map(m => h('tr', { dataset: { testid: 'member-row' } },
      h('td', { class: 'mono' }, m.memberId), h('td', {}, m.clientId), h('td', {}, m.host),
      h('td', { class: 'mono' }, m.assignments.map(a => `${a.topic}-${a.partition}`).join(', ') || '–'))),
    { class: 'grid', dataset: { testid: 'members-table' } })
}

function fact(label, value) {
  return h('div', {}, h('div', { class: 'muted' }, label), h('div', { class: 'fact' }, value))
}

function stateTag(state) {
  const tone = /stable/i.test(state) ? 'ok' : /empty/i.test(state) ? '' : /dead/i.test(state) ? 'bad' : 'warn'
  return h('span', { class: `tag ${tone}` }, state)
}
