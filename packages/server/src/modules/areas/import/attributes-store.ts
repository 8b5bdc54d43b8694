import type { TGridType } from '@onegrid/core/api/grids'
import type { Db } from '../../../platform/db/database.ts'

export type GridAttributeUpdate = {
  code: string
  gridType?: TGridType
  servedUnit?: string | null
  households?: number | null
  population?: number | null
  responsibleParty?: string | null
}

/** Writes of grid attributes, inside the caller's transaction. */
export class GridAttributeStore {
  constructor(private readonly db: Db) {}

  async update(trx: Db, change: GridAttributeUpdate, now: Date): Promise<void> {
    const { code, gridType, servedUnit, households, population, responsibleParty } = change
    await trx
      .updateTable('areas')
      .set({
        ...(gridType !== undefined ? { grid_type: gridType } : {}),
        ...(servedUnit !== undefined ? { served_unit: servedUnit } : {}),
        ...(households !== undefined ? { households } : {}),
        ...(population !== undefined ? { population } : {}),
        ...(responsibleParty !== undefined ? { responsible_party: responsibleParty } : {}),
        updated_at: now,
      })
      .where('code', '=', code)
      .where('level', '=', 'grid')
      .execute()
  }

  transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work)
  }
}
