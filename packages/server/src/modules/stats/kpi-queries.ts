import type { Grouping } from '@onegrid/core/api/stats'
import { channelNames } from '@onegrid/core/catalog/vocabulary'
import { emptyMeasures, type Measure, type Measures, measures } from '@onegrid/core/stats/measures'
import type { PeriodKind } from '@onegrid/core/stats/periods'
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { factsSelect, measuresInRange } from './facts-sql.ts'
import { fineDepth, type Grain } from './rollup-store.ts'

/** What is counted: cases in these areas (empty: none), dispatched to these units (null: any), and one or more filters. */
export type StatFilter = {
  areaPaths: readonly string[]
  unitIds: readonly number[] | null
  itemCode?: string | undefined
  majorCode?: string | undefined
  channel?: string | undefined
}

export type StatSource =
  | { kind: 'rollup'; periodKind: PeriodKind; periodStart: string }
  | { kind: 'facts'; from: string; to: string }
  /** The facts derived from the cases in the query itself: the direct computation rollups are checked against. */
  | { kind: 'raw'; from: string; to: string }

export type MeasureRow = { key: string; name: string; measures: Measures }

const areaLevels: Partial<Record<Grouping, string>> = {
  street: 'street',
  community: 'community',
  grid: 'grid',
}

/**
 * The grain that answers a query from the rollups, or null when only the facts can: two
 * dimensions at once, or one dimension below a street (a community's or a grid's scope, or
 * by community or grid), which the finer grains do not keep (rollup-store.ts).
 */
export function grainFor(groupBy: Grouping, f: StatFilter): Grain | null {
  const dims = new Set<Grain>()
  if (f.itemCode || f.majorCode) dims.add('item')
  if (f.channel) dims.add('channel')
  if (f.unitIds) dims.add('unit')
  if (groupBy === 'category' || groupBy === 'major') dims.add('item')
  if (groupBy === 'channel') dims.add('channel')
  if (groupBy === 'department') dims.add('unit')
  if (groupBy === 'reporter') dims.add('reporter')
  if (groupBy === 'handler') dims.add('handler')
  if (dims.size > 1) return null
  const grain = dims.values().next().value
  if (grain === undefined) return 'area'
  const belowStreet =
    groupBy === 'community' || groupBy === 'grid' || f.areaPaths.some((p) => p.split('.').length > fineDepth)
  return belowStreet ? null : grain
}

const toMeasures = (row: Record<string, unknown>): Measures => {
  const m = emptyMeasures()
  for (const k of measures) m[k] = Number(row[k] ?? 0)
  return m
}

/**
 * Reads the measures of a scope and period, totalled or grouped: from the rollups
 * of a standard period, or computed from facts for a custom one. SQL is built from
 * fixed fragments; every value is a parameter except the (checked) days of
 * measuresInRange.
 */
export class KpiQueries {
  constructor(private readonly db: Db) {}

