import { percent } from './kpis.ts'

/**
 * Assessment (考核): composite scores in the style of CJ/T 292-2008 (reference/standards.md
 * §2.4, "as commonly implemented") for the people and bodies of a district, monthly, graded A–E.
 * The default scheme of each kind of object is data (below); a district overrides weights, count
 * bands, grade bands and the small-sample minimum (the server keeps them). `scoreOf` is the whole
 * computation from an object's figures to its indicators' scores, the composite and the grade;
 * the server computes the figures (docs/KPI.md, 考核).
 */

type Text = { zh: string; en: string }

export const assessmentKinds = [
  'grid_worker',
  'supervisor',
  'operator',
  'dispatcher',
  'department',
  'area',
] as const
export type AssessmentKind = (typeof assessmentKinds)[number]

export const assessmentKindNames: Record<AssessmentKind, Text> = {
  grid_worker: { zh: '网格员', en: 'Grid workers' },
  supervisor: { zh: '监督员', en: 'Supervisors' },
  operator: { zh: '受理员', en: 'Operators' },
  dispatcher: { zh: '派遣员', en: 'Dispatchers' },
  department: { zh: '职能部门', en: 'Departments' },
  area: { zh: '区域', en: 'Areas' },
}

/** Area assessments are made for one level at a time; a published month freezes all three. */
export const assessmentAreaLevels = ['street', 'community', 'grid'] as const
export type AssessmentAreaLevel = (typeof assessmentAreaLevels)[number]

export const grades = ['A', 'B', 'C', 'D', 'E'] as const
export type Grade = (typeof grades)[number]

/** The lowest composite of grades A–D (E is below D): A 90–100, B 75–90, C 60–75, D 40–60, E < 40. */
export type GradeBands = Record<Exclude<Grade, 'E'>, number>
export const defaultGradeBands: GradeBands = { A: 90, B: 75, C: 60, D: 40 }

/**
 * A count band: a value from `min` (inclusive) up to the next band's `min` scores `score`.
 * Bands are listed by ascending `min`, the first at 0; the last is open-ended.
 */
export type CountBand = { min: number; score: number }

/** What the server counts for each assessed object (docs/KPI.md, 考核: where each comes from). */
export const figureKeys = [
  /** Reports the person made in the month (the `reporter` grouping). */
  'reported',
  /** Of those, valid (not rejected nor merged as a duplicate). */
  'valid',
  /** Cases registered in the month in the object's grids or area. */
  'registered',
  /** Of those, reported by residents, 12345 or other non-staff channels (漏报 / 监督举报). */
  'publicReported',
  /** Verifications (核查) of the object's grids or area counted in the month. */
  'verifyDue',
  /** Of those, done by the verification deadline. */
  'verifyOnTime',
  /** The sum over grid-days of each day's patrol coverage (0..1). */
  'coverageSum',
  /** Grid-days in the month (so far): the object's grids × the days. */
  'coverageDays',
  /** Visit targets due in the month (so far) by the visit plan. */
  'visitsDue',
  /** Of those, visited in the month. */
  'visitsDone',
  /** Reports the operator accepted or rejected in the month (受理数). */
  'decided',
  /** Of those, decided within the acceptance deadline. */
  'decidedOnTime',
  /** Dispatches (派遣, reassignment included) the dispatcher made in the month. */
  'dispatches',
  /** Of those, made within the dispatch deadline. */
  'dispatchesOnTime',
  /** Of those, not reassigned after a return ruled justified. */
  'dispatchesAccurate',
  /** Measures of the rollups (core/stats/measures.ts), by department or area. */
  'dueClose',
  'closedDue',
  'reworked',
  'due',
  'handledOnTime',
  'closedOnTime',
  'dispatched',
  'returned',
  'shirked',
  /** Grids in the area (an area's 立案数 is banded per grid). */
  'grids',
  /** Whistle summonses (吹哨) of the department whose arrival limit fell in the month and has passed (or it came). */
  'whistlesSummoned',
  /** Of those, arrived on site by the limit (报到). */
  'whistlesArrived',
] as const
export type FigureKey = (typeof figureKeys)[number]
export type Figures = Partial<Record<FigureKey, number>>

