import type { TPoint } from '@onegrid/core/api/cases'
import type { THistoryEntry, TPartyCase, TPartyEntity } from '@onegrid/core/api/registry'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { RawBuilder } from 'kysely'
import { auditInsert, recordAudit } from '../../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../../platform/auth/principal.ts'
import type { Db } from '../../../platform/db/database.ts'
import { isUniqueViolation, violatedConstraint } from '../../../platform/db/sql-text.ts'
import { Conflict, NotFound, text, ValidationError } from '../../../platform/http/errors.ts'
import { gridOf } from '../grid-of.ts'
import { areaPathInScope } from '../policy.ts'
import type { RegistryPorts } from '../ports.ts'
import { presentHistory } from '../present.ts'
import type { RegistryQueries } from '../queries.ts'
import type { RegistryStore } from '../store.ts'
import type { PlaceFilter, PlaceQueries } from './place-queries.ts'
import type { PlaceRowBase, PlaceSpec, PresentContext } from './place-spec.ts'
import type { PlaceColumns, PlaceStore } from './place-store.ts'

/** What the places need from the registry and the others; the composition root wires it. */
export type PlacePorts = Pick<RegistryPorts, 'area' | 'locate' | 'clock' | 'pii' | 'displayNames'> & {
  db: Db
  queries: PlaceQueries
  store: PlaceStore
  registryStore: RegistryStore
  registryQueries: RegistryQueries
  casesOf: (p: UserPrincipal, ref: { entityType: TPartyEntity; entityId: number }) => Promise<TPartyCase[]>
}

export type Placed = { gridCode: string; areaPath: string; location: TPoint | null }

/** The common part of a search query; each kind adds its own filters. */
export type PlaceSearch = {
  q?: string | undefined
  areaCode?: string | undefined
  tag?: string | undefined
  use?: string | undefined
  kind?: string | undefined
  state?: string | undefined
  page: number
  pageSize: number
}

/**
 * Fields of a summary the history does not list: they change with every write, or they are another record's
 * words that follow a code already listed (the grid's name, a house's building's name and number).
 */
const unhistoried = new Set([
  'version',
  'updatedAt',
  'gridName',
  'areaPath',
  'buildingName',
  'buildingNumber',
])

/** Field → [before, after] between two presentations of a record: what changed, masked as shown. */
export function changesBetween(before: object, after: object): Record<string, [unknown, unknown]> {
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  const changes: Record<string, [unknown, unknown]> = {}
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (unhistoried.has(key)) continue
    const was = b[key] ?? null
    const now = a[key] ?? null
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[key] = [was, now]
  }
  return changes
}

/**
 * The life of a place record, whatever its kind: found within the caller's
 * jurisdiction, created and corrected in one transaction with its history
 * (as the record is shown, so masked) and an audit row, a stale version
 * refused, a duplicate named by its field.
 */
export class PlaceRecords {
  constructor(readonly ports: PlacePorts) {}

  today(): string {
    return shanghaiDate(this.ports.clock.now())
  }

  context(p: UserPrincipal): PresentContext {
    return { p, today: this.today() }
  }

  /** A record inside the caller's jurisdiction, or 404 (its existence outside is not told either). */
  async inScope<R extends PlaceRowBase, S extends object>(
    p: UserPrincipal,
    spec: PlaceSpec<R, S>,
    id: number,
  ): Promise<R> {
    const row = await this.ports.queries.row(spec, id)
    if (!row || !pathInScope(row.areaPath, p.scope)) throw new NotFound(spec.word, String(id))
    return row
  }

  private duplicate<R extends PlaceRowBase, S extends object>(spec: PlaceSpec<R, S>, err: unknown): never {
    const name = violatedConstraint(err)
    const known = name ? spec.uniques[name] : undefined
    if (known) throw new ValidationError({ [known.field]: known.message })
    if (isUniqueViolation(err))
      throw new ValidationError({ id: text('与已有记录重复', 'Duplicates an existing record') })
    throw err
  }

