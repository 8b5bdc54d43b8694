import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/api/client.ts'
import type { TImportField } from '../../../shared/api/registry-import.ts'
import {
  commitChoices,
  importedGrid,
  initialMapping,
  mappingBody,
  mappingProblems,
  sampleValues,
  templateCsv,
  templateHeaders,
  unmappedRequired,
} from './registry-import.ts'

const fields: TImportField[] = [
  { key: 'name', zh: '姓名', en: 'Name', required: true },
  { key: 'documentNumber', zh: '公民身份号码', en: 'ID number', required: false },
  { key: 'phone', zh: '联系电话', en: 'Phone', required: false },
  { key: 'gridCode', zh: '网格编码', en: 'Grid code', required: true },
]
const headers = ['姓名', '身份证号', '网格编码']

describe('the column mapping', () => {
  it('starts from the suggestion, every field present, columns the file lacks left out', () => {
    const mapping = initialMapping({
      fields,
      headers,
      mapping: null,
      suggestedMapping: { name: 0, documentNumber: 1, gridCode: 7 },
    })
    expect(mapping).toEqual({ name: 0, documentNumber: 1, phone: null, gridCode: null })
    expect(mappingBody(mapping)).toEqual({ name: 0, documentNumber: 1 })
  })

  it('prefers the mapping confirmed before (a check run again) over the suggestion', () => {
    expect(
      initialMapping({ fields, headers, mapping: { name: 2 }, suggestedMapping: { name: 0, gridCode: 2 } }),
    ).toEqual({ name: 2, documentNumber: null, phone: null, gridCode: null })
  })

  it('names required fields without a column; a default grid stands in for the grid column', () => {
    const mapping = { name: null, documentNumber: 1, phone: null, gridCode: null }
    expect(unmappedRequired(fields, mapping, null).map((f) => f.key)).toEqual(['name', 'gridCode'])
    expect(unmappedRequired(fields, mapping, '110120001001001').map((f) => f.key)).toEqual(['name'])
  })

  it('shows a column’s sample values, blanks left out', () => {
    const samples = [
      ['张三', '110***********002X'],
      ['李四', ''],
    ]
    expect(sampleValues(samples, 1)).toEqual(['110***********002X'])
    expect(sampleValues(samples, 0)).toEqual(['张三', '李四'])
    expect(sampleValues(samples, null)).toEqual([])
  })
})

describe('the import choices', () => {
  it('offers 全部导入 only when every row is valid, 仅导入有效行 only when some are not', () => {
    expect(commitChoices({ status: 'validated', validRows: 3, invalidRows: 0 })).toEqual({
      all: true,
      validOnly: false,
      leftOut: 0,
    })
    expect(commitChoices({ status: 'validated', validRows: 3, invalidRows: 1 })).toEqual({
      all: false,
      validOnly: true,
      leftOut: 1,
    })
    expect(commitChoices({ status: 'validated', validRows: 0, invalidRows: 2 })).toMatchObject({
      all: false,
      validOnly: false,
    })
    expect(commitChoices({ status: 'validated', validRows: 0, invalidRows: 0 }).all).toBe(false)
    expect(commitChoices({ status: 'validating', validRows: 3, invalidRows: 0 }).all).toBe(false)
    expect(commitChoices(null)).toMatchObject({ all: false, validOnly: false })
  })
})

describe('a refused check', () => {
  it('places the server’s messages by the field they name', () => {
    const error = new ApiError({
      status: 400,
      code: 'validation',
      message: '请求参数不正确',
      fields: { 'mapping.name': '请选择姓名所在的列', defaultGridCode: '网格不存在', mode: '其他' },
    })
    expect(mappingProblems(error)).toEqual({
      fields: { name: '请选择姓名所在的列' },
      defaultGrid: '网格不存在',
      other: ['其他'],
    })
    expect(mappingProblems(new ApiError({ status: 500, code: 'internal', message: 'x' }))).toBeNull()
    expect(mappingProblems(new Error('x'))).toBeNull()
  })
})

describe('the template and where to look afterwards', () => {
  it('is CSV with a BOM, the office headers and one example row', () => {
    const text = templateCsv()
    expect(text.startsWith('\uFEFF户号,姓名,身份证号,')).toBe(true)
    const lines = text.slice(1).trim().split('\r\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]?.split(',')).toEqual([...templateHeaders])
    expect(lines[1]?.split(',')).toHaveLength(templateHeaders.length)
  })

  it('opens the default grid when the rows name no grid, and the whole list otherwise', () => {
    expect(importedGrid({ defaultGridCode: '110120001001001' }, [['', '']], 1)).toBe('110120001001001')
    expect(importedGrid({ defaultGridCode: '110120001001001' }, [['', '110********1001']], 1)).toBeNull()
    expect(importedGrid({ defaultGridCode: null }, [], null)).toBeNull()
  })
})
