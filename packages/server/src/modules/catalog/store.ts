import type { TCatalogMajor, TCatalogRules, THandlingBody } from '@onegrid/core/api/catalog'
import type { Db } from '../../platform/db/database.ts'
import { lockForTransaction, lockKeys } from '../../platform/db/locks.ts'

export type VersionMeta = { validFrom: Date; changedBy: number | null; reason: string }
export type NewItem = { code: string; majorCode: string; standard: string; sort: number }

/** Writes of the catalog; always in the caller's transaction. */
export class CatalogStore {
  /** Counts this instance's committed catalog writes, so what is kept of the catalog in memory can tell it is old. */
  generation = 0

  constructor(private readonly db: Db) {}

  async transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    const result = await this.db.transaction().execute(work)
    this.generation += 1
    return result
  }

  /**
   * Inside the caller's transaction: waits out another instance seeding at the same moment, then
   * says what is already there (read through the transaction, so after the other one committed).
   */
  async lockForSeeding(trx: Db): Promise<{ bodies: number; majors: number }> {
    await lockForTransaction(trx, lockKeys.referenceData)
    const [bodies, majors] = [
      await trx
        .selectFrom('catalog_bodies')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      await trx
        .selectFrom('catalog_majors')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]
    return { bodies: Number(bodies.n), majors: Number(majors.n) }
  }

  async insertBodies(trx: Db, bodies: readonly THandlingBody[]): Promise<void> {
    if (bodies.length === 0) return
    await trx
      .insertInto('catalog_bodies')
      .values(
        bodies.map((b, i) => ({ code: b.code, name: b.name, name_en: b.nameEn, kind: b.kind, sort: i })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute()
  }

  async upsertMajors(
    trx: Db,
    majors: readonly (TCatalogMajor & { sort: number })[],
    now: Date,
  ): Promise<void> {
    if (majors.length === 0) return
    await trx
      .insertInto('catalog_majors')
      .values(
        majors.map((m) => ({
          code: m.code,
          name: m.name,
          description: m.description,
          domain: m.domain,
          standard: m.standard,
          sort: m.sort,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          description: eb.ref('excluded.description'),
          domain: eb.ref('excluded.domain'),
          standard: eb.ref('excluded.standard'),
          sort: eb.ref('excluded.sort'),
          updated_at: now,
        })),
      )
      .execute()
  }

  /** New items at version 1, in one statement per table. */
  async insertItems(
    trx: Db,
    items: readonly (NewItem & { rules: TCatalogRules })[],
    meta: VersionMeta,
  ): Promise<void> {
    if (items.length === 0) return
    await trx
      .insertInto('catalog_items')
      .values(
        items.map((i) => ({
          code: i.code,
          major_code: i.majorCode,
          standard: i.standard,
          sort: i.sort,
          current_version: 1,
          created_at: meta.validFrom,
          updated_at: meta.validFrom,
        })),
      )
      .execute()
    await this.insertVersions(
      trx,
      items.map((i) => ({ code: i.code, version: 1, rules: i.rules })),
      meta,
    )
  }

  /** New versions of existing items; each becomes the version new cases start with. */
  async addVersions(
    trx: Db,
    versions: readonly {
      code: string
      version: number
      rules: TCatalogRules
      item?: Omit<NewItem, 'code'>
    }[],
    meta: VersionMeta,
  ): Promise<void> {
    if (versions.length === 0) return
    await this.insertVersions(trx, versions, meta)
    for (const v of versions)
      await trx
        .updateTable('catalog_items')
        .set({
          current_version: v.version,
          retired: false,
          updated_at: meta.validFrom,
          ...(v.item ? { major_code: v.item.majorCode, standard: v.item.standard, sort: v.item.sort } : {}),
        })
        .where('code', '=', v.code)
        .execute()
  }

  /** Moves items (code unchanged) to another major, standard or place in the list. */
  async placeItems(trx: Db, items: readonly NewItem[], now: Date): Promise<void> {
    for (const i of items)
      await trx
        .updateTable('catalog_items')
        .set({ major_code: i.majorCode, standard: i.standard, sort: i.sort, retired: false, updated_at: now })
        .where('code', '=', i.code)
        .execute()
  }

  async retire(trx: Db, codes: readonly string[], now: Date): Promise<void> {
    if (codes.length === 0) return
    await trx
      .updateTable('catalog_items')
      .set({ retired: true, updated_at: now })
      .where('code', 'in', codes)
      .execute()
  }

  async recordRefusal(
    trx: Db,
    refusal: {
      itemCode: string
      versionId: number
      channel: string
      areaCode: string | null
      actorId: number | null
    },
    at: Date,
  ): Promise<void> {
    await trx
      .insertInto('catalog_refusals')
      .values({
        item_code: refusal.itemCode,
        item_version_id: refusal.versionId,
        channel: refusal.channel,
        area_code: refusal.areaCode,
        actor_id: refusal.actorId,
        refused_at: at,
      })
      .execute()
  }

  private async insertVersions(
    trx: Db,
    versions: readonly { code: string; version: number; rules: TCatalogRules }[],
    meta: VersionMeta,
  ): Promise<void> {
    const chunk = 500
    for (let i = 0; i < versions.length; i += chunk)
      await trx
        .insertInto('catalog_item_versions')
        .values(
          versions.slice(i, i + chunk).map((v) => ({
            item_code: v.code,
            version: v.version,
            name: v.rules.name,
            admitted: v.rules.admission.admitted,
            rules: JSON.stringify(v.rules),
            valid_from: meta.validFrom,
            changed_by: meta.changedBy,
            reason: meta.reason,
          })),
        )
        .execute()
  }
}
