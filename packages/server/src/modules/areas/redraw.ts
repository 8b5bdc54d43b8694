import type { TRedrawBody, TRedrawResult } from '@onegrid/core/api/grids'
import { sql } from 'kysely'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { AreaStore } from './store.ts'
import { gridSize, noiseM2, smallAreaM2, type TopologyChecker } from './topology.ts'

const gridWord = text('网格', 'Grid')

/** Thrown inside the transaction of a dry run so that nothing it wrote stays. */
class DryRun extends Error {
  constructor(readonly result: TRedrawResult) {
    super('dry run')
  }
}

/**
 * Redrawing a grid (redrawGrid): the new boundary must be valid and inside its
 * community; neighbours it overlaps give up that part (or the redraw is
 * refused); every changed grid closes its boundary version and opens the next
 * with the same reason and effective time; the community's topology after the
 * change comes back with the answer. A dry run does all of it and rolls back.
 */
export class GridRedraw {
  constructor(
    private readonly db: Db,
    private readonly store: AreaStore,
    private readonly topology: TopologyChecker,
    private readonly clock: Clock,
  ) {}

  async redraw(scope: Scope, actor: Actor, code: string, body: TRedrawBody): Promise<TRedrawResult> {
    const now = this.clock.now()
    const grid = await this.db
      .selectFrom('areas as g')
      .leftJoin('area_boundaries as b', (j) =>
        j.onRef('b.area_code', '=', 'g.code').on('b.valid_to', 'is', null),
      )
      .select([
        'g.code',
        'g.name',
        'g.level',
        'g.parent_code',
        'g.area_m2',
        sql<string>`g.path::text`.as('path'),
        'b.valid_from',
      ])
      .where('g.code', '=', code)
      .executeTakeFirst()
    if (grid?.level !== 'grid' || !pathInScope(grid.path, scope)) throw new NotFound(gridWord, code)

    const effectiveFrom = new Date(body.effectiveFrom)
    if (effectiveFrom.getTime() > now.getTime() + 60_000) {
      throw new ValidationError({
        effectiveFrom: text('生效时间不能晚于现在', 'the effective time cannot be in the future'),
      })
    }
    if (grid.valid_from && effectiveFrom <= new Date(grid.valid_from)) {
      throw new ValidationError({
        effectiveFrom: text(
          `生效时间须晚于现行边界的启用时间 ${new Date(grid.valid_from).toISOString()}`,
          `the effective time must be after the current boundary began (${new Date(grid.valid_from).toISOString()})`,
        ),
      })
    }

    const drawn = sql<string>`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(body.geometry)}), 4326))`
    const check = await sql<{
      valid: boolean
      reason: string | null
      outside_m2: number | null
      area_m2: number
    }>`
      SELECT d.valid, d.reason,
        CASE WHEN d.valid THEN ${smallAreaM2(sql`ST_Difference(n.g, p.geom, ${gridSize})`)} END AS outside_m2,
        ST_Area(n.g::geography) AS area_m2
      FROM (SELECT ${drawn} AS g) n
      CROSS JOIN LATERAL ST_IsValidDetail(n.g) d
      JOIN areas p ON p.code = ${grid.parent_code}`.execute(this.db)
    const facts = check.rows[0]
    if (!facts?.valid) {
      throw new ValidationError({
        geometry: text(
          `边界无效（自相交等）：${facts?.reason ?? ''}`,
          `invalid boundary: ${facts?.reason ?? ''}`,
        ),
      })
    }
    if ((facts.outside_m2 ?? 0) > noiseM2) {
      throw new ValidationError({
        geometry: text(
          `边界超出所属社区 ${Math.round(facts.outside_m2 ?? 0)} 平方米`,
          `the boundary reaches ${Math.round(facts.outside_m2 ?? 0)} m² outside its community`,
        ),
      })
    }

    // Read before the transaction: on the embedded database a read outside it would wait for it.
    const overlapped = await sql<{ code: string; name: string; area_m2: number; overlap_m2: number }>`
      SELECT s.code, s.name, s.area_m2, ${smallAreaM2(sql`ST_Intersection(s.geom, n.g, ${gridSize})`)} AS overlap_m2
      FROM areas s, (SELECT ${drawn} AS g) n
      WHERE s.parent_code = ${grid.parent_code} AND s.level = 'grid' AND s.code <> ${code}
        AND s.geom && n.g AND ST_Relate(s.geom, n.g, '2********')`.execute(this.db)
    const neighbours = overlapped.rows.filter((r) => r.overlap_m2 > noiseM2)
    if (neighbours.length > 0 && !body.trimNeighbours) {
      throw new ValidationError({
        geometry: text(
          `新边界与相邻网格重叠：${neighbours.map((n) => `${n.name}（${Math.round(n.overlap_m2)} 平方米）`).join('、')}`,
          `the new boundary overlaps ${neighbours.map((n) => `${n.code} (${Math.round(n.overlap_m2)} m²)`).join(', ')}`,
        ),
      })
    }
    const swallowed = neighbours.find((n) => n.area_m2 - n.overlap_m2 <= noiseM2)
    if (swallowed) {
      throw new ValidationError({
        geometry: text(
          `新边界完全覆盖了网格 ${swallowed.name}；撤并网格请先调整其编码与边界`,
          `the new boundary covers all of grid ${swallowed.code}`,
        ),
      })
    }

    const stamp = { reason: body.reason, effectiveFrom, actorUserId: actor.userId, now }
    const run = async (trx: Db): Promise<TRedrawResult> => {
      const own = await this.store.redraw(trx, code, drawn, stamp)
      const trimmed: TRedrawResult['trimmed'] = []
      for (const n of neighbours) {
        const rest = sql<string>`(SELECT ST_Multi(ST_CollectionExtract(ST_Difference(geom, ${drawn}, ${gridSize}), 3)) FROM areas WHERE code = ${n.code})`
        const after = await this.store.redraw(trx, n.code, rest, stamp)
        trimmed.push({
          code: n.code,
          name: n.name,
          version: after.version,
          areaM2Before: Math.round(n.area_m2),
          areaM2After: Math.round(after.areaM2),
        })
      }
      const report = await this.topology.check(trx, {
        underCode: grid.parent_code ?? code,
        level: 'grid',
        sliverM2: 200,
      })
      await recordAudit(
        trx,
        actor,
        {
          action: 'grid.redraw',
          entityType: 'area',
          entityId: code,
          areaPath: grid.path,
          details: {
            version: own.version,
            reason: body.reason,
            effectiveFrom: effectiveFrom.toISOString(),
            trimmed: trimmed.map((t) => t.code),
          },
        },
        now,
      )
      const result: TRedrawResult = {
        applied: !body.dryRun,
        grid: {
          code,
          name: grid.name,
          version: own.version,
          areaM2Before: Math.round(grid.area_m2 ?? 0),
          areaM2After: Math.round(own.areaM2),
        },
        trimmed,
        report,
      }
      if (body.dryRun) throw new DryRun(result)
      return result
    }
    try {
      return await this.store.transaction(run)
    } catch (error) {
      if (error instanceof DryRun) return error.result
      throw error
    }
  }
}
