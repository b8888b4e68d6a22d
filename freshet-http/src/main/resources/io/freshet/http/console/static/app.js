// The Freshet web console: hash routes to views, the error banner, the navigation. Each view is a function
// (container, params, ctx) that renders into the container and returns a function that stops its timers; the
// router calls it when the route changes, so a view never updates a page that is gone.
import { getJson } from './api.js'
import { overview } from './view-overview.js'
import { topicList } from './view-topics.js'
import { topicDetail } from './view-topic.js'
import { groupList, groupDetail } from './view-groups.js'
import { mqttClients } from './view-mqtt.js'
import { sqlQueries } from './view-sql.js'
import { h } from './dom.js'

const ROUTES = [
  [/^\/?$/, 'overview', overview],
  [/^\/topics\/?$/, 'topics', topicList],
  [/^\/topics\/(.+)$/, 'topics', topicDetail],
  [/^\/groups\/?$/, 'groups', groupList],
  [/^\/groups\/(.+)$/, 'groups', groupDetail],
  [/^\/mqtt\/?$/, 'mqtt', mqttClients],
  [/^\/sql\/?$/, 'sql', sqlQueries]
]

const banner = document.querySelector('.banner')
const view = document.getElementById('view')
let stopView = () => {}
let generation = 0

function showError(error) {
  const where = error.status ? ` (${error.status})` : ''
  banner.querySelector('.banner-text').textContent = `${error.message || error}${where}`
  banner.hidden = false
}

function clearError() {
  banner.hidden = true
}

function route() {
  stopView()
  clearError()
  const path = decodeHash(location.hash)
  const match = ROUTES.map(([pattern, nav, render]) => [pattern.exec(path), nav, render]).find(([m]) => m)
  document.querySelectorAll('nav a[data-route]').forEach(a => a.classList.toggle('active', match?.[1] === a.dataset.route))
  view.replaceChildren()
  if (!match) {
    view.append(h('h1', {}, 'Not found'), h('p', {}, 'No page at ', h('code', {}, path), '. ',
      h('a', { href: '#/' }, 'Back to the overview')))
    stopView = () => {}
    return
  }
  const mine = ++generation
  const ctx = { showError, clearError, alive: () => mine === generation }
  const params = match[0].slice(1).map(decodeURIComponent)
  const stop = match[2](view, params, ctx)
  stopView = () => {
    generation++
    if (typeof stop === 'function') stop()
  }
}

function decodeHash(hash) {
  return hash.replace(/^#/, '') || '/'
}

// The nav marks MQTT and SQL "off" when the broker runs without them; the pages still say so when opened.
async function markOptionalFeatures() {
  const [mqtt, sql] = await Promise.allSettled([getJson('/mqtt/clients'), getJson('/sql/queries')])
  const mark = (route, result) => {
    if (result.status === 'fulfilled' && result.value.enabled === false) {
      document.querySelector(`nav a[data-route="${route}"]`).classList.add('off')
    }
  }
  mark('mqtt', mqtt)
  mark('sql', sql)
}

async function showClusterInNav() {
  try {
    const cluster = await getJson('/cluster')
    document.querySelector('.cluster').textContent = `${cluster.clusterId} · ${cluster.version}`
  } catch (e) {
    // the overview shows the error when opened
  }
}

banner.querySelector('.banner-close').addEventListener('click', clearError)
window.addEventListener('hashchange', route)
window.addEventListener('unhandledrejection', event => showError(event.reason))
route()
// The navigation's extras wait a second: the page's own calls come first (all of them reach the broker through the
// API's Admin client; the cluster's configs need not go before a thousand topics' offsets and sizes).
setTimeout(() => {
  markOptionalFeatures()
  showClusterInNav()
}, 1000)
