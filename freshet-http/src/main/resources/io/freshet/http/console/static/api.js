// The console's only way to the broker: the JSON API under /console/api/ (and the Prometheus text at /metrics).
// Every failure becomes an ApiError carrying the server's message, so a view can show it in the banner.

export class ApiError extends Error {
  constructor(status, message, path) {
    super(message)
    this.status = status
    this.path = path
  }
}

const API = '/console/api'

/** GET a JSON document from the console API; `path` starts with '/'. */
export function getJson(path) {
  return request(API + path, { headers: { Accept: 'application/json' } }).then(r => r.json())
}

/** POST a JSON body to the console API and return the JSON answer. */
export function postJson(path, body) {
  return request(API + path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  }).then(r => r.json())
}

/** The Prometheus text at /metrics, or null when the broker runs with metrics.enabled=false (404). */
export async function getMetricsText() {
  let response
  try {
    response = await fetch('/metrics', { headers: { Accept: 'text/plain' } })
  } catch (e) {
    throw new ApiError(0, `cannot reach the broker: ${e.message}`, '/metrics')
  }
  if (response.status === 404) return null
  if (!response.ok) throw new ApiError(response.status, `/metrics answered ${response.status}`, '/metrics')
  return response.text()
}

/** Segment of a path, encoded: topic and group names may hold characters a URL reserves. */
export const seg = name => encodeURIComponent(name)

async function request(url, init) {
  let response
  try {
    response = await fetch(url, init)
  } catch (e) {
    throw new ApiError(0, `cannot reach the broker (${e.message})`, url)
  }
  if (response.ok) return response
  throw new ApiError(response.status, await errorMessage(response), url)
}

// The API's error body is {"error_code", "message"}; anything else (a proxy's page) is shown by its status.
async function errorMessage(response) {
  const text = await response.text().catch(() => '')
  try {
    const body = JSON.parse(text)
    if (body && typeof body.message === 'string') return body.message
  } catch (notJson) {
    // fall through
  }
  return `${response.status} ${response.statusText || 'error'}${text ? ': ' + text.slice(0, 200) : ''}`
}
