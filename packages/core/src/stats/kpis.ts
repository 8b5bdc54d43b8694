import { handlingBuckets, type Measure, type Measures } from './measures.ts'

/**
 * Every KPI OneGrid publishes, under a stable key: a count of one measure, a rate
 * of two (numerator ÷ denominator, both returned beside the value), or a handling
 * time. Definitions and period semantics: docs/KPI.md (the table of PRODUCT.md,
 * plus the CJ/T 292 indicators). A district chooses which of the 结案率 variants
 * it shows under that label (stats settings).
 */
export type KpiKind = 'count' | 'rate' | 'hours'
type Text = { zh: string; en: string }

export type KpiDefinition = {
  key: string
  name: Text
  kind: KpiKind
  /** count: the measure; rate: numerator; hours: unused. */
  numerator: Measure | readonly Measure[]
  /** rate: what it is divided by. */
  denominator?: Measure
  /** Which way is good: rankings put the worst at the bottom. */
  better: 'higher' | 'lower'
  /** The formula in words, shown on hover and in bulletins. */
  formula: Text
}

const count = (
  key: string,
  name: Text,
  measure: Measure | readonly Measure[],
  formula: Text,
  better: 'higher' | 'lower' = 'higher',
): KpiDefinition => ({
  key,
  name,
  kind: 'count',
  numerator: measure,
  better,
  formula,
})
const rate = (
  key: string,
  name: Text,
  numerator: Measure | readonly Measure[],
  denominator: Measure,
  formula: Text,
  better: 'higher' | 'lower' = 'higher',
): KpiDefinition => ({ key, name, kind: 'rate', numerator, denominator, better, formula })

