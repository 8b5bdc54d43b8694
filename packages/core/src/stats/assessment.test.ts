import { describe, expect, it } from 'vitest'
import {
  assessmentKinds,
  bandScore,
  defaultPaySettings,
  defaultScheme,
  defaultSettings,
  gradeOf,
  intakeCountBands,
  payOf,
  rankByComposite,
  schemeOf,
  schemeProblems,
  scoreOf,
} from './assessment.ts'

const indicator = (r: ReturnType<typeof scoreOf>, key: string) => r.indicators.find((i) => i.key === key)

describe('assessment schemes', () => {
  it('weights sum to 100 in every default scheme, and the defaults pass their own checks', () => {
    for (const kind of assessmentKinds) {
      const total = defaultScheme(kind).indicators.reduce((s, i) => s + i.weight, 0)
      expect(total, kind).toBe(100)
      expect(schemeProblems(kind, defaultSettings(kind)), kind).toEqual([])
    }
  })

  it('bands a count by the highest lower bound not above it (CJ/T 292 受理数)', () => {
    expect(bandScore(intakeCountBands, 0)).toBe(0)
    expect(bandScore(intakeCountBands, 100)).toBe(0)
    expect(bandScore(intakeCountBands, 101)).toBe(40)
    expect(bandScore(intakeCountBands, 500)).toBe(60)
    expect(bandScore(intakeCountBands, 1200)).toBe(75)
    expect(bandScore(intakeCountBands, 2000)).toBe(90)
    expect(bandScore(intakeCountBands, 2001)).toBe(100)
  })

  it('grades A 90–100, B 75–90, C 60–75, D 40–60, E below 40', () => {
    const g = defaultSettings('area').grades
    expect(gradeOf(100, g)).toBe('A')
    expect(gradeOf(90, g)).toBe('A')
    expect(gradeOf(89.99, g)).toBe('B')
    expect(gradeOf(75, g)).toBe('B')
    expect(gradeOf(74.99, g)).toBe('C')
    expect(gradeOf(60, g)).toBe('C')
    expect(gradeOf(40, g)).toBe('D')
    expect(gradeOf(39.99, g)).toBe('E')
  })
})

