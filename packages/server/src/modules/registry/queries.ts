import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import { escapeLike } from '../../platform/db/sql-text.ts'

export type PersonRow = {
  id: number
  name: string
  namePinyin: string
  nameInitials: string
  documentKind: string
  documentMasked: string | null
  sex: 'male' | 'female' | 'unknown'
  birthDate: string | null
  ethnicity: string | null
  education: string | null
  phoneMasked: string | null
  addressMasked: string | null
  hukouRegion: string | null
  hukouAddressMasked: string | null
  nonLocal: boolean
  status: 'active' | 'moved_out' | 'deceased'
  tags: string[]
  householdId: number | null
  relation: string | null
  gridCode: string
  gridName: string
  areaPath: string
  note: string | null
  version: number
  createdAt: Date
  updatedAt: Date
}

export type MembershipRow = {
  id: number
  personId: number
  group: string
  fieldsCipher: string
  riskLevel: 'green' | 'yellow' | 'red'
  riskReason: string | null
  riskSetBy: string | null
  riskSetAt: Date | null
  helperIds: number[]
  visitEveryDays: number
  since: string | null
  endedOn: string | null
  areaPath: string
  version: number
}

/** What `searchPersons` filters on, already resolved (the area to its path, numbers to blind indexes). */
export type PersonFilter = {
  scope: Scope
  areaPath?: string
  /** Han characters: a name prefix. */
  namePrefix?: string
  pinyinPrefix?: string
  initialsPrefix?: string
  documentIndexes?: string[]
  phoneIndex?: string
  /** Part of a house's standard address; tenancies count when current on `today`. */
  address?: { text: string; today: string }
  tag?: string
  group?: string
  riskLevel?: string
  nonLocal?: boolean
  status?: string
  limit: number
  offset: number
  /** Keyset paging (an export): rows after this one in the list's order. */
  after?: { value: string; id: number }
}

const personColumns = sql`
  p.id, p.name, p.name_pinyin AS "namePinyin", p.name_initials AS "nameInitials", p.document_kind AS "documentKind", p.document_masked AS "documentMasked", p.sex,
  p.birth_date::text AS "birthDate", p.ethnicity, p.education, p.phone_masked AS "phoneMasked",
  p.address_masked AS "addressMasked", p.hukou_region AS "hukouRegion",
  p.hukou_address_masked AS "hukouAddressMasked", p.non_local AS "nonLocal", p.status, p.tags,
  p.household_id AS "householdId", p.relation, p.grid_code AS "gridCode",
  coalesce(a.name, p.grid_code) AS "gridName", p.area_path::text AS "areaPath", p.note, p.version,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`

/** Reads of the registry. Every list takes the caller's scope; SQL stays here. */
export class RegistryQueries {
  constructor(private readonly db: Db) {}

  /** Counted exactly up to this many; beyond it the list says "more than" (a surname matches a tenth of a district). */
  static readonly totalCap = 1_000

