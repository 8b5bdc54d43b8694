import type {
  TCatalogDomain,
  TCatalogItemSummary,
  TCatalogMajor,
  TCatalogRules,
  TCatalogStandard,
  THandlingBody,
  TRefusalCounts,
  TRoutingTarget,
} from '@onegrid/core/api/catalog'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { escapeLike } from '../../platform/db/sql-text.ts'
import { catalogInitials } from './initials.ts'

export type CatalogFilter = {
  q?: string
  domain?: TCatalogDomain
  admitted?: boolean
  includeRetired: boolean
}

export type CurrentItem = {
  code: string
  majorCode: string
  standard: TCatalogStandard
  sort: number
  retired: boolean
  version: number
  versionId: number
  validFrom: Date
  rules: TCatalogRules
}

export type VersionRow = {
  id: number
  version: number
  validFrom: Date
  changedBy: string | null
  reason: string
  rules: TCatalogRules
}

/** Reads of the catalog. Items are read at their current version unless said otherwise. */
export class CatalogQueries {
  constructor(private readonly db: Db) {}

  async bodies(): Promise<THandlingBody[]> {
    const rows = await this.db
      .selectFrom('catalog_bodies')
      .select(['code', 'name', 'name_en', 'kind'])
      .orderBy('kind')
      .orderBy('sort')
      .execute()
    return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, kind: r.kind }))
  }

  async majors(): Promise<(TCatalogMajor & { sort: number })[]> {
    const rows = await this.db
      .selectFrom('catalog_majors')
      .select(['code', 'name', 'description', 'domain', 'standard', 'sort'])
      .orderBy('sort')
      .orderBy('code')
      .execute()
    return rows.map((r) => ({
      ...r,
      domain: r.domain as TCatalogDomain,
      standard: r.standard as TCatalogStandard,
    }))
  }

  async itemSummaries(filter: CatalogFilter): Promise<TCatalogItemSummary[]> {
    let query = this.db
      .selectFrom('catalog_items as i')
      .innerJoin('catalog_item_versions as v', (j) =>
        j.onRef('v.item_code', '=', 'i.code').onRef('v.version', '=', 'i.current_version'),
      )
      .innerJoin('catalog_majors as m', 'm.code', 'i.major_code')
      .select([
        'i.code',
        'i.major_code',
        'i.standard',
        'i.retired',
        'i.current_version',
        'v.name',
        'v.admitted',
        sql<boolean>`(v.rules ->> 'selfHandle')::boolean`.as('self_handle'),
        sql<boolean>`(v.rules ->> 'photoRequired')::boolean`.as('photo_required'),
        sql<number>`jsonb_array_length(v.rules -> 'fields')`.as('field_count'),
        sql<TRoutingTarget>`v.rules -> 'routing' -> 'default'`.as('routing'),
      ])
      .orderBy('m.sort')
      .orderBy('i.major_code')
      .orderBy('i.sort')
      .orderBy('i.code')
    if (!filter.includeRetired) query = query.where('i.retired', '=', false)
    if (filter.domain) query = query.where('m.domain', '=', filter.domain)
    if (filter.admitted !== undefined) query = query.where('v.admitted', '=', filter.admitted)
    if (filter.q) {
      const like = `%${escapeLike(filter.q)}%`
      query = query.where((eb) =>
        eb.or([
          eb('i.code', 'like', `${escapeLike(filter.q ?? '')}%`),
          eb('i.major_code', '=', filter.q ?? ''),
          eb('v.name', 'ilike', like),
          eb(sql`v.rules ->> 'description'`, 'ilike', like),
          eb('m.name', 'ilike', like),
        ]),
      )
    }
    const rows = await query.execute()
    return rows.map((r) => ({
      code: r.code,
      majorCode: r.major_code,
      name: r.name,
      standard: r.standard as TCatalogStandard,
      admitted: r.admitted,
      selfHandle: r.self_handle,
      photoRequired: r.photo_required,
      fieldCount: Number(r.field_count),
      routing: typeof r.routing === 'string' ? (JSON.parse(r.routing) as TRoutingTarget) : r.routing,
      version: r.current_version,
      retired: r.retired,
      initials: catalogInitials(r.name),
    }))
  }

  /** Every item at its current version (for export, import comparison and the alternatives list). */
  async currentItems(codes?: readonly string[]): Promise<CurrentItem[]> {
    let query = this.db
      .selectFrom('catalog_items as i')
      .innerJoin('catalog_item_versions as v', (j) =>
        j.onRef('v.item_code', '=', 'i.code').onRef('v.version', '=', 'i.current_version'),
      )
      .innerJoin('catalog_majors as m', 'm.code', 'i.major_code')
      .select([
        'i.code',
        'i.major_code',
        'i.standard',
        'i.sort',
        'i.retired',
        'i.current_version',
        'v.id',
        'v.valid_from',
        'v.rules',
      ])
      .orderBy('m.sort')
      .orderBy('i.major_code')
      .orderBy('i.sort')
      .orderBy('i.code')
    if (codes) {
      if (codes.length === 0) return []
      query = query.where('i.code', 'in', codes)
    }
    const rows = await query.execute()
    return rows.map((r) => ({
      code: r.code,
      majorCode: r.major_code,
      standard: r.standard as TCatalogStandard,
      sort: r.sort,
      retired: r.retired,
      version: r.current_version,
      versionId: r.id,
      validFrom: r.valid_from,
      rules: r.rules as TCatalogRules,
    }))
  }

  /** Items of a major (a new one goes after them). */
  async itemCount(majorCode: string): Promise<number> {
    const row = await this.db
      .selectFrom('catalog_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('major_code', '=', majorCode)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  async item(code: string): Promise<CurrentItem | undefined> {
    return (await this.currentItems([code]))[0]
  }

  async versions(code: string): Promise<VersionRow[]> {
    const rows = await this.db
      .selectFrom('catalog_item_versions as v')
      .leftJoin('users as u', 'u.id', 'v.changed_by')
      .select(['v.id', 'v.version', 'v.valid_from', 'v.reason', 'v.rules', 'u.display_name'])
      .where('v.item_code', '=', code)
      .orderBy('v.version', 'desc')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      validFrom: r.valid_from,
      changedBy: r.display_name,
      reason: r.reason,
      rules: r.rules as TCatalogRules,
    }))
  }

  /** The rules a case started with (cases keep their version). */
  async version(id: number): Promise<{ code: string; version: number; rules: TCatalogRules } | undefined> {
    const row = await this.db
      .selectFrom('catalog_item_versions')
      .select(['item_code', 'version', 'rules'])
      .where('id', '=', id)
      .executeTakeFirst()
    return row ? { code: row.item_code, version: row.version, rules: row.rules as TCatalogRules } : undefined
  }

  /** Admitted items of the same major (then the same domain), for a refusal's "report it as" list. */
  async admittedNear(majorCode: string, limit: number): Promise<{ code: string; name: string }[]> {
    return this.db
      .selectFrom('catalog_items as i')
      .innerJoin('catalog_item_versions as v', (j) =>
        j.onRef('v.item_code', '=', 'i.code').onRef('v.version', '=', 'i.current_version'),
      )
      .innerJoin('catalog_majors as m', 'm.code', 'i.major_code')
      .select(['i.code', 'v.name'])
      .where('v.admitted', '=', true)
      .where('i.retired', '=', false)
      .where((eb) =>
        eb.or([
          eb('i.major_code', '=', majorCode),
          eb(
            'm.domain',
            '=',
            eb.selectFrom('catalog_majors').select('domain').where('code', '=', majorCode).limit(1),
          ),
        ]),
      )
      .orderBy(sql`i.major_code = ${majorCode}`, 'desc')
      .orderBy('i.major_code')
      .orderBy('i.sort')
      .limit(limit)
      .execute()
  }

  async refusalCounts(from: Date, to: Date): Promise<TRefusalCounts['items']> {
    const rows = await this.db
      .selectFrom('catalog_refusals as r')
      .innerJoin('catalog_items as i', 'i.code', 'r.item_code')
      .innerJoin('catalog_item_versions as v', (j) =>
        j.onRef('v.item_code', '=', 'i.code').onRef('v.version', '=', 'i.current_version'),
      )
      .select([
        'r.item_code',
        'v.name',
        'r.channel',
        sql<number>`count(*)::int`.as('count'),
        sql<Date>`max(r.refused_at)`.as('last_at'),
      ])
      .where('r.refused_at', '>=', from)
      .where('r.refused_at', '<', to)
      .groupBy(['r.item_code', 'v.name', 'r.channel'])
      .execute()
    const byItem = new Map<string, TRefusalCounts['items'][number]>()
    for (const r of rows) {
      const entry = byItem.get(r.item_code) ?? {
        code: r.item_code,
        name: r.name,
        count: 0,
        lastAt: new Date(0).toISOString(),
        byChannel: {},
      }
      entry.count += Number(r.count)
      entry.byChannel[r.channel] = Number(r.count)
      const last = new Date(r.last_at).toISOString()
      if (last > entry.lastAt) entry.lastAt = last
      byItem.set(r.item_code, entry)
    }
    return [...byItem.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
  }
}
