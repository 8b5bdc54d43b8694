import { PassThrough, type Readable } from 'node:stream'
import type {
  TBuildingSummary,
  TCameraSummary,
  TComponentSummary,
  THouseSummary,
  TOrganizationSummary,
  ZPlaceExportQuery,
} from '@onegrid/core/api/places'
import { componentStateLabels } from '@onegrid/core/registry/component-code'
import {
  buildingUseLabels,
  cameraKindLabels,
  cameraStatusLabels,
  houseUseLabels,
  organizationKindLabels,
  organizationStatusLabels,
  type PlaceKind,
  placeKindLabels,
} from '@onegrid/core/registry/places'
import ExcelJS from 'exceljs'
import type { FastifyBaseLogger } from 'fastify'
import type { z } from 'zod'
import { recordAudit } from '../../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import type { PlaceRecords } from './place-records.ts'

type Cell = string | number | null

/** A column of a kind's sheet: its header, width and the value from the record as the API shows it. */
export type ExportColumn<S> = { header: string; width: number; value: (s: S) => Cell }

type Placed = { gridName: string; gridCode: string; tags: string[]; note: string | null }
type Located = { location: { lng: number; lat: number } | null }

/** Where every sheet ends: the grid, the point, tags and note (the import's placing columns). */
function placing<S extends Placed & Located>(): ExportColumn<S>[] {
  return [
    { header: '所属网格', width: 22, value: (s) => s.gridName },
    { header: '网格编码', width: 17, value: (s) => s.gridCode },
    { header: '经度', width: 12, value: (s) => s.location?.lng ?? null },
    { header: '纬度', width: 12, value: (s) => s.location?.lat ?? null },
    { header: '标签', width: 16, value: (s) => s.tags.join('、') },
    { header: '备注', width: 24, value: (s) => s.note },
  ]
}

/**
 * The sheet of each kind, headed as the import reads them where both have a
 * column, values as the screens show them: labels for codes, phones and a
 * camera's stream masked, owners outside the jurisdiction masked.
 */
export const placeSheets = {
  building: [
    { header: '楼栋编码', width: 19, value: (s) => s.code },
    { header: '楼栋号', width: 8, value: (s) => s.number },
    { header: '名称', width: 14, value: (s) => s.name },
    { header: '地址', width: 30, value: (s) => s.address },
    { header: '地上层数', width: 8, value: (s) => s.floorsAbove },
    { header: '地下层数', width: 8, value: (s) => s.floorsBelow },
    { header: '用途', width: 10, value: (s) => buildingUseLabels[s.use].zh },
    { header: '建成年份', width: 8, value: (s) => s.builtYear },
    { header: '房屋数', width: 8, value: (s) => s.houses },
    ...placing<TBuildingSummary>(),
  ] satisfies ExportColumn<TBuildingSummary>[],
  house: [
    { header: '楼栋', width: 14, value: (s) => s.buildingName ?? s.buildingNumber },
    { header: '单元', width: 6, value: (s) => s.unit },
    { header: '楼层', width: 6, value: (s) => s.floor },
    { header: '房号', width: 8, value: (s) => s.roomNo },
    { header: '房屋地址', width: 32, value: (s) => s.address },
    { header: '建筑面积', width: 9, value: (s) => s.areaM2 },
    { header: '房屋用途', width: 9, value: (s) => houseUseLabels[s.use].zh },
    { header: '出租间数', width: 8, value: (s) => s.rooms },
    { header: '产权人', width: 14, value: (s) => s.owner },
    { header: '在租人数', width: 8, value: (s) => s.currentTenants },
    ...placing<THouseSummary>(),
  ] satisfies ExportColumn<THouseSummary>[],
  organization: [
    { header: '统一社会信用代码', width: 21, value: (s) => s.creditCode },
    { header: '单位名称', width: 28, value: (s) => s.name },
    { header: '单位类型', width: 12, value: (s) => organizationKindLabels[s.kind].zh },
    { header: '经营状态', width: 8, value: (s) => organizationStatusLabels[s.status].zh },
    { header: '所属行业', width: 14, value: (s) => s.industry },
    { header: '单位地址', width: 30, value: (s) => s.address },
    { header: '法定代表人', width: 10, value: (s) => s.legalRepresentative },
    { header: '法定代表人电话', width: 14, value: (s) => s.legalRepresentativePhoneMasked },
    { header: '从业人员数', width: 9, value: (s) => s.employees },
    { header: '安全负责人', width: 10, value: (s) => s.safetyContact },
    { header: '安全负责人电话', width: 14, value: (s) => s.safetyContactPhoneMasked },
    { header: '消防重点单位', width: 10, value: (s) => (s.keyFireUnit ? '是' : '否') },
    ...placing<TOrganizationSummary>(),
  ] satisfies ExportColumn<TOrganizationSummary>[],
  component: [
    { header: '部件标识码', width: 20, value: (s) => s.code },
    { header: '部件名称', width: 14, value: (s) => s.name },
    { header: '小类代码', width: 9, value: (s) => s.classCode },
    { header: '小类名称', width: 14, value: (s) => s.className },
    { header: '状态', width: 6, value: (s) => componentStateLabels[s.state] },
    { header: '主管部门', width: 16, value: (s) => s.department },
    { header: '权属单位', width: 16, value: (s) => s.ownerUnit },
    { header: '养护单位', width: 16, value: (s) => s.maintainer },
    { header: '地址', width: 28, value: (s) => s.address },
    { header: '初始日期', width: 11, value: (s) => s.initialDate },
    { header: '变更日期', width: 11, value: (s) => s.changedDate },
    ...placing<TComponentSummary>(),
  ] satisfies ExportColumn<TComponentSummary>[],
  camera: [
    { header: '名称', width: 20, value: (s) => s.name },
    { header: '国标编码', width: 22, value: (s) => s.nationalCode },
    { header: '类型', width: 8, value: (s) => cameraKindLabels[s.kind].zh },
    { header: '状态', width: 6, value: (s) => cameraStatusLabels[s.status].zh },
    { header: '视频流地址', width: 36, value: (s) => s.streamUrlMasked },
    { header: '权属单位', width: 16, value: (s) => s.ownerUnit },
    { header: '地址', width: 28, value: (s) => s.address },
    ...placing<TCameraSummary>(),
  ] satisfies ExportColumn<TCameraSummary>[],
} as const

