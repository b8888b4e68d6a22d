// A line chart on a <canvas>: a few series of {t, v} over the same time window, y from zero to the highest
// value. Drawn whole on every update (a few hundred points: cheaper than keeping a scene).

const AXES = { left: 64, right: 12, top: 10, bottom: 22 }
const BARE = { left: 1, right: 1, top: 2, bottom: 2 }

/**
 * series: [{color, points: [{t, v}]}]; format: v -> axis label; bare: no grid nor labels (a sparkline); unit: 1024
 * when the axis is labelled in KiB, MiB... (its gridlines then fall on round numbers of those), else 1.
 */
export function drawChart(canvas, series, format, bare = false, unit = 1) {
  const PAD = bare ? BARE : AXES
  const ratio = window.devicePixelRatio || 1
  const width = canvas.clientWidth
  const height = canvas.clientHeight
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio)
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio)
  const g = canvas.getContext('2d')
  g.setTransform(ratio, 0, 0, ratio, 0, 0)
  g.clearRect(0, 0, width, height)

  const all = series.flatMap(s => s.points)
  const plotW = width - PAD.left - PAD.right
  const plotH = height - PAD.top - PAD.bottom
  const max = niceMax(Math.max(0, ...all.map(p => p.v)), unit)
  const t1 = all.length ? Math.max(...all.map(p => p.t)) : Date.now()
  const t0 = Math.min(bare ? t1 : t1 - 60_000, ...all.map(p => p.t)) // a chart spans a minute at least
  const x = t => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * plotW
  const y = v => PAD.top + plotH - (v / max) * plotH

  g.font = '11px system-ui, sans-serif'
  g.fillStyle = '#6b7280'
  g.strokeStyle = '#e5e7eb'
  g.lineWidth = 1
  if (!bare) drawAxes(g, { width, height, max, t0, t1, y, format })

  g.lineWidth = bare ? 1.5 : 2
  g.lineJoin = 'round'
  for (const s of series) {
    if (s.points.length === 0) continue
    g.strokeStyle = s.color
    g.fillStyle = s.color
    if (s.points.length === 1) { // no line yet: a dot, so the first rate shows
      g.beginPath()
      g.arc(x(s.points[0].t), y(s.points[0].v), 2.5, 0, 2 * Math.PI)
      g.fill()
      continue
    }
    g.beginPath()
    s.points.forEach((p, i) => (i === 0 ? g.moveTo(x(p.t), y(p.v)) : g.lineTo(x(p.t), y(p.v))))
    g.stroke()
  }
}

function drawAxes(g, { width, height, max, t0, t1, y, format }) {
  const PAD = AXES
  g.textAlign = 'right'
  g.textBaseline = 'middle'
  for (let i = 0; i <= 5; i++) {
    const v = (max * i) / 5
    g.beginPath()
    g.moveTo(PAD.left, Math.round(y(v)) + 0.5)
    g.lineTo(width - PAD.right, Math.round(y(v)) + 0.5)
    g.stroke()
    g.fillText(format(v), PAD.left - 6, y(v))
  }
  g.textAlign = 'left'
  g.textBaseline = 'top'
  g.fillText(`${Math.round((t1 - t0) / 1000)} s ago`, PAD.left, height - PAD.bottom + 6)
  g.textAlign = 'right'
  g.fillText('now', width - PAD.right, height - PAD.bottom + 6)
}

// 1, 2 or 5 times a power of ten, at least the value: five round gridlines. With unit 1024 the value is first
// brought into the range of the unit its labels use (5,000 B/s is 4.9 KiB/s: the top line is 5 KiB/s).
function niceMax(value, unit) {
  if (value <= 0) return 1
  let scale = 1
  while (unit > 1 && value / scale >= unit) scale *= unit
  return scale * niceDecimal(value / scale)
}

function niceDecimal(value) {
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power
  }
  return 10 * power
}
