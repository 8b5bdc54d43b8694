import { describe, expect, it } from 'vitest'
import type { TPerson } from '../../../shared/api/registry.ts'
import {
  blankPersonForm,
  createBody,
  createProblems,
  formOf,
  keepPerson,
  keptPerson,
  updateBody,
} from './person-form.ts'

const person = {
  id: 12,
  name: '王芳',
  documentKind: 'id_card',
  documentMasked: '110120********002X',
  sex: 'female',
  age: 40,
  phoneMasked: '138****1234',
  addressMasked: '东湖路**号',
  nonLocal: false,
  status: 'active',
  tags: [],
  gridCode: '110120001001001',
  gridName: '一网格',
  householdId: 3,
  relation: '10',
  groups: [],
  version: 4,
  updatedAt: '2026-12-01T00:00:00.000Z',
} as unknown as TPerson

describe('the phone’s person form', () => {
  it('creates a person with what was filled in', () => {
    const form = blankPersonForm({
      name: ' 赵六 ',
      documentNumber: '11010519491231002x ',
      gridCode: '110120001001001',
    })
    expect(createBody(form)).toEqual({
      name: '赵六',
      documentKind: 'id_card',
      documentNumber: '11010519491231002X',
      gridCode: '110120001001001',
    })
    expect(createBody({ ...form, householdId: 5, phone: '13800001111' })).toMatchObject({
      householdId: 5,
      relation: '99',
      phone: '13800001111',
    })
    expect(createProblems(blankPersonForm())).toEqual(['name', 'gridCode'])
  })

  it('corrects only what changed, at the version read, with a reason', () => {
    const form = formOf(person)
    expect(updateBody(person, form, '走访核实')).toBeNull()
    form.phone = '13900002222'
    form.status = 'moved_out'
    expect(updateBody(person, form, '走访核实')).toEqual({
      phone: '13900002222',
      status: 'moved_out',
      version: 4,
      reason: '走访核实',
    })
    const out = formOf(person)
    out.householdId = null
    out.reason = '已分户'
    expect(updateBody(person, out, '走访核实')).toEqual({
      householdId: null,
      relation: null,
      version: 4,
      reason: '已分户',
    })
    const relation = formOf(person)
    relation.relation = '02'
    expect(updateBody(person, relation, 'x')).toEqual({ relation: '02', version: 4, reason: 'x' })
  })

  it('keeps a person read online for a correction offline', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    }
    expect(keptPerson(12, storage)).toBeNull()
    keepPerson(person, storage)
    expect(keptPerson(12, storage)?.version).toBe(4)
  })
})
