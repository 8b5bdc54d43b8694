/**
 * CPU time from /proc (Linux): of this process's main thread (the server's event loop when the app
 * runs in-process; worker threads excluded), and of other processes by pid (PostgreSQL backends).
 * Undefined where /proc cannot be read. Resolution: one clock tick (10 ms), so measure whole phases.
 */
import { readFileSync } from 'node:fs'

const TICK_MS = 10

/** utime + stime of a /proc stat line, in ms. */
function statCpuMs(path: string): number | undefined {
  try {
    const stat = readFileSync(path, 'utf8')
    // The command may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const utime = Number(fields[11])
    const stime = Number(fields[12])
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MS : undefined
  } catch {
    return undefined
  }
}

/** CPU time of the main thread of this process (its thread id is the process id). */
export function mainThreadCpuMs(): number | undefined {
  return statCpuMs(`/proc/self/task/${process.pid}/stat`)
}

/** CPU time of this whole process: every thread (the clients' worker threads, GC and libuv helpers too). */
export function processCpuMs(): number | undefined {
  return statCpuMs('/proc/self/stat')
}

/** CPU time of each of these processes that can be read, by pid. */
export function processesCpuMs(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const pid of pids) {
    const ms = statCpuMs(`/proc/${pid}/stat`)
    if (ms !== undefined) out.set(pid, ms)
  }
  return out
}
