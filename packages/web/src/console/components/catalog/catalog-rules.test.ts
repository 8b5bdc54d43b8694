import { ZCatalogRules } from '@onegrid/core/api/catalog'
import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import {
  admissionChanges,
  blankRules,
  messagesUnder,
  normalisedRules,
  ruleKeys,
  suggestCode,
  tabOfPath,
  validLimit,
} from './catalog-rules.ts'

const admission = (admitted: boolean, by: string | null = '区领导小组') => ({
  admitted,
  approvedBy: admitted ? by : null,
  approvedOn: admitted ? '2026-01-05' : null,
  documentRef: null,
  refusalReason: admitted ? null : '请拨打 110',
})
const version = (n: number, admitted: boolean, by?: string) => ({
  version: n,
  validFrom: `2026-0${n}-01T00:00:00+08:00`,
  changedBy: 'admin',
  reason: `v${n}`,
  changed: ['limits'],
  admission: admission(admitted, by),
})

describe('the catalog editor’s rule keys', () => {
  it('are the keys of the rules schema', () => {
    expect([...ruleKeys].sort()).toEqual(Object.keys(ZCatalogRules.shape).sort())
  })
})

describe('catalog rules', () => {
  it('starts a new item with rules the server accepts once named and given a refusal reason', () => {
    const rules = blankRules('city_management')
    rules.name = '新事项'
    const result = ZCatalogRules.safeParse(normalisedRules({ ...rules, admission: admission(false) }))
    expect(result.success).toBe(true)
  })

  it('copies the rules being edited, a Vue proxy', () => {
    const draft = reactive(blankRules('x'))
    draft.name = '占道经营'
    expect(normalisedRules(draft).name).toBe('占道经营')
  })

  it('sends empty optional texts as null and trims the rest', () => {
    const rules = blankRules('x')
    rules.name = '  占道经营 '
    rules.admission = {
      admitted: true,
      approvedBy: ' 区领导小组 ',
      approvedOn: '',
      documentRef: '  ',
      refusalReason: '',
    }
    const sent = normalisedRules(rules)
    expect(sent.name).toBe('占道经营')
    expect(sent.admission).toEqual({
      admitted: true,
      approvedBy: '区领导小组',
      approvedOn: null,
      documentRef: null,
      refusalReason: null,
    })
  })

  it('takes only positive limits, whole when counted in days', () => {
    expect(validLimit({ amount: 7, unit: 'working_days' })).toBe(true)
    expect(validLimit({ amount: 1.5, unit: 'working_days' })).toBe(false)
    expect(validLimit({ amount: 0.5, unit: 'working_hours' })).toBe(true)
    expect(validLimit({ amount: 0, unit: 'natural_hours' })).toBe(false)
    expect(validLimit({ amount: undefined, unit: 'natural_days' })).toBe(false)
  })

  it('lists the versions that changed the admission, newest first', () => {
    const history = [
      version(3, true, '区政府'),
      version(1, false),
      version(2, true),
      version(4, true, '区政府'),
    ]
    expect(admissionChanges(history).map((v) => v.version)).toEqual([3, 2, 1])
  })

  it('finds the tab of a server message by its path', () => {
    expect(tabOfPath('rules.limits.normal.handle.amount')).toBe('limits')
    expect(tabOfPath('rules.admission.approvedBy')).toBe('admission')
    expect(tabOfPath('rules.routing.overrides.0.areaCode')).toBe('routing')
    expect(tabOfPath('rules.fields.2.options')).toBe('fields')
    expect(tabOfPath('rules.name')).toBe('basic')
    expect(tabOfPath('code')).toBe('basic')
    expect(tabOfPath('reason')).toBeNull()
    expect(
      messagesUnder({ 'rules.fields.0.key': 'a', 'rules.fields': 'b', 'rules.name': 'c' }, 'rules.fields'),
    ).toBe('a；b')
  })

  it('suggests the next code of a major', () => {
    expect(suggestCode('06', ['06001', '06002', '06010'])).toBe('06011')
    expect(suggestCode('07', [])).toBe('07001')
    expect(suggestCode('06', ['06999'])).toBe('')
    expect(suggestCode('AB', [])).toBe('')
  })
})
