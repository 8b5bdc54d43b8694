import {
  checkedFields as coreFields,
  spotCheckMethods as coreMethods,
  spotCheckResults as coreResults,
  ZMethodUsed,
} from '@onegrid/core/api/spot-checks'
import { describe, expect, it } from 'vitest'
import type { TSpotCheckAccuracy, TSpotCheckItem } from '../../../shared/api/spot-checks.ts'
import {
  accuracyBars,
  accuracyText,
  checkedFields,
  detailQuery,
  detailStateOf,
  isOverdue,
  isSmallSample,
  listQuery,
  listStateOf,
  mayStartSpotCheck,
  methodsUsed,
  namesFields,
  pickedDay,
  progressPercent,
  resultBody,
  resultFormFor,
  spotCheckMethods,
  spotCheckResults,
} from './spot-check-format.ts'

const accuracy = (over: Partial<TSpotCheckAccuracy>): TSpotCheckAccuracy => ({
  items: 4,
  checked: 4,
  correct: 2,
  corrected: 0,
  wrong: 1,
  unreachable: 1,
  verified: 3,
  accuracyPercent: 66.67,
  ...over,
})

const item = (over: Partial<TSpotCheckItem> = {}): TSpotCheckItem => ({
  id: 7,
  person: null,
  personId: 31,
  gridCode: '110120001001001',
  gridName: '湖滨社区第一网格',
  assignee: { userId: 5, name: '网格员' },
  result: null,
  methodUsed: null,
  fieldsWrong: [],
  note: null,
  checkedBy: null,
  checkedAt: null,
  version: 1,
  mayRecord: true,
  ...over,
})

describe('spot-check words and lists', () => {
  it('offers the same results, methods and fields as the server accepts', () => {
    expect(spotCheckResults).toEqual(coreResults)
    expect(spotCheckMethods).toEqual(coreMethods)
    expect(checkedFields).toEqual(coreFields)
    expect(methodsUsed).toEqual(ZMethodUsed.options)
  })

  it('offers 新建抽查 to grid leaders and administrators who manage the registry, not to grid workers', () => {
    expect(mayStartSpotCheck(['grid_leader'], true)).toBe(true)
    expect(mayStartSpotCheck(['admin'], true)).toBe(true)
    expect(mayStartSpotCheck(['grid_worker'], true)).toBe(false)
    expect(mayStartSpotCheck(['grid_worker', 'grid_leader'], true)).toBe(true)
    expect(mayStartSpotCheck(['operator'], false)).toBe(false)
  })
})

describe('figures', () => {
  it('shows progress in whole percent, never past 100, nothing drawn as 0', () => {
    expect(progressPercent(1, 3)).toBe(33)
    expect(progressPercent(2, 3)).toBe(66)
    expect(progressPercent(3, 3)).toBe(100)
    expect(progressPercent(0, 0)).toBe(0)
  })

  it('writes the rate with the server’s two decimals, and nothing when nothing was verified', () => {
    expect(accuracyText(accuracy({}))).toBe('66.67%')
    expect(accuracyText(accuracy({ accuracyPercent: 50 }))).toBe('50.00%')
    expect(accuracyText(accuracy({ accuracyPercent: 100 }))).toBe('100.00%')
    expect(accuracyText(accuracy({ accuracyPercent: null, verified: 0 }))).toBeNull()
  })

  it('marks a rate resting on fewer than five verified residents as a small sample', () => {
    expect(isSmallSample(accuracy({ verified: 1 }))).toBe(true)
    expect(isSmallSample(accuracy({ verified: 4 }))).toBe(true)
    expect(isSmallSample(accuracy({ verified: 5 }))).toBe(false)
    // Nothing verified is no sample at all: the chart says "not verified" instead.
    expect(isSmallSample(accuracy({ verified: 0, accuracyPercent: null }))).toBe(false)
  })

  it('makes one bar per grid or worker, empty for nothing verified, with its ratio', () => {
    const bars = accuracyBars([
      { label: '第一网格', accuracy: accuracy({}) },
      { label: '第二网格', accuracy: accuracy({ correct: 18, verified: 20, accuracyPercent: 90 }) },
      {
        label: '第三网格',
        accuracy: accuracy({ checked: 0, correct: 0, verified: 0, accuracyPercent: null }),
      },
    ])
    expect(bars).toEqual([
      { label: '第一网格', value: 66.67, correct: 2, verified: 3, small: true },
      { label: '第二网格', value: 90, correct: 18, verified: 20, small: false },
      { label: '第三网格', value: null, correct: 0, verified: 0, small: false },
    ])
  })

  it('calls an open spot check past its day overdue, a closed one never', () => {
    expect(isOverdue({ status: 'open', dueOn: '2026-11-20' }, '2026-11-21')).toBe(true)
    expect(isOverdue({ status: 'open', dueOn: '2026-11-21' }, '2026-11-21')).toBe(false)
    expect(isOverdue({ status: 'closed', dueOn: '2026-11-20' }, '2026-11-21')).toBe(false)
    expect(isOverdue({ status: 'open', dueOn: null }, '2026-11-21')).toBe(false)
  })

  it('reads a date picker’s cell as the day it shows', () => {
    expect(pickedDay(new Date(2026, 0, 5))).toBe('2026-01-05')
    expect(pickedDay(new Date(2026, 10, 23, 23, 59))).toBe('2026-11-23')
  })
})

