import ExcelJS from 'exceljs'
import {
  type BulletinCase,
  type BulletinModel,
  type BulletinRanking,
  kpiChange,
  rankingNote,
  shanghaiDateTime,
} from './bulletin-model.ts'

/**
 * The bulletin as a workbook: 概况 (headline KPIs with numerator, denominator,
 * this and the previous period, 环比), 排名 (one block per ranking, the bottom
 * rows red, small samples grey), 超期案件, 督办案件, 类别占比. Figures are
 * numbers (rates as fractions formatted 0.00%, deadlines as dates in Beijing
 * time) so the sheet can be sorted and summed.
 */
export const bulletinSheetNames = {
  overview: '概况',
  rankings: '排名',
  overdue: '超期案件',
  supervised: '督办案件',
  categories: '类别占比',
} as const

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } }
const bottomFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8D7DA' } }
const bottomFont: Partial<ExcelJS.Font> = { color: { argb: 'FFC00000' }, bold: true }
const smallFont: Partial<ExcelJS.Font> = { color: { argb: 'FF808080' }, italic: true }
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
}
const percentFormat = '0.00%'
const dateTimeFormat = 'yyyy-mm-dd hh:mm'
const shanghaiOffsetMs = 8 * 3_600_000

/** A Date whose UTC fields are the Beijing wall clock: Excel dates have no zone. */
const excelTime = (iso: string | null) => (iso ? new Date(Date.parse(iso) + shanghaiOffsetMs) : null)
/** A percentage (93.25) as the fraction Excel formats as 93.25%. */
const fraction = (percent: number | null) => (percent === null ? null : Math.round(percent * 100) / 10_000)

type Column = { header: string; width: number; numFmt?: string }

function addHeader(sheet: ExcelJS.Worksheet, columns: readonly Column[], rowNumber?: number): ExcelJS.Row {
  const row = rowNumber ? sheet.getRow(rowNumber) : sheet.addRow([])
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1)
    cell.value = c.header
    cell.font = { bold: true }
    cell.fill = headerFill
    cell.border = thin
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
  })
  return row
}

function setWidths(sheet: ExcelJS.Worksheet, columns: readonly Column[]) {
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1)
    col.width = c.width
    if (c.numFmt) col.numFmt = c.numFmt
  })
}

function addBody(
  sheet: ExcelJS.Worksheet,
  values: ExcelJS.CellValue[],
  columns: readonly Column[],
): ExcelJS.Row {
  const row = sheet.addRow(values)
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1)
    cell.border = thin
    if (c.numFmt) cell.numFmt = c.numFmt
  })
  return row
}

/** A title row over the sheet's columns, and the period under it. */
function addTitle(sheet: ExcelJS.Worksheet, title: string, width: number, sub?: string) {
  const row = sheet.addRow([title])
  sheet.mergeCells(row.number, 1, row.number, width)
  row.getCell(1).font = { bold: true, size: 14 }
  row.height = 22
  if (sub) {
    const s = sheet.addRow([sub])
    sheet.mergeCells(s.number, 1, s.number, width)
    s.getCell(1).font = { color: { argb: 'FF595959' } }
  }
}

const overviewColumns: readonly Column[] = [
  { header: '指标', width: 22 },
  { header: '本期分子', width: 11 },
  { header: '本期分母', width: 11 },
  { header: '本期值', width: 12 },
  { header: '上期值', width: 12 },
  { header: '环比变化', width: 12 },
  { header: '环比', width: 18 },
  { header: '评价', width: 8 },
  { header: '说明', width: 20 },
  { header: '计算口径', width: 56 },
]

