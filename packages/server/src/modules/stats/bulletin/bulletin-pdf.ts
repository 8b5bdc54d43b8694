import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { create, type Font } from 'fontkit'
import PDFDocument from 'pdfkit'
import {
  type BulletinCase,
  type BulletinKpi,
  type BulletinModel,
  type BulletinRanking,
  formatKpiValue,
  kpiChange,
  shanghaiDateTime,
} from './bulletin-model.ts'

/**
 * The bulletin as an A4 PDF: the issuer's red title block, the headline KPIs
 * with 环比, each ranking with its bottom rows in red (排名靠后) and its small
 * samples in grey, the overdue and supervised cases, the category shares, and
 * page numbers. Text is set in Noto Sans SC (the GB2312/GBK subset "Noto Sans
 * Hans" of the npm package @embedpdf/fonts-sc, OFL-1.1), which pdfkit embeds as
 * a subset of the glyphs used. The same model gives the same bytes: the
 * creation date is the model's issue time.
 */

/**
 * The fonts, read and parsed once per process (8 MB each): parsing is most of
 * the cost of a small document. pdfkit takes a parsed fontkit font as it is and
 * embeds a subset of the glyphs each document uses.
 */
const fontDir = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts')
export const bulletinFontName = 'NotoSansHans'
let parsedFonts: { regular: Font; bold: Font } | undefined

function openFont(weight: 'Regular' | 'Bold'): Font {
  const font = create(readFileSync(join(fontDir, `${bulletinFontName}-${weight}.otf`)))
  if ('fonts' in font) throw new Error(`${bulletinFontName}-${weight}.otf is a font collection`)
  return font
}

/** The parsed fonts (also the campaigns' summary report's). */
export function fonts() {
  parsedFonts ??= { regular: openFont('Regular'), bold: openFont('Bold') }
  return parsedFonts
}

declare global {
  namespace PDFKit.Mixins {
    interface PDFFont {
      /** pdfkit ≥ 0.20 takes an already parsed fontkit font (not yet in @types/pdfkit). */
      registerFont(name: string, src: Font): this
    }
  }
}

export const colors = {
  text: '#1a1a1a',
  muted: '#6b6b6b',
  small: '#8c8c8c',
  red: '#c00000',
  redFill: '#fbe3e4',
  green: '#2e7d32',
  rule: '#bfbfbf',
  headFill: '#dce6f1',
  bar: '#4472c4',
}

export const margin = { top: 56, bottom: 56, left: 50, right: 50 }
const tableFontSize = 8.5
const padX = 3
const padY = 3

type Doc = PDFKit.PDFDocument
type Align = 'left' | 'center' | 'right'
export type Column = { header: string; width: number; align?: Align }
type Cell = {
  text: string
  color?: string
  bold?: boolean
  /** Draws in the cell instead of (or beside) the text, e.g. a share bar. */
  draw?: (doc: Doc, x: number, y: number, w: number, h: number) => void
}
export type Row = { cells: (string | Cell)[]; fill?: string; color?: string; bold?: boolean }

const cellOf = (c: string | Cell): Cell => (typeof c === 'string' ? { text: c } : c)
const contentWidth = (doc: Doc) => doc.page.width - margin.left - margin.right
const bottomOf = (doc: Doc) => doc.page.height - margin.bottom

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > bottomOf(doc)) doc.addPage()
}

/** Scales the columns' nominal widths to the content width. */
function scaled(doc: Doc, columns: readonly Column[]): Column[] {
  const total = columns.reduce((s, c) => s + c.width, 0)
  const k = contentWidth(doc) / total
  return columns.map((c) => ({ ...c, width: c.width * k }))
}

/**
 * Laying text out is most of a table's cost. No glyph of the font is wider than
 * 1.1 em but the two- and three-em dashes (⸺ ⸻), so a text short enough is one
 * line without measuring it.
 */
const surelyOneLine = (text: string, width: number) =>
  text.length * tableFontSize * 1.1 <= width && !/[\n\u2e3a\u2e3b]/.test(text)

function rowHeight(doc: Doc, columns: readonly Column[], cells: readonly Cell[], bold: boolean): number {
  doc.font('regular').fontSize(tableFontSize)
  const line = doc.currentLineHeight(true) + 1
  let h = line
  cells.forEach((c, i) => {
    const col = columns[i]
    const width = (col?.width ?? 0) - 2 * padX
    if (!col || !c.text || surelyOneLine(c.text, width)) return
    doc.font(c.bold || bold ? 'bold' : 'regular')
    h = Math.max(h, doc.heightOfString(c.text, { width, lineGap: 1 }))
  })
  return Math.ceil(h + 2 * padY)
}

