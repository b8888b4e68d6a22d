// Auto-refresh for the views: runs `task` now and every `ms` after the previous run ended (a slow broker never
// piles up requests). An error goes to the banner and the polling goes on; the next success clears it.
export function poll(ctx, ms, task) {
  let timer = null
  let stopped = false
  let failed = false
  const run = async () => {
    try {
      await task()
      if (failed && ctx.alive()) ctx.clearError()
      failed = false
    } catch (e) {
      if (ctx.alive()) ctx.showError(e)
      failed = true
    }
    if (!stopped) timer = setTimeout(run, ms)
  }
  run()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

/** Loads once for a view: the answer, or null after showing the error in the banner and in the container. */
export async function loadOnce(ctx, container, promise) {
  try {
    return await promise
  } catch (e) {
    if (ctx.alive()) {
      ctx.showError(e)
      const p = document.createElement('p')
      p.className = 'empty'
      p.dataset.testid = 'load-failed'
      p.textContent = `Could not load: ${e.message}`
      container.append(p)
    }
    return null
  }
}