  async read(source: StatSource, filter: StatFilter, groupBy: Grouping): Promise<MeasureRow[]> {
    if (filter.areaPaths.length === 0) return []
    const grain = source.kind === 'rollup' ? grainFor(groupBy, filter) : null
    if (source.kind === 'rollup' && grain === null) throw new Error('rollup source needs a single dimension')
    const alias = source.kind === 'rollup' ? 'r' : 'f'
    const cols = columnsOf(alias, source.kind === 'rollup' ? 'rollup' : 'facts', groupBy)
    const where = [
      sql`(${sql.join(
        filter.areaPaths.map((p) => sql`${sql.ref(`${alias}.area_path`)} <@ CAST(${p} AS ltree)`),
        sql` OR `,
      )})`,
    ]
    if (filter.unitIds) {
      where.push(
        filter.unitIds.length === 0
          ? sql`false`
          : sql`${sql.ref(`${alias}.unit_id`)} IN (${sql.join(filter.unitIds.map((id) => sql`${id}`))})`,
      )
    }
    if (filter.itemCode) where.push(sql`${sql.ref(`${alias}.item_code`)} = ${filter.itemCode}`)
    if (filter.majorCode)
      where.push(
        sql`${sql.ref(`${alias}.item_code`)} IN (SELECT code FROM catalog_items WHERE major_code = ${filter.majorCode})`,
      )
    if (filter.channel) where.push(sql`${sql.ref(`${alias}.channel`)} = ${filter.channel}`)
    // By area level: the ancestor's code is the path's label at that level's depth (paths are
    // the codes from the root), read without a join; a tree whose level sits at several depths joins.
    const level = areaLevels[groupBy]
    let levelJoin = sql``
    let areaKey: RawBuilder<unknown> = sql`a.code`
    if (level) {
      const depth = await this.depthOf(level)
      if (depth === null) return []
      if (depth === 'mixed') {
        levelJoin = sql`JOIN areas a ON a.level = ${level} AND ${sql.ref(`${alias}.area_path`)} <@ a.path`
      } else {
        areaKey = sql`ltree2text(subpath(${sql.ref(`${alias}.area_path`)}, ${depth - 1}, 1))`
        where.push(sql`nlevel(${sql.ref(`${alias}.area_path`)}) >= ${depth}`)
      }
    }
    const key = level ? areaKey : cols.key

    let body: RawBuilder<Record<string, unknown>>
    if (source.kind === 'rollup') {
      where.push(
        sql`r.grain = ${grain} AND r.kind = ${source.periodKind} AND r.period_start = CAST(${source.periodStart} AS date)`,
      )
      // A row the catch-up took back to zero (its cases changed) is no group: the facts have none there.
      body = sql`
        SELECT ${key} AS key, ${sql.raw(measures.map((m) => `sum(r.${m}) AS ${m}`).join(', '))}
        FROM stat_rollups r ${levelJoin}
        WHERE ${sql.join(where, sql` AND `)}
        GROUP BY 1
        HAVING ${sql.raw(measures.map((m) => `sum(r.${m}) <> 0`).join(' OR '))}`
    } else {
      const relation = source.kind === 'raw' ? sql`(${factsSelect(sql`true`)})` : sql`stat_case_facts`
      where.push(sql.raw(anchoredIn('f', source.from, source.to)))
      body = sql`
        SELECT ${key} AS key, ${sql.raw(measuresInRange(source.from, source.to))}
        FROM ${relation} f ${levelJoin}
        WHERE ${sql.join(where, sql` AND `)}
        GROUP BY 1`
    }
    const rows = await sql<Record<string, unknown>>`
      WITH g AS (${body})
      SELECT g.*, ${cols.name} AS name FROM g ${cols.nameJoin}
      ORDER BY g.key`.execute(this.db)
    return rows.rows.map((r) => ({
      key: String(r.key ?? ''),
      name:
        groupBy === 'channel'
          ? (channelNames[r.key as keyof typeof channelNames]?.zh ?? String(r.key))
          : String(r.name ?? r.key ?? ''),
      measures: toMeasures(r),
    }))
  }

  /** The depth of a level's areas in the tree: one, several ('mixed'), or none (null). */
  private async depthOf(level: string): Promise<number | 'mixed' | null> {
    const r = await sql<{ lo: number | null; hi: number | null }>`
      SELECT min(nlevel(path)) AS lo, max(nlevel(path)) AS hi FROM areas WHERE level = ${level}`.execute(
      this.db,
    )
    const row = r.rows[0]
    if (!row || row.lo === null || row.hi === null) return null
    return row.lo === row.hi ? Number(row.lo) : 'mixed'
  }
}

