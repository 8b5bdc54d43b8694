import type {
  BulletinFormat,
  TBulletin,
  TBulletinList,
  TBulletinListQuery,
  TGenerateBulletin,
} from '@onegrid/core/api/bulletins'
import { periodLabel } from '@onegrid/core/stats/periods'
import { recordAudit } from '../../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import type { Clock } from '../../../platform/clock.ts'
import type { Db } from '../../../platform/db/database.ts'
import { NotFound, text } from '../../../platform/http/errors.ts'
import type { FileService } from '../../../platform/storage/file-service.ts'
import type { BulletinStats } from './build-bulletin.ts'
import { buildBulletinModel } from './build-bulletin.ts'
import { renderBulletinPdf } from './bulletin-pdf.ts'
import { BulletinQueries } from './bulletin-queries.ts'
import { type BulletinRow, BulletinStore } from './bulletin-store.ts'
import { renderBulletinXlsx } from './bulletin-xlsx.ts'

const bulletinText = text('通报', 'Bulletin')
const mimes: Record<BulletinFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
}

export function presentBulletin(b: BulletinRow): TBulletin {
  const url = (f: BulletinFormat) => `/api/stats/bulletins/${b.id}/${f}`
  return {
    id: b.id,
    districtCode: b.districtCode,
    areaCode: b.areaCode,
    areaName: b.areaName,
    period: {
      kind: b.periodKind,
      from: b.periodFrom,
      to: b.periodTo,
      label: periodLabel({ kind: b.periodKind, from: b.periodFrom, to: b.periodTo }),
    },
    title: b.title,
    generatedBy: { id: b.generatedBy, name: b.generatedByName },
    generatedAt: b.generatedAt.toISOString(),
    files: { xlsx: { size: b.xlsxSize, url: url('xlsx') }, pdf: { size: b.pdfSize, url: url('pdf') } },
  }
}

/**
 * generateBulletin, listBulletins and the bulletin's files. Generating reads the
 * statistics of the period and the one before, renders the XLSX and the PDF,
 * keeps both in the file store and archives the bulletin with an audit entry.
 * Lists and downloads take the caller's jurisdiction: the bulletins of their
 * areas and the areas under them.
 */
export class BulletinService {
  constructor(
    private readonly db: Db,
    private readonly stats: BulletinStats,
    private readonly queries: BulletinQueries,
    private readonly store: BulletinStore,
    private readonly files: FileService,
    private readonly clock: Clock,
  ) {}

  async generate(p: UserPrincipal, actor: Actor, input: TGenerateBulletin): Promise<TBulletin> {
    const now = this.clock.now()
    const { model, areaPath, districtCode } = await buildBulletinModel(
      this.stats,
      this.queries,
      p,
      input,
      now,
    )
    const xlsx = await renderBulletinXlsx(model)
    const pdf = await renderBulletinPdf(model)
    // Bytes first (the file store's rows point at stored bytes), then the archive row with its audit entry.
    const storedXlsx = await this.files.store(xlsx, ['spreadsheet'])
    const storedPdf = await this.files.store(pdf, ['document'])
    const generatedByName = (await this.queries.userName(p.userId)) ?? p.username
    const row: Omit<BulletinRow, 'id'> = {
      districtCode,
      areaCode: model.areaCode,
      areaPath,
      areaName: model.areaName,
      periodKind: model.period.kind,
      periodFrom: model.period.from,
      periodTo: model.period.to,
      title: model.title,
      generatedBy: p.userId,
      generatedByName,
      generatedAt: now,
      xlsxSha256: storedXlsx.sha256,
      xlsxSize: storedXlsx.size,
      pdfSha256: storedPdf.sha256,
      pdfSize: storedPdf.size,
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const id = await this.store.insert(trx, row)
      await recordAudit(
        trx,
        actor,
        {
          action: 'bulletin.generate',
          entityType: 'bulletin',
          entityId: id,
          areaPath,
          details: { period: model.period, title: model.title },
        },
        now,
      )
      return id
    })
    return presentBulletin({ ...row, id })
  }

  async list(p: UserPrincipal, q: TBulletinListQuery): Promise<TBulletinList> {
    let areaPath: string | undefined
    if (q.areaCode) {
      areaPath = (await this.queries.areaPath(q.areaCode)) ?? undefined
      if (!areaPath) throw new NotFound(text('区域', 'Area'), q.areaCode)
    }
    const { rows, total } = await this.store.list(
      p.scope,
      { areaPath, periodKind: q.period },
      q.limit,
      q.offset,
    )
    return { items: rows.map(presentBulletin), total }
  }

  /** One of a bulletin's files, with the name it is saved under (the bulletin's title). */
  async file(
    p: UserPrincipal,
    id: number,
    format: BulletinFormat,
  ): Promise<{ bytes: Buffer; mime: string; filename: string }> {
    const b = await this.store.get(p.scope, id)
    if (!b) throw new NotFound(bulletinText, String(id))
    const file = await this.files.read(format === 'xlsx' ? b.xlsxSha256 : b.pdfSha256)
    if (!file) throw new NotFound(bulletinText, `${id}/${format}`)
    return { bytes: file.bytes, mime: mimes[format], filename: `${b.title}.${format}` }
  }
}

/** The bulletin service over the statistics and the file store (the composition root calls this). */
export function bulletinService(deps: { db: Db; stats: BulletinStats; files: FileService; clock: Clock }) {
  return new BulletinService(
    deps.db,
    deps.stats,
    new BulletinQueries(deps.db),
    new BulletinStore(deps.db),
    deps.files,
    deps.clock,
  )
}