export type IndicatorDefinition = {
  key: string
  name: Text
  /** Where its figures come from, in words (hover texts and docs). */
  source: Text
  /** rate: numerator ÷ denominator, scored r × 100 (bad: (1 − r) × 100); count: a figure scored by bands. */
  kind: 'rate' | 'count'
  numerator: FigureKey
  /** rate: what it is divided by. */
  denominator?: FigureKey
  /** count: divided by this first (an area's 立案数 per grid), one decimal. */
  per?: FigureKey
  /** A "bad" rate (漏报率, 返工率, 监督举报率): scored (1 − r) × 100. */
  bad?: boolean
  /** A rate over cases or visits: fewer than the scheme's minimum in the denominator is a small sample. */
  sampled: boolean
  /** count: the default bands. */
  bands?: readonly CountBand[]
}

export type IndicatorDefault = IndicatorDefinition & { weight: number }

/** §2.4's 受理数 bands (≤100 件 0 … ≥2001 件 100), used for 派遣数 as well. */
export const intakeCountBands: readonly CountBand[] = [
  { min: 0, score: 0 },
  { min: 101, score: 40 },
  { min: 301, score: 60 },
  { min: 501, score: 75 },
  { min: 1201, score: 90 },
  { min: 2001, score: 100 },
]

/** 推诿 (unjustified returns) of a department in a month: none 100, one 80, two 60, three or four 40, five or more 0. */
export const shirkBands: readonly CountBand[] = [
  { min: 0, score: 100 },
  { min: 1, score: 80 },
  { min: 2, score: 60 },
  { min: 3, score: 40 },
  { min: 5, score: 0 },
]

/** An area's 立案数 per grid in a month: fewer problems, a better-kept area (one table for every level). */
export const registeredPerGridBands: readonly CountBand[] = [
  { min: 0, score: 100 },
  { min: 5, score: 90 },
  { min: 10, score: 75 },
  { min: 20, score: 60 },
  { min: 40, score: 40 },
  { min: 80, score: 0 },
]

const validReportRate = (weight: number): IndicatorDefault => ({
  key: 'validReportRate',
  name: { zh: '有效上报率', en: 'Valid report rate' },
  source: {
    zh: '本人当月上报的事件中有效的（未被不予受理或合并）÷ 本人上报数',
    en: 'Of the reports the person made in the month, those valid (not rejected or merged) ÷ reported',
  },
  kind: 'rate',
  numerator: 'valid',
  denominator: 'reported',
  sampled: true,
  weight,
})
const missedReportRate = (weight: number, where: Text): IndicatorDefault => ({
  key: 'missedReportRate',
  name: { zh: '漏报率', en: 'Missed report rate' },
  source: {
    zh: `${where.zh}当月立案事件中由群众、12345 等非网格渠道反映的 ÷ 立案数；按 (1 − 漏报率) × 100 计分`,
    en: `Of the cases registered in the month in ${where.en}, those reported by residents, 12345 or other non-staff channels ÷ registered; scored (1 − rate) × 100`,
  },
  kind: 'rate',
  numerator: 'publicReported',
  denominator: 'registered',
  bad: true,
  sampled: true,
  weight,
})
const onTimeVerifyRate = (weight: number, where: Text): IndicatorDefault => ({
  key: 'onTimeVerifyRate',
  name: { zh: '按时核查率', en: 'On-time verification rate' },
  source: {
    zh: `${where.zh}的核查：当月完成的按完成日计，未完成且已过时限的按时限日计；按时核查数 ÷ 应核查数`,
    en: `Verifications of ${where.en}: counted in the month done, or, not done, in the month their deadline passed; done by the deadline ÷ due`,
  },
  kind: 'rate',
  numerator: 'verifyOnTime',
  denominator: 'verifyDue',
  sampled: true,
  weight,
})

