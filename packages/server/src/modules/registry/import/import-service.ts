import type {
  TImportRowError,
  TRegistryImport,
  TRegistryImportList,
  ZImportCommit,
  ZImportDryRun,
  ZRegistryImportListQuery,
} from '@onegrid/core/api/registry-import'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import type { Clock } from '../../../platform/clock.ts'
import type { PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import { Conflict, type LocalText, NotFound, text, ValidationError } from '../../../platform/http/errors.ts'
import type { JobRunner } from '../../../platform/jobs/job-runner.ts'
import type { FileService } from '../../../platform/storage/file-service.ts'
import { sampleMasker, suggestMapping } from './import-fields.ts'
import { type ImportJobPayload, importJobKind, importSealContext } from './import-job.ts'
import type { ImportKind, ImportKindName } from './import-kind.ts'
import type { ImportRow, ImportStore } from './import-store.ts'
import { countLines, formatOf, readRows } from './read-rows.ts'

type DryRunInput = z.output<typeof ZImportDryRun>
type CommitInput = z.output<typeof ZImportCommit>
type Language = 'zh' | 'en'

type ListInput = z.output<typeof ZRegistryImportListQuery>

const importWord = text('导入', 'Import')
const errorReportUrl = (row: ImportRow) =>
  row.error_report_sha256 ? `/api/registry/imports/${row.id}/errors.xlsx` : null

/**
 * importRegistry: upload → map → dry run → commit. The upload is sealed with
 * the personal-data key before it is stored. The dry run streams the sheet,
 * checks every row like createPerson does and writes staging rows in batches
 * (other users keep working meanwhile, even on PGlite's one connection), then
 * an error sheet. The commit moves the valid rows into place in one statement,
 * all of them or — asked explicitly — only the valid ones.
 */
export class RegistryImportService {
  constructor(
    private readonly store: ImportStore,
    private readonly kinds: Readonly<Record<ImportKindName, ImportKind>>,
    private readonly files: FileService,
    private readonly pii: PiiCipher,
    private readonly runner: JobRunner,
    private readonly clock: Clock,
  ) {}

  private kindOf(row: ImportRow): ImportKind {
    return this.kinds[row.kind as ImportKindName]
  }

  async upload(
    p: UserPrincipal,
    kindName: ImportKindName,
    fileName: string,
    bytes: Buffer,
    lang: Language,
  ): Promise<TRegistryImport> {
    const kind = this.kinds[kindName]
    const format = formatOf(bytes)
    if (!format)
      throw new ValidationError({ file: text('请上传 CSV 或 XLSX 文件', 'Upload a CSV or XLSX file') })
    const rows: string[][] = []
    try {
      for await (const r of readRows(format, bytes)) {
        rows.push(r.cells)
        if (rows.length > 5) break
      }
    } catch {
      throw new ValidationError({
        file: text('文件无法读取，请确认是 CSV 或 XLSX', 'The file cannot be read as CSV or XLSX'),
      })
    }
    const headers = rows[0] ?? []
    if (headers.length === 0 || rows.length < 2)
      throw new ValidationError({
        file: text('文件第一行应为表头，且至少有一行数据', 'The first row must be headers, with data below'),
      })
    const now = this.clock.now()
    const sealed = await this.files.storeSealed(this.pii.sealBytes(bytes, importSealContext))
    const id = await this.store.create({
      kind: kind.name,
      file_name: fileName.slice(0, 200),
      format,
      blob_sha256: sealed.sha256,
      headers,
      mapping: null,
      default_grid_code: null,
      status: 'uploaded',
      total_rows: format === 'csv' ? Math.max(0, countLines(bytes) - 1) : null,
      valid_rows: null,
      invalid_rows: null,
      committed_rows: null,
      households: null,
      error_report_sha256: null,
      failure: null,
      job_id: null,
      scope: { areaPaths: [...p.scope.areaPaths], unitIds: [...p.scope.unitIds] },
      created_by: p.userId,
      created_at: now,
      updated_at: now,
    })
    const row = await this.mine(p, id)
    const fieldOf = new Map(
      Object.entries(suggestMapping(kind.fields, headers)).map(([field, index]) => [index, field]),
    )
    const mask = sampleMasker(kind.fields)
    return {
      ...(await this.present(row, lang)),
      samples: rows.slice(1).map((r) => r.map((cell, i) => mask(cell, fieldOf.get(i)))),
    }
  }

  async dryRun(p: UserPrincipal, id: number, input: DryRunInput, lang: Language): Promise<TRegistryImport> {
    const row = await this.mine(p, id)
    const { fields } = this.kindOf(row)
    const headers = row.headers
    const errors: Record<string, LocalText> = {}
    for (const [field, index] of Object.entries(input.mapping)) {
      if (!fields.some((f) => f.key === field))
        errors[`mapping.${field}`] = text('没有这个字段', 'No such field')
      else if (index >= headers.length) errors[`mapping.${field}`] = text('没有这一列', 'No such column')
    }
    for (const f of fields)
      if (f.required && input.mapping[f.key] === undefined)
        errors[`mapping.${f.key}`] = text(
          `请指定“${f.zh}”所在的列`,
          `Choose the ${f.en.toLowerCase()} column`,
        )
    const used = Object.values(input.mapping)
    if (new Set(used).size !== used.length)
      errors.mapping = text('一列只能对应一个字段', 'A column maps to one field only')
    if (input.defaultGridCode) {
      const grids = await this.store.grids(p.scope)
      if (!grids.has(input.defaultGridCode))
        errors.defaultGridCode = text('网格不存在或不在您的辖区内', 'No such grid in your jurisdiction')
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    const now = this.clock.now()
    if (!(await this.store.claim(id, ['uploaded', 'validated', 'failed'], 'validating', now)))
      throw new Conflict(text('该导入正在处理或已导入', 'This import is running or done'))
    const jobId = await this.runner.enqueue(
      importJobKind,
      { importId: id, step: 'validate' } satisfies ImportJobPayload,
      {
        createdBy: p.userId,
      },
    )
    await this.store.update(
      id,
      {
        mapping: input.mapping,
        default_grid_code: input.defaultGridCode ?? null,
        job_id: jobId,
        error_report_sha256: null,
      },
      now,
    )
    return this.present(await this.mine(p, id), lang)
  }

  async commit(
    p: UserPrincipal,
    actor: Actor,
    id: number,
    input: CommitInput,
    lang: Language,
  ): Promise<TRegistryImport> {
    const row = await this.mine(p, id)
    if (row.status !== 'validated')
      throw new Conflict(text('请先完成校验（试导入）', 'Run the dry run first'))
    if (input.mode === 'all' && (row.invalid_rows ?? 0) > 0)
      throw new ValidationError({
        mode: text(
          `有 ${row.invalid_rows} 行未通过校验：请修改后重新上传，或选择“仅导入有效行”`,
          `${row.invalid_rows} rows are invalid: fix them and upload again, or choose to import the valid rows only`,
        ),
      })
    if ((row.valid_rows ?? 0) === 0)
      throw new ValidationError({ mode: text('没有可导入的有效行', 'No valid rows to import') })
    const now = this.clock.now()
    if (!(await this.store.claim(id, ['validated'], 'committing', now)))
      throw new Conflict(text('该导入正在处理或已导入', 'This import is running or done'))
    const jobId = await this.runner.enqueue(
      importJobKind,
      { importId: id, step: 'commit', mode: input.mode, actor } satisfies ImportJobPayload,
      { createdBy: p.userId },
    )
    await this.store.update(id, { job_id: jobId }, now)
    return this.present(await this.mine(p, id), lang)
  }

  /** listRegistryImports: the caller's own imports (an import holds its uploader's file), newest first. */
  async list(p: UserPrincipal, input: ListInput): Promise<TRegistryImportList> {
    const { rows, total } = await this.store.listOf(p.userId, {
      kind: input.kind,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    })
    return {
      items: rows.map((row) => ({
        id: row.id,
        kind: this.kindOf(row).name,
        fileName: row.file_name,
        format: row.format as TRegistryImport['format'],
        status: row.status as TRegistryImport['status'],
        totalRows: row.total_rows,
        validRows: row.valid_rows,
        invalidRows: row.invalid_rows,
        committedRows: row.committed_rows,
        households: row.households,
        errorReportUrl: errorReportUrl(row),
        failure: row.failure,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      })),
      total,
      page: input.page,
      pageSize: input.pageSize,
    }
  }

  async get(p: UserPrincipal, id: number, lang: Language): Promise<TRegistryImport> {
    return this.present(await this.mine(p, id), lang)
  }

  async errorReport(p: UserPrincipal, id: number): Promise<{ filename: string; bytes: Buffer }> {
    const row = await this.mine(p, id)
    const file = row.error_report_sha256 ? await this.files.read(row.error_report_sha256) : null
    if (!file) throw new NotFound(text('错误报告', 'Error report'), String(id))
    return { filename: `${row.file_name.replace(/\.(csv|xlsx)$/i, '')}-问题.xlsx`, bytes: file.bytes }
  }

  private async mine(p: UserPrincipal, id: number): Promise<ImportRow> {
    const row = await this.store.get(id)
    // An import is its uploader's: it holds their file, under their jurisdiction.
    if (!row || row.created_by !== p.userId) throw new NotFound(importWord, String(id))
    return row
  }

  private async present(row: ImportRow, lang: Language): Promise<TRegistryImport> {
    const errorRows = row.invalid_rows ? await this.store.errorRows(row.id, 100) : []
    const errors: TImportRowError[] = errorRows.flatMap((r) =>
      (
        (r.errors ?? []) as {
          field: string
          column: string | null
          value: string | null
          message: LocalText
        }[]
      ).map((e) => ({
        row: r.row_no,
        field: e.field,
        column: e.column,
        value: e.value,
        message: e.message[lang],
      })),
    )
    const kind = this.kindOf(row)
    return {
      id: row.id,
      kind: kind.name,
      fileName: row.file_name,
      format: row.format as TRegistryImport['format'],
      status: row.status as TRegistryImport['status'],
      headers: row.headers,
      mapping: row.mapping,
      suggestedMapping: suggestMapping(kind.fields, row.headers),
      fields: kind.fields.map(({ key, zh, en, required }) => ({ key, zh, en, required })),
      samples: [],
      defaultGridCode: row.default_grid_code,
      totalRows: row.total_rows,
      validRows: row.valid_rows,
      invalidRows: row.invalid_rows,
      committedRows: row.committed_rows,
      households: row.households,
      errors: errors.slice(0, 100),
      errorReportUrl: errorReportUrl(row),
      failure: row.failure,
      jobId: row.job_id,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }
  }
}
