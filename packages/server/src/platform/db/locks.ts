import { sql } from 'kysely'
import type { Db } from './database.ts'

/** Keys of transaction-scoped advisory locks, one per kind of work that must not run twice at once. */
export const lockKeys = {
  /** Seeding reference data: instances starting together must not both load the default catalog. */
  referenceData: 7_310_001,
  /** Counting changed cases into the statistics: one batch at a time, so no case is counted twice. */
  statistics: 7_310_002,
} as const

/** Waits for the lock; it is released when the transaction ends. */
export async function lockForTransaction(trx: Db, key: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(key)})`.execute(trx)
}
