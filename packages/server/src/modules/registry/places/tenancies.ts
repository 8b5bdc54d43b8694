import type { TTenancy, ZTenancyInput, ZUpdateTenancy } from '@onegrid/core/api/places'
import { sql } from 'kysely'
import type { z } from 'zod'
import { auditInsert } from '../../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../../platform/auth/principal.ts'
import { maskName } from '../../../platform/crypto/mask.ts'
import type { Db } from '../../../platform/db/database.ts'
import { Conflict, NotFound, text, ValidationError } from '../../../platform/http/errors.ts'
import { houseSpec, isCurrent } from './houses.ts'
import type { PlaceRecords } from './place-records.ts'

type TenancyRow = {
  id: number
  houseId: number
  personId: number
  name: string
  documentMasked: string | null
  personPath: string
  nonLocal: boolean
  room: string | null
  startDate: string
  endDate: string | null
  contractNo: string | null
  registered: boolean
  note: string | null
  version: number
}

const tenancyWord = text('租住记录', 'Tenancy')

/**
 * 租住: who rents (a room of) a house and from when to when. A tenancy is
 * recorded on the house's history, so the house's page tells who came and
 * went; the tenant is a person of the registry, inside the caller's jurisdiction.
 */
export class TenancyService {
  constructor(private readonly records: PlaceRecords) {}

  private async rows(where: ReturnType<typeof sql<boolean>>, executor: Db = this.records.ports.db) {
    const { rows } = await sql<TenancyRow>`
      SELECT r.id, r.house_id AS "houseId", r.person_id AS "personId", p.name, p.document_masked AS "documentMasked",
        p.area_path::text AS "personPath", p.non_local AS "nonLocal", r.room, r.start_date::text AS "startDate",
        r.end_date::text AS "endDate", r.contract_no AS "contractNo", r.registered, r.note, r.version
      FROM registry_tenancies r JOIN registry_persons p ON p.id = r.person_id
      WHERE ${where} ORDER BY r.start_date DESC, r.id DESC`.execute(executor)
    return rows
  }

  private present(r: TenancyRow, p: UserPrincipal, today: string): TTenancy {
    const name = pathInScope(r.personPath, p.scope) ? r.name : maskName(r.name)
    return {
      id: r.id,
      personId: r.personId,
      tenant: r.documentMasked ? `${name}（${r.documentMasked}）` : name,
      nonLocal: r.nonLocal,
      room: r.room,
      startDate: r.startDate,
      endDate: r.endDate,
      current: isCurrent(r.endDate, today),
      contractNo: r.contractNo,
      registered: r.registered,
      note: r.note,
      version: r.version,
    }
  }

  async ofHouse(p: UserPrincipal, houseId: number): Promise<TTenancy[]> {
    const { today } = this.records.context(p)
    return (await this.rows(sql<boolean>`r.house_id = ${houseId}`)).map((r) => this.present(r, p, today))
  }

  async add(
    p: UserPrincipal,
    actor: Actor,
    houseId: number,
    input: z.output<typeof ZTenancyInput>,
  ): Promise<TTenancy> {
    const house = await this.records.inScope(p, houseSpec, houseId)
    const { registryQueries, registryStore, db, clock } = this.records.ports
    const tenant = await registryQueries.person(input.personId)
    if (!tenant || !pathInScope(tenant.areaPath, p.scope))
      throw new ValidationError({
        personId: text('租住人不存在或不在您的辖区内', 'No such tenant in your jurisdiction'),
      })
    if (input.endDate && input.endDate < input.startDate)
      throw new ValidationError({ endDate: text('结束日期不能早于开始日期', 'The end is before the start') })
    const now = clock.now()
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('registry_tenancies')
        .values({
          house_id: houseId,
          person_id: input.personId,
          room: input.room ?? null,
          start_date: input.startDate,
          end_date: input.endDate ?? null,
          contract_no: input.contractNo ?? null,
          registered: input.registered,
          note: input.note ?? null,
          area_path: house.areaPath,
          created_by: p.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await registryStore.insertHistory(
        trx,
        actor,
        {
          entityType: 'house',
          entityId: houseId,
          action: 'tenancy.add',
          changes: {
            tenant: [
              null,
              tenant.documentMasked ? `${tenant.name}（${tenant.documentMasked}）` : tenant.name,
            ],
            startDate: [null, input.startDate],
            ...(input.endDate ? { endDate: [null, input.endDate] } : {}),
            ...(input.room ? { room: [null, input.room] } : {}),
          },
        },
        now,
      )
      await auditInsert(
        trx,
        actor,
        {
          action: 'tenancy.create',
          entityType: 'house',
          entityId: houseId,
          areaPath: house.areaPath,
          details: { tenancyId: row.id, personId: input.personId },
        },
        now,
      ).execute()
      return row.id
    })
    return this.one(p, houseId, id)
  }

  async update(
    p: UserPrincipal,
    actor: Actor,
    houseId: number,
    tenancyId: number,
    input: z.output<typeof ZUpdateTenancy>,
  ): Promise<TTenancy> {
    const house = await this.records.inScope(p, houseSpec, houseId)
    const before = await this.one(p, houseId, tenancyId)
    if (input.endDate && input.endDate < before.startDate)
      throw new ValidationError({ endDate: text('结束日期不能早于开始日期', 'The end is before the start') })
    const { registryStore, db, clock } = this.records.ports
    const now = clock.now()
    const changes: Record<string, [unknown, unknown]> = {}
    for (const key of ['room', 'endDate', 'contractNo', 'registered', 'note'] as const) {
      const next = input[key]
      if (next !== undefined && next !== before[key]) changes[key] = [before[key], next]
    }
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('registry_tenancies')
        .set({
          ...(input.room !== undefined ? { room: input.room } : {}),
          ...(input.endDate !== undefined ? { end_date: input.endDate } : {}),
          ...(input.contractNo !== undefined ? { contract_no: input.contractNo } : {}),
          ...(input.registered !== undefined ? { registered: input.registered } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
          updated_at: now,
          version: sql`version + 1`,
        })
        .where('id', '=', tenancyId)
        .where('version', '=', input.version)
        .returning('id')
        .executeTakeFirst()
      if (!updated)
        throw new Conflict(
          text(
            '该租住记录已被他人修改，请刷新后重试',
            'Somebody changed this tenancy meanwhile; reload and retry',
          ),
        )
      await registryStore.insertHistory(
        trx,
        actor,
        {
          entityType: 'house',
          entityId: houseId,
          action: 'tenancy.update',
          changes: { tenant: [before.tenant, before.tenant], ...changes },
        },
        now,
      )
      await auditInsert(
        trx,
        actor,
        {
          action: 'tenancy.update',
          entityType: 'house',
          entityId: houseId,
          areaPath: house.areaPath,
          details: { tenancyId, fields: Object.keys(changes) },
        },
        now,
      ).execute()
    })
    return this.one(p, houseId, tenancyId)
  }

  private async one(p: UserPrincipal, houseId: number, tenancyId: number): Promise<TTenancy> {
    const [row] = await this.rows(sql<boolean>`r.id = ${tenancyId} AND r.house_id = ${houseId}`)
    if (!row) throw new NotFound(tenancyWord, String(tenancyId))
    return this.present(row, p, this.records.context(p).today)
  }
}
