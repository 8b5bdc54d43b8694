import { type RawBuilder, sql } from 'kysely'
import type { Scope } from './principal.ts'

/**
 * `column <@ ANY(scope paths)`: the one SQL fragment that limits rows to a
 * caller's areas. An empty scope matches nothing, never everything.
 */
export function inAreaScope(column: string, scope: Scope): RawBuilder<boolean> {
  if (scope.areaPaths.length === 0) return sql<boolean>`false`
  return sql<boolean>`${sql.ref(column)} <@ ANY(CAST(${sql.val(scope.areaPaths)} AS ltree[]))`
}

/** Rows tied to a unit the caller belongs to. */
export function inUnitScope(column: string, scope: Scope): RawBuilder<boolean> {
  if (scope.unitIds.length === 0) return sql<boolean>`false`
  return sql<boolean>`${sql.ref(column)} = ANY(CAST(${sql.val(scope.unitIds)} AS integer[]))`
}
