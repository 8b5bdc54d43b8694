/**
 * V8 CPU profiles of this process's main thread (where the app under test runs), for the scenarios
 * that can say where a phase's time goes: written as .cpuprofile files (open in Chrome DevTools) and
 * summarised as the top functions and files by self time.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { basename } from 'node:path'

type ProfileNode = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

type Profile = { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }

const pct = (v: number): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** The top functions of a V8 CPU profile by self time, and the self time per file (dependencies as one). */
export function summarizeProfile(profile: Profile): { functions: string[]; files: string[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (let k = 0; k < samples.length; k++) {
    const id = samples[k] ?? 0
    self.set(id, (self.get(id) ?? 0) + (deltas[k] ?? 0) / 1000)
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1
  const fn = new Map<string, number>()
  const file = new Map<string, number>()
  for (const [id, ms] of self) {
    const node = byId.get(id)
    if (!node) continue
    const url = node.callFrame.url
    const where = url ? basename(url.replace(/\?.*$/, '')) : '(native)'
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
    const fileKey = pkg ? `${pkg} (dependency)` : where
    const key = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`
    fn.set(key, (fn.get(key) ?? 0) + ms)
    file.set(fileKey, (file.get(fileKey) ?? 0) + ms)
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `${pct((100 * ms) / total)} % ${k} (${Math.round(ms)} ms)`)
  return { functions: top(fn, 25), files: top(file, 15) }
}

/** A sampling profiler on this thread; `capture` profiles one phase. Off (a no-op) unless `enabled`. */
export class CpuProfiler {
  private session: Session | null = null

  constructor(private readonly enabled: boolean) {}

  /** Runs `phase` under the profiler, writes `file`, and logs the summary. */
  async capture<T>(file: string, log: (line: string) => void, phase: () => Promise<T>): Promise<T> {
    if (!this.enabled) return phase()
    if (!this.session) {
      this.session = new Session()
      this.session.connect()
      await this.session.post('Profiler.enable')
      await this.session.post('Profiler.setSamplingInterval', { interval: 1000 })
    }
    await this.session.post('Profiler.start')
    let result: T
    try {
      result = await phase()
    } finally {
      const { profile } = await this.session.post('Profiler.stop')
      writeFileSync(file, JSON.stringify(profile))
      const summary = summarizeProfile(profile as unknown as Profile)
      log(`CPU profile written to ${file}`)
      log(`self time by file:\n  ${summary.files.join('\n  ')}`)
      log(`self time by function:\n  ${summary.functions.join('\n  ')}`)
    }
    return result
  }

  close(): void {
    this.session?.disconnect()
    this.session = null
  }
}
