import { type OperationNodeSource, type RawBuilder, sql } from 'kysely'
import type { Db } from './database.ts'

/** A condition of `writeAsOne` did not hold; nothing of the statement was written. */
export class RequirementFailed extends Error {
  override name = 'RequirementFailed'
  constructor(readonly requirement: string) {
    super(`requirement failed: ${requirement}`)
  }
}

function failedRequirement(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null
  const { code, message } = err as { code?: unknown; message?: unknown }
  return code === 'OG001' && typeof message === 'string' ? message : null
}

export type OneStatement = {
  /** Data-modifying statements, each run as a CTE under its name (later ones may read earlier ones). */
  writes: readonly (readonly [name: string, query: OperationNodeSource])[]
  /** Conditions over the writes' results; if one is not true, the whole statement is undone. */
  require?: readonly (readonly [name: string, condition: RawBuilder<boolean>])[]
  /** Columns of the one row returned (the writes' ids, a pg_notify). */
  select?: RawBuilder<unknown>
}

/**
 * Several writes as one statement: one round trip instead of BEGIN, a
 * statement per table and COMMIT, and atomic as every statement is. On the
 * hot paths (a report, a step of a case) the round trips, not the work, were
 * most of the server's time. Inside a transaction it takes part in it.
 */
export async function writeAsOne<R>(db: Db, s: OneStatement): Promise<R> {
  const ctes = sql.join(
    s.writes.map(([name, query]) => sql`${sql.id(name)} AS (${query})`),
    sql`, `,
  )
  const checks = (s.require ?? []).map(([name, condition]) => sql`onegrid_require(${condition}, ${name})`)
  const columns = sql.join(
    [...checks.map((c, i) => sql`${c} AS ${sql.id(`require_${i}`)}`), s.select ?? sql`1 AS done`],
    sql`, `,
  )
  try {
    const { rows } = await sql<R>`WITH ${ctes} SELECT ${columns}`.execute(db)
    const row = rows[0]
    if (!row) throw new Error('a statement of writes returned no row')
    return row
  } catch (err) {
    const requirement = failedRequirement(err)
    if (requirement) throw new RequirementFailed(requirement)
    throw err
  }
}
