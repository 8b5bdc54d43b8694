import { ApiError } from '../../../shared/api/client.ts'
import type { TImportField, TRegistryImport } from '../../../shared/api/registry-import.ts'

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

/** The headers offices use, in the template's order, and one example row. */
export const templateHeaders = [
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
] as const

const templateExample = [
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
]

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

/** The template as CSV text: a BOM so that Excel reads it as UTF-8, CRLF lines. */
export function templateCsv(): string {
  const lines = [templateHeaders, templateExample].map((row) => row.map(csvCell).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/**
 * The grid whose 实有人口 list to open after an import: the default grid when the sample rows name none
 * (the samples mask long digit runs, grid codes too, so a grid the rows name cannot be read from them).
 */
export function importedGrid(
  imp: Pick<TRegistryImport, 'defaultGridCode'>,
  samples: readonly (readonly string[])[],
  gridColumn: number | null,
): string | null {
  return sampleValues(samples, gridColumn).length === 0 ? imp.defaultGridCode : null
}
