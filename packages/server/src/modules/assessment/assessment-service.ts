import type {
  TAssessment,
  TAssessmentPublication,
  TAssessmentQuery,
  TAssessmentScheme,
  TPublishAssessment,
} from '@onegrid/core/api/assessment'
import {
  type AssessmentAreaLevel,
  type AssessmentKind,
  assessmentAreaLevels,
  assessmentKindNames,
  defaultPaySettings,
  grades,
  payOf,
} from '@onegrid/core/stats/assessment'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { requireDistrictScope } from '../../platform/auth/district-policy.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import { Conflict, text, ValidationError } from '../../platform/http/errors.ts'
import { AssessmentQueries, type StaffSources } from './assessment-queries.ts'
import { type AssessedRow, AssessmentComputer, monthWindow } from './compute-assessment.ts'
import { renderPayXlsx } from './pay-xlsx.ts'
import type { AssessmentPorts } from './ports.ts'
import { AssessmentSchemes, presentScheme } from './scheme-service.ts'
import { SchemeStore } from './scheme-store.ts'
import { type SnapshotHeader, SnapshotStore, type Visibility } from './snapshot-store.ts'

/** What a read of one month and kind gives before paging: the caller's rows of the district's ranking. */
type Loaded = {
  month: string
  kind: AssessmentKind
  level: AssessmentAreaLevel | null
  scope: TAssessment['scope']
  header: SnapshotHeader | null
  ended: boolean
  scheme: TAssessmentScheme
  rows: AssessedRow[]
  ranked: number
  visible: Visibility
  computedAt: Date
}

const within = (path: string, under: string) => path === under || path.startsWith(`${under}.`)

/**
 * Assessment (考核): a month of one kind of object, live from the statistics and field work
 * until the month is published, then the frozen rows; the grid worker pay sheet. Scores are
 * computed district-wide; the caller's jurisdiction chooses the rows they read (docs/KPI.md 考核,
 * ADR 0016). The schemes and pay settings are AssessmentSchemes' (scheme-service.ts).
 */
export class AssessmentService {
  constructor(
    private readonly ports: AssessmentPorts,
    private readonly computer: AssessmentComputer,
    private readonly schemes: AssessmentSchemes,
    private readonly pay: SchemeStore,
    private readonly snapshots: SnapshotStore,
  ) {}

  private currentMonth(): string {
    return shanghaiDate(this.ports.clock.now()).slice(0, 7)
  }

  /** The month asked for (this month by default); a month not yet begun is refused on its field. */
  private month(asked: string | undefined): string {
    const current = this.currentMonth()
    const month = asked ?? current
    if (month > current)
      throw new ValidationError({
        month: text('不能考核尚未开始的月份', 'A month that has not begun cannot be assessed'),
      })
    return month
  }

  private async load(
    p: UserPrincipal,
    q: Pick<TAssessmentQuery, 'month' | 'kind' | 'level' | 'areaCode'>,
  ): Promise<Loaded> {
    const resolved = await this.ports.stats.resolveScope(p, { areaCode: q.areaCode })
    const { district } = resolved
    const month = this.month(q.month)
    const level = q.kind === 'area' ? q.level : null
    const levelKey = level ?? ''
    // An area asked for narrows the rows to it; otherwise the caller's areas and units.
    const visible: Visibility = q.areaCode
      ? { paths: resolved.filter.areaPaths, unitIds: [] }
      : { paths: p.scope.areaPaths, unitIds: p.scope.unitIds }
    const scope = { areaCode: resolved.info.areaCode, areaName: resolved.info.areaName }
    const header = await this.snapshots.header(district, month, q.kind)
    const now = this.ports.clock.now()
    const ended = monthWindow(month, now).ended
    if (header) {
      return {
        month,
        kind: q.kind,
        level,
        scope,
        header,
        ended,
        scheme: header.scheme,
        rows: await this.snapshots.rows(header.id, levelKey, visible),
        ranked: await this.snapshots.ranked(header.id, levelKey),
        visible,
        computedAt: header.publishedAt,
      }
    }
    const { scheme, stored } = await this.schemes.schemeFor(district, q.kind)
    const all = await this.computer.rows(district, monthWindow(month, now), q.kind, q.level, scheme)
    return {
      month,
      kind: q.kind,
      level,
      scope,
      header: null,
      ended,
      scheme: presentScheme(scheme, stored),
      rows: all.filter((r) => isVisible(r, visible)),
      ranked: all.filter((r) => r.rank !== null).length,
      visible,
      computedAt: now,
    }
  }

