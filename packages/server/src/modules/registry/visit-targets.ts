import {
  defaultVisitEveryDays,
  riskLevels,
  type SpecialGroup,
  specialGroupKeys,
} from '@onegrid/core/registry/special-groups'
import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'

/** Where the sources look: the caller's jurisdiction, optionally narrowed to an area's path. */
export type VisitSourceFilter = { scope: Scope; areaPath?: string }

/** One registry record a visit can go to, as the fieldwork module needs it. */
export type VisitTargetRecord = {
  kind: 'household' | 'person'
  id: number
  gridCode: string
  gridName: string
  areaPath: string
  /** The household's householder or first member, or the person. */
  name: string
  /** A household's house address or masked address; a person's masked address. */
  address: string | null
  /** The household itself, or the person's household. */
  householdId: number | null
  /** An active person, or a household with an active member. */
  active: boolean
}

/** group × risk level → the registry's default visit interval, as a VALUES list. */
const defaultDays = sql.join(
  specialGroupKeys.flatMap((g: SpecialGroup) =>
    riskLevels.map((r) => sql`(${g}, ${r}, ${defaultVisitEveryDays(g, r)}::int)`),
  ),
)

/** Householder first (GB/T 4761: 01 本人, 02 户主), then the earliest member. */
const headFirst = sql`(p.relation IN ('01', '02')) DESC, p.id`

/**
 * The registry's side of the field app's visit plans: read-model sources the
 * fieldwork module composes into its due-visit queries, so that it never names
 * the registry's tables. Each source is a SELECT limited to the caller's
 * jurisdiction (the GiST index on `area_path`).
 */
export class RegistryVisitTargets {
  constructor(private readonly db: Db) {}

  private where(column: string, f: VisitSourceFilter): RawBuilder<boolean> {
    const scoped = inAreaScope(column, f.scope)
    return f.areaPath
      ? sql<boolean>`${scoped} AND ${sql.ref(column)} <@ CAST(${f.areaPath} AS ltree)`
      : scoped
  }

  /**
   * Households with at least one active member: `id, grid_code, area_path (ltree), head_name,
   * address, entered_at` (when the household was recorded).
   */
  households(f: VisitSourceFilter): RawBuilder<unknown> {
    return sql`
      SELECT h.id, h.grid_code, h.area_path, hd.name AS head_name,
        coalesce(hs.address, h.address_masked) AS address, h.created_at AS entered_at
      FROM registry_households h
      LEFT JOIN registry_houses hs ON hs.id = h.house_id
      JOIN LATERAL (
        SELECT p.name FROM registry_persons p
        WHERE p.household_id = h.id AND p.status = 'active'
        ORDER BY ${headFirst} LIMIT 1
      ) hd ON true
      WHERE ${this.where('h.area_path', f)}`
  }

  /**
   * Current special-group memberships of active persons: `person_id, household_id, name, grid_code,
   * area_path (the person's), address, group_key, risk_level, visit_every_days, follows_default
   * (the interval is the registry's default for the group and level, nobody set one), entered_at
   * (the membership's start, or when it was recorded)`.
   */
  memberships(f: VisitSourceFilter): RawBuilder<unknown> {
    return sql`
      SELECT m.person_id, p.household_id, p.name, p.grid_code, p.area_path, p.address_masked AS address,
        m.group_key, m.risk_level, m.visit_every_days,
        (d.days IS NOT NULL AND m.visit_every_days = d.days) AS follows_default,
        coalesce(CAST(m.since AS timestamp) AT TIME ZONE 'Asia/Shanghai', m.created_at) AS entered_at
      FROM registry_group_members m
      JOIN registry_persons p ON p.id = m.person_id AND p.status = 'active'
      LEFT JOIN (VALUES ${defaultDays}) AS d (group_key, risk_level, days)
        ON d.group_key = m.group_key AND d.risk_level = m.risk_level
      WHERE m.ended_on IS NULL AND ${this.where('p.area_path', f)}`
  }

  /** A household or a person, wherever it is (the caller checks the jurisdiction). */
  async target(kind: 'household' | 'person', id: number): Promise<VisitTargetRecord | undefined> {
    const [row] = await this.records([{ kind, id }])
    return row
  }

  /** Several targets at once (labels of a list of visits); those that no longer exist are left out. */
  async records(refs: readonly { kind: 'household' | 'person'; id: number }[]): Promise<VisitTargetRecord[]> {
    const households = [...new Set(refs.filter((r) => r.kind === 'household').map((r) => r.id))]
    const persons = [...new Set(refs.filter((r) => r.kind === 'person').map((r) => r.id))]
    const out: VisitTargetRecord[] = []
    if (households.length > 0) {
      const { rows } = await sql<VisitTargetRecord>`
        SELECT 'household' AS kind, h.id, h.grid_code AS "gridCode", coalesce(a.name, h.grid_code) AS "gridName",
          h.area_path::text AS "areaPath", coalesce(hd.name, '') AS name,
          coalesce(hs.address, h.address_masked) AS address, h.id AS "householdId",
          hd.name IS NOT NULL AS active
        FROM registry_households h
        LEFT JOIN areas a ON a.code = h.grid_code
        LEFT JOIN registry_houses hs ON hs.id = h.house_id
        LEFT JOIN LATERAL (
          SELECT p.name FROM registry_persons p
          WHERE p.household_id = h.id AND p.status = 'active'
          ORDER BY ${headFirst} LIMIT 1
        ) hd ON true
        WHERE h.id IN (${sql.join(households.map((id) => sql`${id}`))})`.execute(this.db)
      out.push(...rows)
    }
    if (persons.length > 0) {
      const { rows } = await sql<VisitTargetRecord>`
        SELECT 'person' AS kind, p.id, p.grid_code AS "gridCode", coalesce(a.name, p.grid_code) AS "gridName",
          p.area_path::text AS "areaPath", p.name, p.address_masked AS address,
          p.household_id AS "householdId", p.status = 'active' AS active
        FROM registry_persons p
        LEFT JOIN areas a ON a.code = p.grid_code
        WHERE p.id IN (${sql.join(persons.map((id) => sql`${id}`))})`.execute(this.db)
      out.push(...rows)
    }
    return out
  }
}
