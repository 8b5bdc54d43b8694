import { z } from 'zod'
import { auditInsert } from '../../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type Scope } from '../../../platform/auth/principal.ts'
import type { Clock } from '../../../platform/clock.ts'
import type { PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../../platform/db/database.ts'
import { isUniqueViolation } from '../../../platform/db/sql-text.ts'
import { defineJob, type JobContext } from '../../../platform/jobs/job-definition.ts'
import type { FileService } from '../../../platform/storage/file-service.ts'
import { errorSheet } from './error-report.ts'
import type { ImportKind, ImportKindName, RowChecker } from './import-kind.ts'
import type { ImportRow, ImportStore } from './import-store.ts'
import { readRows } from './read-rows.ts'

/** The upload is sealed under this context: its ciphertext opens as nothing else. */
export const importSealContext = 'registry.import'
const batchSize = 1_000
const maxRows = 2_000_000

export const importJobKind = 'registry.import'
const ZImportJob = z.object({
  importId: z.number().int(),
  step: z.enum(['validate', 'commit']),
  mode: z.enum(['all', 'valid_only']).optional(),
  /** Who asked, for the history and audit rows (the job runs outside the request, maybe elsewhere). */
  actor: z
    .object({
      userId: z.number().int().nullable(),
      name: z.string(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      requestId: z.string().nullable(),
    })
    .optional(),
})
export type ImportJobPayload = z.output<typeof ZImportJob>

/**
 * The background half of an import: the dry run (stream the sheet, check
 * every row, stage the batches, look across the file, write the error sheet)
 * and the commit (one statement per kind, in one transaction with the audit
 * row and the import's status).
 */
export class ImportJob {
  constructor(
    private readonly store: ImportStore,
    private readonly kinds: Readonly<Record<ImportKindName, ImportKind>>,
    private readonly files: FileService,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    /** The grids' household counts follow the households an import creates. */
    private readonly deriveHouseholds: (executor: Db, gridCodes: readonly string[]) => Promise<void>,
    /** Persons sheets of at least this many rows are checked in a worker thread. */
    private readonly workerFromRows: number,
    /** The grid at a point, inside a jurisdiction (places rows may give a point instead of a grid). */
    private readonly locate: (
      scope: Scope,
      lng: number,
      lat: number,
    ) => Promise<{ code: string; path: string } | null>,
  ) {}

  definition() {
    return defineJob<ImportJobPayload>({
      kind: importJobKind,
      payload: ZImportJob,
      maxAttempts: 1,
      run: (ctx) => (ctx.payload.step === 'validate' ? this.validate(ctx) : this.commitRows(ctx)),
    })
  }

  private kindOf(row: ImportRow): ImportKind {
    return this.kinds[row.kind as ImportKindName]
  }

  /** The uploaded file in clear; the sealed copy is dropped at once (a large sheet is held once, not twice). */
  private async opened(sha256: string): Promise<Buffer> {
    const sealed = await this.files.read(sha256)
    if (!sealed) throw new Error('the uploaded file is gone')
    return this.pii.openBytes(sealed.bytes, importSealContext)
  }

  /** The dry run, as a job: stream, check, stage in batches, count, write the error sheet. */
  private async validate(ctx: JobContext<ImportJobPayload>): Promise<unknown> {
    const id = ctx.payload.importId
    const row = await this.store.get(id)
    if (!row?.mapping) throw new Error(`import ${id} has no mapping`)
    try {
      const bytes = await this.opened(row.blob_sha256)
      const scope = row.scope as Scope
      const checker = this.kindOf(row).checker({
        importId: id,
        pii: this.pii,
        today: this.clock.now(),
        mapping: row.mapping,
        headers: row.headers,
        grids: await this.store.grids(scope),
        defaultGrid: row.default_grid_code,
        inScope: (path) => pathInScope(path, scope),
        db: this.store.db,
        locate: (lng, lat) => this.locate(scope, lng, lat),
        inWorker: row.kind === 'persons' && (row.total_rows ?? 0) >= this.workerFromRows,
      })
      try {
        await this.stageAll(ctx, row, bytes, checker)
      } finally {
        await checker.close?.()
      }
      // The commit joins the staged rows to the households it creates: without statistics the
      // planner takes the table for one row and picks a nested loop (quadratic in the rows).
      await this.store.analyzeStaging()
      const counts = await this.store.counts(id)
      const invalid = counts.total - counts.valid
      let report: string | null = null
      if (invalid > 0) {
        const sheet = await errorSheet(await this.store.errorRows(id, null))
        report = (await this.files.store(sheet, ['spreadsheet'])).sha256
      }
      await this.store.update(
        id,
        {
          status: 'validated',
          total_rows: counts.total,
          valid_rows: counts.valid,
          invalid_rows: invalid,
          error_report_sha256: report,
        },
        this.clock.now(),
      )
      return { total: counts.total, valid: counts.valid, invalid }
    } catch (err) {
      await this.store.update(
        id,
        { status: 'failed', failure: (err as Error).message.slice(0, 500) },
        this.clock.now(),
      )
      throw err
    }
  }

  /**
   * Reads the sheet and stages it a batch at a time. One batch is settled and
   * staged while the next is read (and, for a large persons sheet, checked in
   * the worker thread), so at most two batches are held at once.
   */
  private async stageAll(
    ctx: JobContext<ImportJobPayload>,
    row: ImportRow,
    bytes: Buffer,
    checker: RowChecker,
  ): Promise<void> {
    await this.store.clearStaging(row.id)
    let done = 0
    let read = 0
    let inFlight: Promise<void> = Promise.resolve()
    const flush = (): Promise<void> => {
      const settling = checker.settle()
      const before = inFlight
      inFlight = (async () => {
        await before
        const rows = await settling
        await this.store.stage(rows)
        done += rows.length
        await ctx.progress({ done, total: row.total_rows, message: `已校验 ${done} 行` })
      })()
      // Awaited by the next flush or at the end; a failure is not left unhandled meanwhile.
      inFlight.catch(() => undefined)
      return before
    }
    try {
      let header = true
      for await (const r of readRows(row.format as 'csv' | 'xlsx', bytes)) {
        if (header) {
          header = false
          continue
        }
        if (ctx.signal.aborted) throw new Error('interrupted')
        if (++read > maxRows) throw new Error(`more than ${maxRows} rows`)
        checker.add(r.row, r.cells, r.lossy ?? [])
        if (checker.pending >= batchSize) await flush()
      }
      await flush()
      await inFlight
    } catch (err) {
      await inFlight.catch(() => undefined)
      throw err
    }
    await checker.finish?.()
  }

  /** The commit, as a job: one statement moves the valid rows (and their households) into place. */
  private async commitRows(ctx: JobContext<ImportJobPayload>): Promise<unknown> {
    const id = ctx.payload.importId
    const row = await this.store.get(id)
    if (!row) throw new Error(`no import ${id}`)
    const actor: Actor = ctx.payload.actor ?? {
      userId: row.created_by,
      name: `user:${row.created_by}`,
      ip: null,
      userAgent: null,
      requestId: null,
    }
    const at = this.clock.now()
    const kind = this.kindOf(row)
    try {
      await ctx.progress({ done: 0, total: row.valid_rows, message: '正在写入' })
      const moved = await this.store.db.transaction().execute(async (trx) => {
        const result = await kind.commit(trx, id, actor, at)
        if (result.gridsOfHouseholds.length > 0) await this.deriveHouseholds(trx, result.gridsOfHouseholds)
        await auditInsert(
          trx,
          actor,
          {
            action: 'registry.import',
            entityType: kind.entityType,
            areaPath: (row.scope as Scope).areaPaths[0] ?? null,
            details: {
              importId: id,
              kind: kind.name,
              file: row.file_name,
              rows: result.rows,
              households: result.households,
              mode: ctx.payload.mode,
            },
          },
          at,
        ).execute()
        await trx
          .updateTable('registry_imports')
          .set({
            status: 'committed',
            committed_rows: result.rows,
            households: result.households,
            updated_at: at,
          })
          .where('id', '=', id)
          .execute()
        return result
      })
      // The staged ciphertexts are not needed any more; the error rows stay for the report.
      await this.store.db
        .deleteFrom('registry_import_rows')
        .where('import_id', '=', id)
        .where('errors', 'is', null)
        .execute()
      await ctx.progress({ done: moved.rows, total: moved.rows, message: '导入完成' })
      return moved
    } catch (err) {
      const unique = isUniqueViolation(err)
      await this.store.update(
        id,
        {
          status: 'failed',
          failure: unique
            ? `导入期间有人登记了相同的${kind.word.zh}记录，请重新试导入 / a record was added meanwhile; run the dry run again`
            : (err as Error).message.slice(0, 500),
        },
        this.clock.now(),
      )
      throw err
    }
  }
}