describe('scoreOf', () => {
  it('scores a grid worker: rates × 100, the missed-report rate as (1 − r) × 100, weighted 30/15/15/20/20', () => {
    const r = scoreOf(schemeOf('grid_worker'), {
      reported: 20,
      valid: 18, // 90 %
      registered: 10,
      publicReported: 2, // 漏报率 20 % → 80
      verifyDue: 4,
      verifyOnTime: 3, // 75 %, four cases: a small sample (minimum 5)
      coverageSum: 9,
      coverageDays: 30, // 30 %
      visitsDue: 40,
      visitsDone: 30, // 75 %
    })
    expect(indicator(r, 'validReportRate')).toMatchObject({ value: 90, score: 90, weight: 30, weighted: 27 })
    expect(indicator(r, 'missedReportRate')).toMatchObject({
      value: 20,
      numerator: 2,
      denominator: 10,
      score: 80,
      weighted: 12,
    })
    expect(indicator(r, 'onTimeVerifyRate')).toMatchObject({
      value: 75,
      score: 75,
      weighted: 11.25,
      smallSample: true,
    })
    expect(indicator(r, 'patrolCoverage')).toMatchObject({
      value: 30,
      score: 30,
      weighted: 6,
      smallSample: false,
    })
    expect(indicator(r, 'visitCompletionRate')).toMatchObject({ value: 75, score: 75, weighted: 15 })
    // (90×30 + 80×15 + 75×15 + 30×20 + 75×20) ÷ 100 = 7125 ÷ 100
    expect(r.composite).toBe(71.25)
    expect(r.grade).toBe('C')
    expect(r.smallSample).toBe(true)
  })

  it('shares the weight of an indicator without data among the others', () => {
    const r = scoreOf(schemeOf('grid_worker'), { coverageSum: 15, coverageDays: 30, registered: 0 })
    expect(indicator(r, 'validReportRate')).toMatchObject({ value: null, score: null, weighted: null })
    expect(indicator(r, 'patrolCoverage')).toMatchObject({ value: 50, score: 50, weighted: 50 })
    expect(r.composite).toBe(50)
    expect(r.grade).toBe('D')
    expect(r.smallSample).toBe(false)
  })

  it('leaves an object with no data at all ungraded, and one whose only data is a count', () => {
    const r = scoreOf(schemeOf('supervisor'), {})
    expect(r.composite).toBeNull()
    expect(r.grade).toBeNull()
    // An area without cases: 0 per grid would band 100, but no rate says how the area was kept.
    const quiet = scoreOf(schemeOf('area'), { grids: 3 })
    expect(indicator(quiet, 'registeredPerGrid')).toMatchObject({ value: 0, score: 100, weighted: null })
    expect(quiet.grade).toBeNull()
    expect(scoreOf(schemeOf('operator'), { decided: 0 }).grade).toBeNull()
  })

  it('rounds the composite half up exactly: (50 × 25 + 66.67 × 25) ÷ 50 = 58.335 → 58.34', () => {
    const r = scoreOf(schemeOf('supervisor'), {
      registered: 2,
      publicReported: 1,
      verifyDue: 3,
      verifyOnTime: 2,
    })
    expect(indicator(r, 'validReportRate')?.score).toBeNull()
    expect(r.composite).toBe(58.34)
    expect(r.grade).toBe('D')
  })

  it('scores a department: 结案率 30, 按期处置率 30, 返工率 15 and 退回率 10 as bad rates, 推诿 banded 5, 吹哨报到率 10', () => {
    const r = scoreOf(schemeOf('department'), {
      dueClose: 40,
      closedDue: 36, // 90
      due: 50,
      handledOnTime: 45, // 90
      reworked: 4, // 10 % → 90
      dispatched: 60,
      returned: 3, // 5 % → 95
      shirked: 2, // 60
      whistlesSummoned: 4,
      whistlesArrived: 3, // 75
    })
    expect(indicator(r, 'reworkRate')).toMatchObject({ value: 10, score: 90, weighted: 13.5 })
    expect(indicator(r, 'returnRate')).toMatchObject({ value: 5, score: 95, weighted: 9.5 })
    expect(indicator(r, 'shirkCount')).toMatchObject({ value: 2, score: 60, denominator: null, weighted: 3 })
    expect(indicator(r, 'whistleArrivalRate')).toMatchObject({
      value: 75,
      numerator: 3,
      denominator: 4,
      score: 75,
      weighted: 7.5,
      smallSample: true,
    })
    // (90×30 + 90×30 + 90×15 + 95×10 + 60×5 + 75×10) ÷ 100 = 8750 ÷ 100
    expect(r.composite).toBe(87.5)
    expect(r.grade).toBe('B')
  })

  it('scores a department summoned by whistles only on its 吹哨报到率: a miss of two is 50', () => {
    const r = scoreOf(schemeOf('department'), { whistlesSummoned: 2, whistlesArrived: 1 })
    expect(indicator(r, 'whistleArrivalRate')).toMatchObject({ value: 50, score: 50, weighted: 33.33 })
    expect(indicator(r, 'closureRateCjt')?.score).toBeNull()
    // 推诿数 (a count) scores 100 without returns; the rates without data share out: (50×10 + 100×5) ÷ 15.
    expect(r.composite).toBe(66.67)
    expect(r.grade).toBe('C')
  })

  it('scores an area with its 立案数 per grid banded: 30 cases over 4 grids is 7.5, band 5–10 scores 90', () => {
    const r = scoreOf(schemeOf('area'), {
      registered: 30,
      grids: 4,
      publicReported: 6, // 20 % → 80
      dueClose: 25,
      closedDue: 20, // 80
      due: 20,
      closedOnTime: 19, // 95
    })
    expect(indicator(r, 'registeredPerGrid')).toMatchObject({
      value: 7.5,
      numerator: 30,
      denominator: 4,
      score: 90,
    })
    // 80×10 + 90×20 + 80×30 + 95×40 = 8800
    expect(r.composite).toBe(88)
    expect(r.grade).toBe('B')
  })

  it('scores an operator: 受理数 640 in band 501–1200 (75) × 25 % + 按时受理率 95 % × 75 % = 90, grade A', () => {
    const r = scoreOf(schemeOf('operator'), { decided: 640, decidedOnTime: 608 })
    expect(indicator(r, 'intakeCount')).toMatchObject({ value: 640, score: 75 })
    expect(indicator(r, 'onTimeIntakeRate')).toMatchObject({ value: 95, score: 95 })
    expect(r.composite).toBe(90)
    expect(r.grade).toBe('A')
  })

  it('rounds rates half up to two decimals, and scores the rounded value', () => {
    const r = scoreOf(schemeOf('dispatcher'), { dispatches: 3, dispatchesOnTime: 2, dispatchesAccurate: 3 })
    expect(indicator(r, 'onTimeDispatchRate')).toMatchObject({
      value: 66.67,
      score: 66.67,
      smallSample: true,
    })
    // 0 × 20 + 66.67 × 40 + 100 × 40 = 6666.8
    expect(r.composite).toBe(66.67)
  })

  it('takes a district’s weights, bands and grade bands over the defaults', () => {
    const settings = defaultSettings('operator')
    settings.weights = { intakeCount: 50, onTimeIntakeRate: 50 }
    settings.bands = {
      intakeCount: [
        { min: 0, score: 50 },
        { min: 100, score: 100 },
      ],
    }
    settings.grades = { A: 95, B: 85, C: 70, D: 50 }
    const r = scoreOf(schemeOf('operator', settings), { decided: 120, decidedOnTime: 108 })
    // 100 × 50 + 90 × 50 = 9500 → 95, A from 95
    expect(r.composite).toBe(95)
    expect(r.grade).toBe('A')
  })
})