const defaults: Record<AssessmentKind, { indicators: readonly IndicatorDefault[]; minSample: number }> = {
  // The supervisor's scheme of §2.4, with patrol coverage and visits for the grid worker's own field work.
  grid_worker: {
    minSample: 5,
    indicators: [
      validReportRate(30),
      missedReportRate(15, { zh: '本人所在网格', en: 'their grids' }),
      onTimeVerifyRate(15, { zh: '本人所在网格', en: 'their grids' }),
      {
        key: 'patrolCoverage',
        name: { zh: '巡查覆盖率', en: 'Patrol coverage' },
        source: {
          zh: '本人所在网格当月每日巡查覆盖率的平均值（未巡查的日子计 0）',
          en: 'The mean of the daily patrol coverage of their grids in the month (a day without patrol counts 0)',
        },
        kind: 'rate',
        numerator: 'coverageSum',
        denominator: 'coverageDays',
        sampled: false,
        weight: 20,
      },
      {
        key: 'visitCompletionRate',
        name: { zh: '走访完成率', en: 'Visits done vs due' },
        source: {
          zh: '本人所在网格按走访计划当月应访的对象中，当月已走访的 ÷ 应访对象数',
          en: 'Of the visit targets of their grids due in the month by the visit plan, those visited in the month ÷ due',
        },
        kind: 'rate',
        numerator: 'visitsDone',
        denominator: 'visitsDue',
        sampled: true,
        weight: 20,
      },
    ],
  },
  // §2.4 监督员: 有效上报率 40, 漏报率 20, 按时核实率 20, 按时核查率 20. OneGrid has no 核实 step of its
  // own (the center accepts what is reported): its 20 goes to the other three in proportion.
  supervisor: {
    minSample: 10,
    indicators: [
      validReportRate(50),
      missedReportRate(25, { zh: '本人负责区域', en: 'their area' }),
      onTimeVerifyRate(25, { zh: '本人负责区域', en: 'their area' }),
    ],
  },
  // §2.4 受理员: 受理数 25, 核实按时派发率 40, 核查按时派发率 35. Verifications are not sent out by the
  // operator here (grid staff pick them up): the 75 goes to the operator's own step on time.
  operator: {
    minSample: 10,
    indicators: [
      {
        key: 'intakeCount',
        name: { zh: '受理数', en: 'Reports decided' },
        source: {
          zh: '本人当月受理或不予受理的上报数（案件时间线中本人的受理、不予受理）；按 CJ/T 292 受理数分档计分',
          en: 'Reports the person accepted or rejected in the month (their accept and reject steps in the timelines); scored by the CJ/T 292 bands',
        },
        kind: 'count',
        numerator: 'decided',
        sampled: false,
        bands: intakeCountBands,
        weight: 25,
      },
      {
        key: 'onTimeIntakeRate',
        name: { zh: '按时受理率', en: 'On-time intake rate' },
        source: {
          zh: '本人当月的受理、不予受理中，在受理时限内完成的 ÷ 受理数',
          en: 'Of the person’s accept and reject steps in the month, those within the acceptance deadline ÷ decided',
        },
        kind: 'rate',
        numerator: 'decidedOnTime',
        denominator: 'decided',
        sampled: true,
        weight: 75,
      },
    ],
  },
  // §2.4 派遣员: 派遣数 20, 按时派遣率 40, 准确派遣率 40.
  dispatcher: {
    minSample: 10,
    indicators: [
      {
        key: 'dispatchCount',
        name: { zh: '派遣数', en: 'Dispatches' },
        source: {
          zh: '本人当月的派遣（含审定改派）次数；按受理数同一分档计分',
          en: 'The person’s dispatches in the month (reassignments after a return included); scored by the intake bands',
        },
        kind: 'count',
        numerator: 'dispatches',
        sampled: false,
        bands: intakeCountBands,
        weight: 20,
      },
      {
        key: 'onTimeDispatchRate',
        name: { zh: '按时派遣率', en: 'On-time dispatch rate' },
        source: {
          zh: '本人当月的派遣中，在派遣时限内完成的 ÷ 派遣数',
          en: 'Of the person’s dispatches in the month, those within the dispatch deadline ÷ dispatches',
        },
        kind: 'rate',
        numerator: 'dispatchesOnTime',
        denominator: 'dispatches',
        sampled: true,
        weight: 40,
      },
      {
        key: 'accurateDispatchRate',
        name: { zh: '准确派遣率', en: 'Accurate dispatch rate' },
        source: {
          zh: '本人当月的派遣中，未因退回被审定改派的 ÷ 派遣数',
          en: 'Of the person’s dispatches in the month, those not reassigned after a return ruled justified ÷ dispatches',
        },
        kind: 'rate',
        numerator: 'dispatchesAccurate',
        denominator: 'dispatches',
        sampled: true,
        weight: 40,
      },
    ],
  },
  // §2.4 专业部门: 立案数 10, 结案率 30, 按期处置率 30, 返工率 30; OneGrid scores returns and
  // shirking too (issue: 退回, 推诿), in place of the caseload band and part of rework, and
  // answering the grid's whistle (吹哨报到率, 10: taken 5 from 返工率 and 5 from 推诿数).
  department: {
    minSample: 10,
    indicators: [
      {
        key: 'closureRateCjt',
        name: { zh: '结案率', en: 'Closure rate' },
        source: {
          zh: '派给本部门、结案时限落在当月的案件中期末前结案的 ÷ 应结案数（CJ/T 292 口径）',
          en: 'Of the cases dispatched to the department due for closure in the month, closed by its end ÷ due (CJ/T 292)',
        },
        kind: 'rate',
        numerator: 'closedDue',
        denominator: 'dueClose',
        sampled: true,
        weight: 30,
      },
      {
        key: 'onTimeHandlingRate',
        name: { zh: '按期处置率', en: 'On-time handling rate' },
        source: {
          zh: '本部门应处置数中在处置时限内处置完成的 ÷ 应处置数',
          en: 'Of the department’s cases due for handling, those handled by the deadline ÷ due',
        },
        kind: 'rate',
        numerator: 'handledOnTime',
        denominator: 'due',
        sampled: true,
        weight: 30,
      },
      {
        key: 'reworkRate',
        name: { zh: '返工率', en: 'Rework rate' },
        source: {
          zh: '本部门应结案数中返工过的 ÷ 应结案数；按 (1 − 返工率) × 100 计分',
          en: 'Of the department’s cases due for closure, those sent back for rework ÷ due; scored (1 − rate) × 100',
        },
        kind: 'rate',
        numerator: 'reworked',
        denominator: 'dueClose',
        bad: true,
        sampled: true,
        weight: 15,
      },
      {
        key: 'returnRate',
        name: { zh: '退回率', en: 'Return rate' },
        source: {
          zh: '当月首次派给本部门的案件中被退回过的 ÷ 派遣数；按 (1 − 退回率) × 100 计分',
          en: 'Of the cases first dispatched to the department in the month, those returned ÷ dispatched; scored (1 − rate) × 100',
        },
        kind: 'rate',
        numerator: 'returned',
        denominator: 'dispatched',
        bad: true,
        sampled: true,
        weight: 10,
      },
      {
        key: 'shirkCount',
        name: { zh: '推诿数', en: 'Shirked returns' },
        source: {
          zh: '当月派遣给本部门的案件被审定为无理退回的次数；分档计分',
          en: 'Returns of cases dispatched to the department in the month ruled unjustified; scored by bands',
        },
        kind: 'count',
        numerator: 'shirked',
        sampled: false,
        bands: shirkBands,
        weight: 5,
      },
      {
        key: 'whistleArrivalRate',
        name: { zh: '吹哨报到率', en: 'Whistle arrival rate' },
        source: {
          zh: '到场时限落在当月（且已过，或已到场、已计未到）的吹哨召集中，本部门在时限内到场的 ÷ 被召集数',
          en: 'Of the whistles summoning the department whose arrival limit fell in the month (and passed, or it came or was counted missing), those it arrived at by the limit ÷ summoned',
        },
        kind: 'rate',
        numerator: 'whistlesArrived',
        denominator: 'whistlesSummoned',
        sampled: true,
        weight: 10,
      },
    ],
  },
  // §2.4 区域: 监督举报率 10, 立案数 20, 结案率 30, 按期结案率 40 (the 40 is inferred, standards.md).
  area: {
    minSample: 10,
    indicators: [
      {
        key: 'publicReportRate',
        name: { zh: '监督举报率', en: 'Public report share' },
        source: {
          zh: '当月立案事件中由群众、12345 等非网格渠道反映的 ÷ 立案数；按 (1 − 监督举报率) × 100 计分',
          en: 'Of the cases registered in the month, those reported by residents, 12345 or other non-staff channels ÷ registered; scored (1 − rate) × 100',
        },
        kind: 'rate',
        numerator: 'publicReported',
        denominator: 'registered',
        bad: true,
        sampled: true,
        weight: 10,
      },
      {
        key: 'registeredPerGrid',
        name: { zh: '立案数（网格均）', en: 'Registered per grid' },
        source: {
          zh: '当月立案数 ÷ 区域内网格数；按分档计分（问题越少得分越高）',
          en: 'Cases registered in the month ÷ grids of the area; scored by bands (fewer problems score higher)',
        },
        kind: 'count',
        numerator: 'registered',
        per: 'grids',
        sampled: false,
        bands: registeredPerGridBands,
        weight: 20,
      },
      {
        key: 'closureRateCjt',
        name: { zh: '结案率', en: 'Closure rate' },
        source: {
          zh: '结案时限落在当月的立案件中期末前结案的 ÷ 应结案数（CJ/T 292 口径）',
          en: 'Of the registered cases due for closure in the month, closed by its end ÷ due (CJ/T 292)',
        },
        kind: 'rate',
        numerator: 'closedDue',
        denominator: 'dueClose',
        sampled: true,
        weight: 30,
      },
      {
        key: 'onTimeClosureRate',
        name: { zh: '按期结案率', en: 'On-time closure rate' },
        source: {
          zh: '按时结案数 ÷ 应处置数（已结案且在处置时限内处置完成的）',
          en: 'Closed on time ÷ due for handling (closed, with handling completed by the deadline)',
        },
        kind: 'rate',
        numerator: 'closedOnTime',
        denominator: 'due',
        sampled: true,
        weight: 40,
      },
    ],
  },
}

