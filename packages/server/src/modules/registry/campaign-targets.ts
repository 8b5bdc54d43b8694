import { type SpecialGroup, specialGroups } from '@onegrid/core/registry/special-groups'
import { type RawBuilder, sql } from 'kysely'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'

/** What a campaign's targets are, by the registry's kinds. */
export type RegistryTargetKind =
  | 'rental_house'
  | 'household'
  | 'organization'
  | 'special_group_person'
  | 'building'

export type RegistryTargetFilter = {
  /** Areas (ltree paths) the objects' grids must lie under: already cut to the caller's jurisdiction. */
  paths: readonly string[]
  organizationKinds?: readonly string[] | undefined
  group?: string | undefined
  riskLevels?: readonly string[] | undefined
}

/** A person's name as the registry masks it (张*, 欧阳**锋 → 欧**锋), in SQL for set-based snapshots. */
export function maskedNameSql(column: string): RawBuilder<string> {
  const c = sql.ref(column)
  return sql<string>`CASE WHEN char_length(${c}) <= 1 THEN ${c}
    WHEN char_length(${c}) = 2 THEN left(${c}, 1) || '*'
    ELSE left(${c}, 1) || repeat('*', char_length(${c}) - 2) || right(${c}, 1) END`
}

const groupLabels = sql.join(
  (Object.keys(specialGroups) as SpecialGroup[]).map((g) => sql`(${g}, ${specialGroups[g].zh})`),
)

/**
 * The registry's side of campaigns (专项任务): one SELECT per target kind that the
 * campaigns module wraps in its set-based INSERT … SELECT, so it never names the
 * registry's tables. Each yields `target_id (text), target_label, target_address,
 * grid_code, area_path (ltree), location (geometry or null)`, limited to the given
 * areas (the GiST index on `area_path`). Personal names are masked in the snapshot.
 */
export class RegistryCampaignTargets {
  source(kind: RegistryTargetKind, f: RegistryTargetFilter): RawBuilder<unknown> {
    const within = (column: string) => inAreaScope(column, { areaPaths: f.paths, unitIds: [] })
    switch (kind) {
      case 'rental_house':
        return sql`
          SELECT h.id::text AS target_id, h.address AS target_label, h.address AS target_address,
            h.grid_code, h.area_path, h.location
          FROM registry_houses h
          WHERE h.use = 'rental' AND ${within('h.area_path')}`
      case 'building':
        return sql`
          SELECT b.id::text AS target_id, coalesce(b.name, b.address) AS target_label,
            b.address AS target_address, b.grid_code, b.area_path, b.location
          FROM registry_buildings b
          WHERE ${within('b.area_path')}`
      case 'organization':
        return sql`
          SELECT o.id::text AS target_id, o.name AS target_label, o.address AS target_address,
            o.grid_code, o.area_path, o.location
          FROM registry_organizations o
          WHERE o.status <> 'closed' AND ${within('o.area_path')}
            ${
              f.organizationKinds?.length
                ? sql`AND o.kind IN (${sql.join(f.organizationKinds.map((k) => sql`${k}`))})`
                : sql``
            }`
      case 'household':
        // Households with an active member; the label is the householder's masked name.
        return sql`
          SELECT h.id::text AS target_id, ${maskedNameSql('hd.name')} || '户' AS target_label,
            coalesce(hs.address, h.address_masked) AS target_address, h.grid_code, h.area_path,
            hs.location
          FROM registry_households h
          LEFT JOIN registry_houses hs ON hs.id = h.house_id
          JOIN LATERAL (
            SELECT p.name FROM registry_persons p
            WHERE p.household_id = h.id AND p.status = 'active'
            ORDER BY (p.relation IN ('01', '02')) DESC, p.id LIMIT 1
          ) hd ON true
          WHERE ${within('h.area_path')}`
      case 'special_group_person':
        return sql`
          SELECT p.id::text AS target_id,
            ${maskedNameSql('p.name')} || '（' || coalesce(gl.label, m.group_key) || '）' AS target_label,
            coalesce(hs.address, p.address_masked) AS target_address, p.grid_code, p.area_path,
            hs.location
          FROM registry_group_members m
          JOIN registry_persons p ON p.id = m.person_id AND p.status = 'active'
          LEFT JOIN (VALUES ${groupLabels}) AS gl (key, label) ON gl.key = m.group_key
          LEFT JOIN registry_households h ON h.id = p.household_id
          LEFT JOIN registry_houses hs ON hs.id = h.house_id
          WHERE m.group_key = ${f.group ?? ''} AND m.ended_on IS NULL AND ${within('m.area_path')}
            ${
              f.riskLevels?.length
                ? sql`AND m.risk_level IN (${sql.join(f.riskLevels.map((r) => sql`${r}`))})`
                : sql``
            }`
    }
  }
}
