import type { THelperList } from '@onegrid/core/api/registry'
import { sql } from 'kysely'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import { escapeLike } from '../../platform/db/sql-text.ts'
import { areaPathInScope } from './policy.ts'
import type { RegistryPorts } from './ports.ts'
import type { StaffSources } from './spot-check-queries.ts'

/** Roles whose people help and visit special groups (帮扶责任人): the grid's own staff. */
const helperRoles = ['grid_worker', 'grid_leader', 'supervisor'] as const

/**
 * listRegistryHelpers: the staff a special-group record may name as helpers —
 * active grid workers, grid leaders and supervisors posted inside an area of
 * the caller's jurisdiction — so a grid worker can pick a colleague without
 * the right to read the staff list.
 */
export class RegistryHelpers {
  constructor(
    private readonly db: Db,
    private readonly ports: RegistryPorts,
    private readonly staff: StaffSources,
  ) {}

  async list(
    p: UserPrincipal,
    input: { areaCode?: string | undefined; q?: string | undefined },
  ): Promise<THelperList> {
    let areaPath: string | undefined
    if (input.areaCode) {
      areaPath = await areaPathInScope(this.ports.area, p, input.areaCode)
    }
    const like = input.q ? `%${escapeLike(input.q)}%` : null
    const { rows } = await sql<{
      userId: number
      name: string
      role: string
      areaCode: string
      areaName: string
    }>`
      WITH ra AS ${this.staff.assignments}, acc AS ${this.staff.accounts}
      SELECT DISTINCT ON (acc.id) acc.id AS "userId", acc.display_name AS name, ra.role, a.code AS "areaCode",
        a.name AS "areaName"
      FROM ra JOIN acc ON acc.id = ra.user_id JOIN areas a ON a.code = ra.area_code
      WHERE acc.status = 'active'
        AND ra.role IN (${sql.join(helperRoles.map((r) => sql`${r}`))})
        AND ${inAreaScope('a.path', p.scope)}
        ${areaPath ? sql`AND a.path <@ CAST(${areaPath} AS ltree)` : sql``}
        ${like ? sql`AND (acc.display_name ILIKE ${like} OR acc.username ILIKE ${like})` : sql``}
      ORDER BY acc.id, a.code
      LIMIT 200`.execute(this.db)
    return {
      items: rows
        .map((r) => ({ ...r, role: r.role as THelperList['items'][number]['role'] }))
        .sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.name.localeCompare(b.name, 'zh-CN')),
    }
  }
}
