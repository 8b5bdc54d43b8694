import type { Grade, PayLine, PaySettings } from '@onegrid/core/stats/assessment'
import ExcelJS from 'exceljs'

/** One grid worker's line of the pay sheet. */
export type PayRow = {
  name: string
  grids: string[]
  households: number
  grade: Grade | null
  composite: number | null
  line: PayLine
}

export type PaySheet = {
  title: string
  month: string
  /** 已发布 / 实时 (not yet published). */
  status: 'live' | 'published'
  settings: PaySettings
  rows: readonly PayRow[]
}

export const paySheetName = '网格员报酬'

/** The columns, in order (tests read them back by header). */
export const payColumns = [
  { header: '序号', width: 6 },
  { header: '姓名', width: 12 },
  { header: '负责网格', width: 36 },
  { header: '服务户数', width: 10, numFmt: '0.0' },
  { header: '基本报酬（元）', width: 14, numFmt: '#,##0.00' },
  { header: '户数报酬（元）', width: 14, numFmt: '#,##0.00' },
  { header: '考核得分', width: 10, numFmt: '0.00' },
  { header: '考核等级', width: 10 },
  { header: '考核系数', width: 10, numFmt: '0.00' },
  { header: '应发合计（元）', width: 14, numFmt: '#,##0.00' },
] as const

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } }
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
}

/**
 * The grid worker pay helper as a workbook: a title, the month's standard (base, per household,
 * the factor of each grade), one row per grid worker with numbers as numbers, and a total row
 * (a formula, so an edited row sums again).
 */
export async function renderPayXlsx(sheet: PaySheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'OneGrid'
  const ws = wb.addWorksheet(paySheetName, { views: [{ state: 'frozen', ySplit: 4 }] })
  ws.mergeCells(1, 1, 1, payColumns.length)
  const title = ws.getCell(1, 1)
  title.value = sheet.title
  title.font = { bold: true, size: 14 }
  title.alignment = { horizontal: 'center' }
  const f = sheet.settings.factors
  ws.mergeCells(2, 1, 2, payColumns.length)
  ws.getCell(2, 1).value =
    `标准：基本报酬 ${sheet.settings.base} 元/月；每户 ${sheet.settings.perHousehold} 元/月 × 服务户数 × 考核系数` +
    `（A ${f.A}、B ${f.B}、C ${f.C}、D ${f.D}、E ${f.E}，未评级 1）。` +
    (sheet.status === 'published' ? '考核结果已发布。' : '考核结果尚未发布，为实时计算，仅供参考。')
  ws.getCell(2, 1).alignment = { wrapText: true }
  ws.getRow(2).height = 30
  const header = ws.getRow(4)
  payColumns.forEach((c, i) => {
    const cell = header.getCell(i + 1)
    cell.value = c.header
    cell.font = { bold: true }
    cell.fill = headerFill
    cell.border = thin
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    ws.getColumn(i + 1).width = c.width
  })
  sheet.rows.forEach((r, i) => {
    const row = ws.getRow(5 + i)
    row.values = [
      i + 1,
      r.name,
      r.grids.join('、'),
      r.households,
      r.line.base,
      r.line.householdPay,
      r.composite,
      r.grade ?? '未评级',
      r.line.factor,
      r.line.total,
    ]
    payColumns.forEach((c, j) => {
      const cell = row.getCell(j + 1)
      cell.border = thin
      if ('numFmt' in c) cell.numFmt = c.numFmt
    })
  })
  const last = 4 + sheet.rows.length
  const totals = ws.getRow(last + 1)
  totals.getCell(2).value = '合计'
  totals.font = { bold: true }
  if (sheet.rows.length > 0) {
    const total = sheet.rows.reduce((s, r) => s + r.line.total, 0)
    totals.getCell(10).value = { formula: `SUM(J5:J${last})`, result: Math.round(total * 100) / 100 }
    totals.getCell(10).numFmt = '#,##0.00'
    const households = sheet.rows.reduce((s, r) => s + r.households, 0)
    totals.getCell(4).value = { formula: `SUM(D5:D${last})`, result: Math.round(households * 10) / 10 }
    totals.getCell(4).numFmt = '0.0'
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