  async get(p: UserPrincipal, q: TAssessmentQuery): Promise<TAssessment> {
    const l = await this.load(p, q)
    const gradeCounts: Record<string, number> = Object.fromEntries([...grades, 'none'].map((g) => [g, 0]))
    for (const r of l.rows) gradeCounts[r.grade ?? 'none'] = (gradeCounts[r.grade ?? 'none'] ?? 0) + 1
    const needle = q.q?.toLowerCase()
    const filtered = l.rows.filter(
      (r) =>
        (q.grade === undefined || (r.grade ?? 'none') === q.grade) &&
        (!needle || r.name.toLowerCase().includes(needle)),
    )
    const start = (q.page - 1) * q.pageSize
    return {
      month: l.month,
      kind: l.kind,
      level: l.level,
      scope: l.scope,
      status: l.header ? 'published' : 'live',
      published: l.header ? await this.publication(l.header) : null,
      publishable: !l.header && l.ended,
      computedAt: l.computedAt.toISOString(),
      scheme: l.scheme,
      total: filtered.length,
      gradeCounts,
      ranked: l.ranked,
      page: q.page,
      pageSize: q.pageSize,
      rows: filtered.slice(start, start + q.pageSize).map((r) => present(r, l, q.bottom)),
    }
  }

  private async publication(h: SnapshotHeader): Promise<TAssessmentPublication> {
    return {
      month: h.month,
      kind: h.kind,
      publishedAt: h.publishedAt.toISOString(),
      publishedBy: { id: h.publishedBy ?? 0, name: h.publishedByName },
      rows: await this.snapshots.count(h.id),
    }
  }

  /**
   * Freezes a month of one kind for the whole district (areas: all three levels): counted up to
   * the last change, scored with the scheme of the day, stored with it, audited. Only a month that
   * has ended, and only once.
   */
  async publish(p: UserPrincipal, actor: Actor, input: TPublishAssessment): Promise<TAssessmentPublication> {
    requireDistrictScope(p.scope, text('考核结果', 'the assessment'))
    const district = await this.schemes.district(p)
    const month = this.month(input.month)
    const now = this.ports.clock.now()
    const w = monthWindow(month, now)
    if (!w.ended)
      throw new ValidationError({
        month: text('只能发布已结束的月份', 'Only a month that has ended can be published'),
      })
    const kindName = assessmentKindNames[input.kind]
    const published = () =>
      new Conflict(
        text(
          `${month} ${kindName.zh}考核已发布，不再重新计算`,
          `${month}: ${kindName.en} were published already`,
        ),
      )
    if (await this.snapshots.header(district, month, input.kind)) throw published()
    // Whatever changed until now is counted first.
    await this.ports.stats.catchUp()
    const { scheme, stored } = await this.schemes.schemeFor(district, input.kind)
    const levels: readonly AssessmentAreaLevel[] =
      input.kind === 'area' ? assessmentAreaLevels : ['community']
    const rows: AssessedRow[] = []
    for (const level of levels)
      rows.push(...(await this.computer.rows(district, w, input.kind, level, scheme)))
    const name = (await this.ports.displayName(p.userId)) ?? actor.name
    const header = {
      district,
      month,
      kind: input.kind,
      scheme: presentScheme(scheme, stored),
      publishedAt: now,
      publishedBy: p.userId,
      publishedByName: name,
    }
    const counts: Record<string, number> = {}
    for (const r of rows) counts[r.grade ?? 'none'] = (counts[r.grade ?? 'none'] ?? 0) + 1
    const id = await this.ports.db.transaction().execute(async (trx) => {
      const made = await this.snapshots.insert(trx, header, rows)
      if (made === null) return null
      await recordAudit(
        trx,
        actor,
        {
          action: 'assessment.publish',
          entityType: 'assessment',
          entityId: `${month}/${input.kind}`,
          areaPath: district,
          details: {
            month,
            kind: input.kind,
            rows: rows.length,
            grades: counts,
            schemeVersion: stored?.version ?? 0,
          },
        },
        now,
      )
      return made
    })
    if (id === null) throw published()
    return {
      month,
      kind: input.kind,
      publishedAt: now.toISOString(),
      publishedBy: { id: p.userId, name },
      rows: rows.length,
    }
  }