/** The default indicators (with their weights) and small-sample minimum of a kind. */
export function defaultScheme(kind: AssessmentKind): {
  indicators: readonly IndicatorDefault[]
  minSample: number
} {
  return defaults[kind]
}

/** A district's settings for one kind: what it changes of the defaults. */
export type SchemeSettings = {
  /** indicator key → weight (whole points); the weights of a kind sum to 100. */
  weights: Record<string, number>
  /** count indicator key → its bands. */
  bands: Record<string, CountBand[]>
  grades: GradeBands
  minSample: number
}

export type SchemeIndicator = IndicatorDefinition & { weight: number; bands?: readonly CountBand[] }
export type AssessmentScheme = {
  kind: AssessmentKind
  indicators: SchemeIndicator[]
  grades: GradeBands
  minSample: number
}

/** The default settings of a kind. */
export function defaultSettings(kind: AssessmentKind): SchemeSettings {
  const d = defaults[kind]
  return {
    weights: Object.fromEntries(d.indicators.map((i) => [i.key, i.weight])),
    bands: Object.fromEntries(
      d.indicators.flatMap((i) => (i.bands ? [[i.key, i.bands.map((b) => ({ ...b }))]] : [])),
    ),
    grades: { ...defaultGradeBands },
    minSample: d.minSample,
  }
}