  async create<R extends PlaceRowBase, S extends object>(
    p: UserPrincipal,
    actor: Actor,
    spec: PlaceSpec<R, S>,
    columns: PlaceColumns,
    placed: Placed,
    after?: (trx: Db, id: number) => Promise<void>,
  ): Promise<number> {
    const { db, store, queries, registryStore, clock } = this.ports
    const now = clock.now()
    return db
      .transaction()
      .execute(async (trx) => {
        const id = await store.insert(trx, spec.table, columns, placed, p.userId, now)
        if (after) await after(trx, id)
        const row = await queries.row(spec, id, trx)
        if (!row) throw new Error(`${spec.table} ${id} vanished in its own transaction`)
        await registryStore.insertHistory(
          trx,
          actor,
          {
            entityType: spec.kind,
            entityId: id,
            action: 'create',
            changes: changesBetween({}, spec.present(row, this.context(p))),
          },
          now,
        )
        await auditInsert(
          trx,
          actor,
          {
            action: 'place.create',
            entityType: spec.kind,
            entityId: id,
            areaPath: placed.areaPath,
          },
          now,
        ).execute()
        return id
      })
      .catch((err: unknown) => this.duplicate(spec, err))
  }

  async update<R extends PlaceRowBase, S extends object>(
    p: UserPrincipal,
    actor: Actor,
    spec: PlaceSpec<R, S>,
    before: R,
    input: { version: number; reason?: string | undefined },
    columns: PlaceColumns,
    placed: Placed | null,
  ): Promise<void> {
    const { db, store, queries, registryStore, clock } = this.ports
    const now = clock.now()
    await db
      .transaction()
      .execute(async (trx) => {
        const version = await store.update(
          trx,
          spec.table,
          before.id,
          input.version,
          columns,
          placed,
          p.userId,
          now,
        )
        if (version === undefined) {
          const conflict = new Conflict(
            text(
              `该${spec.word.zh}已被他人修改，请刷新后重试`,
              `Somebody changed this ${spec.word.en.toLowerCase()} meanwhile; reload and retry`,
            ),
          )
          conflict.details = { currentVersion: await store.currentVersion(trx, spec.table, before.id) }
          throw conflict
        }
        const after = await queries.row(spec, before.id, trx)
        if (!after) throw new Error(`${spec.table} ${before.id} vanished in its own transaction`)
        const changes = changesBetween(
          spec.present(before, this.context(p)),
          spec.present(after, this.context(p)),
        )
        await registryStore.insertHistory(
          trx,
          actor,
          {
            entityType: spec.kind,
            entityId: before.id,
            action: 'update',
            changes,
            reason: input.reason ?? null,
          },
          now,
        )
        await auditInsert(
          trx,
          actor,
          {
            action: 'place.update',
            entityType: spec.kind,
            entityId: before.id,
            areaPath: placed?.areaPath ?? before.areaPath,
            details: { fields: Object.keys(changes), ...(input.reason ? { reason: input.reason } : {}) },
          },
          now,
        ).execute()
      })
      .catch((err: unknown) => this.duplicate(spec, err))
  }

  /** A record's page: its summary, history (authors by display name) and cases. */
  async detail<R extends PlaceRowBase, S extends object>(
    p: UserPrincipal,
    spec: PlaceSpec<R, S>,
    id: number,
  ): Promise<{ row: R; summary: S; history: THistoryEntry[]; cases: TPartyCase[]; createdAt: string }> {
    const row = await this.inScope(p, spec, id)
    const [history, cases] = await Promise.all([
      this.ports.registryQueries.history(spec.kind, id),
      this.ports.casesOf(p, { entityType: spec.kind, entityId: id }),
    ])
    const names = await this.ports.displayNames([
      ...new Set(history.flatMap((h) => (h.actorId === null ? [] : [h.actorId]))),
    ])
    return {
      row,
      summary: spec.present(row, this.context(p)),
      history: history.map(({ actorId, ...h }) =>
        presentHistory({
          ...h,
          actorName: (actorId !== null ? names.get(actorId) : undefined) ?? h.actorName,
        }),
      ),
      cases,
      createdAt: row.createdAt.toISOString(),
    }
  }