export const kpiDefinitions = [
  count('reported', { zh: '上报数', en: 'Reported' }, 'reported', {
    zh: '期内各渠道上报的事件',
    en: 'Reports received in the period, all channels',
  }),
  count('valid', { zh: '有效事件数', en: 'Valid reports' }, 'valid', {
    zh: '上报数 − 不予受理或合并的重复件',
    en: 'Reported − rejected as invalid or duplicate',
  }),
  count('selfHandled', { zh: '自处置数', en: 'Self-handled' }, 'self_handled', {
    zh: '有效事件中网格员就地处置的',
    en: 'Valid reports handled on the spot by grid staff',
  }),
  count('registered', { zh: '立案数', en: 'Registered' }, 'registered', {
    zh: '期内立案的事件',
    en: 'Cases registered in the period',
  }),
  count('discoveredLocally', { zh: '街镇发现立案数', en: 'Discovered locally' }, 'discovered_locally', {
    zh: '立案事件中由网格员、巡查上报的',
    en: 'Registered cases reported by grid or patrol staff',
  }),
  rate('discoveryRate', { zh: '及时发现率', en: 'Discovery rate' }, 'discovered_locally', 'registered', {
    zh: '街镇发现立案数 ÷ 立案数',
    en: 'Discovered locally ÷ registered',
  }),
  count('dueForHandling', { zh: '应处置数', en: 'Due for handling' }, 'due', {
    zh: '处置时限落在期内的已派遣案件，加上期内在时限前处置完成的案件；超期未处置的始终计入',
    en: 'Dispatched cases whose handling deadline falls in the period, plus those handled in the period before a later deadline; open overdue cases always count',
  }),
  count('handled', { zh: '处置数', en: 'Handled' }, 'handled', {
    zh: '应处置数中期末前处置完成的',
    en: 'Of due for handling, handled by the end of the period',
  }),
  rate('handlingRate', { zh: '处置率', en: 'Handling rate' }, 'handled', 'due', {
    zh: '处置数 ÷ 应处置数',
    en: 'Handled ÷ due for handling',
  }),
  rate('onTimeHandlingRate', { zh: '按期处置率', en: 'On-time handling rate' }, 'handled_on_time', 'due', {
    zh: '时限内处置完成数 ÷ 应处置数',
    en: 'Handled by the deadline ÷ due for handling',
  }),
  count('closedOnTime', { zh: '按时结案数', en: 'Closed on time' }, 'closed_on_time', {
    zh: '应处置数中已结案且在处置时限内处置完成的',
    en: 'Of due for handling, closed with handling completed by the deadline',
  }),
  rate('onTimeClosureRate', { zh: '按时结案率', en: 'On-time closure rate' }, 'closed_on_time', 'due', {
    zh: '按时结案数 ÷ 应处置数',
    en: 'Closed on time ÷ due for handling',
  }),
  count('closed', { zh: '结案数', en: 'Closed' }, 'closed', {
    zh: '期内结案的案件',
    en: 'Cases closed in the period',
  }),
  rate('firstTimeRate', { zh: '一次完成率', en: 'First-time rate' }, 'closed_first_time', 'closed', {
    zh: '期内结案且从未返工的 ÷ 期内结案数',
    en: 'Closed never sent back for rework ÷ closed',
  }),
  rate('completionRate', { zh: '办结率', en: 'Completion rate' }, 'completed', 'reported', {
    zh: '期内上报且期末前结案的 ÷ 上报数（丹阳口径）',
    en: 'Reported in the period and closed by its end ÷ reported (Danyang)',
  }),
  count('accepted', { zh: '受理数', en: 'Accepted' }, 'accepted', {
    zh: '期内受理的事件',
    en: 'Reports accepted in the period',
  }),
  rate(
    'acceptedHandledRate',
    { zh: '结案率（受理口径）', en: 'Closure rate (accepted basis)' },
    'accepted_handled',
    'accepted',
    {
      zh: '期内受理且期末前处置完成的 ÷ 受理数（中山区口径）',
      en: 'Accepted in the period and handled by its end ÷ accepted (Zhongshan)',
    },
  ),
  count('dueForClosure', { zh: '应结案数', en: 'Due for closure' }, 'due_close', {
    zh: '结案时限落在期内的立案件，加上期内在时限前结案的',
    en: 'Registered cases whose closing deadline falls in the period, plus those closed in it before a later deadline',
  }),
  rate(
    'closureRateCjt',
    { zh: '结案率（CJ/T 292 口径）', en: 'Closure rate (CJ/T 292)' },
    'closed_due',
    'due_close',
    {
      zh: '应结案数中期末前结案的 ÷ 应结案数',
      en: 'Of due for closure, closed by the end of the period ÷ due for closure',
    },
  ),
  rate(
    'reworkRate',
    { zh: '返工率', en: 'Rework rate' },
    'reworked',
    'due_close',
    { zh: '应结案数中返工过的 ÷ 应结案数', en: 'Of due for closure, sent back for rework ÷ due for closure' },
    'lower',
  ),
  count(
    'overdueOpen',
    { zh: '超期未处置数', en: 'Overdue, not handled' },
    [],
    {
      zh: '应处置数 − 处置数：时限已过、期末仍未处置',
      en: 'Due for handling − handled: past the deadline and not handled by the end of the period',
    },
    'lower',
  ),
  count(
    'overdueHandled',
    { zh: '超期处置数', en: 'Handled late' },
    [],
    { zh: '处置数 − 时限内处置数', en: 'Handled − handled by the deadline' },
    'lower',
  ),
  rate(
    'extensionRate',
    { zh: '延期率', en: 'Extension rate' },
    'extended',
    'due',
    {
      zh: '应处置数中批准过延期的 ÷ 应处置数',
      en: 'Of due for handling, with an approved extension ÷ due for handling',
    },
    'lower',
  ),
  count('dispatched', { zh: '派遣数', en: 'Dispatched' }, 'dispatched', {
    zh: '期内首次派遣的案件',
    en: 'Cases first dispatched in the period',
  }),
  rate(
    'returnRate',
    { zh: '退回率', en: 'Return rate' },
    'returned',
    'dispatched',
    {
      zh: '期内派遣的案件中被退回过的 ÷ 派遣数',
      en: 'Dispatched in the period and returned at least once ÷ dispatched',
    },
    'lower',
  ),
  count(
    'shirkCount',
    { zh: '推诿数', en: 'Shirked' },
    'shirked',
    { zh: '审定为无理退回的次数（按派遣期计）', en: 'Returns ruled unjustified (by the dispatch period)' },
    'lower',
  ),
  count(
    'supervisedCount',
    { zh: '督办数', en: 'Supervised' },
    'supervised',
    { zh: '期内首次督办的案件', en: 'Cases first supervised in the period' },
    'lower',
  ),
  count('followUpCount', { zh: '回访数', en: 'Followed up' }, 'followups', {
    zh: '期内回访的案件（以最后一次回访计）',
    en: 'Cases followed up in the period (the last follow-up)',
  }),
  rate('satisfactionRate', { zh: '满意率', en: 'Satisfaction rate' }, ['satisfied', 'basically'], 'reached', {
    zh: '（满意 + 基本满意）÷ 回访接通数',
    en: '(Satisfied + basically satisfied) ÷ follow-ups reached',
  }),
  rate('validReportRate', { zh: '有效上报率', en: 'Valid report rate' }, 'valid', 'reported', {
    zh: '有效事件数 ÷ 上报数',
    en: 'Valid ÷ reported',
  }),
  {
    key: 'avgHandlingHours',
    name: { zh: '平均处置时长', en: 'Average handling time' },
    kind: 'hours',
    numerator: 'handled_secs',
    denominator: 'handled_n',
    better: 'lower',
    formula: {
      zh: '期内处置完成案件的签收至处置反馈时长的平均值（小时）',
      en: 'Mean hours from signing to handled, of cases handled in the period',
    },
  },
  {
    key: 'p90HandlingHours',
    name: { zh: '90% 处置时长', en: '90th percentile handling time' },
    kind: 'hours',
    numerator: [],
    denominator: 'handled_n',
    better: 'lower',
    formula: {
      zh: '期内处置完成案件中 90% 不超过的时长（小时，按分档上限）',
      en: 'Hours within which 90 % of the cases handled in the period were handled (upper edge of its bucket)',
    },
  },
] as const satisfies readonly KpiDefinition[]