/**
 * The scheme of a kind with a district's settings laid over the defaults. Settings for an indicator
 * the kind does not have are ignored; an indicator the settings do not mention keeps its default.
 */
export function schemeOf(kind: AssessmentKind, settings?: Partial<SchemeSettings>): AssessmentScheme {
  const d = defaults[kind]
  return {
    kind,
    indicators: d.indicators.map((i) => {
      const weight = settings?.weights?.[i.key] ?? i.weight
      const bands = i.kind === 'count' ? (settings?.bands?.[i.key] ?? i.bands) : undefined
      return { ...i, weight, ...(bands ? { bands } : {}) }
    }),
    grades: settings?.grades ?? { ...defaultGradeBands },
    minSample: settings?.minSample ?? d.minSample,
  }
}

export type SchemeProblem = { field: string; zh: string; en: string }

/**
 * What is wrong with a kind's settings, each problem naming its field: weights are whole points
 * 0–100 for exactly the kind's indicators and sum to 100; grade bands descend A > B > C > D > 0
 * with A ≤ 100; count bands start at 0, rise strictly and score 0–100.
 */
export function schemeProblems(kind: AssessmentKind, s: SchemeSettings): SchemeProblem[] {
  const out: SchemeProblem[] = []
  const d = defaults[kind]
  const keys = d.indicators.map((i) => i.key)
  for (const k of Object.keys(s.weights))
    if (!keys.includes(k))
      out.push({ field: `weights.${k}`, zh: '该类对象没有此项指标', en: 'No such indicator for this kind' })
  for (const k of keys) {
    const w = s.weights[k]
    if (w === undefined)
      out.push({ field: `weights.${k}`, zh: '请填写该指标的权重', en: 'Give this indicator’s weight' })
    else if (!Number.isInteger(w) || w < 0 || w > 100)
      out.push({ field: `weights.${k}`, zh: '权重须为 0–100 的整数', en: 'A weight is a whole number 0–100' })
  }
  const total = keys.reduce((sum, k) => sum + (s.weights[k] ?? 0), 0)
  if (out.length === 0 && total !== 100)
    out.push({
      field: 'weights',
      zh: `各项权重之和须为 100（现为 ${total}）`,
      en: `The weights must sum to 100 (they sum to ${total})`,
    })
  const order: Exclude<Grade, 'E'>[] = ['A', 'B', 'C', 'D']
  order.forEach((g, i) => {
    const v = s.grades[g]
    const above = i === 0 ? 100 : s.grades[order[i - 1] as Exclude<Grade, 'E'>]
    if (!Number.isFinite(v) || v <= 0 || v > 100)
      out.push({
        field: `grades.${g}`,
        zh: '等级下限须在 0–100 之间',
        en: 'A grade’s lower bound lies in 0–100',
      })
    else if (i > 0 && !(v < above))
      out.push({
        field: `grades.${g}`,
        zh: `${g} 级下限须低于 ${order[i - 1]} 级`,
        en: `Grade ${g} must start below grade ${order[i - 1]}`,
      })
  })
  const counts = d.indicators.filter((i) => i.kind === 'count').map((i) => i.key)
  for (const k of Object.keys(s.bands))
    if (!counts.includes(k))
      out.push({ field: `bands.${k}`, zh: '该指标不分档计分', en: 'This indicator is not scored by bands' })
  for (const k of counts) {
    const bands = s.bands[k]
    if (!bands || bands.length === 0) {
      out.push({ field: `bands.${k}`, zh: '请填写分档', en: 'Give the bands' })
      continue
    }
    if (bands[0]?.min !== 0)
      out.push({ field: `bands.${k}`, zh: '第一档须从 0 起', en: 'The first band starts at 0' })
    for (let i = 1; i < bands.length; i++)
      if (!((bands[i]?.min ?? 0) > (bands[i - 1]?.min ?? 0))) {
        out.push({
          field: `bands.${k}`,
          zh: '各档下限须逐档递增',
          en: 'Each band must start above the one before',
        })
        break
      }
    if (bands.some((b) => !Number.isFinite(b.score) || b.score < 0 || b.score > 100))
      out.push({ field: `bands.${k}`, zh: '分档得分须在 0–100 之间', en: 'A band scores 0–100' })
  }
  if (!Number.isInteger(s.minSample) || s.minSample < 1 || s.minSample > 1000)
    out.push({ field: 'minSample', zh: '小样本下限须为 1–1000 的整数', en: 'The minimum sample is 1–1000' })
  return out
}