describe('schemeProblems', () => {
  it('names the field: weights not summing to 100, grades not descending, bands not starting at 0', () => {
    const s = defaultSettings('operator')
    s.weights = { intakeCount: 25, onTimeIntakeRate: 74 }
    s.grades = { A: 90, B: 90, C: 60, D: 40 }
    s.bands = { intakeCount: [{ min: 1, score: 0 }] }
    const fields = schemeProblems('operator', s).map((p) => p.field)
    expect(fields).toEqual(['weights', 'grades.B', 'bands.intakeCount'])
    const sum = schemeProblems('operator', s)[0]
    expect(sum?.zh).toContain('99')
    expect(sum?.en).toContain('99')
  })

  it('refuses an indicator the kind does not have and a weight that is not a whole number', () => {
    const s = defaultSettings('supervisor')
    s.weights = { validReportRate: 50.5, missedReportRate: 25, onTimeVerifyRate: 25, intakeCount: 0 }
    expect(schemeProblems('supervisor', s).map((p) => p.field)).toEqual([
      'weights.intakeCount',
      'weights.validReportRate',
    ])
  })
})

describe('ranks and pay', () => {
  it('ranks highest first, ties sharing a rank, ungraded last without one', () => {
    const ranked = rankByComposite([
      { key: 'a', composite: 80 },
      { key: 'b', composite: null },
      { key: 'c', composite: 91 },
      { key: 'd', composite: 80 },
      { key: 'e', composite: 70 },
    ])
    expect(ranked.map((r) => [r.key, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['e', 4],
      ['b', null],
    ])
  })

  it('pays the base plus 1.5 yuan per household scaled by the grade’s factor', () => {
    const settings = { ...defaultPaySettings, base: 2000 }
    expect(payOf(settings, 300, 'B')).toEqual({ base: 2000, householdPay: 450, factor: 1, total: 2450 })
    expect(payOf(settings, 300, 'A')).toEqual({ base: 2000, householdPay: 450, factor: 1.2, total: 2540 })
    expect(payOf(settings, 150.5, 'E').total).toBe(2000)
    expect(payOf(settings, 100, null)).toMatchObject({ factor: 1, total: 2150 })
  })
})
