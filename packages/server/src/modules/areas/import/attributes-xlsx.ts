import type { TGridAttributeField } from '@onegrid/core/api/area-import'
import ExcelJS from 'exceljs'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import type { GridAttributes } from './import-queries.ts'

/**
 * The grid attribute sheet: what an office keeps in Excel. Columns are found
 * by their header (Chinese as exported, or the English key), so a sheet whose
 * columns were moved or dropped still imports; a dropped column is left as it is.
 */

type ColumnKey = 'code' | 'name' | 'community' | TGridAttributeField | 'areaM2'
type Column = { key: ColumnKey; header: string; width: number; aliases: string[] }

export const attributeColumns: Column[] = [
  { key: 'code', header: '网格编码', width: 19, aliases: ['code', 'gridcode', '编码'] },
  { key: 'name', header: '网格名称', width: 26, aliases: ['name', 'gridname', '名称'] },
  { key: 'community', header: '所属社区', width: 16, aliases: ['community', '社区'] },
  { key: 'gridType', header: '网格类型', width: 10, aliases: ['gridtype', 'type', '类型'] },
  { key: 'servedUnit', header: '服务单位', width: 24, aliases: ['servedunit', 'unit'] },
  { key: 'households', header: '户数', width: 9, aliases: ['households'] },
  { key: 'population', header: '人口', width: 9, aliases: ['population', '人口数'] },
  { key: 'responsibleParty', header: '责任主体', width: 20, aliases: ['responsibleparty', '责任人'] },
  { key: 'areaM2', header: '面积(m²)', width: 12, aliases: ['aream2', '面积', '面积(m2)', '面积(平方米)'] },
]

export const gridTypeLabel = { basic: '基础', dedicated: '专属' } as const

const normalise = (header: string) =>
  header.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/_/g, '').toLowerCase()

export async function writeAttributeSheet(rows: GridAttributes[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'OneGrid'
  const sheet = workbook.addWorksheet('网格属性', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = attributeColumns.map((c) => ({ key: c.key, header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  for (const r of rows) {
    sheet.addRow({
      code: r.code,
      name: r.name,
      community: r.communityName,
      gridType: r.gridType ? gridTypeLabel[r.gridType] : null,
      servedUnit: r.servedUnit,
      households: r.households,
      population: r.population,
      responsibleParty: r.responsibleParty,
      areaM2: r.areaM2 === null ? null : Math.round(r.areaM2),
    })
  }
  // Codes are text: a 15-digit number would be shown in scientific notation.
  sheet.getColumn('code').numFmt = '@'
  const typeColumn = sheet.getColumn('gridType')
  typeColumn.eachCell({ includeEmpty: false }, (cell, row) => {
    if (row > 1)
      cell.dataValidation = {
        type: 'list',
        allowBlank: false,
        formulae: ['"基础,专属"'],
        showErrorMessage: true,
        errorTitle: '网格类型',
        error: '请选择 基础 或 专属',
      }
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** A cell as the sheet shows it: text, number or blank (null). */
export type CellValue = string | number | null

export type SheetRow = { row: number; cells: Partial<Record<ColumnKey, { value: CellValue; cell: string }>> }
export type Sheet = { columns: Map<ColumnKey, { header: string; letter: string }>; rows: SheetRow[] }

function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return value
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim()
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return value.toISOString()
  if ('richText' in value) return cellValue(value.richText.map((t) => t.text).join(''))
  if ('formula' in value || 'sharedFormula' in value)
    return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null)
  if ('text' in value) return cellValue(String(value.text))
  if ('error' in value) return String(value.error)
  return null
}

const notXlsx = () => new ValidationError({ file: text('不是有效的 XLSX 文件', 'not a valid XLSX file') })

/** Reads the first worksheet; row 1 is the header. */
export async function readAttributeSheet(bytes: Uint8Array): Promise<Sheet> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw notXlsx()
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer)
  } catch {
    throw notXlsx()
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw notXlsx()
  const columns = new Map<ColumnKey, { header: string; letter: string; index: number }>()
  sheet.getRow(1).eachCell((cell, index) => {
    const header = cellValue(cell.value)
    if (header === null) return
    const wanted = normalise(String(header))
    const column = attributeColumns.find(
      (c) => normalise(c.header) === wanted || c.aliases.some((a) => normalise(a) === wanted),
    )
    if (column && !columns.has(column.key))
      columns.set(column.key, { header: String(header), letter: sheet.getColumn(index).letter, index })
  })
  if (!columns.has('code'))
    throw new ValidationError({
      file: text('第 1 行没有「网格编码」列', 'row 1 has no 网格编码 (grid code) column'),
    })
  const rows: SheetRow[] = []
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: SheetRow['cells'] = {}
    let blank = true
    for (const [key, column] of columns) {
      const value = cellValue(row.getCell(column.index).value)
      if (value !== null) blank = false
      cells[key] = { value, cell: `${column.letter}${r}` }
    }
    if (!blank) rows.push({ row: r, cells })
  }
  return {
    columns: new Map([...columns].map(([k, c]) => [k, { header: c.header, letter: c.letter }])),
    rows,
  }
}
