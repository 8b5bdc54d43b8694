import { creditCheckChar } from '@onegrid/core/registry/credit-code'
import { idCheckChar } from '@onegrid/core/registry/id-number'
import { ApiError } from '../../../shared/api/client.ts'
import type {
  ImportStatus,
  TImportField,
  TImportKind,
  TRegistryImport,
  TRegistryImportSummary,
} from '../../../shared/api/registry-import.ts'

/** Which column (0-based) each target field is read from; null: not in the file. */
export type ImportMapping = Record<string, number | null>

/**
 * The mapping the page starts with: every target field, from the mapping confirmed before (a dry run
 * run again) or else the server's suggestion; a column index the file does not have is left out.
 */
export function initialMapping(
  imp: Pick<TRegistryImport, 'fields' | 'headers' | 'mapping' | 'suggestedMapping'>,
): ImportMapping {
  const from = imp.mapping ?? imp.suggestedMapping
  const out: ImportMapping = {}
  for (const field of imp.fields) {
    const column = from[field.key]
    out[field.key] = column !== undefined && column >= 0 && column < imp.headers.length ? column : null
  }
  return out
}

/** The mapping as the dry run takes it: the fields given a column only. */
export function mappingBody(mapping: ImportMapping): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [key, column] of Object.entries(mapping)) if (column !== null) out[key] = column
  return out
}

/** Required fields without a column (the grid is covered by a default grid). */
export function unmappedRequired(
  fields: readonly TImportField[],
  mapping: ImportMapping,
  defaultGrid: string | null,
): TImportField[] {
  return fields.filter(
    (f) => f.required && (mapping[f.key] ?? null) === null && !(f.key === 'gridCode' && defaultGrid),
  )
}

/** The values of one column in the sample rows, blanks left out. */
export function sampleValues(samples: readonly (readonly string[])[], column: number | null): string[] {
  if (column === null) return []
  return samples.map((row) => row[column] ?? '').filter((v) => v.trim() !== '')
}

export interface CommitChoices {
  /** 全部导入: only when every row is valid. */
  all: boolean
  /** 仅导入有效行: when some rows are valid and some are not. */
  validOnly: boolean
  /** Rows 仅导入有效行 leaves out. */
  leftOut: number
}

export function commitChoices(
  imp: Pick<TRegistryImport, 'status' | 'validRows' | 'invalidRows'> | null,
): CommitChoices {
  const valid = imp?.validRows ?? 0
  const invalid = imp?.invalidRows ?? 0
  const ready = imp?.status === 'validated'
  return {
    all: ready && valid > 0 && invalid === 0,
    validOnly: ready && valid > 0 && invalid > 0,
    leftOut: invalid,
  }
}

/** The job is still working: the page polls. */
export const isRunning = (status: TRegistryImport['status'] | undefined) =>
  status === 'validating' || status === 'committing'

export interface MappingProblems {
  /** Per target field (`mapping.name` → `name`). */
  fields: Record<string, string>
  defaultGrid: string | null
  /** Anything else the server said. */
  other: string[]
}

/** A refused dry run's field messages, placed by the field they name. */
export function mappingProblems(error: unknown): MappingProblems | null {
  if (!(error instanceof ApiError) || error.status !== 400 || Object.keys(error.fields).length === 0)
    return null
  const out: MappingProblems = { fields: {}, defaultGrid: null, other: [] }
  for (const [key, message] of Object.entries(error.fields)) {
    if (key.startsWith('mapping.')) out.fields[key.slice('mapping.'.length)] = message
    else if (key === 'defaultGridCode') out.defaultGrid = message
    else out.other.push(message)
  }
  return out
}

/** What a sheet lists, in the order the page offers them; persons unless the importer chooses. */
export const importKinds = ['persons', 'houses', 'organizations'] as const satisfies readonly TImportKind[]

/** The kind a link names (`?kind=houses`); anything else is persons. */
export function importKindOf(value: unknown): TImportKind {
  const raw = Array.isArray(value) ? value[0] : value
  return importKinds.find((k) => k === raw) ?? 'persons'
}

/** A sheet's headers as offices write them (each one the server suggests a field from) and one example row. */
export interface ImportTemplate {
  headers: readonly string[]
  example: readonly string[]
}

// The example organization's code carries a real check character, so the row passes the check as is
// once the note is gone (91: an enterprise registered with 市场监管).
const exampleCreditCode = (first17: string) => first17 + creditCheckChar(first17)
// Likewise the example tenant's ID number (born 1990-03-07 in 西城区); the tenant must still be a
// registry person in the importer's jurisdiction for the row to pass.
const exampleIdNumber = (first17: string) => first17 + idCheckChar(first17)

