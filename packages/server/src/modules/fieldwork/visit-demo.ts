import type { TVisitFinding, TVisitPlanRates, VisitFlag } from '@onegrid/core/api/visits'
import { mulberry32, type Random } from '@onegrid/core/random'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import { sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { pick, weighted } from '../cases/demo-random.ts'
import type { DueRow, VisitQueries } from './visit-queries.ts'
import { dayStart } from './visits.ts'

const seed = 20261201
const dayMs = 86_400_000
const minuteMs = 60_000
/** The demo grid worker's grid, whose phone shows a day half done against 日访十户. */
const demoWorkerGrid = '110120001001001'
const demoWorkerVisitsToday = 6

const methodChoice = weighted<'door' | 'phone' | 'other'>([
  ['door', 80],
  ['phone', 15],
  ['other', 5],
])

const notesByRule: Record<DueRow['rule'], readonly string[]> = {
  ordinary_household: [
    '入户走访，家庭成员信息无变化',
    '宣传反诈知识，发放宣传册',
    '了解家庭生活情况，无特殊诉求',
    '核实人口信息，登记新电话',
    '宣传垃圾分类和消防安全',
  ],
  special_family: [
    '老人身体状况良好，生活能自理',
    '了解低保金发放情况，按时足额',
    '询问生活困难，协助联系社区卫生服务站',
    '孩子学习情况正常，与监护人沟通',
    '检查家中用电用气安全',
  ],
  special_group: [
    '本人在家，情绪稳定，近期无异常',
    '与家属沟通，了解近期表现',
    '按时报到，遵守管理规定',
    '思想动态平稳，继续做好帮扶',
    '电话联系本人，工作生活正常',
  ],
}

const findingNotes: Record<VisitFlag, readonly string[]> = {
  hazard: ['楼道堆放杂物，存在消防隐患', '燃气软管老化', '电动车在楼道充电'],
  need_help: ['申请临时救助', '需要协助办理残疾人证', '希望安排助餐服务'],
  info_changed: ['手机号码已变更', '家庭成员新增一人', '已搬至同小区另一栋'],
  dispute: ['与邻居因漏水发生纠纷', '家庭内部赡养矛盾'],
  abnormal: ['近期情绪波动较大', '未按时报到'],
}
const flagChoice = weighted<VisitFlag>([
  ['hazard', 30],
  ['need_help', 30],
  ['info_changed', 25],
  ['dispute', 10],
  ['abnormal', 5],
])

type DemoVisit = {
  gridCode: string
  visitorId: number
  targetKind: 'household' | 'person'
  targetId: number
  householdId: number | null
  visitedAt: string
  method: 'door' | 'phone' | 'other'
  notes: string
  findings: TVisitFinding[]
  dx: number
  dy: number
}

/** An instant `daysAgo` days before today (Asia/Shanghai), in working hours, never after `now`. */
function workingTime(r: Random, now: Date, daysAgo: number): Date {
  const day = dayStart(shanghaiDate(new Date(now.getTime() - daysAgo * dayMs)))
  const at = new Date(day.getTime() + (8.5 * 60 + Math.floor(r() * 9 * 60)) * minuteMs)
  return at.getTime() < now.getTime() ? at : new Date(now.getTime() - (1 + Math.floor(r() * 90)) * minuteMs)
}

/**
 * Demo step: the last month of visits by the demo street's grid workers, drawn from the
 * plan itself so it looks kept — most special-group persons and 特殊家庭 visited on time,
 * about a quarter fallen behind (overdue on the phone and in the console's per-grid view),
 * half the ordinary households seen once, and the demo grid worker six households into
 * today's ten. Deterministic; one INSERT of all rows; skipped when visits exist.
 */
export async function loadDemoVisits(deps: {
  db: Db
  clock: Clock
  queries: VisitQueries
  rates: TVisitPlanRates
  scope: Scope
  /** Grid workers' postings (identity's read model): user id and grid. */
  workers: () => Promise<{ userId: number; gridCode: string }[]>
  /** The demo grid worker (wanggeyuan), who makes today's visits in their grid. */
  demoWorkerId: number | undefined
}): Promise<{ visits: number; targets: number; overdue: number }> {
  const { db, clock } = deps
  const existing = await db.selectFrom('visits').select(sql<number>`count(*)::int`.as('n')).executeTakeFirst()
  if ((existing?.n ?? 0) > 0) return { visits: 0, targets: 0, overdue: 0 }
  const now = clock.now()
  const { rows: targets } = await deps.queries.due(
    { sources: { scope: deps.scope }, rates: deps.rates, today: shanghaiDate(now), withPersons: true },
    { limit: 100_000, offset: 0 },
  )
  const byGrid = new Map<string, number[]>()
  for (const w of await deps.workers()) byGrid.set(w.gridCode, [...(byGrid.get(w.gridCode) ?? []), w.userId])
  for (const ids of byGrid.values()) ids.sort((a, b) => a - b)
  const r = mulberry32(seed)
  const visits: DemoVisit[] = []
  const visit = (t: DueRow, daysAgo: number, method = methodChoice(r), at?: Date, by?: number) => {
    const workers = by === undefined ? byGrid.get(t.gridCode) : [by]
    if (!workers || workers.length === 0) return
    const flagged = r() < 0.15 ? [flagChoice(r)] : []
    visits.push({
      gridCode: t.gridCode,
      visitorId: pick(r, workers),
      targetKind: t.kind,
      targetId: t.id,
      householdId: t.householdId,
      visitedAt: (at ?? workingTime(r, now, daysAgo)).toISOString(),
      method,
      notes: pick(r, notesByRule[t.rule]),
      findings: flagged.map((flag) => ({ flag, note: pick(r, findingNotes[flag]) })),
      dx: (r() - 0.5) * 0.002,
      dy: (r() - 0.5) * 0.002,
    })
  }
  // Households of the demo worker's grid seen today, in person (日访十户: six of ten so far).
  const today = new Set<string>()
  const mine = targets.filter((t) => t.gridCode === demoWorkerGrid && t.rule === 'ordinary_household')
  for (const [i, t] of mine.slice(0, demoWorkerVisitsToday).entries()) {
    today.add(`${t.kind}:${t.id}`)
    visit(
      t,
      0,
      'door',
      new Date(now.getTime() - (demoWorkerVisitsToday - i) * 25 * minuteMs),
      deps.demoWorkerId,
    )
  }
  // The demo worker's grid has a couple behind whatever the draw, so their phone shows overdue visits.
  let forcedBehind = 2
  for (const t of targets) {
    if (today.has(`${t.kind}:${t.id}`)) continue
    if (t.rule === 'ordinary_household') {
      if (r() < 0.55) visit(t, 1 + Math.floor(r() * 29))
      continue
    }
    const every = t.everyDays
    const forced = t.gridCode === demoWorkerGrid && forcedBehind-- > 0
    if (r() < 0.25 || forced) {
      // Fallen behind: the last visit a few days more than the interval ago, or none this month.
      const ago = every + 2 + Math.floor(r() * 8)
      if (ago <= 30) visit(t, ago)
      continue
    }
    // Kept: visits every interval back through the month, the last one inside it.
    for (let ago = 1 + Math.floor(r() * Math.max(1, every - 1)); ago <= 30; ago += every)
      visit(t, ago, t.kind === 'person' && t.riskRank === 3 ? 'door' : undefined)
  }
  const rows = visits.map((v) => ({
    grid_code: v.gridCode,
    visitor_id: v.visitorId,
    target_kind: v.targetKind,
    target_id: v.targetId,
    household_id: v.householdId,
    visited_at: v.visitedAt,
    method: v.method,
    notes: v.notes,
    findings: v.findings,
    dx: v.dx,
    dy: v.dy,
  }))
  if (rows.length > 0)
    await sql`
      INSERT INTO visits (district_code, area_path, grid_code, visitor_id, target_kind, target_id, household_id,
        visited_at, method, notes, findings, flags, location, location_accuracy, created_at)
      SELECT left(x.grid_code, 6), a.path, x.grid_code, x.visitor_id, x.target_kind, x.target_id, x.household_id,
        x.visited_at, x.method, x.notes, x.findings,
        ARRAY(SELECT f->>'flag' FROM jsonb_array_elements(x.findings) f),
        CASE WHEN x.method = 'door' THEN ST_SetSRID(ST_MakePoint(ST_X(c.pt) + x.dx, ST_Y(c.pt) + x.dy), 4326) END,
        CASE WHEN x.method = 'door' THEN round(8 + abs(x.dx) * 10000) END,
        x.visited_at
      FROM jsonb_to_recordset(CAST(${JSON.stringify(rows)} AS jsonb)) AS x (
        grid_code text, visitor_id bigint, target_kind text, target_id bigint, household_id bigint,
        visited_at timestamptz, method text, notes text, findings jsonb, dx float8, dy float8)
      JOIN areas a ON a.code = x.grid_code
      CROSS JOIN LATERAL (SELECT ST_PointOnSurface(a.geom) AS pt) c`.execute(db)
  const after = await deps.queries.due(
    { sources: { scope: deps.scope }, rates: deps.rates, today: shanghaiDate(now), withPersons: true },
    { status: 'overdue', limit: 1, offset: 0 },
  )
  return { visits: rows.length, targets: targets.length, overdue: after.counts.overdue }
}