  async search<R extends PlaceRowBase, S extends object>(
    p: UserPrincipal,
    spec: PlaceSpec<R, S>,
    input: PlaceSearch,
    where: RawBuilder<boolean>[] = [],
  ): Promise<{ items: S[]; total: number; totalCapped: boolean; page: number; pageSize: number }> {
    const filter: PlaceFilter = {
      scope: p.scope,
      equals: [],
      where,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
      ...(input.q ? { q: input.q } : {}),
      ...(input.tag ? { tag: input.tag } : {}),
    }
    if (input.areaCode) filter.areaPath = await areaPathInScope(this.ports.area, p, input.areaCode)
    for (const key of ['use', 'kind', 'state'] as const) {
      const value = input[key]
      if (value === undefined) continue
      const declared = spec.filters[key]
      if (!declared)
        throw new ValidationError({
          [key]: text(`${spec.word.zh}不能按此条件查询`, `${spec.word.en} has no such filter`),
        })
      if (!declared.values.includes(value))
        throw new ValidationError({ [key]: text('取值无效', 'Not a valid value') })
      filter.equals.push({ column: declared.column, value })
    }
    const { rows, total, capped } = await this.ports.queries.search(spec, filter)
    const ctx = this.context(p)
    return {
      items: rows.map((r) => spec.present(r, ctx)),
      total,
      totalCapped: capped,
      page: input.page,
      pageSize: input.pageSize,
    }
  }

  /**
   * revealPlaceField: an organization contact's phone or a camera's stream URL
   * in full. The route checks pii.reveal; the record must be in scope; the
   * reason goes to the audit log before the value leaves the server.
   */
  async reveal<R extends PlaceRowBase, S extends object>(
    p: UserPrincipal,
    actor: Actor,
    spec: PlaceSpec<R, S>,
    id: number,
    input: { field: string; reason: string },
  ): Promise<{ field: string; value: string | null }> {
    const secret = spec.secrets?.[input.field]
    if (!secret)
      throw new ValidationError({
        field: text(`${spec.word.zh}没有此项敏感信息`, `${spec.word.en} has no such protected field`),
      })
    const row = await this.inScope(p, spec, id)
    const cipher = await this.ports.queries.secret(spec.table, id, secret.column)
    await recordAudit(
      this.ports.db,
      actor,
      {
        action: 'place.reveal',
        entityType: spec.kind,
        entityId: id,
        areaPath: row.areaPath,
        details: { field: input.field, reason: input.reason },
      },
      this.ports.clock.now(),
    )
    return { field: input.field, value: cipher ? this.ports.pii.decrypt(cipher, secret.context) : null }
  }

  /**
   * Where a new or moved record is: the grid chosen, else the grid at its point.
   * For an update that names neither, null (it stays); a point removed keeps the grid.
   */
  async placed(
    p: UserPrincipal,
    input: { gridCode?: string | undefined; location?: TPoint | null | undefined },
    before?: PlaceRowBase,
  ): Promise<Placed | null> {
    if (before && input.gridCode === undefined && input.location === undefined) return null
    const location =
      input.location !== undefined
        ? input.location
        : before && before.lng !== null && before.lat !== null
          ? { lng: before.lng, lat: before.lat }
          : null
    if (before && !input.gridCode && input.location === null)
      return { gridCode: before.gridCode, areaPath: before.areaPath, location: null }
    const grid = await gridOf(this.ports, p, { gridCode: input.gridCode, location })
    return { gridCode: grid.code, areaPath: grid.path, location }
  }
}
