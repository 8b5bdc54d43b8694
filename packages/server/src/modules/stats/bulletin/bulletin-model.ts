import type { TKpiValue, TPeriod, TRanking } from '@onegrid/core/api/stats'
import type { KpiKey } from '@onegrid/core/stats/kpis'

/**
 * What a bulletin (通报) says, assembled once from the statistics and handed to
 * both renderers (bulletin-xlsx.ts, bulletin-pdf.ts), which only lay it out.
 * Every text is already in Chinese; every figure is as the statistics computed
 * it (a rate's value is a percentage with two decimals, beside its numerator and
 * denominator); instants are ISO strings, shown in Asia/Shanghai.
 */
export type BulletinPeriodKind = 'half_month' | 'month'

export type BulletinPeriod = TPeriod & { kind: BulletinPeriodKind }

/** A headline KPI of the period with the same of the previous period (环比). */
export type BulletinKpi = {
  key: KpiKey
  /** 按时结案率 … (kpiDefinitions' name.zh). */
  name: string
  /** The formula in words (kpiDefinitions' formula.zh). */
  formula: string
  better: 'higher' | 'lower'
  current: TKpiValue
  /** null when the previous period is not known (the first period counted). */
  previous: TKpiValue | null
}

/** One ranking: a level of areas or departments ranked by one KPI, the worst flagged (排名靠后). */
export type BulletinRanking = {
  /** 街道（乡镇）按时结案率排名 */
  title: string
  /** 街道（乡镇）, 社区（村）, 职能部门: the name column's header. */
  levelName: string
  /** The KPI's name (e.g. 按时结案率). */
  kpiName: string
  ranking: TRanking
}

/** An open case named in the bulletin: overdue, supervised, or both. */
export type BulletinCase = {
  code: string
  title: string
  /** The grid or community it is in (with its street). */
  areaName: string
  /** The unit or person handling it now. */
  handlerName: string | null
  /** The deadline of the clock that runs out first (ISO instant), if any. */
  dueAt: string | null
  /** Whole days past dueAt at the end of the period (or at issue, if earlier); 0 when not overdue. */
  daysOverdue: number
  supervised: boolean
  /** When it was first supervised (督办), for the supervised list. */
  supervisedAt: string | null
  /** Its status in words (处置中, 待核查 …). */
  statusName: string
}

/** A category's share of the period's reports, with the previous period's count (环比). */
export type BulletinShare = {
  key: string
  name: string
  count: number
  /** A percentage (two decimals). */
  percent: number
  previousCount: number | null
}

export type BulletinModel = {
  /** 云溪区网格化服务管理中心2026年11月上半月工作通报 */
  title: string
  /** Who issues it: 云溪区网格化服务管理中心. */
  issuer: string
  districtName: string
  /** The area reported on (the district, or a street of it) and its code. */
  areaName: string
  areaCode: string
  period: BulletinPeriod
  previousPeriod: BulletinPeriod
  /** When it was generated (ISO instant). */
  issuedAt: string
  /** Rates over fewer cases are small samples: shown, never ranked. */
  minSample: number
  kpis: BulletinKpi[]
  rankings: BulletinRanking[]
  /** Open cases past their deadline, the most overdue first. */
  overdue: BulletinCase[]
  /** How many overdue cases there are in all (the list may be cut). */
  overdueTotal: number
  /** Open cases under supervision (督办). */
  supervised: BulletinCase[]
  supervisedTotal: number
  categoryShares: BulletinShare[]
}

/** The change from the previous period (环比) in the KPI's own terms. */
export type KpiChange = {
  /** rate: percentage points; count: percent change; hours: hours. null when either side is unknown. */
  delta: number | null
  unit: 'pp' | 'percent' | 'hours'
  /** better / worse / same by the KPI's direction; null when unknown. */
  verdict: 'better' | 'worse' | 'same' | null
  /** 上升 1.25 个百分点, 下降 12.5%, 持平, — */
  text: string
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/** 环比: rates compare in percentage points, counts in percent, times in hours. */
export function kpiChange(kpi: Pick<BulletinKpi, 'current' | 'previous' | 'better'>): KpiChange {
  const { current, previous, better } = kpi
  const unit = current.kind === 'rate' ? 'pp' : current.kind === 'hours' ? 'hours' : 'percent'
  const now = current.value
  const before = previous?.value ?? null
  if (now === null || before === null) return { delta: null, unit, verdict: null, text: '—' }
  let delta: number | null
  if (unit === 'percent')
    delta = before === 0 ? (now === 0 ? 0 : null) : round(((now - before) / before) * 100, 1)
  else delta = round(now - before, unit === 'pp' ? 2 : 1)
  if (delta === null)
    return { delta: null, unit, verdict: now > 0 ? verdictOf(1, better) : null, text: '新增' }
  if (delta === 0) return { delta: 0, unit, verdict: 'same', text: '持平' }
  const size = Math.abs(delta)
  const amount =
    unit === 'pp'
      ? `${size.toFixed(2)}个百分点`
      : unit === 'hours'
        ? `${size.toFixed(1)}小时`
        : `${size.toFixed(1)}%`
  return { delta, unit, verdict: verdictOf(delta, better), text: `${delta > 0 ? '上升' : '下降'}${amount}` }
}

function verdictOf(delta: number, better: 'higher' | 'lower'): 'better' | 'worse' {
  return delta > 0 === (better === 'higher') ? 'better' : 'worse'
}

const pad = (n: number) => String(n).padStart(2, '0')

/** 2026-11-16 09:05 in Asia/Shanghai. */
export function shanghaiDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** A KPI value as shown: 93.25%, 1,204, 18.5 小时, — when unknown. */
export function formatKpiValue(v: Pick<TKpiValue, 'kind' | 'value'> | null): string {
  if (!v || v.value === null) return '—'
  if (v.kind === 'rate') return `${v.value.toFixed(2)}%`
  if (v.kind === 'hours') return `${v.value.toFixed(1)}小时`
  return v.value.toLocaleString('en-US')
}

/** Why a row is marked: 排名靠后, 样本不足（<30件）, or nothing. */
export function rankingNote(row: TRanking['rows'][number], minSample: number): string {
  if (row.kpi.smallSample) return `样本不足（少于${minSample}件），不参与排名`
  return row.bottom ? '排名靠后' : ''
}
