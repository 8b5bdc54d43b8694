import { type RawBuilder, sql } from 'kysely'
import type { Scope } from './principal.ts'

/**
 * `column <@ path1 OR column <@ path2 ...`: the one SQL fragment that limits
 * rows to a caller's areas (each arm can use the GiST index). An empty scope
 * matches nothing, never everything. Paths go in one by one: array parameters
 * are not serialised alike by pg and PGlite.
 */
export function inAreaScope(column: string, scope: Scope): RawBuilder<boolean> {
  if (scope.areaPaths.length === 0) return sql<boolean>`false`
  const arms = scope.areaPaths.map((p) => sql`${sql.ref(column)} <@ CAST(${p} AS ltree)`)
  return sql<boolean>`(${sql.join(arms, sql` OR `)})`
}

/** Rows tied to a unit the caller belongs to. */
export function inUnitScope(column: string, scope: Scope): RawBuilder<boolean> {
  if (scope.unitIds.length === 0) return sql<boolean>`false`
  return sql<boolean>`${sql.ref(column)} IN (${sql.join(scope.unitIds.map((id) => sql`${id}`))})`
}