function writeOverview(wb: ExcelJS.Workbook, m: BulletinModel) {
  const sheet = wb.addWorksheet(bulletinSheetNames.overview)
  setWidths(sheet, overviewColumns)
  addTitle(
    sheet,
    m.title,
    overviewColumns.length,
    `统计范围：${m.areaName}　统计周期：${m.period.from} 至 ${m.period.to}（${m.period.label}）　环比：${m.previousPeriod.label}　生成时间：${shanghaiDateTime(m.issuedAt)}`,
  )
  addHeader(sheet, overviewColumns)
  sheet.views = [{ state: 'frozen', ySplit: 3 }]
  for (const k of m.kpis) {
    const change = kpiChange(k)
    const isRate = k.current.kind === 'rate'
    const shown = (v: typeof k.current | null) =>
      v === null || v.value === null ? null : isRate ? fraction(v.value) : v.value
    const row = addBody(
      sheet,
      [
        k.name,
        // A count is its own numerator; a time's numerator is seconds, not worth a column.
        k.current.kind === 'count'
          ? k.current.value
          : k.current.kind === 'hours'
            ? null
            : k.current.numerator,
        k.current.denominator,
        shown(k.current),
        shown(k.previous),
        change.delta === null ? null : change.unit === 'percent' ? change.delta / 100 : change.delta,
        change.text,
        change.verdict === 'better'
          ? '改善'
          : change.verdict === 'worse'
            ? '下降'
            : change.verdict === 'same'
              ? '持平'
              : '',
        k.current.smallSample ? `样本不足（少于${m.minSample}件）` : '',
        k.formula,
      ],
      overviewColumns,
    )
    const valueFormat = isRate ? percentFormat : k.current.kind === 'hours' ? '0.0' : '#,##0'
    row.getCell(4).numFmt = valueFormat
    row.getCell(5).numFmt = valueFormat
    row.getCell(6).numFmt =
      change.unit === 'percent'
        ? '+0.0%;-0.0%;0.0%'
        : change.unit === 'pp'
          ? '+0.00;-0.00;0.00'
          : '+0.0;-0.0;0.0'
    row.getCell(2).numFmt = '#,##0'
    row.getCell(3).numFmt = '#,##0'
    row.getCell(10).alignment = { wrapText: true, vertical: 'top' }
    if (change.verdict === 'worse') row.getCell(8).font = { color: { argb: 'FFC00000' } }
    if (k.current.smallSample) row.getCell(9).font = smallFont
  }
  const note = sheet.addRow([])
  note.getCell(1).value =
    '注：比率的环比变化以百分点计，件数以百分比计，时长以小时计；分母少于最小样本数的比率标为样本不足，不参与排名。'
  sheet.mergeCells(note.number, 1, note.number, overviewColumns.length)
  note.getCell(1).font = smallFont
}

const rankingColumns: readonly Column[] = [
  { header: '排名', width: 8 },
  { header: '名称', width: 28 },
  { header: '指标值', width: 12, numFmt: percentFormat },
  { header: '分子', width: 10, numFmt: '#,##0' },
  { header: '分母', width: 10, numFmt: '#,##0' },
  { header: '备注', width: 30 },
]

function writeRankingBlock(sheet: ExcelJS.Worksheet, r: BulletinRanking, minSample: number) {
  const title = sheet.addRow([r.title])
  sheet.mergeCells(title.number, 1, title.number, rankingColumns.length)
  title.getCell(1).font = { bold: true, size: 12 }
  const header = addHeader(sheet, rankingColumns)
  header.getCell(2).value = r.levelName
  header.getCell(3).value = r.kpiName
  const isRate = r.ranking.rows.some((x) => x.kpi.kind === 'rate')
  for (const x of r.ranking.rows) {
    const row = addBody(
      sheet,
      [
        x.rank,
        x.name,
        isRate ? fraction(x.kpi.value) : x.kpi.value,
        x.kpi.numerator,
        x.kpi.denominator,
        rankingNote(x, minSample),
      ],
      rankingColumns,
    )
    if (!isRate) row.getCell(3).numFmt = x.kpi.kind === 'hours' ? '0.0' : '#,##0'
    if (x.kpi.smallSample) {
      row.eachCell({ includeEmpty: true }, (c) => {
        c.font = smallFont
      })
    } else if (x.bottom) {
      row.eachCell({ includeEmpty: true }, (c) => {
        c.fill = bottomFill
        c.font = bottomFont
      })
    }
  }
  if (r.ranking.rows.length === 0) sheet.addRow(['', '（本期无数据）'])
  sheet.addRow([])
}

function writeRankings(wb: ExcelJS.Workbook, m: BulletinModel) {
  const sheet = wb.addWorksheet(bulletinSheetNames.rankings)
  setWidths(sheet, rankingColumns)
  addTitle(
    sheet,
    `${m.period.label}排名`,
    rankingColumns.length,
    `红色为排名靠后；灰色为样本不足（少于${m.minSample}件），不参与排名`,
  )
  sheet.addRow([])
  for (const r of m.rankings) writeRankingBlock(sheet, r, m.minSample)
}

