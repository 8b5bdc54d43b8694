import type {
  TCampaign,
  TCampaignItem,
  TCampaignProgress,
  TCampaignTargetPreview,
  TMyCampaignItems,
} from '@onegrid/core/api/campaigns'
import { ZSubmitCampaignItem } from '@onegrid/core/api/campaigns'
import { checkAnswers } from '@onegrid/core/campaigns/form'
import { defaultTemplates } from '@onegrid/core/campaigns/templates'
import { mulberry32 } from '@onegrid/core/random'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, systemActor, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import { ManualClock } from '../../platform/clock.ts'
import { photo } from '../cases/test-fixtures.ts'

const district = '110120'
const street = '110120001'
const otherStreet = '110120002'
const fire = defaultTemplates.find((t) => t.key === 'rental_fire_safety')
if (!fire) throw new Error('template missing')

type Who =
  | 'admin'
  | 'streetLeader'
  | 'otherLeader'
  | 'gridLeader'
  | 'workerA'
  | 'workerA2'
  | 'workerB'
  | 'workerOther'

describe('campaigns (专项任务)', () => {
  // Monday 2026-12-07, 09:00 in Beijing.
  const clock = new ManualClock('2026-12-07T09:00:00+08:00')
  let app: App
  const tokens = {} as Record<Who, string>
  const ids = {} as Record<Who, number>
  let admin: UserPrincipal
  let grids: { code: string; path: string }[] = []
  let gridA = ''
  let gridB = ''
  let otherGrid = ''
  /** Rental houses per grid code, as generated. */
  const houses = new Map<string, number>()

  const call = (who: Who, method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
    app.http.inject({
      method,
      url,
      headers: { ...bearer(tokens[who]), ...headers },
      ...(payload ? { payload } : {}),
    })
  const ok = async <T>(who: Who, method: 'GET' | 'POST', url: string, payload?: object, status = 200) => {
    const res = await call(who, method, url, payload)
    expect(res.statusCode, res.body).toBe(status)
    return res.json() as T
  }
  const usernames = {} as Record<Who, string>
  /** Moves the clock and signs everyone in again (sessions time out when the clock jumps days). */
  const at = async (time: string) => {
    clock.set(time)
    for (const who of Object.keys(usernames) as Who[]) tokens[who] = await tokenFor(app, usernames[who])
  }
  const fieldsOf = (body: string) =>
    (JSON.parse(body) as { error: { fields: Record<string, { zh?: string } | string> } }).error.fields
  const create = (who: Who, areaCodes: string[], extra: object = {}) =>
    ok<TCampaign>(
      who,
      'POST',
      '/api/campaigns',
      {
        title: '出租房屋消防安全检查',
        issuingUnit: '区综治中心',
        templateKey: fire.key,
        workingDays: 5,
        targets: { kind: 'rental_house', areaCodes },
        form: fire.form,
        ...extra,
      },
      201,
    )
  const itemsOf = async (who: Who, id: number, query = '') =>
    await ok<{ items: TCampaignItem[]; total: number }>(
      who,
      'GET',
      `/api/campaigns/${id}/items?pageSize=200${query}`,
    )

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await loadDemoAreas(app)
    const { rows } = await sql<{ code: string; path: string }>`
      SELECT code, path::text AS path FROM areas WHERE level = 'grid' AND (code LIKE ${`${street}%`} OR code LIKE ${`${otherStreet}%`})
      ORDER BY code`.execute(app.database.db)
    grids = rows
    const inStreet = grids.filter((g) => g.code.startsWith(street))
    gridA = inStreet[0]?.code ?? ''
    gridB = inStreet[1]?.code ?? ''
    otherGrid = grids.find((g) => g.code.startsWith(otherStreet))?.code ?? ''
    const users = [
      ['admin', 'cp_admin', 'admin', district],
      ['streetLeader', 'cp_street', 'leader', street],
      ['otherLeader', 'cp_other_street', 'leader', otherStreet],
      ['gridLeader', 'cp_grid_leader', 'grid_leader', gridA],
      ['workerA', 'cp_worker_a', 'grid_worker', gridA],
      ['workerA2', 'cp_worker_a2', 'grid_worker', gridA],
      ['workerB', 'cp_worker_b', 'grid_worker', gridB],
      ['workerOther', 'cp_worker_other', 'grid_worker', otherGrid],
    ] as const
    for (const [who, username, role, areaCode] of users) {
      ids[who] = (await createUser(app, { username, role, areaCode })).id
      tokens[who] = await tokenFor(app, username)
      usernames[who] = username
    }
    admin = await app.services.sessions.principalFor(ids.admin, 'cp_admin', 'test', false)
    // Rental houses (and some others) over both streets' grids, from a fixed seed.
    const r = mulberry32(20261207)
    const values = []
    let n = 0
    for (const g of grids.slice(0, 40)) {
      const count = (g.code === gridA ? 8 : 2) + Math.floor(r() * 9)
      for (let i = 0; i < count; i++) {
        const rental = r() < 0.8
        if (rental) houses.set(g.code, (houses.get(g.code) ?? 0) + 1)
        n++
        values.push(
          sql`(${`${n}`}, ${`东湖路${n}号`}, ${rental ? 'rental' : 'owner_occupied'}, ${g.code}, CAST(${g.path} AS ltree),
            ST_SetSRID(ST_MakePoint(${116.3 + r() / 100}, ${39.9 + r() / 100}), 4326), now(), now())`,
        )
      }
    }
    await sql`INSERT INTO registry_houses (room_no, address, use, grid_code, area_path, location, created_at, updated_at)
      VALUES ${sql.join(values)}`.execute(app.database.db)
  })
  afterAll(async () => {
    await app?.close()
  })

  const rentalIn = (prefix: string) =>
    [...houses.entries()].filter(([g]) => g.startsWith(prefix)).reduce((s, [, c]) => s + c, 0)

  let campaign: TCampaign
  it('makes one item per rental house of a street, as the preview counted, each with its grid’s first worker', async () => {
    const preview = await ok<TCampaignTargetPreview>('admin', 'POST', '/api/campaigns/preview', {
      targets: { kind: 'rental_house', areaCodes: [street] },
    })
    expect(preview.total).toBe(rentalIn(street))
    expect(preview.byArea).toEqual([expect.objectContaining({ code: street, count: rentalIn(street) })])
    campaign = await create('admin', [street])
    expect(campaign.figures.total).toBe(preview.total)
    expect(campaign.figures).toMatchObject({ done: 0, pending: preview.total, rate: 0 })
    // Five working days from Monday: Friday; the deadline passes at its end.
    expect(campaign.deadlineDate).toBe('2026-12-11')
    expect(campaign.deadlineAt).toBe('2026-12-11T16:00:00.000Z')
    const { rows } = await sql<{ grid_code: string; assignee_id: number | null; n: number }>`
      SELECT grid_code, assignee_id, count(*)::int AS n FROM campaign_items WHERE campaign_id = ${campaign.id}
      GROUP BY grid_code, assignee_id ORDER BY grid_code`.execute(app.database.db)
    for (const [g, count] of houses) {
      if (!g.startsWith(street)) continue
      const row = rows.find((x) => x.grid_code === g)
      expect(Number(row?.n)).toBe(count)
      const expected = g === gridA ? ids.workerA : g === gridB ? ids.workerB : null
      expect(row?.assignee_id === null ? null : Number(row?.assignee_id)).toBe(expected)
    }
    expect(preview.gridsWithoutWorker).toBe(rows.filter((x) => x.assignee_id === null).length)
    // A second campaign on the same houses is its own; no house twice in one.
    const again = await sql<{ n: number }>`
      SELECT count(DISTINCT target_id)::int AS n FROM campaign_items WHERE campaign_id = ${campaign.id}`.execute(
      app.database.db,
    )
    expect(Number(again.rows[0]?.n)).toBe(preview.total)
  })

  it('refuses areas outside the creator’s jurisdiction and a form that does not hold together, naming the field', async () => {
    const out = await call('streetLeader', 'POST', '/api/campaigns', {
      title: '越权',
      issuingUnit: '街道',
      workingDays: 3,
      targets: { kind: 'rental_house', areaCodes: [otherStreet] },
      form: fire.form,
    })
    expect(out.statusCode).toBe(400)
    expect(fieldsOf(out.body)).toHaveProperty('targets.areaCodes.0')
    const bad = await call('admin', 'POST', '/api/campaigns', {
      title: '坏表单',
      issuingUnit: '区政府',
      workingDays: 3,
      targets: { kind: 'rental_house', areaCodes: [street] },
      form: { questions: [{ key: 'a', label: 'A', type: 'text', showIf: { key: 'zz', anyOf: ['x'] } }] },
    })
    expect(bad.statusCode).toBe(400)
    expect(fieldsOf(bad.body)).toHaveProperty('form.questions.0.showIf')
  })

  it('shows a grid worker only their own items, with the form, on the phone', async () => {
    const mine = await ok<TMyCampaignItems>('workerA', 'GET', '/api/campaign-items/mine')
    expect(mine.items.length).toBe(houses.get(gridA))
    expect(mine.items.every((i) => i.assignee?.id === ids.workerA && i.gridCode === gridA)).toBe(true)
    expect(mine.campaigns).toEqual([expect.objectContaining({ id: campaign.id, form: expect.anything() })])
    expect((await ok<TMyCampaignItems>('workerA2', 'GET', '/api/campaign-items/mine')).items).toEqual([])
    // listCampaignItems for a worker: their own only.
    const listed = await itemsOf('workerA', campaign.id)
    expect(listed.total).toBe(houses.get(gridA))
  })

  it('saves partially, names the missing and conditional answers, then completes', async () => {
    const [item] = (await ok<TMyCampaignItems>('workerA', 'GET', '/api/campaign-items/mine')).items
    if (!item) throw new Error('no item')
    const partial = await ok<TCampaignItem>('workerA', 'POST', `/api/campaign-items/${item.id}`, {
      answers: { met: 'yes' },
      complete: false,
    })
    expect(partial.status).toBe('in_progress')
    expect(partial.doneAt).toBeNull()
    const missing = await call('workerA', 'POST', `/api/campaign-items/${item.id}`, {
      answers: { met: 'yes', extinguisher: 'yes', smoke_alarm: 'yes' },
      complete: true,
    })
    expect(missing.statusCode).toBe(400)
    // met = yes shows "tenants", required; photos are required.
    expect(Object.keys(fieldsOf(missing.body)).sort()).toEqual(['answers.photos', 'answers.tenants'])
    const unknown = await call('workerA', 'POST', `/api/campaign-items/${item.id}`, {
      answers: { met: 'maybe', nonsense: 1 },
      complete: false,
    })
    expect(Object.keys(fieldsOf(unknown.body)).sort()).toEqual(['answers.met', 'answers.nonsense'])
    const pic = await photo(app, { headers: bearer(tokens.workerA) })
    const done = await ok<TCampaignItem>('workerA', 'POST', `/api/campaign-items/${item.id}`, {
      answers: { met: 'no', tenants: 4, extinguisher: 'yes', smoke_alarm: 'yes', photos: [pic.id] },
      complete: true,
      at: '2026-12-07T08:30:00+08:00',
    })
    expect(done.status).toBe('done')
    expect(done.doneAt).toBe('2026-12-07T00:30:00.000Z')
    // The hidden question's answer is dropped, not stored.
    expect(done.answers).not.toHaveProperty('tenants')
    expect(done.attachments.map((a) => a.id)).toEqual([pic.id])
    // Another's photo is refused.
    const theirs = await photo(app, { headers: bearer(tokens.workerB) })
    const [second] = (await ok<TMyCampaignItems>('workerA', 'GET', '/api/campaign-items/mine')).items
    const refused = await call('workerA', 'POST', `/api/campaign-items/${second?.id}`, {
      answers: { photos: [theirs.id] },
      complete: false,
    })
    expect(refused.statusCode).toBe(400)
  })

  it('turns a hazard into one case, whatever is resent', async () => {
    const items = (await ok<TMyCampaignItems>('workerA', 'GET', '/api/campaign-items/mine')).items
    const item = items.find((i) => i.status === 'pending')
    if (!item) throw new Error('no pending item')
    const pic = await photo(app, { headers: bearer(tokens.workerA) }, '#3c3')
    const body = {
      answers: {
        met: 'no',
        extinguisher: 'no',
        smoke_alarm: 'yes',
        hazards: ['ebike_indoor'],
        photos: [pic.id],
      },
      complete: true,
      reportHazard: { description: '楼道内电动自行车充电' },
    }
    const first = await call('workerA', 'POST', `/api/campaign-items/${item.id}`, body, {
      'idempotency-key': 'hz-1',
    })
    expect(first.statusCode, first.body).toBe(200)
    const made = first.json() as TCampaignItem
    expect(made.hazards.sort()).toEqual(['extinguisher', 'hazards', 'met'])
    expect(made.case).toEqual(expect.objectContaining({ id: expect.any(Number) }))
    const replay = await call('workerA', 'POST', `/api/campaign-items/${item.id}`, body, {
      'idempotency-key': 'hz-1',
    })
    expect((replay.json() as TCampaignItem).case?.id).toBe(made.case?.id)
    const resent = await call('workerA', 'POST', `/api/campaign-items/${item.id}`, body, {
      'idempotency-key': 'hz-2',
    })
    expect(resent.statusCode, resent.body).toBe(200)
    expect((resent.json() as TCampaignItem).case?.id).toBe(made.case?.id)
    const cases = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM cases WHERE intake_key = ${`campaign-item:${item.id}`}`.execute(
      app.database.db,
    )
    expect(Number(cases.rows[0]?.n)).toBe(1)
    const c = await sql<{
      channel: string
    }>`SELECT channel FROM cases WHERE id = ${made.case?.id ?? 0}`.execute(app.database.db)
    expect(c.rows[0]?.channel).toBe('grid_worker')
  })

  it('keeps workers of other grids and other streets out, and a street sees its own part only', async () => {
    const [item] = (await ok<TMyCampaignItems>('workerA', 'GET', '/api/campaign-items/mine')).items
    const body = { answers: { met: 'no' }, complete: false }
    expect([403, 404]).toContain(
      (await call('workerB', 'POST', `/api/campaign-items/${item?.id}`, body)).statusCode,
    )
    expect((await call('workerOther', 'POST', `/api/campaign-items/${item?.id}`, body)).statusCode).toBe(404)
    // A second worker of the same grid is not its assignee.
    expect((await call('workerA2', 'POST', `/api/campaign-items/${item?.id}`, body)).statusCode).toBe(403)
    // The grid leader may.
    expect((await call('gridLeader', 'POST', `/api/campaign-items/${item?.id}`, body)).statusCode).toBe(200)
    expect((await call('otherLeader', 'GET', `/api/campaigns/${campaign.id}`)).statusCode).toBe(404)
    // A district campaign over both streets: each street sees its own part.
    const wide = await create('admin', [district], { title: '全区出租房屋检查' })
    expect(wide.figures.total).toBe(rentalIn(street) + rentalIn(otherStreet))
    const theirs = await ok<TCampaign>('otherLeader', 'GET', `/api/campaigns/${wide.id}`)
    expect(theirs.figures.total).toBe(rentalIn(otherStreet))
    const items = await itemsOf('otherLeader', wide.id)
    expect(items.total).toBe(rentalIn(otherStreet))
    expect(items.items.every((i) => i.gridCode.startsWith(otherStreet))).toBe(true)
    const progress = await ok<TCampaignProgress>(
      'otherLeader',
      'GET',
      `/api/campaigns/${wide.id}/progress?under=${district}`,
    )
    expect(progress.rows.map((r) => r.code)).toEqual([otherStreet])
    expect(progress.totals.total).toBe(rentalIn(otherStreet))
    // Reassignment: to a worker of the item's grid only.
    const [mine] = (await ok<TMyCampaignItems>('workerA', 'GET', '/api/campaign-items/mine')).items
    const wrong = await call('gridLeader', 'POST', `/api/campaigns/${campaign.id}/reassign`, {
      itemIds: [mine?.id],
      assigneeId: ids.workerB,
    })
    expect(wrong.statusCode).toBe(400)
    expect(
      (
        await ok<{ reassigned: number }>('gridLeader', 'POST', `/api/campaigns/${campaign.id}/reassign`, {
          itemIds: [mine?.id],
          assigneeId: ids.workerA2,
        })
      ).reassigned,
    ).toBe(1)
    expect(
      (await ok<TMyCampaignItems>('workerA2', 'GET', '/api/campaign-items/mine')).items.map((i) => i.id),
    ).toEqual([mine?.id])
  })

  it('counts progress exactly as a direct count of a generated data set', async () => {
    // The same form without required photos, so that items can be completed in bulk here.
    const form = { questions: fire.form.questions.map((q) => ({ ...q, required: q.key === 'met' })) }
    const target = await create('admin', [district], { title: '进度核对', form })
    const r = mulberry32(424242)
    const { rows: all } = await sql<{ id: number }>`
      SELECT id FROM campaign_items WHERE campaign_id = ${target.id} ORDER BY id`.execute(app.database.db)
    for (const { id } of all) {
      const roll = r()
      if (roll < 0.3) continue
      const hazard = r() < 0.25
      const answers = { met: 'no', extinguisher: hazard ? 'no' : 'yes', smoke_alarm: 'yes' }
      expect(checkAnswers(form, answers, true).problems).toEqual({})
      // Saved partially first, then (for most) completed; some done after the deadline (Friday).
      await app.services.campaigns.submit.submit(
        admin,
        systemActor,
        Number(id),
        ZSubmitCampaignItem.parse({ answers, complete: false }),
      )
      if (roll > 0.55) {
        if (r() < 0.2) clock.set('2026-12-12T10:00:00+08:00')
        await app.services.campaigns.submit.submit(
          admin,
          systemActor,
          Number(id),
          ZSubmitCampaignItem.parse({ answers, complete: true }),
        )
        clock.set('2026-12-08T10:00:00+08:00')
      }
    }
    await at('2026-12-08T10:00:00+08:00')
    const progress = await ok<TCampaignProgress>(
      'admin',
      'GET',
      `/api/campaigns/${target.id}/progress?under=${district}&level=grid`,
    )
    const { rows: direct } = await sql<{
      grid_code: string
      total: number
      done: number
      in_progress: number
      pending: number
      hazards: number
      late: number
    }>`
      SELECT grid_code, count(*)::int AS total, count(*) FILTER (WHERE status = 'done')::int AS done,
        count(*) FILTER (WHERE status = 'in_progress')::int AS in_progress,
        count(*) FILTER (WHERE status = 'pending')::int AS pending,
        count(*) FILTER (WHERE cardinality(hazards) > 0)::int AS hazards,
        count(*) FILTER (WHERE done_at > ${new Date('2026-12-11T16:00:00Z')})::int AS late
      FROM campaign_items WHERE campaign_id = ${target.id} GROUP BY grid_code ORDER BY grid_code`.execute(
      app.database.db,
    )
    const withItems = progress.rows.filter((x) => x.total > 0)
    expect(withItems.map((x) => x.code)).toEqual(direct.map((d) => d.grid_code))
    for (const d of direct) {
      const row = progress.rows.find((x) => x.code === d.grid_code)
      expect(row).toMatchObject({
        total: d.total,
        done: d.done,
        inProgress: d.in_progress,
        pending: d.pending,
        hazards: d.hazards,
        late: d.late,
      })
    }
    const sum = (k: 'total' | 'done' | 'hazards' | 'late') => direct.reduce((s, d) => s + Number(d[k]), 0)
    expect(progress.totals).toMatchObject({
      total: sum('total'),
      done: sum('done'),
      hazards: sum('hazards'),
      late: sum('late'),
    })
    expect(sum('late')).toBeGreaterThan(0)
    expect(sum('done')).toBeGreaterThan(0)
    // Rolled up by community and street, the same.
    const streets = await ok<TCampaignProgress>(
      'admin',
      'GET',
      `/api/campaigns/${target.id}/progress?under=${district}`,
    )
    for (const s of streets.rows) {
      const mine = direct.filter((d) => d.grid_code.startsWith(s.code))
      expect(s.total).toBe(mine.reduce((n, d) => n + d.total, 0))
      expect(s.done).toBe(mine.reduce((n, d) => n + d.done, 0))
    }
    // Laggards: behind the time elapsed (Tuesday of five days: 40%), lowest first.
    expect(streets.expectedRate).toBe(40)
    const rates = streets.laggards.map((l) => l.rate ?? 0)
    expect(rates).toEqual([...rates].sort((a, b) => a - b))
    expect(streets.laggards.every((l) => (l.rate ?? 0) < 40)).toBe(true)
  })

  it('exports the results as XLSX (a column per question) and the summary as PDF', async () => {
    const res = await call('admin', 'GET', `/api/campaigns/${campaign.id}/export?format=xlsx`)
    expect(res.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]
    if (!sheet) throw new Error('no sheet')
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    for (const q of fire.form.questions) expect(header).toContain(q.label)
    expect(sheet.rowCount - 1).toBe(rentalIn(street))
    const pdf = await call('admin', 'GET', `/api/campaigns/${campaign.id}/export?format=pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF')
  })

  it('reminds the workers a working day before the deadline and the laggards’ grid leaders after it, once each', async () => {
    const reminders = app.services.campaigns.reminders
    const count = async (kind: string) =>
      Number(
        (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE destination = ${kind}`.execute(
            app.database.db,
          )
        ).rows[0]?.n,
      )
    clock.set('2026-12-09T09:00:00+08:00')
    const before = await count('campaign.due_soon')
    await reminders.run()
    expect(await count('campaign.due_soon')).toBe(before)
    clock.set('2026-12-10T09:30:00+08:00')
    await reminders.run()
    const soon = await count('campaign.due_soon')
    expect(soon).toBeGreaterThan(before)
    await reminders.run()
    expect(await count('campaign.due_soon')).toBe(soon)
    clock.set('2026-12-12T09:00:00+08:00')
    await reminders.run()
    const overdue = await count('campaign.overdue')
    expect(overdue).toBeGreaterThan(0)
    await reminders.run()
    expect(await count('campaign.overdue')).toBe(overdue)
    await at('2026-12-08T10:00:00+08:00')
  })

  it('freezes the figures on closing and refuses later submissions', async () => {
    await at('2026-12-09T10:00:00+08:00')
    const before = await ok<TCampaignProgress>('admin', 'GET', `/api/campaigns/${campaign.id}/progress`)
    expect((await call('streetLeader', 'POST', `/api/campaigns/${campaign.id}/close`)).statusCode).toBe(403)
    const closed = await ok<TCampaign>('admin', 'POST', `/api/campaigns/${campaign.id}/close`)
    expect(closed.status).toBe('closed')
    const [item] = (await itemsOf('admin', campaign.id, '&status=pending')).items
    const late = await call('gridLeader', 'POST', `/api/campaign-items/${item?.id}`, {
      answers: { met: 'no' },
      complete: false,
    })
    expect(late.statusCode).toBe(409)
    expect((await call('admin', 'POST', `/api/campaigns/${campaign.id}/close`)).statusCode).toBe(409)
    await at('2026-12-20T10:00:00+08:00')
    const after = await ok<TCampaignProgress>('admin', 'GET', `/api/campaigns/${campaign.id}/progress`)
    expect(after.frozen).toBe(true)
    expect(after.totals).toEqual(before.totals)
    expect(after.rows).toEqual(before.rows)
    expect(after.asOf).toBe(closed.closedAt)
  })
})
