import ExcelJS from 'exceljs'
import { text, ValidationError } from '../../platform/http/errors.ts'

/**
 * The catalog workbook: one sheet per table (大类, 小类, 时限, 字段, 派遣例外),
 * row 1 the headers. Columns are found by header (Chinese as exported, or the
 * English key), so a sheet with moved columns still imports.
 */

export type Column<K extends string> = { key: K; header: string; width: number }
/** `required`: columns a sheet must have; the others may be left out and take their defaults. */
export type Table<K extends string> = {
  name: string
  aliases: string[]
  columns: readonly Column<K>[]
  required: readonly K[]
}

const col = <K extends string>(key: K, header: string, width = 12): Column<K> => ({ key, header, width })

export const majorSheet = {
  name: '大类',
  aliases: ['majors'],
  columns: [
    col('code', '大类代码', 10),
    col('name', '大类名称', 18),
    col('domain', '领域', 10),
    col('standard', '来源标准', 18),
    col('description', '说明', 40),
  ],
  required: ['code', 'name', 'domain'],
} as const satisfies Table<string>

export const itemSheet = {
  name: '小类',
  aliases: ['items'],
  columns: [
    col('code', '小类代码', 10),
    col('majorCode', '大类代码', 10),
    col('name', '小类名称', 22),
    col('standard', '来源标准', 18),
    col('description', '说明', 30),
    col('admitted', '是否准入', 9),
    col('approvedBy', '批准单位', 24),
    col('approvedOn', '批准日期', 12),
    col('documentRef', '批准文号', 18),
    col('refusalReason', '回绝理由', 30),
    col('selfHandle', '可自处置', 9),
    col('photoRequired', '须拍照', 8),
    col('body', '处置主体', 14),
    col('level', '处置层级', 9),
    col('closureConditions', '结案条件', 30),
  ],
  required: ['code', 'majorCode', 'name', 'admitted', 'body', 'level'],
} as const satisfies Table<string>

export const limitSheet = {
  name: '时限',
  aliases: ['limits'],
  columns: [
    col('code', '小类代码', 10),
    col('urgency', '紧急程度', 9),
    col('accept', '受理', 10),
    col('dispatch', '派遣', 10),
    col('sign', '签收', 10),
    col('first_feedback', '首次反馈', 10),
    col('handle', '处置', 10),
    col('verify', '核查', 10),
    col('overall', '总时限', 10),
  ],
  required: [
    'code',
    'urgency',
    'accept',
    'dispatch',
    'sign',
    'first_feedback',
    'handle',
    'verify',
    'overall',
  ],
} as const satisfies Table<string>

export const fieldSheet = {
  name: '字段',
  aliases: ['fields'],
  columns: [
    col('code', '小类代码', 10),
    col('key', '字段键', 14),
    col('label', '字段名称', 14),
    col('labelEn', '英文名称', 16),
    col('type', '类型', 8),
    col('required', '必填', 6),
    col('forms', '表单', 10),
    col('options', '选项', 36),
    col('min', '最小值', 8),
    col('max', '最大值', 8),
    col('maxLength', '最长字数', 9),
    col('hint', '提示', 24),
  ],
  required: ['code', 'key', 'label', 'type'],
} as const satisfies Table<string>

export const overrideSheet = {
  name: '派遣例外',
  aliases: ['overrides'],
  columns: [
    col('code', '小类代码', 10),
    col('areaCode', '区域代码', 14),
    col('body', '处置主体', 14),
    col('level', '处置层级', 9),
  ],
  required: ['code', 'areaCode', 'body', 'level'],
} as const satisfies Table<string>

export const bodySheet = {
  name: '处置主体',
  aliases: ['bodies'],
  columns: [col('code', '代码', 14), col('name', '名称', 16), col('kind', '类型', 8)],
  required: ['code', 'name'],
} as const satisfies Table<string>

type KeyOf<T> = T extends Table<infer K> ? K : never

/** A cell as the sheet shows it: text, number or blank (null). Dates become YYYY-MM-DD. */
export type CellValue = string | number | null
export type SheetRow<K extends string> = {
  row: number
  values: Partial<Record<K, CellValue>>
  cells: Partial<Record<K, string>>
}
export type ReadSheet<K extends string> = { name: string; missing: K[]; rows: SheetRow<K>[] }

function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return value
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim()
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value) return cellValue(value.richText.map((t) => t.text).join(''))
  if ('formula' in value || 'sharedFormula' in value)
    return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null)
  if ('text' in value) return cellValue(String(value.text))
  if ('error' in value) return String(value.error)
  return null
}

const normalise = (s: string) => s.replace(/\s+/g, '').replace(/_/g, '').toLowerCase()

export async function openWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const notXlsx = () => new ValidationError({ file: text('不是有效的 XLSX 文件', 'not a valid XLSX file') })
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw notXlsx()
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  } catch {
    throw notXlsx()
  }
  return workbook
}

/** The sheet's rows by column key; null when the workbook has no such sheet. Blank rows are skipped. */
export function readTable<T extends Table<string>>(
  workbook: ExcelJS.Workbook,
  table: T,
): ReadSheet<KeyOf<T>> | null {
  type K = KeyOf<T>
  const names = [table.name, ...table.aliases].map(normalise)
  const sheet = workbook.worksheets.find((s) => names.includes(normalise(s.name)))
  if (!sheet) return null
  const columns = new Map<K, { index: number; letter: string }>()
  sheet.getRow(1).eachCell((cell, index) => {
    const header = cellValue(cell.value)
    if (header === null) return
    const wanted = normalise(String(header))
    const column = table.columns.find((c) => normalise(c.header) === wanted || normalise(c.key) === wanted)
    if (column && !columns.has(column.key as K))
      columns.set(column.key as K, { index, letter: sheet.getColumn(index).letter })
  })
  const rows: SheetRow<K>[] = []
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const values: Partial<Record<K, CellValue>> = {}
    const cells: Partial<Record<K, string>> = {}
    let blank = true
    for (const [key, column] of columns) {
      const value = cellValue(row.getCell(column.index).value)
      if (value !== null) blank = false
      values[key] = value
      cells[key] = `${column.letter}${r}`
    }
    if (!blank) rows.push({ row: r, values, cells })
  }
  const missing = table.required.map((k) => k as K).filter((k) => !columns.has(k))
  return { name: sheet.name, missing, rows }
}

/** Adds a sheet with bold frozen headers; every column is text so codes keep their leading zeros. */
export function writeTable<T extends Table<string>>(
  workbook: ExcelJS.Workbook,
  table: T,
  rows: readonly Partial<Record<KeyOf<T>, string | number | null>>[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = table.columns.map((c) => ({
    key: c.key,
    header: c.header,
    width: c.width,
    style: { numFmt: '@' },
  }))
  sheet.getRow(1).font = { bold: true }
  for (const r of rows) sheet.addRow(r)
  return sheet
}
