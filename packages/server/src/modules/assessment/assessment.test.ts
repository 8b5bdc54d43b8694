import type { TAssessment, TAssessmentRow, TAssessmentScheme } from '@onegrid/core/api/assessment'
import type { TCase } from '@onegrid/core/api/cases'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, systemActor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { act, at, caseWorld, items, photo, report, type Staff } from '../cases/test-fixtures.ts'
import { payColumns, paySheetName } from './pay-xlsx.ts'

const grid1 = '110120001001001'
const score = (row: TAssessmentRow | undefined, key: string) => row?.indicators.find((i) => i.key === key)

/**
 * A small world worked through the API in November 2026 (docs/KPI.md 考核 has the rules):
 * - A: a hotline call in 柳园一网格, accepted, registered, dispatched to 城市管理局, handled,
 *   verified on the spot by the grid worker, closed;
 * - B: the grid worker's report there, accepted, dispatched, handled, never verified (its
 *   one working day runs out on 11-03);
 * - C: the grid worker's report, rejected (invalid);
 * - D: a dispute the grid worker handled on the spot, verified by the supervisor.
 * Patrol coverage of the grid: two days at 70 %. Visits: two petitioners of the grid due in
 * November (one since October, one from the 17th), the first visited on 11-05.
 */
describe('assessment (考核)', () => {
  let app: App
  let staff: Staff
  let b: TCase
  const clock = new ManualClock('2026-11-02T09:00:00+08:00')

  const get = async <T>(who: { headers: Record<string, string> }, url: string): Promise<T> => {
    const res = await app.http.inject({ method: 'GET', url, headers: who.headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as T
  }
  const rowOf = (a: TAssessment, key: string | number) => a.rows.find((r) => r.key === String(key))

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { ONEGRID_SESSION_IDLE_MINUTES: '1440' } })
    ;({ staff } = await caseWorld(app))
    await at(app, clock, staff, '2026-11-02 09:00')
    let a = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '休息亭顶棚破损',
      reporter: { name: '张三丰', phone: '13812345678' },
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    a = await act(app, staff.operator, a, 'accept')
    a = await act(app, staff.shiftLeader, a, 'register', { urgency: 'normal' })
    a = await act(app, staff.dispatcher, a, 'dispatch')
    a = await act(app, staff.chengguan, a, 'sign')
    clock.advance(3_600_000)
    a = await act(app, staff.chengguan, a, 'handle', {
      note: '已更换顶棚',
      attachmentIds: [(await photo(app, staff.chengguan, '#3c3')).id],
    })
    a = await act(app, staff.worker, a, 'verify', { passed: true })
    await act(app, staff.shiftLeader, a, 'close')

    b = await report(app, staff.worker, {
      itemCode: items.kiosk,
      title: '座椅损坏',
      attachmentIds: [(await photo(app, staff.worker)).id],
    })
    b = await act(app, staff.operator, b, 'accept')
    b = await act(app, staff.shiftLeader, b, 'register', { urgency: 'normal' })
    b = await act(app, staff.dispatcher, b, 'dispatch')
    b = await act(app, staff.chengguan, b, 'sign')
    b = await act(app, staff.chengguan, b, 'handle', {
      note: '已修复',
      attachmentIds: [(await photo(app, staff.chengguan, '#39c')).id],
    })

    const c = await report(app, staff.worker, {
      itemCode: items.kiosk,
      title: '重复上报',
      attachmentIds: [(await photo(app, staff.worker)).id],
    })
    await act(app, staff.operator, c, 'reject', { reason: '重复上报' })

    const d = await report(app, staff.worker, {
      itemCode: items.dispute,
      title: '邻里纠纷已调解',
      selfHandle: true,
      handlingNote: '双方已调解和好',
      handlingFields: { resolved: 'yes', resolution_method: 'on_the_spot' },
      attachmentIds: [(await photo(app, staff.worker)).id],
    })
    await act(app, staff.supervisor, d, 'verify', { passed: true })

    // Two petitioners of the grid: yellow since 10-01 (every 15 days: due 10-16), red since 11-10
    // (every 7 days: due 11-17). No household is recorded: the grid keeps its 400 planned households.
    const admin = await createUser(app, { username: 'a_admin', role: 'admin', areaCode: '110120' })
    const root = await app.services.sessions.principalFor(admin.id, 'a_admin', 'test', false)
    const { persons, groups } = app.services.registry
    const person = async (name: string) =>
      (await persons.create(root, systemActor, { name, documentKind: 'other', gridCode: grid1 })).id
    const early = await person('信访人甲')
    await groups.add(root, systemActor, early, {
      group: 'petitioner',
      fields: { petitionMatter: '拆迁补偿' },
      riskLevel: 'yellow',
      helperIds: [],
      since: '2026-10-01',
    })
    await groups.add(root, systemActor, await person('信访人乙'), {
      group: 'petitioner',
      fields: { petitionMatter: '物业纠纷' },
      riskLevel: 'red',
      helperIds: [],
      since: '2026-11-10',
    })
    await at(app, clock, staff, '2026-11-05 10:00')
    const visited = await app.http.inject({
      method: 'POST',
      url: '/api/visits',
      headers: staff.worker.headers,
      payload: {
        target: { kind: 'person', id: early },
        visitedAt: clock.now().toISOString(),
        method: 'door',
      },
    })
    expect(visited.statusCode, visited.body).toBe(201)

    for (const day of ['2026-11-05', '2026-11-06'])
      await sql`
        INSERT INTO patrol_grid_days (grid_code, day, district_code, area_path, patrolled, distance_m, duration_s,
          coverage, workers, patrol_ids, computed_at)
        VALUES (${grid1}, CAST(${day} AS date), '110120', CAST('110120.110120001.110120001001.110120001001001' AS ltree),
          true, 3200, 5400, 0.7, 1, '{}', now())`.execute(app.database.db)

    await at(app, clock, staff, '2026-11-28 10:00')
    await app.services.stats.catchUp()
  })
  afterAll(async () => {
    await app.close()
  })

  it('scores a grid worker live from the month’s reports, cases of their grid, verifications and patrols', async () => {
    const a = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-11&kind=grid_worker')
    expect(a).toMatchObject({ status: 'live', published: null, publishable: false, ranked: 1 })
    const w = rowOf(a, staff.worker.id)
    expect(w?.areas).toEqual([{ code: grid1, name: '柳园社区第一网格' }])
    expect(w?.households).toBe(400)
    // 3 reported (B, C, D), 2 valid: 66.67 %, a small sample (minimum 5).
    expect(score(w, 'validReportRate')).toMatchObject({
      value: 66.67,
      numerator: 2,
      denominator: 3,
      score: 66.67,
      smallSample: true,
    })
    // Registered in the grid: A (hotline) and B (the worker): one of two from the public, 50 % missed.
    expect(score(w, 'missedReportRate')).toMatchObject({ value: 50, numerator: 1, denominator: 2, score: 50 })
    // A and D verified at once, B waiting since its deadline on 11-03: 2 of 3.
    expect(score(w, 'onTimeVerifyRate')).toMatchObject({ numerator: 2, denominator: 3, score: 66.67 })
    // 0.7 + 0.7 over 28 days so far.
    expect(score(w, 'patrolCoverage')).toMatchObject({ value: 5, denominator: 28, score: 5 })
    // Both petitioners due (10-16, 11-17), the first visited: 1 of 2, a small sample.
    expect(score(w, 'visitCompletionRate')).toMatchObject({
      value: 50,
      numerator: 1,
      denominator: 2,
      score: 50,
      weighted: 10,
      smallSample: true,
    })
    // (6667 × 30 + 5000 × 15 + 6667 × 15 + 500 × 20 + 5000 × 20) ÷ 100 = 4850.15 hundredths
    expect(w).toMatchObject({ composite: 48.5, grade: 'D', rank: 1, smallSample: true })
  })

  it('scores operators, dispatchers, departments, supervisors and areas by their own figures', async () => {
    const op = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-11&kind=operator')
    // Accepted A and B, rejected C, all within the two working hours: 受理数 3 bands 0, on time 100.
    expect(rowOf(op, staff.operator.id)).toMatchObject({ composite: 75, grade: 'B' })
    expect(score(rowOf(op, staff.operator.id), 'intakeCount')).toMatchObject({ value: 3, score: 0 })
    const disp = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-11&kind=dispatcher')
    expect(rowOf(disp, staff.dispatcher.id)).toMatchObject({ composite: 80, grade: 'B' })
    const dept = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-11&kind=department')
    const cg = dept.rows.find((r) => r.name === '城市管理局')
    // Due for closure A and B, A closed: 50 × 30; handled on time 100 × 30; no rework (15), return (10)
    // or shirking (5); no whistle summoned it, so 吹哨报到率's 10 is shared out: 7500 ÷ 90.
    expect(score(cg, 'closureRateCjt')).toMatchObject({ numerator: 1, denominator: 2, score: 50 })
    expect(score(cg, 'whistleArrivalRate')).toMatchObject({ numerator: 0, denominator: 0, score: null })
    expect(cg).toMatchObject({ composite: 83.33, grade: 'B' })
    const sup = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-11&kind=supervisor')
    // Nothing reported by the supervisor; 50 % missed and 2 of 3 on time over the street's grids.
    expect(rowOf(sup, staff.supervisor.id)).toMatchObject({ composite: 58.34, grade: 'D' })
    const grids = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-11&kind=area&level=grid')
    expect(rowOf(grids, grid1)).toMatchObject({ composite: 60, grade: 'C', rank: 1 })
    // A grid without cases is not graded: no rate says anything of it.
    expect(rowOf(grids, '110120001001002')).toMatchObject({ rank: null, grade: null })
    expect(grids.gradeCounts).toMatchObject({ C: 1, none: 5 })
  })

  it('shows each caller the objects of their jurisdiction only', async () => {
    const own = await get<TAssessment>(staff.worker, '/api/assessment?month=2026-11&kind=grid_worker')
    expect(own.rows.map((r) => r.key)).toEqual([String(staff.worker.id)])
    const outside = await get<TAssessment>(staff.outsider, '/api/assessment?month=2026-11&kind=grid_worker')
    expect(outside.rows).toEqual([])
    const grids = await get<TAssessment>(staff.outsider, '/api/assessment?month=2026-11&kind=area&level=grid')
    expect(grids.rows.map((r) => r.key)).toEqual(['110120002001001', '110120002001002'])
    const foreign = await app.http.inject({
      method: 'GET',
      url: '/api/assessment?areaCode=110120001&kind=grid_worker',
      headers: staff.outsider.headers,
    })
    expect(foreign.statusCode).toBe(404)
    // A department's staff see their department.
    const dept = await get<TAssessment>(staff.chengguan, '/api/assessment?month=2026-11&kind=department')
    expect(dept.rows.map((r) => r.name)).toEqual(['城市管理局'])
    const pay = await app.http.inject({
      method: 'GET',
      url: '/api/assessment/pay.xlsx?month=2026-11',
      headers: staff.worker.headers,
    })
    expect(pay.statusCode).toBe(403)
  })

  it('refuses a scheme whose weights do not sum to 100 or whose grades do not descend, naming the field in both languages', async () => {
    const scheme = await get<TAssessmentScheme>(staff.leader, '/api/assessment/scheme?kind=grid_worker')
    expect(scheme.version).toBe(0)
    expect(scheme.indicators.map((i) => [i.key, i.weight])).toEqual([
      ['validReportRate', 30],
      ['missedReportRate', 15],
      ['onTimeVerifyRate', 15],
      ['patrolCoverage', 20],
      ['visitCompletionRate', 20],
    ])
    const weights = Object.fromEntries(scheme.indicators.map((i) => [i.key, i.weight]))
    const put = (payload: object, lang = 'zh-CN') =>
      app.http.inject({
        method: 'PUT',
        url: '/api/assessment/scheme',
        headers: { ...staff.leader.headers, 'accept-language': lang },
        payload: {
          kind: 'grid_worker',
          grades: scheme.grades,
          minSample: 5,
          version: 0,
          weights,
          ...payload,
        },
      })
    const sum = await put({ weights: { ...weights, patrolCoverage: 19 } })
    expect(sum.statusCode).toBe(400)
    expect(sum.json().error.fields.weights).toBe('各项权重之和须为 100（现为 99）')
    const en = await put({ weights: { ...weights, patrolCoverage: 19 } }, 'en')
    expect(en.json().error.fields.weights).toBe('The weights must sum to 100 (they sum to 99)')
    const bands = await put({ grades: { A: 90, B: 92, C: 60, D: 40 } })
    expect(bands.statusCode).toBe(400)
    expect(Object.keys(bands.json().error.fields)).toEqual(['grades.B'])
    const stale = await put({ version: 3 })
    expect(stale.statusCode).toBe(409)
    const outsider = await app.http.inject({
      method: 'PUT',
      url: '/api/assessment/scheme',
      headers: staff.outsider.headers,
      payload: { kind: 'grid_worker', grades: scheme.grades, minSample: 5, version: 0, weights },
    })
    expect(outsider.statusCode).toBe(403)
  })

  it('refuses to publish a month that has not ended', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/assessment/publish',
      headers: staff.leader.headers,
      payload: { month: '2026-11', kind: 'grid_worker' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields).toHaveProperty('month')
  })

  it('freezes a published month: later changes and a new scheme leave it as published', async () => {
    await at(app, clock, staff, '2026-12-02 09:00')
    const before = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-11&kind=grid_worker')
    expect(before.publishable).toBe(true)
    // The month has ended: coverage over its 30 days,
    // (6667 × 30 + 5000 × 15 + 6667 × 15 + 467 × 20 + 5000 × 20) ÷ 100 = 4843.55 hundredths.
    const w = rowOf(before, staff.worker.id)
    expect(score(w, 'patrolCoverage')).toMatchObject({ value: 4.67, denominator: 30 })
    expect(w).toMatchObject({ composite: 48.44, grade: 'D' })

    const published = await app.http.inject({
      method: 'POST',
      url: '/api/assessment/publish',
      headers: staff.leader.headers,
      payload: { month: '2026-11', kind: 'grid_worker' },
    })
    expect(published.statusCode, published.body).toBe(201)
    expect(published.json()).toMatchObject({ month: '2026-11', kind: 'grid_worker', rows: 1 })
    const again = await app.http.inject({
      method: 'POST',
      url: '/api/assessment/publish',
      headers: staff.leader.headers,
      payload: { month: '2026-11', kind: 'grid_worker' },
    })
    expect(again.statusCode).toBe(409)

    // B is verified now, late; the district changes the weights; the figures move on.
    await act(app, staff.worker, b, 'verify', { passed: true })
    await app.services.stats.catchUp()
    const scheme = await get<TAssessmentScheme>(staff.leader, '/api/assessment/scheme?kind=grid_worker')
    const changed = await app.http.inject({
      method: 'PUT',
      url: '/api/assessment/scheme',
      headers: staff.leader.headers,
      payload: {
        kind: 'grid_worker',
        weights: {
          validReportRate: 20,
          missedReportRate: 20,
          onTimeVerifyRate: 20,
          patrolCoverage: 20,
          visitCompletionRate: 20,
        },
        grades: scheme.grades,
        minSample: scheme.minSample,
        version: scheme.version,
        reason: '加重核查',
      },
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ version: 1, updatedBy: 'c_leader' })

    const after = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-11&kind=grid_worker')
    expect(after).toMatchObject({
      status: 'published',
      publishable: false,
      published: { month: '2026-11', publishedBy: { name: 'c_leader' }, rows: 1 },
    })
    expect(rowOf(after, staff.worker.id)).toEqual(w)
    expect(after.scheme.version).toBe(0)
    // Computed afresh, November would now count B in December instead.
    const live = await app.services.assessment.schemes.schemeFor('110120', 'grid_worker')
    expect(live.scheme.indicators.find((i) => i.key === 'onTimeVerifyRate')?.weight).toBe(20)
    const december = await get<TAssessment>(staff.leader, '/api/assessment?month=2026-12&kind=grid_worker')
    expect(score(rowOf(december, staff.worker.id), 'onTimeVerifyRate')).toMatchObject({
      numerator: 0,
      denominator: 1,
    })
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', 'like', 'assessment.%')
      .orderBy('id')
      .execute()
    expect(audit).toEqual([
      { action: 'assessment.publish', entity_id: '2026-11/grid_worker' },
      { action: 'assessment.scheme.update', entity_id: 'grid_worker' },
    ])
    // The database itself refuses to change a published row.
    await expect(
      sql`UPDATE assessment_snapshot_rows SET grade = 'A'`.execute(app.database.db),
    ).rejects.toThrow(/never changed/)
  })

  it('exports the grid workers’ pay of a published month: base + 1.5 yuan × households × the grade’s factor', async () => {
    const settings = await get<{ version: number; perHousehold: number }>(
      staff.leader,
      '/api/assessment/pay-settings',
    )
    expect(settings).toMatchObject({ version: 0, perHousehold: 1.5 })
    const saved = await app.http.inject({
      method: 'PUT',
      url: '/api/assessment/pay-settings',
      headers: staff.leader.headers,
      payload: { base: 2000, perHousehold: 1.5, factors: { A: 1.2, B: 1, C: 0.8, D: 0.5, E: 0 }, version: 0 },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const res = await app.http.inject({
      method: 'GET',
      url: '/api/assessment/pay.xlsx?month=2026-11',
      headers: staff.leader.headers,
    })
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('网格员报酬'))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const ws = wb.getWorksheet(paySheetName)
    expect(ws).toBeDefined()
    const header = ws?.getRow(4).values as unknown[]
    expect(header.slice(1)).toEqual(payColumns.map((c) => c.header))
    const row = ws?.getRow(5).values as unknown[]
    // 400 households × 1.5 = 600, grade D × 0.5 = 300, plus the base 2000.
    expect(row.slice(1)).toEqual([1, 'c_worker', '柳园社区第一网格', 400, 2000, 600, 48.44, 'D', 0.5, 2300])
    expect(ws?.getRow(6).getCell(2).value).toBe('合计')
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'assessment.pay.export')
      .execute()
    expect(audit).toHaveLength(1)
  })
})