  /**
   * The grid workers' pay of a month as a workbook: one row per grid worker of the caller's
   * jurisdiction with the grids, households served, the month's grade (published, or live) and
   * the district's pay settings. Audited: it names people and money.
   */
  async payWorkbook(
    p: UserPrincipal,
    actor: Actor,
    q: { month?: string | undefined; areaCode?: string | undefined },
  ): Promise<{ bytes: Buffer; filename: string }> {
    const l = await this.load(p, {
      month: q.month,
      kind: 'grid_worker',
      level: 'community',
      areaCode: q.areaCode,
    })
    const district = await this.schemes.district(p)
    const settings = (await this.pay.pay(this.ports.db, district))?.value ?? defaultPaySettings
    const rows = [...l.rows]
      .sort(
        (a, b) =>
          (a.areas[0]?.path ?? '').localeCompare(b.areas[0]?.path ?? '') || a.name.localeCompare(b.name),
      )
      .map((r) => ({
        name: r.name,
        grids: visibleAreas(r, l.visible).map((a) => a.name),
        households: r.households ?? 0,
        grade: r.grade,
        composite: r.composite,
        line: payOf(settings, r.households ?? 0, r.grade),
      }))
    const where = l.scope.areaName ?? ''
    const title = `${where}网格员报酬核算表（${l.month}）`
    const bytes = await renderPayXlsx({
      title,
      month: l.month,
      status: l.header ? 'published' : 'live',
      settings,
      rows,
    })
    await recordAudit(
      this.ports.db,
      actor,
      {
        action: 'assessment.pay.export',
        entityType: 'assessment',
        entityId: `${l.month}/grid_worker`,
        areaPath: l.visible.paths[0] ?? district,
        details: { month: l.month, rows: rows.length, areaCode: q.areaCode ?? null },
      },
      this.ports.clock.now(),
    )
    return { bytes, filename: `网格员报酬-${where ? `${where}-` : ''}${l.month}.xlsx` }
  }
}

function isVisible(r: AssessedRow, v: Visibility): boolean {
  if (r.unitId !== null && v.unitIds.includes(r.unitId)) return true
  return r.paths.some((path) => v.paths.some((under) => within(path, under)))
}

/** The areas of a row inside the caller's jurisdiction (a worker's other grids stay unnamed). */
function visibleAreas(r: AssessedRow, v: Visibility) {
  return r.areas.filter((a) => v.paths.some((under) => within(a.path, under)))
}

function present(r: AssessedRow, l: Loaded, bottom: number): TAssessment['rows'][number] {
  return {
    rank: r.rank,
    key: r.key,
    name: r.name,
    areas: visibleAreas(r, l.visible).map((a) => ({ code: a.code, name: a.name })),
    households: r.households,
    indicators: r.indicators,
    composite: r.composite,
    grade: r.grade,
    smallSample: r.smallSample,
    bottom: r.rank !== null && r.rank > l.ranked - bottom,
  }
}

/** The assessment's services, wired from its ports (the composition root calls this). */
export type AssessmentServices = { assessment: AssessmentService; schemes: AssessmentSchemes }

export function assessmentServices(ports: AssessmentPorts, staff: StaffSources): AssessmentServices {
  const store = new SchemeStore(ports.db)
  const schemes = new AssessmentSchemes(ports, store)
  const assessment = new AssessmentService(
    ports,
    new AssessmentComputer(ports, new AssessmentQueries(ports.db, staff)),
    schemes,
    store,
    new SnapshotStore(ports.db),
  )
  return { assessment, schemes }
}
