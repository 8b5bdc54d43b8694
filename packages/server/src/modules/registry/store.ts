import type { PlaceKind } from '@onegrid/core/registry/places'
import { sql } from 'kysely'
import type { Actor } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import type { PersonColumns } from './person-input.ts'

export type HistoryWrite = {
  entityType: 'person' | 'household' | 'group_member' | PlaceKind | 'tenancy'
  entityId: number
  action: string
  changes: Record<string, [unknown, unknown]>
  reason?: string | null
}

export type MembershipWrite = {
  personId: number
  group: string
  fieldsCipher: string
  riskLevel: string
  riskReason: string | null
  riskSetBy: number | null
  riskSetAt: Date | null
  helperIds: number[]
  visitEveryDays: number
  since: string | null
  gridCode: string
  areaPath: string
}

/** Writes of the registry. Callers pass the transaction; every write bumps `version`. */
export class RegistryStore {
  constructor(readonly db: Db) {}

  async insertPerson(
    trx: Db,
    row: PersonColumns & {
      name: string
      name_pinyin: string
      name_initials: string
      document_kind: string
      grid_code: string
      area_path: string
      household_id: number | null
      created_by: number | null
    },
    at: Date,
  ): Promise<number> {
    const inserted = await trx
      .insertInto('registry_persons')
      .values({ ...row, updated_by: row.created_by, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    return inserted.id
  }

  /** An update at the version the caller read; undefined when somebody else changed it first. */
  async updatePerson(
    trx: Db,
    id: number,
    version: number,
    columns: PersonColumns & { grid_code?: string; area_path?: string; household_id?: number | null },
    by: number | null,
    at: Date,
  ): Promise<number | undefined> {
    const updated = await trx
      .updateTable('registry_persons')
      .set({ ...columns, updated_by: by, updated_at: at, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .returning('version')
      .executeTakeFirst()
    return updated?.version
  }

  async insertHistory(trx: Db, actor: Actor, entry: HistoryWrite, at: Date): Promise<void> {
    await trx
      .insertInto('registry_history')
      .values({
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        action: entry.action,
        changes: JSON.stringify(entry.changes),
        reason: entry.reason ?? null,
        actor_id: actor.userId,
        actor_name: actor.name,
        at,
      })
      .execute()
  }

  async insertMembership(trx: Db, m: MembershipWrite, at: Date): Promise<number> {
    const row = await trx
      .insertInto('registry_group_members')
      .values({
        person_id: m.personId,
        group_key: m.group,
        fields_cipher: m.fieldsCipher,
        risk_level: m.riskLevel,
        risk_reason: m.riskReason,
        risk_set_by: m.riskSetBy,
        risk_set_at: m.riskSetAt,
        helper_ids: m.helperIds,
        visit_every_days: m.visitEveryDays,
        since: m.since,
        grid_code: m.gridCode,
        area_path: m.areaPath,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async updateMembership(
    trx: Db,
    id: number,
    version: number,
    set: {
      fields_cipher?: string
      risk_level?: string
      risk_reason?: string | null
      risk_set_by?: number | null
      risk_set_at?: Date | null
      helper_ids?: number[]
      visit_every_days?: number
      ended_on?: string | null
    },
    at: Date,
  ): Promise<number | undefined> {
    const row = await trx
      .updateTable('registry_group_members')
      .set({ ...set, updated_at: at, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .returning('version')
      .executeTakeFirst()
    return row?.version
  }

  /** A person's memberships follow them when they move to another grid. */
  async moveMemberships(trx: Db, personId: number, gridCode: string, areaPath: string): Promise<void> {
    await trx
      .updateTable('registry_group_members')
      .set({ grid_code: gridCode, area_path: areaPath })
      .where('person_id', '=', personId)
      .execute()
  }

  /** A household's correction at the version read; undefined when somebody else changed it first. */
  async updateHousehold(
    trx: Db,
    id: number,
    version: number,
    set: {
      house_id?: number | null
      address_cipher?: string | null
      address_masked?: string | null
      non_local?: boolean
      note?: string | null
    },
    at: Date,
  ): Promise<number | undefined> {
    const row = await trx
      .updateTable('registry_households')
      .set((eb) => ({ ...set, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .returning('version')
      .executeTakeFirst()
    return row?.version
  }

  async insertHousehold(
    trx: Db,
    h: {
      kind: string
      gridCode: string
      areaPath: string
      addressCipher: string | null
      addressMasked: string | null
      nonLocal: boolean
      note: string | null
      houseId: number | null
      createdBy: number | null
    },
    at: Date,
  ): Promise<number> {
    const row = await trx
      .insertInto('registry_households')
      .values({
        house_id: h.houseId,
        kind: h.kind,
        grid_code: h.gridCode,
        area_path: h.areaPath,
        address_cipher: h.addressCipher,
        address_masked: h.addressMasked,
        non_local: h.nonLocal,
        note: h.note,
        created_by: h.createdBy,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async joinHousehold(
    trx: Db,
    personId: number,
    householdId: number,
    relation: string,
    at: Date,
  ): Promise<void> {
    await trx
      .updateTable('registry_persons')
      .set({ household_id: householdId, relation, updated_at: at, version: sql`version + 1` })
      .where('id', '=', personId)
      .execute()
  }
}