function drawRow(doc: Doc, columns: readonly Column[], row: Row, y: number, h: number) {
  const cells = row.cells.map(cellOf)
  let x = margin.left
  const width = columns.reduce((s, c) => s + c.width, 0)
  if (row.fill) doc.save().rect(x, y, width, h).fill(row.fill).restore()
  columns.forEach((col, i) => {
    const c = cells[i] ?? { text: '' }
    c.draw?.(doc, x, y, col.width, h)
    if (c.text) {
      doc
        .font(c.bold || row.bold ? 'bold' : 'regular')
        .fontSize(tableFontSize)
        .fillColor(c.color ?? row.color ?? colors.text)
        .text(c.text, x + padX, y + padY, {
          width: col.width - 2 * padX,
          align: col.align ?? 'left',
          lineGap: 1,
        })
    }
    x += col.width
  })
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor(colors.rule)
    .moveTo(margin.left, y + h)
    .lineTo(margin.left + width, y + h)
    .stroke()
    .restore()
}

/** A table whose header row repeats on every page it runs onto; a row never splits across pages. */
export function table(doc: Doc, nominal: readonly Column[], rows: readonly Row[]) {
  const columns = scaled(doc, nominal)
  const header: Row = {
    cells: columns.map((c) => ({ text: c.header })),
    fill: colors.headFill,
    bold: true,
  }
  const headerCells = header.cells.map(cellOf)
  const headerHeight = rowHeight(doc, columns, headerCells, true)
  const drawHeader = () => {
    const y = doc.y
    drawRow(doc, columns, header, y, headerHeight)
    doc.y = y + headerHeight
  }
  const first = rows[0]
  ensureSpace(
    doc,
    headerHeight + (first ? rowHeight(doc, columns, first.cells.map(cellOf), !!first.bold) : 0),
  )
  drawHeader()
  for (const row of rows) {
    const h = rowHeight(doc, columns, row.cells.map(cellOf), !!row.bold)
    if (doc.y + h > bottomOf(doc)) {
      doc.addPage()
      drawHeader()
    }
    const y = doc.y
    drawRow(doc, columns, row, y, h)
    doc.y = y + h
  }
  doc.x = margin.left
  doc.y += 6
}

export function paragraph(
  doc: Doc,
  text: string,
  options: { size?: number; color?: string; bold?: boolean } = {},
) {
  doc
    .font(options.bold ? 'bold' : 'regular')
    .fontSize(options.size ?? 10)
    .fillColor(options.color ?? colors.text)
    .text(text, margin.left, doc.y, { width: contentWidth(doc), lineGap: 2 })
}

export function heading(doc: Doc, text: string) {
  ensureSpace(doc, 60)
  doc.y += 6
  paragraph(doc, text, { size: 13, bold: true })
  doc.y += 4
}

function subheading(doc: Doc, text: string) {
  ensureSpace(doc, 50)
  doc.y += 2
  paragraph(doc, text, { size: 11, bold: true })
  doc.y += 3
}

function titleBlock(doc: Doc, m: BulletinModel) {
  const width = contentWidth(doc)
  doc
    .font('bold')
    .fontSize(24)
    .fillColor(colors.red)
    .text(m.issuer, margin.left, margin.top, { width, align: 'center', characterSpacing: 2 })
  doc.y += 6
  doc
    .save()
    .lineWidth(2)
    .strokeColor(colors.red)
    .moveTo(margin.left, doc.y)
    .lineTo(margin.left + width, doc.y)
    .stroke()
    .restore()
  doc.y += 12
  const title = m.title.startsWith(m.issuer) ? m.title.slice(m.issuer.length) : m.title
  doc
    .font('bold')
    .fontSize(18)
    .fillColor(colors.text)
    .text(title, margin.left, doc.y, { width, align: 'center' })
  doc.y += 6
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(colors.muted)
    .text(
      `统计范围：${m.areaName}　统计周期：${m.period.from} 至 ${m.period.to}　环比：${m.previousPeriod.label}（${m.previousPeriod.from} 至 ${m.previousPeriod.to}）`,
      margin.left,
      doc.y,
      { width, align: 'center' },
    )
    .text(`印发时间：${shanghaiDateTime(m.issuedAt)}`, { width, align: 'center' })
  doc.y += 10
}

