/**
 * Synchronous clean-up actions (stop the throwaway cluster, remove its directory) that must run
 * however the process ends: normally, on an error, on SIGINT/SIGTERM or when the watchdog fires.
 * Actions run once each, last registered first.
 */
type Action = { label: string; run: () => void }

const actions: Action[] = []
let installed = false

export function onCleanup(label: string, run: () => void): () => void {
  const action = { label, run }
  actions.push(action)
  return () => {
    const i = actions.indexOf(action)
    if (i >= 0) actions.splice(i, 1)
  }
}

export function runCleanup(): void {
  while (actions.length > 0) {
    const action = actions.pop()
    if (!action) break
    try {
      action.run()
    } catch (error) {
      process.stderr.write(`cleanup "${action.label}" failed: ${String(error)}\n`)
    }
  }
}

/** Exit after cleaning up; used by signal handlers, the watchdog and fatal errors. */
export function exitNow(code: number, message?: string): never {
  if (message) process.stderr.write(`${message}\n`)
  runCleanup()
  process.exit(code)
}

export function installExitHandlers(timeoutMs: number): void {
  if (installed) return
  installed = true
  process.once('SIGINT', () => exitNow(130, '\nbench: interrupted (SIGINT), cleaning up'))
  process.once('SIGTERM', () => exitNow(143, '\nbench: terminated (SIGTERM), cleaning up'))
  process.once('SIGHUP', () => exitNow(129, '\nbench: hang-up (SIGHUP), cleaning up'))
  process.on('uncaughtException', (error) => exitNow(1, `bench: uncaught exception: ${error.stack ?? error}`))
  process.on('unhandledRejection', (reason) => exitNow(1, `bench: unhandled rejection: ${String(reason)}`))
  process.on('exit', () => runCleanup())
  const watchdog = setTimeout(
    () => exitNow(1, `bench: still running after ${timeoutMs} ms (BENCH_TIMEOUT_MS), giving up`),
    timeoutMs,
  )
  watchdog.unref()
}