export const importTemplates: Readonly<Record<TImportKind, ImportTemplate>> = {
  persons: {
    headers: [
      '户号',
      '姓名',
      '身份证号',
      '性别',
      '出生日期',
      '民族',
      '学历',
      '联系电话',
      '现住址',
      '户籍地址',
      '流动人口',
      '网格编码',
      '与户主关系',
      '标签',
      '备注',
    ],
    example: [
      'H0001',
      '张三',
      '11010519491231002X',
      '男',
      '1949-12-31',
      '汉族',
      '大学本科',
      '13800001111',
      '湖滨路1号1单元101',
      '北京市西城区某街道',
      '否',
      '110120001001001',
      '户主',
      '独居;退役军人',
      '示例行，导入前请删除',
    ],
  },
  houses: {
    headers: [
      '楼栋编码',
      '单元',
      '楼层',
      '房号',
      '房屋地址',
      '建筑面积',
      '房屋用途',
      '出租间数',
      '产权人',
      '产权人身份证号',
      '产权单位信用代码',
      '租户身份证号',
      '起租日期',
      '到期日期',
      '租赁合同编号',
      '登记备案',
      '网格编码',
      '经度',
      '纬度',
      '标签',
      '备注',
    ],
    // A room of a building, let: the building gives its address, grid and point, so those stay empty;
    // one tenant per row, the lease a year long and registered (登记备案).
    example: [
      '11012000100100003',
      '1',
      '3',
      '301',
      '',
      '85.5',
      '出租',
      '2',
      '张三',
      '',
      '',
      exampleIdNumber('11010219900307001'),
      '2026-03-01',
      '2027-02-28',
      'ZL-2026-0301',
      '是',
      '110120001001001',
      '',
      '',
      '',
      '示例行，导入前请删除',
    ],
  },
  organizations: {
    headers: [
      '统一社会信用代码',
      '单位名称',
      '单位类型',
      '经营状态',
      '所属行业',
      '单位地址',
      '法定代表人',
      '法定代表人电话',
      '从业人员数',
      '安全负责人',
      '安全负责人电话',
      '消防重点单位',
      '网格编码',
      '经度',
      '纬度',
      '标签',
      '备注',
    ],
    example: [
      exampleCreditCode('91110120MA01EXAM1'),
      '湖滨示例商贸有限公司',
      '企业',
      '在营',
      '批发和零售业',
      '湖滨路1号',
      '张三',
      '13800001111',
      '12',
      '李四',
      '13900002222',
      '否',
      '110120001001001',
      '',
      '',
      '',
      '示例行，导入前请删除',
    ],
  },
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

/** A kind's template as CSV text: a BOM so that Excel reads it as UTF-8, CRLF lines. */
export function templateCsv(kind: TImportKind): string {
  const { headers, example } = importTemplates[kind]
  const lines = [headers, example].map((row) => row.map(csvCell).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** The fields a row's place can come from before the default grid; a kind without one has no column for it. */
const placingKeys = ['gridCode', 'buildingCode', 'lng', 'lat'] as const

/**
 * The grid to open after an import: the default grid when the sample rows name no place of their own —
 * no grid code, building code or point (the samples mask long digit runs, grid and building codes too,
 * so a grid the rows name cannot be read from them). Without samples, a column mapped to a place counts.
 */
export function importedGrid(
  imp: Pick<TRegistryImport, 'defaultGridCode'>,
  samples: readonly (readonly string[])[],
  mapping: ImportMapping,
): string | null {
  // An import resumed from its address has no samples: a column given for the place may name one.
  const placed = placingKeys.some((key) =>
    samples.length === 0
      ? (mapping[key] ?? null) !== null
      : sampleValues(samples, mapping[key] ?? null).length > 0,
  )
  return placed ? null : imp.defaultGridCode
}

/** Where the imported records are listed: 实有人口 for persons, the 地·物·组织 tab of the kind otherwise. */
export function importedListLink(
  kind: TImportKind,
  grid: string | null,
): { path: string; query: Record<string, string> } {
  if (kind === 'persons') return { path: '/registry/persons', query: grid ? { grid } : {} }
  // PlacesPage keeps its tab (`house`, `organization`) and its area (any area code, a grid's too) in the query.
  const tab = kind === 'houses' ? 'house' : 'organization'
  return { path: '/registry/places', query: grid ? { tab, area: grid } : { tab } }
}

// ---------------------------------------------------------------- the importer's own imports

/** The import a link or a reload reopens (`?import=123`); anything else is none. */
export function importIdOf(value: unknown): number | null {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw)) return null
  const id = Number(raw)
  return id > 0 ? id : null
}

export type ImportPhase = 'upload' | 'mapping' | 'check' | 'done'

/**
 * The step an import reopens at: its columns until it is checked, the check's result (or its failure,
 * where 重新校验 is) while not imported, the end once importing has begun.
 */
export function resumePhase(status: ImportStatus): ImportPhase {
  if (status === 'uploaded') return 'mapping'
  if (status === 'committing' || status === 'committed') return 'done'
  return 'check'
}

/** 继续: an import still waiting for its importer (columns to confirm, or checked and not imported). */
export const mayResume = (status: ImportStatus) => status === 'uploaded' || status === 'validated'

type TagType = 'info' | 'primary' | 'warning' | 'success' | 'danger'

/** A status's colour: grey before any check, blue while a job runs, amber awaiting the import, then done or failed. */
export const importStatusTag: Readonly<Record<ImportStatus, TagType>> = {
  uploaded: 'info',
  validating: 'primary',
  validated: 'warning',
  committing: 'primary',
  committed: 'success',
  failed: 'danger',
}

export const importCountKeys = ['totalRows', 'validRows', 'invalidRows', 'committedRows'] as const
export type ImportCountKey = (typeof importCountKeys)[number]

/** An import's row counts so far: a count not reached yet (before the check, before the import) is left out. */
export function importCounts(
  imp: Pick<TRegistryImportSummary, ImportCountKey>,
): { key: ImportCountKey; n: number }[] {
  return importCountKeys.flatMap((key) => {
    const n = imp[key]
    return n === null ? [] : [{ key, n }]
  })
}
