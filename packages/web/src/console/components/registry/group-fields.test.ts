import { specialGroupKeys, specialGroups } from '@onegrid/core/registry/special-groups'
import { describe, expect, it } from 'vitest'
import {
  fieldLabelsEn,
  groupFieldDefs,
  groupFieldLabel,
  groupFieldsBody,
  groupFieldsInitial,
  groupOptionLabel,
  groupValueText,
} from './group-fields.ts'

const byKey = (group: Parameters<typeof groupFieldDefs>[0]) =>
  new Map(groupFieldDefs(group).map((d) => [d.key, d]))

describe('a special group’s form, read from its schema', () => {
  it('has an input per field of the schema, of the right kind, required where the schema says', () => {
    const fields = byKey('community_correction')
    expect([...fields.keys()]).toEqual(Object.keys(specialGroups.community_correction.fieldLabels))
    expect(fields.get('correctionNo')).toMatchObject({ kind: 'text', required: true, maxLength: 50 })
    expect(fields.get('correctionStart')).toMatchObject({ kind: 'date', required: true })
    expect(fields.get('sentenceStart')).toMatchObject({ kind: 'date', required: false })
    expect(fields.get('isRecidivist')).toMatchObject({ kind: 'boolean', required: false })
    expect(fields.get('correctionCategory')).toMatchObject({
      kind: 'enum',
      options: ['control', 'probation', 'parole', 'medical_parole'],
    })
    expect(fields.get('abscondReason')).toMatchObject({ kind: 'longText' })
  })

  it('reads numbers, their bounds, and fields that transform their input (ID numbers, phones) as text', () => {
    const fields = byKey('severe_mental_disorder')
    expect(fields.get('dangerLevel')).toMatchObject({ kind: 'integer', required: true, min: 0, max: 5 })
    expect(fields.get('guardianIdNumber')).toMatchObject({ kind: 'text', required: false })
    expect(fields.get('guardianPhone')).toMatchObject({ kind: 'text' })
    expect(byKey('low_income').get('monthlyAllowance')).toMatchObject({ kind: 'number', min: 0 })
  })

  it('lists relations in the code table’s order', () => {
    expect(byKey('key_youth').get('guardianRelation')?.options?.slice(0, 4)).toEqual(['01', '02', '03', '10'])
  })

  it('has an English name for every field of every group', () => {
    for (const group of specialGroupKeys) {
      for (const key of Object.keys(specialGroups[group].fieldLabels)) {
        expect(fieldLabelsEn[key], `${group}.${key}`).toBeTruthy()
      }
    }
    expect(groupFieldLabel('disabled', 'disabilityLevel', 'zh-CN')).toBe('残疾等级')
    expect(groupFieldLabel('disabled', 'disabilityLevel', 'en')).toBe('Grade of disability')
  })

  it('names enum values from core’s tables and the relation codes', () => {
    expect(groupOptionLabel('correctionCategory', 'parole', 'zh-CN')).toBe('假释')
    expect(groupOptionLabel('disabilityCategory', 'visual', 'zh-CN')).toBe('视力残疾')
    expect(groupOptionLabel('disabilityLevel', '2', 'zh-CN')).toBe('二级')
    expect(groupOptionLabel('guardianRelation', '50', 'zh-CN')).toBe('父母')
    expect(groupOptionLabel('guardianRelation', '50', 'en')).toBe('Parent')
    expect(groupOptionLabel('assistanceKind', 'subsistence', 'en')).toContain('Subsistence')
  })

  it('sends filled fields only, numbers as numbers, and keeps a required no', () => {
    const defs = groupFieldDefs('empty_nest_elderly')
    const values = groupFieldsInitial(defs)
    expect(values.livingAlone).toBe(false)
    values.healthStatus = '  良好 '
    values.emergencyContactPhone = ''
    expect(groupFieldsBody(defs, values)).toEqual({ livingAlone: false, healthStatus: '良好' })
    const lowIncome = groupFieldsDefsBody()
    expect(lowIncome).toEqual({ assistanceKind: 'subsistence', householdSize: 3 })
  })

  it('shows stored values as words', () => {
    const yesNo = { yes: '是', no: '否' }
    const def = byKey('community_correction').get('correctionCategory')
    expect(groupValueText(def, 'correctionCategory', 'probation', 'zh-CN', yesNo)).toBe('缓刑')
    expect(groupValueText(undefined, 'absconded', false, 'zh-CN', yesNo)).toBe('否')
    expect(groupValueText(undefined, 'charge', '', 'zh-CN', yesNo)).toBeNull()
  })
})

function groupFieldsDefsBody() {
  const defs = groupFieldDefs('low_income')
  const values = groupFieldsInitial(defs, { assistanceKind: 'subsistence' })
  values.householdSize = '3'
  values.monthlyAllowance = undefined
  return groupFieldsBody(defs, values)
}
