import { parseCreditCode } from '@onegrid/core/registry/credit-code'
import { parseIdNumber } from '@onegrid/core/registry/id-number'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/api/client.ts'
import type { TImportField, TImportKind } from '../../../shared/api/registry-import.ts'
import {
  commitChoices,
  importCounts,
  importedGrid,
  importedListLink,
  importIdOf,
  importKindOf,
  importKinds,
  importStatusTag,
  importTemplates,
  initialMapping,
  mappingBody,
  mappingProblems,
  mayResume,
  resumePhase,
  sampleValues,
  templateCsv,
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

/**
 * The server's fields per kind with the headers it suggests a mapping from (a copy of
 * packages/server/src/modules/registry/import/{person-fields,house-import,organization-import,place-rows}.ts:
 * the web package does not depend on the server). A template header the server does not know would
 * leave its column unmapped.
 */
type ServerField = { key: string; required: boolean; aliases: readonly string[] }
const placing: ServerField[] = [
  { key: 'gridCode', required: false, aliases: ['网格编码', '所属网格', '网格', '网格代码'] },
  { key: 'lng', required: false, aliases: ['经度', 'lng', 'lon', 'longitude'] },
  { key: 'lat', required: false, aliases: ['纬度', 'lat', 'latitude'] },
  { key: 'tags', required: false, aliases: ['标签'] },
  { key: 'note', required: false, aliases: ['备注'] },
]
const serverFields: Record<TImportKind, ServerField[]> = {
  persons: [
    { key: 'name', required: true, aliases: ['姓名', '名字', '人员姓名', 'name'] },
    { key: 'documentKind', required: false, aliases: ['证件类型', '证件种类'] },
    {
      key: 'documentNumber',
      required: false,
      aliases: ['公民身份号码', '身份证号', '身份证号码', '证件号码', '身份证', 'idnumber'],
    },
    { key: 'sex', required: false, aliases: ['性别', 'sex'] },
    { key: 'birthDate', required: false, aliases: ['出生日期', '出生年月', '生日'] },
    { key: 'ethnicity', required: false, aliases: ['民族'] },
    { key: 'education', required: false, aliases: ['学历', '文化程度'] },
    {
      key: 'phone',
      required: false,
      aliases: ['联系电话', '手机', '手机号', '手机号码', '电话', '联系方式', 'phone'],
    },
    { key: 'address', required: false, aliases: ['现住址', '居住地址', '现居住地址', '住址', '现住地详址'] },
    { key: 'hukouAddress', required: false, aliases: ['户籍地址', '户籍地详址', '户籍地'] },
    { key: 'nonLocal', required: false, aliases: ['流动人口', '是否流动人口', '人户分离'] },
    { key: 'gridCode', required: false, aliases: ['网格编码', '所属网格', '网格', '网格代码'] },
    { key: 'householdNumber', required: false, aliases: ['户号', '户编号'] },
    { key: 'relation', required: false, aliases: ['与户主关系', '关系'] },
    { key: 'tags', required: false, aliases: ['标签'] },
    { key: 'note', required: false, aliases: ['备注'] },
  ],
  houses: [
    { key: 'buildingCode', required: false, aliases: ['楼栋编码', '楼栋代码', '楼栋编号', '建筑物编码'] },
    { key: 'unit', required: false, aliases: ['单元', '单元号'] },
    { key: 'floor', required: false, aliases: ['楼层', '所在楼层', '层'] },
    { key: 'roomNo', required: true, aliases: ['房号', '房间号', '室号', '门牌号', '户室号'] },
    { key: 'address', required: false, aliases: ['房屋地址', '地址', '详细地址', '门牌地址', '标准地址'] },
    { key: 'areaM2', required: false, aliases: ['建筑面积', '面积', '房屋面积', '使用面积'] },
    { key: 'use', required: true, aliases: ['房屋用途', '用途', '使用情况', '房屋状态', '居住类型'] },
    { key: 'rooms', required: false, aliases: ['出租间数', '间数', '房间数'] },
    { key: 'ownerName', required: false, aliases: ['产权人', '产权人姓名', '房主', '业主', '房东'] },
    {
      key: 'ownerDocument',
      required: false,
      aliases: ['产权人身份证号', '产权人证件号码', '房主身份证号', '业主身份证号'],
    },
    {
      key: 'ownerCreditCode',
      required: false,
      aliases: ['产权单位信用代码', '产权单位统一社会信用代码', '产权单位代码'],
    },
    {
      key: 'tenantDocument',
      required: false,
      aliases: ['租户身份证号', '承租人身份证号', '租客身份证号', '租户证件号码', '承租人证件号码'],
    },
    {
      key: 'tenancyStart',
      required: false,
      aliases: ['起租日期', '租赁开始日期', '租住开始日期', '入住日期'],
    },
    {
      key: 'tenancyEnd',
      required: false,
      aliases: ['到期日期', '租赁结束日期', '租住结束日期', '租期截止'],
    },
    { key: 'contractNo', required: false, aliases: ['租赁合同编号', '合同编号'] },
    { key: 'registered', required: false, aliases: ['登记备案', '是否备案', '已备案'] },
    ...placing,
  ],
  organizations: [
    {
      key: 'creditCode',
      required: true,
      aliases: ['统一社会信用代码', '社会信用代码', '信用代码', '组织机构代码'],
    },
    { key: 'name', required: true, aliases: ['单位名称', '企业名称', '机构名称', '名称', '单位'] },
    { key: 'kind', required: false, aliases: ['单位类型', '单位性质', '类型'] },
    { key: 'status', required: false, aliases: ['经营状态', '状态', '登记状态'] },
    { key: 'industry', required: false, aliases: ['所属行业', '行业'] },
    { key: 'address', required: true, aliases: ['单位地址', '经营地址', '住所', '地址', '详细地址'] },
    { key: 'legalRepresentative', required: false, aliases: ['法定代表人', '法人', '负责人', '经营者'] },
    {
      key: 'legalRepresentativePhone',
      required: false,
      aliases: ['法定代表人电话', '法人电话', '法人联系电话', '负责人电话'],
    },
    { key: 'employees', required: false, aliases: ['从业人员数', '从业人数', '员工人数', '职工人数'] },
    { key: 'safetyContact', required: false, aliases: ['安全负责人', '安全管理人', '消防安全责任人'] },
    {
      key: 'safetyContactPhone',
      required: false,
      aliases: ['安全负责人电话', '安全管理人电话', '消防安全责任人电话'],
    },
    {
      key: 'keyFireUnit',
      required: false,
      aliases: ['消防重点单位', '消防安全重点单位', '是否消防重点单位'],
    },
    ...placing,
  ],
}

/** CSV text back into rows (the templates quote nothing: no cell has a comma, a quote or a line break). */
const csvRows = (text: string) =>
  text
    .slice(1)
    .trim()
    .split('\r\n')
    .map((line) => line.split(','))

describe('the templates', () => {
  it('are CSV with a BOM, the office headers and one example row, for every kind', () => {
    for (const kind of importKinds) {
      const text = templateCsv(kind)
      expect(text.startsWith('\uFEFF')).toBe(true)
      expect(text.endsWith('\r\n')).toBe(true)
      const [headers, example, ...rest] = csvRows(text)
      expect(headers).toEqual([...importTemplates[kind].headers])
      expect(example).toHaveLength(headers?.length ?? -1)
      expect(example?.at(-1)).toBe('示例行，导入前请删除')
      expect(rest).toEqual([])
    }
    expect(templateCsv('persons').startsWith('\uFEFF户号,姓名,身份证号,')).toBe(true)
    expect(templateCsv('houses').startsWith('\uFEFF楼栋编码,单元,楼层,房号,房屋地址,')).toBe(true)
    expect(templateCsv('houses')).toContain(
      ',产权单位信用代码,租户身份证号,起租日期,到期日期,租赁合同编号,登记备案,网格编码,',
    )
    expect(templateCsv('organizations').startsWith('\uFEFF统一社会信用代码,单位名称,单位类型,')).toBe(true)
  })

  it('name each header exactly as the server knows a field of the kind, every required field among them', () => {
    for (const kind of importKinds) {
      const fields = serverFields[kind]
      const keys = importTemplates[kind].headers.map(
        (header) => fields.find((f) => f.aliases.includes(header))?.key ?? `unknown: ${header}`,
      )
      expect(
        keys.filter((k) => k.startsWith('unknown')),
        kind,
      ).toEqual([])
      expect(new Set(keys).size, `${kind}: one header per field`).toBe(keys.length)
      for (const f of fields.filter((field) => field.required)) expect(keys, kind).toContain(f.key)
    }
  })

  it('give examples that would pass the checks: a 17-digit building code, a tenant’s ID number and a credit code with their check characters', () => {
    const house = Object.fromEntries(
      importTemplates.houses.headers.map((h, i) => [h, importTemplates.houses.example[i]]),
    )
    expect(house).toMatchObject({
      楼栋编码: '11012000100100003',
      房号: '301',
      房屋用途: '出租',
      房屋地址: '',
    })
    expect(house.楼栋编码).toMatch(/^\d{17}$/)
    // The tenant: an ID number with its check digit, a year's lease, registered.
    expect(parseIdNumber(house.租户身份证号 ?? '', new Date('2026-11-20'))).toMatchObject({ ok: true })
    expect(house).toMatchObject({
      起租日期: '2026-03-01',
      到期日期: '2027-02-28',
      登记备案: '是',
    })

    const org = Object.fromEntries(
      importTemplates.organizations.headers.map((h, i) => [h, importTemplates.organizations.example[i]]),
    )
    expect(parseCreditCode(org.统一社会信用代码 ?? '')).toMatchObject({ ok: true, registrar: '9', kind: '1' })
    expect(org).toMatchObject({ 单位类型: '企业', 经营状态: '在营', 消防重点单位: '否' })
  })
})

describe('the kind', () => {
  it('comes from the address bar, persons unless it names another', () => {
    expect(importKindOf('houses')).toBe('houses')
    expect(importKindOf(['organizations'])).toBe('organizations')
    expect(importKindOf(undefined)).toBe('persons')
    expect(importKindOf('buildings')).toBe('persons')
  })

  it('asks for the required fields of whatever kind, a default grid standing in for a grid only', () => {
    const organization: TImportField[] = [
      { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', required: true },
      { key: 'name', zh: '单位名称', en: 'Name', required: true },
      { key: 'address', zh: '单位地址', en: 'Address', required: true },
      { key: 'gridCode', zh: '网格编码', en: 'Grid code', required: false },
    ]
    const mapping = { creditCode: 0, name: null, address: null, gridCode: null }
    expect(unmappedRequired(organization, mapping, '110120001001001').map((f) => f.key)).toEqual([
      'name',
      'address',
    ])
    expect(unmappedRequired(organization, { creditCode: 0, name: 1, address: 2 }, null)).toEqual([])
  })
})

describe('where to look afterwards', () => {
  it('opens the default grid when the rows name no place of their own, and the whole list otherwise', () => {
    const grid = { defaultGridCode: '110120001001001' }
    expect(importedGrid(grid, [['', '']], { gridCode: 1 })).toBe('110120001001001')
    expect(importedGrid(grid, [['', '110********1001']], { gridCode: 1 })).toBeNull()
    expect(importedGrid({ defaultGridCode: null }, [], {})).toBeNull()
    // A house in a building goes into the building's grid, one with a point into the grid there.
    expect(importedGrid(grid, [['110********00003', '', '']], { buildingCode: 0, gridCode: 1 })).toBeNull()
    expect(importedGrid(grid, [['', '116.4', '39.9']], { gridCode: 0, lng: 1, lat: 2 })).toBeNull()
    expect(importedGrid(grid, [['', '', '']], { buildingCode: 0, lng: 1, lat: 2 })).toBe(grid.defaultGridCode)
  })

  it('without samples (an import resumed from its address), takes a column given for the place as naming one', () => {
    const grid = { defaultGridCode: '110120001001001' }
    expect(importedGrid(grid, [], { name: 0, gridCode: null })).toBe('110120001001001')
    expect(importedGrid(grid, [], { name: 0, gridCode: 3 })).toBeNull()
    expect(importedGrid(grid, [], { buildingCode: 0 })).toBeNull()
  })

  it('is 实有人口 for persons and the kind’s tab of 地·物·组织 otherwise', () => {
    const grid = '110120001001001'
    expect(importedListLink('persons', grid)).toEqual({ path: '/registry/persons', query: { grid } })
    expect(importedListLink('persons', null)).toEqual({ path: '/registry/persons', query: {} })
    expect(importedListLink('houses', grid)).toEqual({
      path: '/registry/places',
      query: { tab: 'house', area: grid },
    })
    expect(importedListLink('organizations', null)).toEqual({
      path: '/registry/places',
      query: { tab: 'organization' },
    })
  })
})

describe('my imports', () => {
  const statuses = ['uploaded', 'validating', 'validated', 'committing', 'committed', 'failed'] as const

  it('reopen from the address bar by a positive id only', () => {
    expect(importIdOf('123')).toBe(123)
    expect(importIdOf(['45', '6'])).toBe(45)
    for (const odd of [undefined, '', '0', '-3', '1.5', 'abc', '1e3', 7, null])
      expect(importIdOf(odd), String(odd)).toBeNull()
  })

  it('reopen at the step they reached: the columns, the check, the end', () => {
    expect(resumePhase('uploaded')).toBe('mapping')
    expect(resumePhase('validating')).toBe('check')
    expect(resumePhase('validated')).toBe('check')
    // A failed job shows its failure where 重新校验 is.
    expect(resumePhase('failed')).toBe('check')
    expect(resumePhase('committing')).toBe('done')
    expect(resumePhase('committed')).toBe('done')
  })

  it('offer 继续 while waiting for the importer only', () => {
    expect(statuses.filter(mayResume)).toEqual(['uploaded', 'validated'])
  })

  it('colour each status: waiting amber, done green, failed red, running blue', () => {
    expect(importStatusTag).toEqual({
      uploaded: 'info',
      validating: 'primary',
      validated: 'warning',
      committing: 'primary',
      committed: 'success',
      failed: 'danger',
    })
  })

  it('count the rows reached so far, the others left out', () => {
    const none = { totalRows: null, validRows: null, invalidRows: null, committedRows: null }
    expect(importCounts(none)).toEqual([])
    expect(importCounts({ ...none, totalRows: 4, validRows: 3, invalidRows: 1 })).toEqual([
      { key: 'totalRows', n: 4 },
      { key: 'validRows', n: 3 },
      { key: 'invalidRows', n: 1 },
    ])
    expect(importCounts({ totalRows: 4, validRows: 4, invalidRows: 0, committedRows: 4 })).toHaveLength(4)
  })
})