const overdueColumns: readonly Column[] = [
  { header: '序号', width: 6 },
  { header: '案件编号', width: 18 },
  { header: '案件标题', width: 36 },
  { header: '所在区域', width: 28 },
  { header: '处置单位（人）', width: 20 },
  { header: '处置时限', width: 17, numFmt: dateTimeFormat },
  { header: '超期天数', width: 9, numFmt: '0' },
  { header: '督办', width: 6 },
  { header: '状态', width: 10 },
]

const supervisedColumns: readonly Column[] = [
  { header: '序号', width: 6 },
  { header: '案件编号', width: 18 },
  { header: '案件标题', width: 36 },
  { header: '所在区域', width: 28 },
  { header: '处置单位（人）', width: 20 },
  { header: '督办时间', width: 17, numFmt: dateTimeFormat },
  { header: '处置时限', width: 17, numFmt: dateTimeFormat },
  { header: '超期天数', width: 9, numFmt: '0' },
  { header: '状态', width: 10 },
]

function writeCases(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: readonly Column[],
  cases: readonly BulletinCase[],
  total: number,
  values: (c: BulletinCase, i: number) => ExcelJS.CellValue[],
) {
  const sheet = wb.addWorksheet(name)
  setWidths(sheet, columns)
  addTitle(
    sheet,
    title,
    columns.length,
    total > cases.length ? `共${total}件，列出前${cases.length}件` : `共${total}件`,
  )
  addHeader(sheet, columns)
  sheet.views = [{ state: 'frozen', ySplit: 3 }]
  cases.forEach((c, i) => {
    const row = addBody(sheet, values(c, i), columns)
    if (c.daysOverdue > 0)
      row.getCell(columns.findIndex((x) => x.header === '超期天数') + 1).font = bottomFont
  })
}

function writeCategories(wb: ExcelJS.Workbook, m: BulletinModel) {
  const columns: readonly Column[] = [
    { header: '类别', width: 26 },
    { header: '件数', width: 10, numFmt: '#,##0' },
    { header: '占比', width: 10, numFmt: percentFormat },
    { header: '上期件数', width: 10, numFmt: '#,##0' },
    { header: '环比', width: 10, numFmt: '+0.0%;-0.0%;0.0%' },
  ]
  const sheet = wb.addWorksheet(bulletinSheetNames.categories)
  setWidths(sheet, columns)
  addTitle(sheet, `${m.period.label}上报事件类别占比`, columns.length)
  addHeader(sheet, columns)
  for (const s of m.categoryShares) {
    const change =
      s.previousCount === null || s.previousCount === 0
        ? null
        : Math.round(((s.count - s.previousCount) / s.previousCount) * 1000) / 1000
    addBody(sheet, [s.name, s.count, fraction(s.percent), s.previousCount, change], columns)
  }
  const total = m.categoryShares.reduce((n, s) => n + s.count, 0)
  const row = addBody(sheet, ['合计', total, total > 0 ? 1 : null, null, null], columns)
  row.font = { bold: true }
}

/** Renders the bulletin as an XLSX file. */
export async function renderBulletinXlsx(m: BulletinModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'OneGrid'
  wb.title = m.title
  wb.created = new Date(m.issuedAt)
  wb.modified = new Date(m.issuedAt)
  writeOverview(wb, m)
  writeRankings(wb, m)
  writeCases(
    wb,
    bulletinSheetNames.overdue,
    `${m.period.label}超期未办结案件`,
    overdueColumns,
    m.overdue,
    m.overdueTotal,
    (c, i) => [
      i + 1,
      c.code,
      c.title,
      c.areaName,
      c.handlerName,
      excelTime(c.dueAt),
      c.daysOverdue,
      c.supervised ? '是' : '否',
      c.statusName,
    ],
  )
  writeCases(
    wb,
    bulletinSheetNames.supervised,
    `${m.period.label}督办案件`,
    supervisedColumns,
    m.supervised,
    m.supervisedTotal,
    (c, i) => [
      i + 1,
      c.code,
      c.title,
      c.areaName,
      c.handlerName,
      excelTime(c.supervisedAt),
      excelTime(c.dueAt),
      c.daysOverdue,
      c.statusName,
    ],
  )
  writeCategories(wb, m)
  return Buffer.from(await wb.xlsx.writeBuffer())
}