const pageSize = 1_000
/** Offset paging grows with the page number; a district's places stay well below this. */
const maxRows = 200_000

type Search<S> = (
  page: number,
  pageSize: number,
) => Promise<{ items: S[]; total: number; totalCapped: boolean }>

/**
 * The export of a kind's filtered list (exportBuildings, exportHouses, …): an
 * XLSX sheet streamed page by page with the values as the list shows them,
 * audited as `place.export` with the filter and the row count once written.
 */
export class PlaceExport {
  constructor(
    private readonly records: PlaceRecords,
    private readonly log: FastifyBaseLogger,
  ) {}

  async export<S>(
    _p: UserPrincipal,
    actor: Actor,
    kind: PlaceKind,
    columns: readonly ExportColumn<S>[],
    search: Search<S>,
    query: z.output<typeof ZPlaceExportQuery>,
  ): Promise<{ filename: string; stream: Readable }> {
    // The first page before the first byte: a bad filter is still a 400, an oversized list refused.
    const first = await search(1, pageSize)
    if (first.totalCapped && (await search(maxRows / pageSize + 1, pageSize)).items.length > 0)
      throw new ValidationError({
        areaCode: text(
          `超过 ${maxRows} 条，请缩小范围后分批导出`,
          `More than ${maxRows} records: narrow the area or filters and export in parts`,
        ),
      })
    const label = placeKindLabels[kind].zh
    const out = new PassThrough()
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    })
    const sheet = workbook.addWorksheet(label, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }))
    const write = async () => {
      let written = 0
      let page = first
      for (let n = 1; ; n++) {
        if (n > 1) page = await search(n, pageSize)
        for (const item of page.items)
          sheet.addRow(Object.fromEntries(columns.map((c, i) => [String(i), c.value(item)]))).commit()
        written += page.items.length
        if (page.items.length < pageSize) break
      }
      await workbook.commit()
      await recordAudit(
        this.records.ports.db,
        actor,
        { action: 'place.export', entityType: kind, details: { rows: written, filter: query } },
        this.records.ports.clock.now(),
      )
    }
    write().catch((err: unknown) => {
      this.log.error({ err }, 'places export failed')
      out.destroy(err instanceof Error ? err : new Error(String(err)))
    })
    return { filename: `${label}-${this.records.today()}.xlsx`, stream: out }
  }
}