  async search(
    f: PersonFilter,
    count = true,
  ): Promise<{ rows: PersonRow[]; total: number; capped: boolean }> {
    const where: RawBuilder<unknown>[] = [inAreaScope('p.area_path', f.scope)]
    // The order follows the index the search can use, so a prefix search reads one range of it.
    let order = sql`p.name, p.id`
    if (f.areaPath) where.push(sql`p.area_path <@ CAST(${f.areaPath} AS ltree)`)
    if (f.namePrefix) where.push(sql`p.name LIKE ${`${escapeLike(f.namePrefix)}%`}`)
    if (f.pinyinPrefix) {
      where.push(sql`p.name_pinyin LIKE ${`${escapeLike(f.pinyinPrefix)}%`}`)
      order = sql`p.name_pinyin, p.id`
    }
    let orderColumn = 'p.name'
    if (f.initialsPrefix) {
      where.push(sql`p.name_initials LIKE ${`${escapeLike(f.initialsPrefix)}%`}`)
      order = sql`p.name_initials, p.id`
      orderColumn = 'p.name_initials'
    }
    if (f.pinyinPrefix) orderColumn = 'p.name_pinyin'
    if (f.after) where.push(sql`(${sql.ref(orderColumn)}, p.id) > (${f.after.value}, ${f.after.id})`)
    if (f.documentIndexes)
      where.push(
        f.documentIndexes.length === 0
          ? sql`false`
          : sql`p.document_index IN (${sql.join(f.documentIndexes.map((i) => sql`${i}`))})`,
      )
    if (f.phoneIndex) where.push(sql`p.phone_index = ${f.phoneIndex}`)
    if (f.address) {
      // From the few houses the text names to the persons living there: households by their
      // index, tenants by theirs; never a scan of every person against every house.
      const like = `%${escapeLike(f.address.text)}%`
      where.push(sql`p.id IN (
        SELECT m.id FROM registry_houses hs
        JOIN registry_households h ON h.house_id = hs.id
        JOIN registry_persons m ON m.household_id = h.id
        WHERE hs.address LIKE ${like}
        UNION
        SELECT t.person_id FROM registry_houses hs
        JOIN registry_tenancies t ON t.house_id = hs.id
        WHERE hs.address LIKE ${like}
          AND (t.end_date IS NULL OR t.end_date >= CAST(${f.address.today} AS date)))`)
    }
    if (f.tag) where.push(sql`p.tags @> ARRAY[${f.tag}]::text[]`)
    if (f.nonLocal !== undefined) where.push(sql`p.non_local = ${f.nonLocal}`)
    if (f.status) where.push(sql`p.status = ${f.status}`)
    if (f.group)
      where.push(sql`EXISTS (SELECT 1 FROM registry_group_members m
        WHERE m.person_id = p.id AND m.group_key = ${f.group} AND m.ended_on IS NULL
        ${f.riskLevel ? sql`AND m.risk_level = ${f.riskLevel}` : sql``})`)
    else if (f.riskLevel)
      where.push(sql`EXISTS (SELECT 1 FROM registry_group_members m
        WHERE m.person_id = p.id AND m.risk_level = ${f.riskLevel} AND m.ended_on IS NULL)`)
    const condition = sql.join(where, sql` AND `)
    const page = await sql<PersonRow>`
      SELECT ${personColumns}
      FROM (SELECT * FROM registry_persons p WHERE ${condition} ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset}) p
      LEFT JOIN areas a ON a.code = p.grid_code
      ORDER BY ${order}`.execute(this.db)
    if (!count) return { rows: page.rows, total: page.rows.length, capped: false }
    const counted = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM registry_persons p WHERE ${condition} LIMIT ${RegistryQueries.totalCap + 1}
      ) t`.execute(this.db)
    const n = counted.rows[0]?.n ?? 0
    return {
      rows: page.rows,
      total: Math.min(n, RegistryQueries.totalCap),
      capped: n > RegistryQueries.totalCap,
    }
  }

  async person(id: number): Promise<PersonRow | undefined> {
    const r = await sql<PersonRow>`
      SELECT ${personColumns} FROM registry_persons p LEFT JOIN areas a ON a.code = p.grid_code
      WHERE p.id = ${id}`.execute(this.db)
    return r.rows[0]
  }

  async householdMembers(householdId: number): Promise<PersonRow[]> {
    const r = await sql<PersonRow>`
      SELECT ${personColumns} FROM registry_persons p LEFT JOIN areas a ON a.code = p.grid_code
      WHERE p.household_id = ${householdId} ORDER BY p.relation NULLS LAST, p.id`.execute(this.db)
    return r.rows
  }

  /** Where a house is and its address, for a household moving in. */
  async houseArea(id: number): Promise<{ areaPath: string; address: string } | undefined> {
    return this.db
      .selectFrom('registry_houses')
      .select([sql<string>`area_path::text`.as('areaPath'), 'address'])
      .where('id', '=', id)
      .executeTakeFirst()
  }

  async household(id: number) {
    return this.db
      .selectFrom('registry_households as h')
      .leftJoin('areas as a', 'a.code', 'h.grid_code')
      .leftJoin('registry_houses as hs', 'hs.id', 'h.house_id')
      .select([
        'h.id',
        'h.kind',
        'h.grid_code as gridCode',
        'a.name as gridName',
        sql<string>`h.area_path::text`.as('areaPath'),
        'h.address_masked as addressMasked',
        'h.non_local as nonLocal',
        'h.note',
        'h.house_id as houseId',
        'hs.address as houseAddress',
        sql<string | null>`hs.area_path::text`.as('houseAreaPath'),
        'h.version',
      ])
      .where('h.id', '=', id)
      .executeTakeFirst()
  }

  /** Memberships of these persons (current and ended), with who set the risk level. */
  async memberships(personIds: readonly number[], current = false): Promise<MembershipRow[]> {
    if (personIds.length === 0) return []
    const r = await sql<MembershipRow>`
      SELECT m.id, m.person_id AS "personId", m.group_key AS "group", m.fields_cipher AS "fieldsCipher",
        m.risk_level AS "riskLevel", m.risk_reason AS "riskReason", u.display_name AS "riskSetBy",
        m.risk_set_at AS "riskSetAt", m.helper_ids AS "helperIds", m.visit_every_days AS "visitEveryDays",
        m.since::text AS since, m.ended_on::text AS "endedOn", m.area_path::text AS "areaPath", m.version
      FROM registry_group_members m LEFT JOIN users u ON u.id = m.risk_set_by
      WHERE m.person_id IN (${sql.join(personIds.map((id) => sql`${id}`))})
        ${current ? sql`AND m.ended_on IS NULL` : sql``}
      ORDER BY m.person_id, m.group_key`.execute(this.db)
    return r.rows
  }

  async groupMembers(f: {
    scope: Scope
    areaPath?: string
    group?: string
    riskLevel?: string
    limit: number
    offset: number
  }): Promise<{ rows: (MembershipRow & { person: PersonRow })[]; total: number }> {
    const where: RawBuilder<unknown>[] = [inAreaScope('m.area_path', f.scope), sql`m.ended_on IS NULL`]
    if (f.areaPath) where.push(sql`m.area_path <@ CAST(${f.areaPath} AS ltree)`)
    if (f.group) where.push(sql`m.group_key = ${f.group}`)
    if (f.riskLevel) where.push(sql`m.risk_level = ${f.riskLevel}`)
    const condition = sql.join(where, sql` AND `)
    const ids = await sql<{ id: number; personId: number }>`
      SELECT m.id, m.person_id AS "personId" FROM registry_group_members m WHERE ${condition}
      ORDER BY CASE m.risk_level WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, m.id
      LIMIT ${f.limit} OFFSET ${f.offset}`.execute(this.db)
    const total = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM registry_group_members m WHERE ${condition}`.execute(this.db)
    const personIds = [...new Set(ids.rows.map((r) => r.personId))]
    const [memberships, persons] = await Promise.all([
      this.memberships(personIds, true),
      this.persons(personIds),
    ])
    const byId = new Map(memberships.map((m) => [m.id, m]))
    const personById = new Map(persons.map((p) => [p.id, p]))
    const rows = ids.rows.flatMap((r) => {
      const m = byId.get(r.id)
      const person = personById.get(r.personId)
      return m && person ? [{ ...m, person }] : []
    })
    return { rows, total: total.rows[0]?.n ?? 0 }
  }

  async persons(ids: readonly number[]): Promise<PersonRow[]> {
    if (ids.length === 0) return []
    const r = await sql<PersonRow>`
      SELECT ${personColumns} FROM registry_persons p LEFT JOIN areas a ON a.code = p.grid_code
      WHERE p.id IN (${sql.join(ids.map((id) => sql`${id}`))})`.execute(this.db)
    return r.rows
  }

  async history(entityType: string, entityId: number, limit = 50) {
    return this.db
      .selectFrom('registry_history')
      .select(['id', 'action', 'changes', 'reason', 'actor_id as actorId', 'actor_name as actorName', 'at'])
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  }

  /** A person's ciphertexts, for a reveal. */
  async secrets(id: number) {
    return this.db
      .selectFrom('registry_persons')
      .select(['document_cipher', 'phone_cipher', 'address_cipher', 'hukou_address_cipher'])
      .where('id', '=', id)
      .executeTakeFirst()
  }

  /** Counts for an area's page: persons, households, non-local, over-60s, and per group. */
  async summary(scope: Scope, areaPath: string, today: string, withGroups: boolean) {
    const inScope = inAreaScope('p.area_path', scope)
    const persons = await sql<{ persons: number; nonLocal: number; elderly: number }>`
      SELECT count(*)::int AS persons, count(*) FILTER (WHERE p.non_local)::int AS "nonLocal",
        count(*) FILTER (WHERE p.birth_date <= CAST(${today} AS date) - interval '60 years')::int AS elderly
      FROM registry_persons p
      WHERE p.status = 'active' AND p.area_path <@ CAST(${areaPath} AS ltree) AND ${inScope}`.execute(this.db)
    const households = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM registry_households h
      WHERE h.area_path <@ CAST(${areaPath} AS ltree) AND ${inAreaScope('h.area_path', scope)}`.execute(
      this.db,
    )
    const groups = withGroups
      ? (
          await sql<{ group: string; members: number; red: number; yellow: number }>`
            SELECT m.group_key AS "group", count(*)::int AS members,
              count(*) FILTER (WHERE m.risk_level = 'red')::int AS red,
              count(*) FILTER (WHERE m.risk_level = 'yellow')::int AS yellow
            FROM registry_group_members m
            WHERE m.ended_on IS NULL AND m.area_path <@ CAST(${areaPath} AS ltree)
              AND ${inAreaScope('m.area_path', scope)}
            GROUP BY m.group_key ORDER BY m.group_key`.execute(this.db)
        ).rows
      : []
    const grids = await sql<{ code: string; persons: number; households: number }>`
      SELECT g.code, coalesce(pc.n, 0)::int AS persons, coalesce(hc.n, 0)::int AS households
      FROM areas g
      LEFT JOIN (SELECT grid_code, count(*) AS n FROM registry_persons p
        WHERE p.status = 'active' AND p.area_path <@ CAST(${areaPath} AS ltree) AND ${inScope}
        GROUP BY grid_code) pc ON pc.grid_code = g.code
      LEFT JOIN (SELECT grid_code, count(*) AS n FROM registry_households h
        WHERE h.area_path <@ CAST(${areaPath} AS ltree) GROUP BY grid_code) hc ON hc.grid_code = g.code
      WHERE g.level = 'grid' AND g.path <@ CAST(${areaPath} AS ltree) AND ${inAreaScope('g.path', scope)}
      ORDER BY g.code LIMIT 5000`.execute(this.db)
    const p = persons.rows[0] ?? { persons: 0, nonLocal: 0, elderly: 0 }
    return { ...p, households: households.rows[0]?.n ?? 0, groups, grids: grids.rows }
  }
}
