import { PassThrough, type Readable } from 'node:stream'
import type { TCaseSummary, ZCaseExportQuery } from '@onegrid/core/api/cases'
import { caseStatusNames } from '@onegrid/core/cases/states'
import { channelNames, urgencyNames } from '@onegrid/core/catalog/vocabulary'
import ExcelJS from 'exceljs'
import type { FastifyBaseLogger } from 'fastify'
import type { z } from 'zod'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { text, ValidationError } from '../../platform/http/errors.ts'
import type { CaseLists } from './lists.ts'

type ExportQuery = z.output<typeof ZCaseExportQuery>
type Cell = string | number | null

const pageSize = 200
/** A file is a list someone reads or loads elsewhere; beyond this, narrow the filters. */
export const maxExportRows = 50_000

const beijing = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null

/** The columns of every format, as the list shows a case: no reporter, never a phone or a name. */
const columns: { header: string; key: string; width: number; value: (c: TCaseSummary) => Cell }[] = [
  { header: '案件编号', key: 'code', width: 22, value: (c) => c.code },
  { header: '事由', key: 'title', width: 24, value: (c) => c.title },
  { header: '事项代码', key: 'itemCode', width: 10, value: (c) => c.itemCode },
  { header: '事项', key: 'itemName', width: 18, value: (c) => c.itemName },
  { header: '状态', key: 'status', width: 8, value: (c) => caseStatusNames[c.status].zh },
  { header: '来源渠道', key: 'channel', width: 12, value: (c) => channelNames[c.channel].zh },
  { header: '紧急程度', key: 'urgency', width: 8, value: (c) => urgencyNames[c.urgency].zh },
  { header: '所在区域', key: 'areaName', width: 18, value: (c) => c.areaName },
  { header: '网格编码', key: 'gridCode', width: 17, value: (c) => c.gridCode },
  { header: '地址', key: 'address', width: 28, value: (c) => c.address },
  { header: '承办单位', key: 'handlerUnit', width: 18, value: (c) => c.handler?.unitName ?? null },
  { header: '上报时间', key: 'reportedAt', width: 17, value: (c) => beijing(c.reportedAt) },
  { header: '当前时限', key: 'dueAt', width: 17, value: (c) => beijing(c.dueAt) },
  { header: '超期', key: 'overdue', width: 6, value: (c) => (c.flags.overdue ? '是' : '否') },
  { header: '督办', key: 'supervised', width: 6, value: (c) => (c.flags.supervised ? '是' : '否') },
  { header: '经度', key: 'lng', width: 12, value: (c) => c.location?.lng ?? null },
  { header: '纬度', key: 'lat', width: 12, value: (c) => c.location?.lat ?? null },
]

/** RFC 4180: quoted when it holds a comma, a quote or a line break; a formula-looking cell is defused. */
function csvCell(v: Cell): string {
  if (v === null) return ''
  let s = String(v)
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

const types = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json',
} as const

/**
 * exportCases (C14 data exchange): the caller's filtered case list as CSV
 * (UTF-8 with a BOM, for Excel), XLSX or GeoJSON, page by page through the
 * list's own query — so the jurisdiction and the filters are the list's —
 * streamed, at most 50,000 rows, audited as `case.export` with the filter and
 * the count once written.
 */
export class ExportCases {
  constructor(
    private readonly lists: CaseLists,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
  ) {}

  async export(
    p: UserPrincipal,
    actor: Actor,
    query: ExportQuery,
  ): Promise<{ filename: string; contentType: string; stream: Readable; rows: () => number }> {
    const { format, ...filter } = query
    const page = (n: number) => this.lists.list(p, { ...filter, page: n, pageSize })
    // The first page before the first byte: a bad filter is still a 400, an oversized list refused.
    const first = await page(1)
    if (first.totalCapped || first.total > maxExportRows)
      throw new ValidationError({
        from: text(
          `超过 ${maxExportRows} 件，请缩小时间或区域范围后分批导出`,
          `More than ${maxExportRows} cases: narrow the dates or the area and export in parts`,
        ),
      })
    const out = new PassThrough()
    const writer = this.writer(format, out)
    // Read once the stream has ended: the scheduled export records it with the file.
    let written = 0
    const write = async () => {
      let current = first
      for (let n = 1; ; n++) {
        if (n > 1) current = await page(n)
        for (const c of current.items) {
          await writer.row(c)
          written++
        }
        if (current.items.length < pageSize) break
      }
      // Audited before the last bytes go: whoever has the whole file finds the export in the log.
      await recordAudit(
        this.db,
        actor,
        { action: 'case.export', entityType: 'case', details: { format, rows: written, filter } },
        this.clock.now(),
      )
      await writer.end()
    }
    write().catch((err: unknown) => {
      this.log.error({ err }, 'case export failed')
      out.destroy(err instanceof Error ? err : new Error(String(err)))
    })
    const day = beijing(this.clock.now().toISOString())?.slice(0, 10) ?? ''
    return { filename: `案件-${day}.${format}`, contentType: types[format], stream: out, rows: () => written }
  }

  private writer(format: ExportQuery['format'], out: PassThrough) {
    // Respect the reader: wait for it to take what was written before writing more.
    const put = (chunk: string) =>
      out.write(chunk)
        ? Promise.resolve()
        : new Promise<void>((resolve) => out.once('drain', () => resolve()))
    if (format === 'csv') {
      let started = false
      return {
        row: async (c: TCaseSummary) => {
          if (!started) {
            started = true
            await put(`\ufeff${columns.map((k) => csvCell(k.header)).join(',')}\r\n`)
          }
          await put(`${columns.map((k) => csvCell(k.value(c))).join(',')}\r\n`)
        },
        end: async () => {
          if (!started) await put(`\ufeff${columns.map((k) => csvCell(k.header)).join(',')}\r\n`)
          out.end()
        },
      }
    }
    if (format === 'geojson') {
      let rows = 0
      return {
        row: async (c: TCaseSummary) => {
          const feature = {
            type: 'Feature',
            id: c.code,
            geometry: c.location ? { type: 'Point', coordinates: [c.location.lng, c.location.lat] } : null,
            properties: Object.fromEntries(
              columns.filter((k) => k.key !== 'lng' && k.key !== 'lat').map((k) => [k.key, k.value(c)]),
            ),
          }
          await put(
            `${rows++ === 0 ? '{"type":"FeatureCollection","features":[\n' : ',\n'}${JSON.stringify(feature)}`,
          )
        },
        end: async () => {
          await put(rows === 0 ? '{"type":"FeatureCollection","features":[]}\n' : '\n]}\n')
          out.end()
        },
      }
    }
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    })
    const sheet = workbook.addWorksheet('案件', { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = columns.map((k) => ({ header: k.header, key: k.key, width: k.width }))
    return {
      row: async (c: TCaseSummary) => {
        sheet.addRow(Object.fromEntries(columns.map((k) => [k.key, k.value(c)]))).commit()
      },
      end: async () => {
        await workbook.commit()
      },
    }
  }
}