export type KpiKey = (typeof kpiDefinitions)[number]['key']
export const kpiKeys = kpiDefinitions.map((k) => k.key) as KpiKey[]
const byKey = new Map<string, KpiDefinition>(kpiDefinitions.map((k) => [k.key, k]))

export function kpiDefinition(key: KpiKey): KpiDefinition {
  const def = byKey.get(key)
  if (!def) throw new Error(`unknown KPI ${key}`)
  return def
}

export function isKpiKey(key: string): key is KpiKey {
  return byKey.has(key)
}

export type KpiValue = {
  key: KpiKey
  kind: KpiKind
  /** A count, a percentage (two decimals, rounded half up), or hours (one decimal); null when the denominator is 0. */
  value: number | null
  numerator: number
  denominator: number | null
  /** Fewer cases in the denominator than the district's minimum: shown, never ranked as if meaningful. */
  smallSample: boolean
}

/** n ÷ d as a percentage with two decimals, rounded half up, in integer arithmetic (no 0.1 + 0.2 surprises). */
export function percent(n: number, d: number): number | null {
  if (d <= 0) return null
  return Math.floor((2 * n * 10_000 + d) / (2 * d)) / 100
}

function sum(m: Readonly<Measures>, ms: Measure | readonly Measure[]): number {
  return typeof ms === 'string' ? m[ms] : ms.reduce((s, k) => s + m[k], 0)
}

/** The hour under which 90 % fall: the upper edge of the bucket where the cumulative count reaches 90 %. */
export function p90Hours(m: Readonly<Measures>): number | null {
  if (m.handled_n === 0) return null
  const target = Math.ceil(m.handled_n * 0.9)
  let seen = 0
  for (let i = 0; i < handlingBuckets.length; i++) {
    seen += m[`h${i}` as Measure]
    if (seen >= target) {
      const edge = handlingBuckets[i] as number
      return Number.isFinite(edge) ? edge : null
    }
  }
  return null
}

export function computeKpi(def: KpiDefinition, m: Readonly<Measures>, minSample: number): KpiValue {
  const key = def.key as KpiKey
  if (key === 'overdueOpen' || key === 'overdueHandled') {
    const value = key === 'overdueOpen' ? m.due - m.handled : m.handled - m.handled_on_time
    return { key, kind: 'count', value, numerator: value, denominator: null, smallSample: false }
  }
  if (def.kind === 'count') {
    const value = sum(m, def.numerator)
    return { key, kind: 'count', value, numerator: value, denominator: null, smallSample: false }
  }
  const denominator = def.denominator ? m[def.denominator] : 0
  if (def.kind === 'hours') {
    const value =
      key === 'p90HandlingHours'
        ? p90Hours(m)
        : denominator > 0
          ? Math.round((m.handled_secs / denominator / 3600) * 10) / 10
          : null
    return {
      key,
      kind: 'hours',
      value,
      numerator: key === 'p90HandlingHours' ? m.handled_n : m.handled_secs,
      denominator,
      smallSample: denominator < minSample,
    }
  }
  const numerator = sum(m, def.numerator)
  return {
    key,
    kind: 'rate',
    value: percent(numerator, denominator),
    numerator,
    denominator,
    smallSample: denominator < minSample,
  }
}

export function computeKpis(
  m: Readonly<Measures>,
  minSample: number,
  keys: readonly KpiKey[] = kpiKeys,
): KpiValue[] {
  return keys.map((k) => computeKpi(kpiDefinition(k), m, minSample))
}
