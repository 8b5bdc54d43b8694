import {
  catalogDomains,
  limitStages,
  urgencies,
  ZCatalogCode,
  ZCatalogMajor,
  ZCatalogRules,
  ZHandlingBody,
} from '@onegrid/core/api/catalog'
import { describe, expect, it } from 'vitest'
import { defaultBodies, defaultItems, defaultMajors } from './index.ts'

const gb = 'GB/T 47678.5-2026'
const majorsByCode = new Map(defaultMajors.map((m) => [m.code, m]))
const admittedItems = defaultItems.filter((i) => i.rules.admission.admitted)
const refusedItems = defaultItems.filter((i) => !i.rules.admission.admitted)
const nameOf = (code: string) => defaultItems.find((i) => i.code === code)?.rules.name

describe('the default event catalog', () => {
  it('parses unchanged: every item, major and body is already in its schema output form', () => {
    for (const item of defaultItems) expect(ZCatalogRules.parse(item.rules), item.code).toEqual(item.rules)
    for (const major of defaultMajors) expect(ZCatalogMajor.parse(major)).toEqual(major)
    for (const body of defaultBodies) expect(ZHandlingBody.parse(body)).toEqual(body)
  })

  it('has unique, well-formed codes', () => {
    const itemCodes = defaultItems.map((i) => i.code)
    expect(new Set(itemCodes).size).toBe(itemCodes.length)
    expect(new Set(defaultMajors.map((m) => m.code)).size).toBe(defaultMajors.length)
    expect(new Set(defaultBodies.map((b) => b.code)).size).toBe(defaultBodies.length)
    for (const code of [...itemCodes, ...defaultMajors.map((m) => m.code)]) ZCatalogCode.parse(code)
  })

  it('puts every item in an existing major of its own standard, under the major code', () => {
    for (const item of defaultItems) {
      const major = majorsByCode.get(item.majorCode)
      expect(major, item.code).toBeDefined()
      expect(item.standard, item.code).toBe(major?.standard)
      expect(item.code.startsWith(item.majorCode) && item.code !== item.majorCode, item.code).toBe(true)
      if (item.standard === gb) expect(item.code, item.code).toMatch(/^\d{5}$/)
      else expect(item.code, item.code).toMatch(/^ZZ\d{5}$/)
    }
    for (const major of defaultMajors)
      expect(
        defaultItems.some((i) => i.majorCode === major.code),
        major.code,
      ).toBe(true)
  })

  it('routes only to bodies that exist, and overrides each area at most once', () => {
    const bodies = new Set(defaultBodies.map((b) => b.code))
    for (const { code, rules } of defaultItems) {
      expect(bodies.has(rules.routing.default.body), code).toBe(true)
      for (const o of rules.routing.overrides) expect(bodies.has(o.target.body), code).toBe(true)
      const areas = rules.routing.overrides.map((o) => o.areaCode)
      expect(new Set(areas).size, code).toBe(areas.length)
    }
    expect(defaultItems.some((i) => i.rules.routing.overrides.length > 0)).toBe(true)
    // The four street platforms are there.
    for (const code of ['zongzhi', 'shichang_pt', 'zhifa', 'bianmin'])
      expect(defaultBodies.find((b) => b.code === code)?.kind).toBe('platform')
  })

  it('admits items with who approved them and when, and refuses at least 8 with a reason', () => {
    for (const { code, rules } of admittedItems) {
      expect(rules.admission.approvedBy, code).toBeTruthy()
      expect(rules.admission.approvedOn, code).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
    expect(refusedItems.length).toBeGreaterThanOrEqual(8)
    for (const { code, rules } of refusedItems)
      expect(rules.admission.refusalReason?.length, code).toBeGreaterThan(10)
    const reasons = refusedItems.map((i) => i.rules.admission.refusalReason).join(' ')
    for (const number of ['110', '119', '120', '122']) expect(reasons).toContain(number)
  })

  it('transcribes the full GB/T 47678.5-2026 directory of matters', () => {
    const gbItems = defaultItems.filter((i) => i.standard === gb)
    expect(gbItems).toHaveLength(250)
    const perMajor = Object.fromEntries(
      defaultMajors
        .filter((m) => m.standard === gb)
        .map((m) => [m.code, gbItems.filter((i) => i.majorCode === m.code).length]),
    )
    expect(perMajor).toEqual({
      '01': 76,
      '02': 44,
      '03': 16,
      '04': 14,
      '05': 3,
      '06': 51,
      '07': 7,
      '08': 16,
      '09': 21,
      '10': 2,
    })
    expect(defaultMajors.filter((m) => m.standard === gb).map((m) => m.name)).toEqual([
      '市政公用设施类',
      '交通设施类',
      '市容环卫设施类',
      '园林绿化设施类',
      '其他管理部件类',
      '市容环境类',
      '宣传广告类',
      '施工管理类',
      '街面秩序类',
      '其他事项类',
    ])
    // Examples quoted in reference/standards.md §2.2.
    expect(nameOf('01001')).toBe('供水井盖异常')
    expect(nameOf('01037')).toBe('路灯异常')
    expect(nameOf('06042')).toBe('垃圾站（箱）满溢')
    expect(nameOf('07006')).toBe('违规牌匾标识')
    expect(nameOf('08016')).toBe('无证建设')
    expect(nameOf('09012')).toBe('占用消防通道')
    expect(nameOf('10001')).toBe('道路积雪、结冰')
    // The standard's own gaps.
    for (const gap of ['01016', '05001', '06031', '07005', '09007']) expect(nameOf(gap)).toBeUndefined()
    for (const item of gbItems.filter((i) => Number(i.majorCode) <= 5))
      expect(item.rules.name, item.code).toContain('异常')
    for (const m of defaultMajors.filter((m) => m.standard === gb)) expect(m.domain).toBe('city_management')
  })

  it('covers the social-governance domains and the 代办 services', () => {
    const domains = new Set(defaultMajors.map((m) => m.domain))
    for (const d of catalogDomains.filter((d) => d !== 'other')) expect(domains.has(d), d).toBe(true)
    const local = admittedItems.filter((i) => i.standard === 'local')
    expect(local.length).toBeGreaterThanOrEqual(90)
    const domainOf = (code: string) => majorsByCode.get(code)?.domain
    for (const item of local.filter((i) => domainOf(i.majorCode) === 'dispute')) {
      const keys = item.rules.fields.map((f) => f.key)
      expect(keys, item.code).toEqual(
        expect.arrayContaining([
          'main_party',
          'people_involved',
          'scale',
          'resolution_method',
          'resolved',
          'resolution',
        ]),
      )
      expect(item.rules.fields.find((f) => f.key === 'resolved')?.required).toBe(true)
    }
    for (const item of local.filter((i) => domainOf(i.majorCode) === 'special_groups'))
      expect(item.rules.fields.find((f) => f.key === 'person')?.required, item.code).toBe(true)
    for (const item of local.filter((i) => domainOf(i.majorCode) === 'proxy_service')) {
      expect(item.rules.selfHandle, item.code).toBe(true)
      expect(item.rules.photoRequired, item.code).toBe(false)
      expect(item.rules.routing.default, item.code).toEqual({ body: 'bianmin', level: 'street' })
      expect(item.rules.limits.normal.first_feedback).toEqual({ amount: 1, unit: 'working_days' })
    }
    const residence = local.find((i) => i.rules.name === '居住证办理')
    expect(residence?.rules.limits.normal.handle).toEqual({ amount: 15, unit: 'working_days' })
  })

  it('has limits for every urgency and stage, within the "130" rule for ordinary cases', () => {
    for (const { code, rules } of defaultItems) {
      for (const u of urgencies)
        for (const s of limitStages) expect(rules.limits[u][s], `${code} ${u} ${s}`).toBeDefined()
      const { dispatch, first_feedback } = rules.limits.normal
      const days = (l: { amount: number; unit: string }) =>
        l.unit.endsWith('days') ? l.amount : l.amount / 8
      expect(days(dispatch), code).toBeLessThanOrEqual(1)
      expect(days(first_feedback), code).toBeLessThanOrEqual(3)
      expect(rules.limits.urgent.accept).toEqual({ amount: 0.5, unit: 'natural_hours' })
      expect(rules.limits.critical.accept).toEqual({ amount: 0.25, unit: 'natural_hours' })
    }
  })

  it('counts', () => {
    const counts = {
      majors: defaultMajors.length,
      items: defaultItems.length,
      admitted: admittedItems.length,
    }
    console.log('default catalog', counts, 'bodies', defaultBodies.length, 'refused', refusedItems.length)
    expect(counts.items).toBe(counts.admitted + refusedItems.length)
  })
})
