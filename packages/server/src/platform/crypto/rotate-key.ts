import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { PiiCipher } from './pii-cipher.ts'

/**
 * One table's encrypted columns, declared by the module that owns the table:
 * each ciphertext with its context, and the blind indexes computed from the
 * plaintexts (and the row's other columns, e.g. a document's kind).
 */
export type PiiTable = {
  table: string
  /** The integer primary key the pass walks in order. */
  key: string
  ciphers: readonly { column: string; context: string }[]
  /** Extra columns the index functions read. */
  reads?: readonly string[]
  indexes?: readonly {
    column: string
    /** The indexed value from the row's plaintexts (null when there is nothing to index). */
    value: (plain: Record<string, string | null>, row: Record<string, unknown>) => string | null
    purpose: string
  }[]
}

export type RotationProgress = { table: string; rows: number; rotated: number }

/**
 * Re-encrypts every declared ciphertext under a new key and recomputes every
 * blind index, in batches of short transactions. A value that already opens
 * under the new key is left as it is, so an interrupted rotation is finished by
 * running it again. The server must be stopped meanwhile: it reads with one key.
 */
export async function rotatePiiKey(
  db: Db,
  tables: readonly PiiTable[],
  from: PiiCipher,
  to: PiiCipher,
  onProgress: (p: RotationProgress) => void = () => {},
  batch = 500,
): Promise<RotationProgress[]> {
  const done: RotationProgress[] = []
  for (const t of tables) {
    const progress = { table: t.table, rows: 0, rotated: 0 }
    const columns = [t.key, ...t.ciphers.map((c) => c.column), ...(t.reads ?? [])]
    let after = 0
    for (;;) {
      const rotatedInBatch = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<Record<string, unknown>>`
          SELECT ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(t.table)}
          WHERE ${sql.ref(t.key)} > ${after} ORDER BY ${sql.ref(t.key)} LIMIT ${batch} FOR UPDATE`.execute(
          trx,
        )
        let rotated = 0
        for (const row of rows) {
          after = Number(row[t.key])
          const plain: Record<string, string | null> = {}
          const set: Record<string, string | null> = {}
          let changed = false
          for (const c of t.ciphers) {
            const envelope = row[c.column]
            if (typeof envelope !== 'string') {
              plain[c.column] = null
              continue
            }
            const already = tryDecrypt(to, envelope, c.context)
            if (already !== undefined) plain[c.column] = already
            else {
              const value = from.decrypt(envelope, c.context)
              plain[c.column] = value
              set[c.column] = to.encrypt(value, c.context)
              changed = true
            }
          }
          for (const index of t.indexes ?? []) {
            const value = index.value(plain, row)
            set[index.column] = value === null ? null : to.blindIndex(value, index.purpose)
          }
          if (Object.keys(set).length === 0) continue
          await sql`UPDATE ${sql.table(t.table)} SET ${sql.join(
            Object.entries(set).map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
          )} WHERE ${sql.ref(t.key)} = ${row[t.key]}`.execute(trx)
          if (changed) rotated++
        }
        progress.rows += rows.length
        return { count: rows.length, rotated }
      })
      progress.rotated += rotatedInBatch.rotated
      onProgress({ ...progress })
      if (rotatedInBatch.count < batch) break
    }
    done.push(progress)
  }
  return done
}

function tryDecrypt(cipher: PiiCipher, envelope: string, context: string): string | undefined {
  try {
    return cipher.decrypt(envelope, context)
  } catch {
    return undefined
  }
}
