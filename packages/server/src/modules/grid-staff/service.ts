import {
  gridStaffRoles,
  qualifiedRoles,
  type TAssignGridStaffBody,
  type TGridStaff,
  type TGridStaffing,
  type TGridStaffLimits,
  type TGridStaffRole,
  type TGridStaffWarning,
  type TQualificationStatus,
} from '@onegrid/core/api/grid-staff'
import { roleNames } from '@onegrid/core/auth/roles'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { type LocalText, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { GeographyScope } from '../areas/geography-scope.ts'
import type { UserService } from '../identity/users.ts'
import type { GridStaffQueries, QualificationRule } from './queries.ts'
import type { GridStaffStore } from './store.ts'

/** Today's date in China (UTC+8, no daylight saving): what "valid" and "last 12 months" are measured from. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

export const round1 = (n: number) => Math.round(n * 10) / 10

export type LocalWarning = Omit<TGridStaffWarning, 'message'> & { message: LocalText }
/** A grid's staff with its warnings still in both languages; the route picks the caller's. */
export type GridStaffView = Omit<TGridStaff, 'warnings'> & { warnings: LocalWarning[] }

const gridWord = text('网格', 'Grid')
const areaWord = text('区域', 'Area')

/** Why someone is not qualified, in words. */
export function gapsText(q: TQualificationStatus, minTrainingHours: number): LocalText {
  const zh: string[] = []
  const en: string[] = []
  if (q.gaps.includes('no_valid_qualification')) {
    zh.push('没有有效（未过期）的上岗资格证书')
    en.push('no valid (unexpired) qualification')
  }
  if (q.gaps.includes('insufficient_training')) {
    zh.push(`近 12 个月培训 ${q.trainingHours12m} 学时，少于要求的 ${minTrainingHours} 学时`)
    en.push(
      `${q.trainingHours12m} training hours in the last 12 months, fewer than the ${minTrainingHours} required`,
    )
  }
  return text(zh.join('；'), en.join('; '))
}

/** The rules every grid-staff read and write shares: thresholds, "today", who may read what. */
export class GridStaffRules {
  constructor(
    readonly limits: TGridStaffLimits,
    private readonly clock: Clock,
    private readonly geography: GeographyScope,
    private readonly queries: GridStaffQueries,
  ) {}

  rule(): QualificationRule {
    return { today: chinaDay(this.clock.now()), minTrainingHours: this.limits.minTrainingHours }
  }

  /**
   * Who is posted to a grid is open to everyone signed in whose jurisdiction covers it, including
   * the area of the unit a department handler works in: they need to know whom to call there.
   */
  readScope(scope: Scope): Promise<Scope> {
    return this.geography(scope)
  }

  /**
   * The path of an `under` filter: an area inside the scope, or above it (the answer is then
   * limited to the caller's part). Anything else is as good as absent.
   */
  async underPath(scope: Scope, under: string | undefined): Promise<string | null> {
    if (under === undefined) return null
    const area = await this.queries.area(under)
    const reaches =
      area !== null &&
      (pathInScope(area.path, scope) || scope.areaPaths.some((p) => p.startsWith(`${area.path}.`)))
    if (!area || !reaches) throw new NotFound(areaWord, under)
    return area.path
  }
}

/** Staff on grids (定格、定人、定责): who is posted to each grid, its load and the staffing map. */
export class GridStaffService {
  constructor(
    private readonly store: GridStaffStore,
    private readonly queries: GridStaffQueries,
    private readonly users: UserService,
    private readonly rules: GridStaffRules,
    private readonly clock: Clock,
  ) {}

  private async gridIn(scope: Scope, code: string) {
    const area = await this.queries.area(code)
    if (!area || !pathInScope(area.path, scope)) throw new NotFound(gridWord, code)
    if (area.level !== 'grid') {
      throw new ValidationError({
        code: text(
          `${area.name}（${code}）不是网格：人员只能安排到网格`,
          `${area.name} (${code}) is not a grid: staff are posted to grids`,
        ),
      })
    }
    return area
  }

  async staffOf(scope: Scope, code: string): Promise<GridStaffView> {
    return this.view(await this.gridIn(await this.rules.readScope(scope), code))
  }

  private async view(grid: {
    code: string
    name: string
    households: number | null
  }): Promise<GridStaffView> {
    const { limits } = this.rules
    const rows = await this.queries.staffOf(grid.code, this.rules.rule())
    const items = rows.map((m) => ({
      ...m,
      qualification: qualifiedRoles.includes(m.role) ? m.qualification : null,
      load: m.role === 'grid_worker' && m.load !== null ? round1(m.load) : null,
    }))
    const warnings: LocalWarning[] = []
    const warned = new Set<string>()
    for (const m of items) {
      const role = roleNames[m.role]
      if (m.load !== null && m.load > limits.maxHouseholds && !warned.has(`o${m.userId}`)) {
        warned.add(`o${m.userId}`)
        warnings.push({
          kind: 'overloaded',
          userId: m.userId,
          displayName: m.displayName,
          load: m.load,
          limit: limits.maxHouseholds,
          message: text(
            `网格员${m.displayName}负责约 ${Math.round(m.load)} 户，超过每人 ${limits.maxHouseholds} 户的上限`,
            `Grid worker ${m.displayName} serves about ${Math.round(m.load)} households, more than the limit of ${limits.maxHouseholds}`,
          ),
        })
      }
      if (m.qualification && !m.qualification.qualified && !warned.has(`q${m.userId}`)) {
        warned.add(`q${m.userId}`)
        const gaps = gapsText(m.qualification, limits.minTrainingHours)
        warnings.push({
          kind: 'unqualified',
          userId: m.userId,
          displayName: m.displayName,
          load: null,
          limit: limits.minTrainingHours,
          message: text(
            `${role.zh}${m.displayName}未达上岗资格：${gaps.zh}`,
            `${role.en} ${m.displayName} does not meet the qualification threshold: ${gaps.en}`,
          ),
        })
      }
    }
    const workers = items.filter((m) => m.role === 'grid_worker').length
    return {
      grid: { code: grid.code, name: grid.name, households: grid.households },
      workers,
      householdsPerWorker: workers > 0 && grid.households !== null ? round1(grid.households / workers) : null,
      items,
      warnings,
      limits,
    }
  }

  /**
   * Replaces a grid's staff set in one transaction: postings added and removed through identity's
   * role assignments, each audited, and one summary entry for the grid. A worker's load over the
   * threshold is a warning in the answer, not a refusal; a missing qualification refuses only when
   * the configuration requires it.
   */
  async assign(scope: Scope, actor: Actor, code: string, body: TAssignGridStaffBody): Promise<GridStaffView> {
    const grid = await this.gridIn(scope, code)
    const plan = await this.users.planPostings(scope, grid, gridStaffRoles, body.staff, (i) => `staff.${i}`)
    const { limits } = this.rules
    if (limits.requireQualification) {
      const candidates = plan.add.filter((a) => qualifiedRoles.includes(a.role as TGridStaffRole))
      const status = await this.queries.qualificationOf(
        candidates.map((c) => c.userId),
        this.rules.rule(),
      )
      const problems: Record<string, LocalText> = {}
      for (const c of candidates) {
        const q = status.get(c.userId)
        if (!q || q.qualified) continue
        const name = plan.users.get(c.userId)?.displayName ?? String(c.userId)
        const role = roleNames[c.role]
        const gaps = gapsText(q, limits.minTrainingHours)
        const index = body.staff.findIndex((w) => w.userId === c.userId && w.role === c.role)
        problems[`staff.${index}.userId`] = text(
          `${name}未达上岗资格，不能担任${role.zh}：${gaps.zh}`,
          `${name} does not meet the qualification threshold for ${role.en}: ${gaps.en}`,
        )
      }
      if (Object.keys(problems).length > 0) {
        throw new ValidationError(
          problems,
          text(
            '有人员未达上岗资格，未作调整',
            'Some people do not meet the qualification threshold; nothing changed',
          ),
        )
      }
    }
    const now = this.clock.now()
    await this.store.transaction(async (trx) => {
      const result = await this.users.applyPostings(trx, actor, plan, now)
      await recordAudit(
        trx,
        actor,
        {
          action: 'gridstaff.assign',
          entityType: 'area',
          entityId: grid.code,
          areaPath: grid.path,
          details: { ...result, staff: body.staff },
        },
        now,
      )
    })
    return this.view(grid)
  }

  /** Per grid under an area (or the caller's whole reach): staff counts, households and loads. */
  async staffing(scope: Scope, under: string | undefined): Promise<TGridStaffing> {
    const reach = await this.rules.readScope(scope)
    const underPath = await this.rules.underPath(reach, under)
    const { limits } = this.rules
    const rows = await this.queries.staffing(reach, underPath, this.rules.rule())
    const items = rows.map((r) => ({
      ...r,
      householdsPerWorker: r.workers > 0 && r.households !== null ? round1(r.households / r.workers) : null,
      maxWorkerLoad: r.maxWorkerLoad === null ? null : round1(r.maxWorkerLoad),
      overloaded: (r.maxWorkerLoad ?? 0) > limits.maxHouseholds,
    }))
    return {
      under: under ?? null,
      items,
      totals: {
        grids: items.length,
        withoutWorker: items.filter((r) => r.workers === 0).length,
        withoutLeader: items.filter((r) => r.leaders === 0).length,
        overloaded: items.filter((r) => r.overloaded).length,
        unqualified: items.reduce((n, r) => n + r.unqualified, 0),
      },
      limits,
    }
  }
}