describe('recording a result', () => {
  it('starts a new item from the spot check’s method, a recorded one from what is recorded', () => {
    expect(resultFormFor(item(), 'visit')).toEqual({
      result: undefined,
      methodUsed: 'visit',
      fieldsWrong: [],
      note: '',
    })
    expect(resultFormFor(item(), 'either').methodUsed).toBe('phone')
    const recorded = item({ result: 'wrong', methodUsed: 'visit', fieldsWrong: ['phone'], note: '停机' })
    expect(resultFormFor(recorded, 'phone')).toEqual({
      result: 'wrong',
      methodUsed: 'visit',
      fieldsWrong: ['phone'],
      note: '停机',
    })
  })

  it('asks for the wrong fields only with a wrong or corrected result', () => {
    expect(namesFields('wrong')).toBe(true)
    expect(namesFields('corrected')).toBe(true)
    expect(namesFields('correct')).toBe(false)
    expect(namesFields('unreachable')).toBe(false)
    expect(namesFields(undefined)).toBe(false)
  })

  it('sends the version read with the result, the fields in the server’s order, the note trimmed', () => {
    const wrong = resultBody(
      { result: 'wrong', methodUsed: 'phone', fieldsWrong: ['address', 'name'], note: '  已搬走 ' },
      3,
    )
    expect(wrong).toEqual({
      ok: true,
      body: {
        result: 'wrong',
        methodUsed: 'phone',
        fieldsWrong: ['name', 'address'],
        note: '已搬走',
        version: 3,
      },
    })
    // Fields ticked before the result turned to correct are dropped, not sent to be refused.
    expect(
      resultBody({ result: 'correct', methodUsed: 'visit', fieldsWrong: ['phone'], note: ' ' }, 1),
    ).toEqual({
      ok: true,
      body: { result: 'correct', methodUsed: 'visit', fieldsWrong: [], version: 1 },
    })
  })

  it('names what is missing: a result, or the wrong fields', () => {
    expect(resultBody({ result: undefined, methodUsed: 'phone', fieldsWrong: [], note: '' }, 1)).toEqual({
      ok: false,
      problems: { result: 'resultRequired' },
    })
    expect(resultBody({ result: 'corrected', methodUsed: 'phone', fieldsWrong: [], note: '' }, 1)).toEqual({
      ok: false,
      problems: { fieldsWrong: 'fieldsRequired' },
    })
  })
})

describe('the address bar', () => {
  it('reads and writes the list’s status and page, ignoring what it does not know', () => {
    expect(listStateOf({ status: 'closed', page: '3' })).toEqual({ status: 'closed', page: 3 })
    expect(listStateOf({ status: 'done', page: '-1' })).toEqual({ status: null, page: 1 })
    expect(listQuery({ status: 'open', page: 1 })).toEqual({ status: 'open' })
    expect(listQuery({ status: null, page: 2 })).toEqual({ page: '2' })
  })

  it('reads and writes a spot check’s item filters and breakdown, round trip', () => {
    const state = detailStateOf({ grid: '110120001001001', pending: '1', mine: '1', page: '2', by: 'worker' })
    expect(state).toEqual({
      gridCode: '110120001001001',
      pending: true,
      mine: true,
      page: 2,
      breakdown: 'worker',
    })
    expect(detailStateOf(detailQuery(state))).toEqual(state)
    expect(detailStateOf({ grid: '1101', pending: 'yes', by: 'x' })).toEqual({
      gridCode: null,
      pending: false,
      mine: false,
      page: 1,
      breakdown: 'grid',
    })
    expect(detailQuery({ gridCode: null, pending: false, mine: false, page: 1, breakdown: 'grid' })).toEqual(
      {},
    )
  })
})