export type IndicatorScore = {
  key: string
  /** rate: a percentage (two decimals, rounded half up); count: the count (per grid: one decimal). null: no data. */
  value: number | null
  numerator: number
  /** rate: the denominator; count: the divisor (`per`) or null. */
  denominator: number | null
  /** 0–100, two decimals; null without data. */
  score: number | null
  weight: number
  /** What it adds to the composite: score × weight ÷ the weights of the indicators with data. */
  weighted: number | null
  /** Fewer cases than the scheme's minimum in its denominator: scored, but marked. */
  smallSample: boolean
}

export type ScoreResult = {
  indicators: IndicatorScore[]
  /** Σ score × weight ÷ Σ weight over the indicators with data (two decimals); null when no rate has data. */
  composite: number | null
  grade: Grade | null
  /** An indicator with weight is a small sample. */
  smallSample: boolean
}

/** A score in hundredths (scores carry two decimals), so sums and shares are exact integers. */
const hundredths = (n: number) => Math.round(n * 100)
/** a ÷ b in hundredths, rounded half up, back to a number with two decimals (a, b ≥ 0, b > 0). */
const shareOf = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b)) / 100

/** The score of a value by its bands: the band with the highest `min` not above it. */
export function bandScore(bands: readonly CountBand[], value: number): number {
  let score = bands[0]?.score ?? 0
  for (const b of bands) if (value >= b.min) score = b.score
  return score
}

export function gradeOf(composite: number, bands: GradeBands): Grade {
  if (composite >= bands.A) return 'A'
  if (composite >= bands.B) return 'B'
  if (composite >= bands.C) return 'C'
  if (composite >= bands.D) return 'D'
  return 'E'
}