function kpiRow(k: BulletinKpi): Row {
  const change = kpiChange(k)
  const fraction =
    k.current.kind === 'rate' || k.current.kind === 'hours'
      ? `${k.current.kind === 'hours' ? '' : `${k.current.numerator.toLocaleString('en-US')} / `}${(k.current.denominator ?? 0).toLocaleString('en-US')}${k.current.kind === 'hours' ? ' 件' : ''}`
      : ''
  return {
    cells: [
      k.name,
      k.current.smallSample
        ? { text: `${formatKpiValue(k.current)}（样本不足）`, color: colors.small }
        : { text: formatKpiValue(k.current), bold: true },
      fraction,
      formatKpiValue(k.previous),
      {
        text: change.text,
        color:
          change.verdict === 'better' ? colors.green : change.verdict === 'worse' ? colors.red : colors.text,
      },
    ],
  }
}

function kpiSection(doc: Doc, m: BulletinModel) {
  heading(doc, '一、主要指标')
  table(
    doc,
    [
      { header: '指标', width: 110 },
      { header: '本期', width: 115, align: 'right' },
      { header: '分子 / 分母', width: 80, align: 'right' },
      { header: '上期', width: 70, align: 'right' },
      { header: '环比', width: 120, align: 'right' },
    ],
    m.kpis.map(kpiRow),
  )
  const notes = m.kpis.map((k) => `${k.name}：${k.formula}`)
  notes.push(
    `比率的环比以百分点计，件数以百分比计；分母少于${m.minSample}件的比率为样本不足，仅供参考，不参与排名。`,
  )
  paragraph(doc, `口径说明：${notes.join('；')}`, { size: 7.5, color: colors.muted })
  doc.y += 4
}

function rankingSection(doc: Doc, r: BulletinRanking, minSample: number) {
  subheading(doc, r.title)
  const bottom = r.ranking.rows.filter((x) => x.bottom).map((x) => x.name)
  if (bottom.length > 0) paragraph(doc, `排名靠后：${bottom.join('、')}`, { size: 9.5, color: colors.red })
  doc.y += 3
  const rows: Row[] = r.ranking.rows.map((x) => {
    const value = formatKpiValue(x.kpi)
    const fraction = `${x.kpi.numerator.toLocaleString('en-US')} / ${(x.kpi.denominator ?? 0).toLocaleString('en-US')}`
    if (x.kpi.smallSample)
      return {
        cells: ['—', x.name, value, fraction, `样本不足（<${minSample}件）`],
        color: colors.small,
      }
    if (x.bottom)
      return {
        cells: [String(x.rank ?? ''), x.name, value, fraction, '排名靠后'],
        color: colors.red,
        fill: colors.redFill,
        bold: true,
      }
    return { cells: [String(x.rank ?? ''), x.name, value, fraction, ''] }
  })
  if (rows.length === 0) rows.push({ cells: ['', '（本期无数据）', '', '', ''], color: colors.muted })
  table(
    doc,
    [
      { header: '排名', width: 40, align: 'center' },
      { header: r.levelName, width: 190 },
      { header: r.kpiName, width: 80, align: 'right' },
      { header: '分子 / 分母', width: 90, align: 'right' },
      { header: '备注', width: 95 },
    ],
    rows,
  )
}

const dateOnly = (iso: string | null) => (iso ? shanghaiDateTime(iso).slice(0, 10) : '—')

function casesSection(
  doc: Doc,
  title: string,
  cases: readonly BulletinCase[],
  total: number,
  kind: 'overdue' | 'supervised',
) {
  heading(doc, title)
  paragraph(
    doc,
    total === 0
      ? '本期无。'
      : total > cases.length
        ? `共${total}件，列出前${cases.length}件。`
        : `共${total}件。`,
    { size: 9.5, color: colors.muted },
  )
  doc.y += 3
  if (cases.length === 0) return
  const overdueCell = (c: BulletinCase): Cell =>
    c.daysOverdue > 0 ? { text: String(c.daysOverdue), color: colors.red, bold: true } : { text: '—' }
  table(
    doc,
    kind === 'overdue'
      ? [
          { header: '序号', width: 24, align: 'center' },
          { header: '案件编号', width: 102 },
          { header: '案件标题', width: 112 },
          { header: '所在区域', width: 90 },
          { header: '处置单位', width: 62 },
          { header: '处置时限', width: 52 },
          { header: '超期天数', width: 28, align: 'right' },
          { header: '督办', width: 25, align: 'center' },
        ]
      : [
          { header: '序号', width: 24, align: 'center' },
          { header: '案件编号', width: 102 },
          { header: '案件标题', width: 106 },
          { header: '所在区域', width: 86 },
          { header: '处置单位', width: 62 },
          { header: '督办时间', width: 52 },
          { header: '状态', width: 35, align: 'center' },
          { header: '超期天数', width: 28, align: 'right' },
        ],
    cases.map((c, i) => ({
      cells:
        kind === 'overdue'
          ? [
              String(i + 1),
              c.code,
              c.title,
              c.areaName,
              c.handlerName ?? '—',
              dateOnly(c.dueAt),
              overdueCell(c),
              c.supervised ? { text: '是', color: colors.red } : '',
            ]
          : [
              String(i + 1),
              c.code,
              c.title,
              c.areaName,
              c.handlerName ?? '—',
              dateOnly(c.supervisedAt),
              c.statusName,
              overdueCell(c),
            ],
    })),
  )
}

