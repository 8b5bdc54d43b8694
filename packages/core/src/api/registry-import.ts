import { z } from 'zod'
import { ZUploadedFile } from './area-import.ts'
import { ZAreaCode } from './grids.ts'

/**
 * Registry imports: upload a CSV or XLSX sheet, confirm which column is which
 * field, validate every row (a dry run that writes nothing into the registry),
 * then commit — all rows, or explicitly only the valid ones — in one statement.
 * The upload is kept sealed with the personal-data key; errors come back per
 * row and as a downloadable sheet, with personal values masked.
 */

/** What a sheet brings in: persons (with their households by 户号), houses and rooms, or organizations. */
export const importKinds = ['persons', 'houses', 'organizations'] as const
export const ZImportKind = z.enum(importKinds)
export type TImportKind = z.infer<typeof ZImportKind>

export const importStatuses = [
  'uploaded',
  'validating',
  'validated',
  'committing',
  'committed',
  'failed',
] as const
export const ZImportStatus = z.enum(importStatuses)

export const ZImportField = z
  .object({ key: z.string(), zh: z.string(), en: z.string(), required: z.boolean() })
  .meta({ id: 'ImportField' })
export type TImportField = z.infer<typeof ZImportField>

export const ZImportRowError = z
  .object({
    row: z.number().int(),
    field: z.string(),
    column: z.string().nullable(),
    /** The cell as read, personal values masked. */
    value: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'ImportRowError' })
export type TImportRowError = z.infer<typeof ZImportRowError>

export const ZRegistryImport = z
  .object({
    id: z.number().int(),
    kind: ZImportKind,
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    status: ZImportStatus,
    headers: z.array(z.string()),
    /** Field key → column index (0-based). */
    mapping: z.record(z.string(), z.number().int()).nullable(),
    suggestedMapping: z.record(z.string(), z.number().int()),
    fields: z.array(ZImportField),
    /** The first rows as read, long digit runs masked: only in the answer to the upload. */
    samples: z.array(z.array(z.string())),
    defaultGridCode: z.string().nullable(),
    totalRows: z.number().int().nullable(),
    validRows: z.number().int().nullable(),
    invalidRows: z.number().int().nullable(),
    committedRows: z.number().int().nullable(),
    /** Households made from 户号 (persons imports only). */
    households: z.number().int().nullable(),
    /** The first problems (up to 100); all of them are in the error sheet. */
    errors: z.array(ZImportRowError),
    errorReportUrl: z.string().nullable(),
    failure: z.string().nullable(),
    jobId: z.number().int().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'RegistryImport' })
export type TRegistryImport = z.infer<typeof ZRegistryImport>

export const ZRegistryImportSummary = ZRegistryImport.pick({
  id: true,
  kind: true,
  fileName: true,
  format: true,
  status: true,
  totalRows: true,
  validRows: true,
  invalidRows: true,
  committedRows: true,
  households: true,
  errorReportUrl: true,
  failure: true,
  createdAt: true,
  updatedAt: true,
}).meta({ id: 'RegistryImportSummary' })
export type TRegistryImportSummary = z.infer<typeof ZRegistryImportSummary>

export const ZRegistryImportListQuery = z.object({
  kind: ZImportKind.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
export const ZRegistryImportList = z
  .object({
    items: z.array(ZRegistryImportSummary),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'RegistryImportList' })
export type TRegistryImportList = z.infer<typeof ZRegistryImportList>

export const ZImportUploadForm = z.object({
  file: ZUploadedFile,
  /** What the sheet lists; persons when not given. */
  kind: ZImportKind.optional(),
  /** The file's name as the importer knows it (shown in the list and the error sheet's name). */
  fileName: z.string().trim().min(1).max(200).optional(),
})

export const ZImportIdParams = z.object({ id: z.coerce.number().int().positive() })

export const ZImportDryRun = z.object({
  mapping: z.record(z.string(), z.number().int().min(0).max(199)),
  /** The grid of rows that name none. */
  defaultGridCode: ZAreaCode.optional(),
})
export type TImportDryRun = z.input<typeof ZImportDryRun>

export const ZImportCommit = z.object({
  /** `all`: refused while any row is invalid; `valid_only`: the valid rows, the others left out. */
  mode: z.enum(['all', 'valid_only']),
})
export type TImportCommit = z.input<typeof ZImportCommit>
