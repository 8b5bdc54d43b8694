import type { TImportField, TRegistryImport } from '@onegrid/core/api/registry-import'
import type { AuditEntityType } from '@onegrid/core/auth/audit-actions'
import type { Insertable } from 'kysely'
import type { PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../../platform/db/database.ts'
import type { LocalText } from '../../../platform/http/errors.ts'
import type { RegistryImportRowsTable } from '../tables.ts'

export type ImportKindName = TRegistryImport['kind']

/** How a personal value is masked wherever an import shows it (samples, errors, the error sheet). */
export type PiiShape = 'document' | 'phone' | 'address'

/** A column a sheet may have: its field, its header, the headers offices use for it. */
export type ImportField = TImportField & {
  aliases: readonly string[]
  pii?: PiiShape
}

/** Field key → column index (0-based), as the importer confirmed it. */
export type ImportMapping = Readonly<Record<string, number>>

export type RowError = { field: string; column: string | null; value: string | null; message: LocalText }

/**
 * A staging row: the problems of an invalid row, or the columns of a valid
 * one (a person's typed columns, or a place's `payload` of its table's columns).
 */
export type StagedRow = Omit<Insertable<RegistryImportRowsTable>, 'errors' | 'payload'> & {
  errors: RowError[] | null
  payload?: Record<string, unknown>
}

/** The grid at a point inside the importer's jurisdiction, or null. */
export type LocateGrid = (lng: number, lat: number) => Promise<{ code: string; path: string } | null>

/** What a kind's checks are given for one dry run. */
export type CheckContext = {
  importId: number
  pii: PiiCipher
  today: Date
  mapping: ImportMapping
  headers: readonly string[]
  /** The grids the importer may write to: code → path. */
  grids: ReadonlyMap<string, string>
  defaultGrid: string | null
  /** Whether a record at this area path is inside the importer's jurisdiction. */
  inScope: (areaPath: string) => boolean
  db: Db
  locate: LocateGrid
  /** A large sheet: check rows in a worker thread while the main thread reads and stages (persons). */
  inWorker: boolean
}

/**
 * The checks of one dry run, a batch at a time: `add` checks what a row can
 * tell alone, `settle` what needs the registry (a document recorded already,
 * a building named by its code) in a few queries for the whole batch, and
 * answers the batch's staging rows.
 */
export interface RowChecker {
  add(rowNo: number, cells: readonly string[], lossy: readonly number[]): void
  readonly pending: number
  settle(): Promise<StagedRow[]>
  /** Checks across the whole staged file, once every batch is in (a document twice in the file). */
  finish?(): Promise<void>
  /** Releases what the checker holds (a worker thread), whether the run ended well or not. */
  close?(): Promise<void>
}

export type CommitActor = { userId: number | null; name: string }

/** What a commit moved: records, and for persons the households made from 户号. */
export type Committed = { rows: number; households: number | null; gridsOfHouseholds: string[] }

/** One kind of record a sheet can bring in: its columns, its checks, its commit. */
export type ImportKind = {
  name: ImportKindName
  entityType: AuditEntityType
  word: LocalText
  fields: readonly ImportField[]
  checker(ctx: CheckContext): RowChecker
  /** Moves the valid staged rows into place, with a history row each, inside the caller's transaction. */
  commit(trx: Db, importId: number, actor: CommitActor, at: Date): Promise<Committed>
}