/** Measures of several standard periods of one kind (trends), from the rollups. */
export async function readSeries(
  db: Db,
  kind: PeriodKind,
  starts: readonly string[],
  filter: StatFilter,
): Promise<Map<string, Measures>> {
  const out = new Map<string, Measures>(starts.map((s) => [s, emptyMeasures()]))
  const grain = grainFor('none', filter)
  if (filter.areaPaths.length === 0 || starts.length === 0 || grain === null) return out
  const where = [
    sql`(${sql.join(
      filter.areaPaths.map((p) => sql`r.area_path <@ CAST(${p} AS ltree)`),
      sql` OR `,
    )})`,
    sql`r.grain = ${grain} AND r.kind = ${kind}`,
    sql`r.period_start IN (${sql.join(starts.map((d) => sql`CAST(${d} AS date)`))})`,
  ]
  if (filter.unitIds)
    where.push(
      filter.unitIds.length
        ? sql`r.unit_id IN (${sql.join(filter.unitIds.map((id) => sql`${id}`))})`
        : sql`false`,
    )
  if (filter.itemCode) where.push(sql`r.item_code = ${filter.itemCode}`)
  if (filter.majorCode)
    where.push(sql`r.item_code IN (SELECT code FROM catalog_items WHERE major_code = ${filter.majorCode})`)
  if (filter.channel) where.push(sql`r.channel = ${filter.channel}`)
  const rows = await sql<Record<string, unknown>>`
    SELECT to_char(r.period_start, 'YYYY-MM-DD') AS start, ${sql.raw(measures.map((m) => `sum(r.${m}) AS ${m}`).join(', '))}
    FROM stat_rollups r WHERE ${sql.join(where, sql` AND `)}
    GROUP BY r.period_start`.execute(db)
  for (const r of rows.rows) out.set(String(r.start), toMeasures(r))
  return out
}

/** Only facts with an anchor day in [from, to] can count in it (the early anchors are handled and closed days). */
function anchoredIn(a: string, from: string, to: string): string {
  const days = [
    'reported_day',
    'accepted_day',
    'registered_day',
    'dispatched_day',
    'due_day',
    'handled_day',
    'close_due_day',
    'closed_day',
    'supervised_day',
    'followup_day',
  ]
  return `(${days.map((d) => `${a}.${d} BETWEEN DATE '${from}' AND DATE '${to}'`).join(' OR ')})`
}

function columnsOf(
  alias: string,
  kind: 'rollup' | 'facts',
  groupBy: Grouping,
): { key: RawBuilder<unknown>; name: RawBuilder<unknown>; nameJoin: RawBuilder<unknown> } {
  const col = (c: string) => sql.ref(`${alias}.${c}`)
  const person = (c: string) => (kind === 'rollup' ? col('person_id') : col(c))
  switch (groupBy) {
    case 'none':
      return { key: sql`''`, name: sql`''`, nameJoin: sql`` }
    case 'street':
    case 'community':
    case 'grid':
      // The key is the level's code (KpiQueries.read).
      return { key: sql`a.code`, name: sql`ar.name`, nameJoin: sql`LEFT JOIN areas ar ON ar.code = g.key` }
    case 'category':
      return {
        key: col('item_code'),
        name: sql`(SELECT v.name FROM catalog_item_versions v WHERE v.item_code = g.key ORDER BY v.version DESC LIMIT 1)`,
        nameJoin: sql``,
      }
    case 'major':
      return {
        key: sql`(SELECT i.major_code FROM catalog_items i WHERE i.code = ${col('item_code')})`,
        name: sql`mj.name`,
        nameJoin: sql`LEFT JOIN catalog_majors mj ON mj.code = g.key`,
      }
    case 'channel':
      return { key: col('channel'), name: sql`g.key`, nameJoin: sql`` }
    case 'department':
      return {
        key: sql`CAST(${col('unit_id')} AS text)`,
        name: sql`un.name`,
        nameJoin: sql`LEFT JOIN units un ON CAST(un.id AS text) = g.key`,
      }
    case 'reporter':
    case 'handler':
      return {
        key: sql`CAST(${person(groupBy === 'reporter' ? 'reporter_id' : 'handler_id')} AS text)`,
        name: sql`us.display_name`,
        nameJoin: sql`LEFT JOIN users us ON CAST(us.id AS text) = g.key`,
      }
  }
}

export type { Measure }
