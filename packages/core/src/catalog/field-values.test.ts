import { describe, expect, it } from 'vitest'
import { type TCatalogFieldInput, ZCatalogField } from '../api/catalog.ts'
import { checkFieldValues } from './field-values.ts'

const field = (f: TCatalogFieldInput) => ZCatalogField.parse(f)
const fields = [
  field({ key: 'parties', label: '当事人', labelEn: 'Parties', type: 'person', required: true }),
  field({ key: 'people', label: '涉及人数', type: 'number', min: 1, max: 10_000 }),
  field({
    key: 'method',
    label: '化解方式',
    type: 'single_choice',
    forms: ['handling'],
    required: true,
    options: [
      { value: 'people', label: '人民调解' },
      { value: 'admin', label: '行政调解' },
    ],
  }),
  field({
    key: 'hazards',
    label: '隐患类型',
    type: 'multi_choice',
    options: [
      { value: 'wire', label: '私拉电线' },
      { value: 'exit', label: '堵塞通道' },
    ],
  }),
  field({ key: 'found', label: '发现日期', type: 'date' }),
  field({ key: 'note', label: '说明', type: 'text', maxLength: 5 }),
  field({ key: 'evidence', label: '照片', type: 'photo' }),
]

describe('custom field values', () => {
  it('accepts values of the right type on the form that asks them', () => {
    expect(
      checkFieldValues(
        fields,
        {
          parties: 12,
          people: 3,
          hazards: ['wire'],
          found: '2026-11-20',
          note: '五个字以内',
          evidence: ['a'.repeat(64)],
        },
        'report',
      ),
    ).toEqual({})
    expect(checkFieldValues(fields, { method: 'people' }, 'handling')).toEqual({})
  })

  it('names each missing or wrong field', () => {
    const problems = checkFieldValues(
      fields,
      {
        people: 0,
        hazards: ['wire', 'wire'],
        found: '2026-13-01',
        note: '六个字以上了',
        evidence: ['x'],
        extra: 1,
      },
      'report',
    )
    expect(Object.keys(problems).sort()).toEqual(
      ['evidence', 'extra', 'found', 'hazards', 'note', 'parties', 'people'].sort(),
    )
    expect(problems.parties?.zh).toBe('请填写「当事人」')
    expect(problems.people?.en).toBe('people must be at least 1')
  })

  it('does not ask handling fields on the report form, and requires them when handling', () => {
    expect(checkFieldValues(fields, { parties: 1, method: 'people' }, 'report')).toHaveProperty('method')
    expect(checkFieldValues(fields, {}, 'handling')).toHaveProperty('method')
    expect(checkFieldValues(fields, { method: 'court' }, 'handling').method?.en).toBe(
      'method is not one of the options',
    )
  })
})