function categorySection(doc: Doc, m: BulletinModel) {
  heading(doc, '五、事件类别占比')
  const max = Math.max(1, ...m.categoryShares.map((s) => s.percent))
  const total = m.categoryShares.reduce((n, s) => n + s.count, 0)
  const bar =
    (percent: number) =>
    (d: Doc, x: number, y: number, w: number, _h: number): void => {
      const length = Math.max(0.5, ((w - 2 * padX) * percent) / max)
      d.save()
        .rect(x + padX, y + padY + 3.5, length, 6)
        .fill(colors.bar)
        .restore()
    }
  table(
    doc,
    [
      { header: '类别', width: 120 },
      { header: '件数', width: 60, align: 'right' },
      { header: '占比', width: 60, align: 'right' },
      { header: '', width: 135 },
      { header: '上期件数', width: 60, align: 'right' },
      { header: '环比', width: 60, align: 'right' },
    ],
    [
      ...m.categoryShares.map((s) => {
        const change =
          s.previousCount === null
            ? '—'
            : s.previousCount === 0
              ? s.count > 0
                ? '新增'
                : '持平'
              : `${s.count >= s.previousCount ? '+' : ''}${(((s.count - s.previousCount) / s.previousCount) * 100).toFixed(1)}%`
        return {
          cells: [
            s.name,
            s.count.toLocaleString('en-US'),
            `${s.percent.toFixed(2)}%`,
            { text: '', draw: bar(s.percent) },
            s.previousCount === null ? '—' : s.previousCount.toLocaleString('en-US'),
            change,
          ],
        }
      }),
      { cells: ['合计', total.toLocaleString('en-US'), total > 0 ? '100.00%' : '—', '', '', ''], bold: true },
    ],
  )
}

/** Page numbers and, after the first page, the bulletin's name in the running head. */
function pageFurniture(doc: Doc, m: BulletinModel) {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // Writing in the margins must not push onto a new page.
    const saved = doc.page.margins
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }
    const width = doc.page.width - margin.left - margin.right
    doc
      .font('regular')
      .fontSize(8.5)
      .fillColor(colors.muted)
      .text(`第 ${i + 1} 页 / 共 ${range.count} 页`, margin.left, doc.page.height - margin.bottom + 20, {
        width,
        align: 'center',
        lineBreak: false,
      })
    if (i > range.start)
      doc.text(`${m.areaName} · ${m.period.label}工作通报`, margin.left, margin.top - 30, {
        width,
        align: 'right',
        lineBreak: false,
      })
    doc.page.margins = saved
  }
}

/** Renders the bulletin as a PDF file. */
export async function renderBulletinPdf(m: BulletinModel): Promise<Buffer> {
  const { regular, bold } = fonts()
  const doc = new PDFDocument({
    size: 'A4',
    margins: margin,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: m.title,
      Author: m.issuer,
      Subject: `${m.areaName}${m.period.label}工作通报`,
      Creator: 'OneGrid',
      Producer: 'OneGrid',
      CreationDate: new Date(m.issuedAt),
    },
  })
  const parts: Uint8Array[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b: Uint8Array) => parts.push(b))
    doc.on('end', () => resolve(Buffer.concat(parts)))
    doc.on('error', reject)
  })
  doc.registerFont('regular', regular)
  doc.registerFont('bold', bold)
  titleBlock(doc, m)
  kpiSection(doc, m)
  heading(doc, '二、排名情况')
  for (const r of m.rankings) rankingSection(doc, r, m.minSample)
  casesSection(doc, '三、超期未办结案件', m.overdue, m.overdueTotal, 'overdue')
  casesSection(doc, '四、督办案件', m.supervised, m.supervisedTotal, 'supervised')
  categorySection(doc, m)
  pageFurniture(doc, m)
  doc.end()
  return done
}
