import type { OperationNodeSource } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import type { CaseChange, CaseRelay } from './ports.ts'

const isList = (
  w: OperationNodeSource | readonly OperationNodeSource[],
): w is readonly OperationNodeSource[] => Array.isArray(w)

/** The relays' writes for a step, named for the step's statement (`r<relay>_<part>`). */
export function relayWrites(
  relays: readonly CaseRelay[],
  db: Db,
  change: CaseChange,
): [string, OperationNodeSource][] {
  return relays.flatMap((relay, i) => {
    const write = relay(db, change)
    if (!write) return []
    return (isList(write) ? write : [write]).map((part, j): [string, OperationNodeSource] => [
      `r${i}_${j}`,
      part,
    ])
  })
}
