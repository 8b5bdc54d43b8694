/** Ratio resolution, the printed table and the JSON result file. */
import type { ResultRow } from './types.ts'

export interface ScenarioResult {
  name: string
  description: string
  status: 'ok' | 'failed'
  error?: string
  elapsedMs: number
  rows: ResolvedRow[]
}

export interface ResolvedRow extends ResultRow {
  /** value / baseline value, when the baseline was measured in this run. */
  ratio: number | null
  /** The full name (`scenario/metric`) of the baseline. */
  baseline: string | null
}

export function fullName(scenario: string, ref: string): string {
  return ref.includes('/') ? ref : `${scenario}/${ref}`
}

/** Resolves every ratioTo against the rows measured so far; returns notes for missing baselines. */
export function resolveRatios(results: ScenarioResult[]): string[] {
  const notes: string[] = []
  const byName = new Map<string, ResolvedRow>()
  for (const s of results) for (const r of s.rows) byName.set(`${s.name}/${r.metric}`, r)
  for (const s of results) {
    for (const r of s.rows) {
      if (!r.ratioTo) continue
      const name = fullName(s.name, r.ratioTo)
      r.baseline = name
      const base = byName.get(name)
      if (!base) {
        notes.push(`${s.name}/${r.metric}: baseline ${name} was not measured in this run, so no ratio`)
      } else if (base.unit !== r.unit) {
        notes.push(`${s.name}/${r.metric}: baseline ${name} is in ${base.unit}, not ${r.unit}, so no ratio`)
      } else if (base.value !== 0 && Number.isFinite(base.value)) {
        r.ratio = r.value / base.value
      }
    }
  }
  return notes
}

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value)
  const abs = Math.abs(value)
  const digits =
    Number.isInteger(value) && unit !== 'ms' ? 0 : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null) return ''
  return `${ratio.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}×`
}

/** A plain-text table; columns listed as 'l' (left) or 'r' (right) aligned. */
export function table(header: string[], align: Array<'l' | 'r'>, body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(header), rule, ...body.map(line)].join('\n')
}

export function resultsTable(results: ScenarioResult[]): string {
  const body: string[][] = []
  for (const s of results) {
    if (s.status === 'failed') body.push([s.name, '(failed)', '', '', '', s.error?.split('\n')[0] ?? ''])
    for (const r of s.rows) {
      const baseline = r.baseline?.startsWith(`${s.name}/`)
        ? r.baseline.slice(s.name.length + 1)
        : (r.baseline ?? '')
      body.push([s.name, r.metric, formatValue(r.value, r.unit), r.unit, formatRatio(r.ratio), baseline])
    }
  }
  return table(
    ['scenario', 'metric', 'value', 'unit', 'ratio', 'of baseline'],
    ['l', 'l', 'r', 'l', 'r', 'l'],
    body,
  )
}

/** Rounds for the JSON file: 4 significant digits below 1000, whole numbers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value
  return Math.abs(value) >= 1000 ? Math.round(value) : Number(value.toPrecision(4))
}