/**
 * An object's indicators, composite and grade from its figures. A rate with a zero denominator
 * has no data: it is shown without a score and its weight is shared among the others (an object
 * with nothing to verify is neither rewarded nor punished for it). An object none of whose rates
 * has data is not graded (a count alone, 0 cases, says nothing of how work was done). A small
 * sample is scored like any other and marked. Sums are exact (hundredths), rounded half up.
 */
export function scoreOf(scheme: AssessmentScheme, figures: Readonly<Figures>): ScoreResult {
  const f = (k: FigureKey | undefined) => (k ? (figures[k] ?? 0) : 0)
  const raw = scheme.indicators.map((i) => {
    if (i.kind === 'count') {
      const n = f(i.numerator)
      if (i.per) {
        const d = f(i.per)
        const value = d > 0 ? Math.round((n / d) * 10) / 10 : null
        return {
          i,
          value,
          numerator: n,
          denominator: d,
          score: value === null ? null : bandScore(i.bands ?? [], value),
          smallSample: false,
        }
      }
      return {
        i,
        value: n,
        numerator: n,
        denominator: null,
        score: bandScore(i.bands ?? [], n),
        smallSample: false,
      }
    }
    const n = f(i.numerator)
    const d = f(i.denominator)
    const value = percent(n, d)
    const score = value === null ? null : (i.bad ? 10_000 - hundredths(value) : hundredths(value)) / 100
    return {
      i,
      value,
      numerator: n,
      denominator: d,
      score,
      smallSample: i.sampled && d > 0 && d < scheme.minSample,
    }
  })
  const withData = raw.filter((r) => r.score !== null && r.i.weight > 0)
  const graded = withData.some((r) => r.i.kind === 'rate')
  const totalWeight = withData.reduce((s, r) => s + r.i.weight, 0)
  const sum = withData.reduce((s, r) => s + hundredths(r.score ?? 0) * r.i.weight, 0)
  const composite = graded && totalWeight > 0 ? shareOf(sum, totalWeight) : null
  return {
    indicators: raw.map((r) => ({
      key: r.i.key,
      value: r.value,
      numerator: r.numerator,
      denominator: r.denominator,
      score: r.score,
      weight: r.i.weight,
      weighted:
        r.score === null || composite === null
          ? null
          : shareOf(hundredths(r.score) * r.i.weight, totalWeight),
      smallSample: r.smallSample,
    })),
    composite,
    grade: composite === null ? null : gradeOf(composite, scheme.grades),
    smallSample: raw.some((r) => r.smallSample && r.i.weight > 0),
  }
}

/** Competition ranks (1, 2, 2, 4) by composite, highest first; ungraded rows get none. */
export function rankByComposite<T extends { composite: number | null; key: string }>(
  rows: readonly T[],
): (T & { rank: number | null })[] {
  const graded = rows
    .filter((r) => r.composite !== null)
    .sort((a, b) => (b.composite ?? 0) - (a.composite ?? 0) || a.key.localeCompare(b.key))
  const out: (T & { rank: number | null })[] = []
  graded.forEach((r, i) => {
    const prev = out[i - 1]
    out.push({ ...r, rank: prev && prev.composite === r.composite ? prev.rank : i + 1 })
  })
  for (const r of rows) if (r.composite === null) out.push({ ...r, rank: null })
  return out
}

/** Grid worker pay (网格员报酬): base + per-household amount × households × the grade's factor. */
export type PaySettings = {
  /** Yuan per month. */
  base: number
  /** Yuan per household served per month (盐都: 1.5). */
  perHousehold: number
  /** The factor of each grade; an ungraded worker's is 1. */
  factors: Record<Grade, number>
}
export const defaultPaySettings: PaySettings = {
  base: 0,
  perHousehold: 1.5,
  factors: { A: 1.2, B: 1.0, C: 0.8, D: 0.5, E: 0 },
}

export type PayLine = {
  base: number
  householdPay: number
  factor: number
  total: number
}

const money = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100

/** One worker's month: the per-household part is scaled by the grade's factor, the base is not. */
export function payOf(settings: PaySettings, households: number, grade: Grade | null): PayLine {
  const householdPay = money(settings.perHousehold * households)
  const factor = grade === null ? 1 : settings.factors[grade]
  return {
    base: money(settings.base),
    householdPay,
    factor,
    total: money(settings.base + householdPay * factor),
  }
}
