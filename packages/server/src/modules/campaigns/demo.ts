import { type TCreateCampaign, ZCreateCampaign, ZSubmitCampaignItem } from '@onegrid/core/api/campaigns'
import { type Answers, type CampaignForm, checkAnswers, visibleQuestions } from '@onegrid/core/campaigns/form'
import { defaultTemplates } from '@onegrid/core/campaigns/templates'
import { mulberry32, type Random } from '@onegrid/core/random'
import { addDays, shanghaiDate } from '@onegrid/core/time/calendar'
import { sql } from 'kysely'
import sharp from 'sharp'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import type { CampaignStore } from './campaign-store.ts'
import type { CampaignService } from './campaigns.ts'
import type { CreateCampaign } from './create-campaign.ts'
import type { SubmitCampaignItem } from './submit-item.ts'

const seed = 20261206
const actor = { userId: null, name: 'demo', ip: null, userAgent: null, requestId: null }

export type DemoCampaignDeps = {
  db: Db
  clock: Clock
  create: CreateCampaign
  submit: SubmitCampaignItem
  campaigns: CampaignService
  store: CampaignStore
  /** A demo account as a signed-in principal. */
  principal: (who: string | number) => Promise<UserPrincipal | null>
  /** Uploads a photo as someone (the cases module's attachments). */
  upload: (p: UserPrincipal, bytes: Buffer) => Promise<{ id: number }>
  street: string
  /** The README's grid worker (wanggeyuan), who keeps open items on his phone. */
  demoWorkerId: number | undefined
}

/** Answers a worker might give: mostly the reassuring option, a hazard now and then (photos left out). */
function answersFor(
  form: CampaignForm,
  r: Random,
  hazardRate: number,
  at: { lng: number; lat: number } | null,
) {
  const answers: Answers = {}
  // Conditions look back only: answering in order and re-reading what is shown settles the form.
  for (const q of form.questions) {
    if (!visibleQuestions(form, answers).some((v) => v.key === q.key)) continue
    const options = q.options ?? []
    const calm = options.filter((o) => !o.hazard)
    const alarm = options.filter((o) => o.hazard)
    switch (q.type) {
      case 'choice': {
        const pool = alarm.length > 0 && r() < hazardRate ? alarm : calm.length > 0 ? calm : options
        const o = pool[Math.floor(r() * pool.length)]
        if (o) answers[q.key] = o.value
        break
      }
      case 'multi_choice':
        if (alarm.length > 0 && r() < hazardRate) {
          const o = alarm[Math.floor(r() * alarm.length)]
          if (o) answers[q.key] = [o.value]
        } else if (calm.length > 0 && r() < 0.5) {
          const o = calm[Math.floor(r() * calm.length)]
          if (o) answers[q.key] = [o.value]
        }
        break
      case 'number': {
        const lo = q.min ?? 0
        const hi = Math.min(q.max ?? lo + 10, lo + 6)
        answers[q.key] = lo + Math.floor(r() * (hi - lo + 1))
        break
      }
      case 'text':
        if (r() < 0.2) answers[q.key] = '已当面告知注意事项。'
        break
      case 'location':
        if (at) answers[q.key] = at
        break
      default:
        break
    }
  }
  return answers
}

/** A small demo photo, different per item (content-addressed files would otherwise be one). */
async function demoPhoto(n: number): Promise<Buffer> {
  const shade = 80 + ((n * 37) % 150)
  return sharp({ create: { width: 320, height: 240, channels: 3, background: { r: shade, g: 90, b: 60 } } })
    .png()
    .toBuffer()
}

/**
 * Bulk answers for the demo: a share of items done or in progress, written in one
 * statement per chunk, then the per-grid counters counted afresh.
 */
async function fill(
  deps: DemoCampaignDeps,
  campaignId: number,
  form: CampaignForm,
  r: Random,
  shares: { done: number; inProgress: number; hazard: number },
  window: { from: Date; to: Date },
  keepOpen: (assigneeId: number | null, index: number) => boolean,
) {
  const { rows } = await sql<{
    id: number
    assignee_id: number | null
    lng: number | null
    lat: number | null
  }>`
    SELECT id, assignee_id, ST_X(location) AS lng, ST_Y(location) AS lat FROM campaign_items
    WHERE campaign_id = ${campaignId} ORDER BY id`.execute(deps.db)
  const updates = []
  for (const [index, row] of rows.entries()) {
    const roll = r()
    const assignee = row.assignee_id === null ? null : Number(row.assignee_id)
    if (assignee === null || keepOpen(assignee, index)) continue
    const status = roll < shares.done ? 'done' : roll < shares.done + shares.inProgress ? 'in_progress' : null
    if (!status) continue
    const at = row.lng === null || row.lat === null ? null : { lng: Number(row.lng), lat: Number(row.lat) }
    const check = checkAnswers(form, answersFor(form, r, shares.hazard, at), false)
    const when = new Date(window.from.getTime() + r() * (window.to.getTime() - window.from.getTime()))
    updates.push({ id: Number(row.id), status, answers: check.kept, hazards: check.hazards, assignee, when })
  }
  for (let i = 0; i < updates.length; i += 1000) {
    const chunk = updates.slice(i, i + 1000)
    await sql`
      UPDATE campaign_items i SET status = v.status, answers = v.answers::jsonb,
        hazards = string_to_array(v.hazards, ',')::text[], submitted_by = v.assignee, submitted_at = v.at,
        done_at = CASE WHEN v.status = 'done' THEN v.at END, version = i.version + 1
      FROM (VALUES ${sql.join(
        chunk.map(
          (u) =>
            sql`(${u.id}::bigint, ${u.status}, ${JSON.stringify(u.answers)}, ${u.hazards.join(',')}, ${u.assignee}::bigint, ${u.when}::timestamptz)`,
        ),
      )}) AS v (id, status, answers, hazards, assignee, at)
      WHERE i.id = v.id`.execute(deps.db)
  }
  await deps.store.recount(deps.db, campaignId)
  return updates.length
}

/**
 * The demo's campaigns, from a fixed seed: "出租房屋消防安全检查" over every rental
 * house of the demo street, active, a share done or in progress and a few hazards
 * reported as cases through the closed loop (the README's grid worker keeps open items);
 * and an older "汛期巡查" over the street's grids, closed with its figures frozen.
 */
export async function loadDemoCampaigns(deps: DemoCampaignDeps) {
  const r = mulberry32(seed)
  const issuer = await deps.principal('zhibanzhang')
  if (!issuer) throw new Error('demo account zhibanzhang missing')
  const today = shanghaiDate(deps.clock.now())
  const template = (key: string) => {
    const t = defaultTemplates.find((x) => x.key === key)
    if (!t) throw new Error(`template ${key} missing`)
    return t
  }

  // The older campaign first: flood season patrol of every grid, closed.
  const flood = template('flood_season_patrol')
  const floodInput: TCreateCampaign = {
    title: '汛期前网格隐患巡查',
    purpose: flood.purpose,
    issuingUnit: '区防汛抗旱指挥部办公室',
    templateKey: flood.key,
    priority: flood.priority,
    startDate: addDays(today, -40),
    workingDays: flood.workingDays,
    targets: { kind: 'grid', areaCodes: [deps.street] },
    form: flood.form,
  }
  const floodCampaign = await deps.create.create(issuer, actor, ZCreateCampaign.parse(floodInput))
  const floodFrom = new Date(`${floodCampaign.startDate}T09:00:00+08:00`)
  const floodFilled = await fill(
    deps,
    floodCampaign.id,
    flood.form,
    r,
    { done: 0.93, inProgress: 0.04, hazard: 0.12 },
    { from: floodFrom, to: new Date(floodFrom.getTime() + 6 * 86_400_000) },
    () => false,
  )
  await deps.campaigns.close(issuer, actor, floodCampaign.id)

  // The active one: fire safety of every rental house of the street.
  const fire = template('rental_fire_safety')
  const fireInput: TCreateCampaign = {
    title: '出租房屋消防安全专项检查',
    purpose: fire.purpose,
    issuingUnit: '区委政法委（区综治中心）',
    templateKey: fire.key,
    priority: fire.priority,
    startDate: addDays(today, -6),
    workingDays: fire.workingDays,
    targets: { kind: 'rental_house', areaCodes: [deps.street] },
    form: fire.form,
  }
  const fireCampaign = await deps.create.create(issuer, actor, ZCreateCampaign.parse(fireInput))
  const fireFrom = new Date(`${fireCampaign.startDate}T09:00:00+08:00`)
  let workerDone = 0
  const fireFilled = await fill(
    deps,
    fireCampaign.id,
    fire.form,
    r,
    { done: 0.42, inProgress: 0.14, hazard: 0.03 },
    { from: fireFrom, to: new Date(deps.clock.now().getTime() - 3_600_000) },
    // The README's worker has done two and keeps the rest for the visitor to try.
    (assignee) => assignee === deps.demoWorkerId && workerDone++ >= 2,
  )

  // A few hazards reported as cases through the closed loop, by the workers who found them.
  const { rows: open } = await sql<{ id: number; assignee_id: number }>`
    SELECT id, assignee_id FROM campaign_items
    WHERE campaign_id = ${fireCampaign.id} AND status = 'pending' AND assignee_id IS NOT NULL
      AND assignee_id IS DISTINCT FROM ${deps.demoWorkerId ?? null}::bigint AND location IS NOT NULL
    ORDER BY id LIMIT 60`.execute(deps.db)
  const hazardNotes = [
    '楼道内电动自行车充电，已要求立即整改',
    '私拉电线给电动车充电',
    '疏散通道堆放杂物',
    '隔断群租，消防通道不畅',
  ]
  let cases = 0
  for (const [n, row] of open
    .filter((_, i) => i % 15 === 0)
    .slice(0, 4)
    .entries()) {
    const worker = await deps.principal(Number(row.assignee_id))
    if (!worker) continue
    const photo = await deps.upload(worker, await demoPhoto(n))
    const hazard = (['ebike_indoor', 'wiring', 'exit_blocked', 'group_rent'] as const)[n % 4] ?? 'wiring'
    await deps.submit.submit(
      worker,
      actor,
      Number(row.id),
      ZSubmitCampaignItem.parse({
        answers: {
          met: 'yes',
          tenants: 3 + n,
          extinguisher: n % 2 === 0 ? 'no' : 'yes',
          smoke_alarm: 'no',
          hazards: [hazard],
          hazard_note: hazardNotes[n % hazardNotes.length] ?? '',
          photos: [photo.id],
        },
        complete: true,
        reportHazard: { description: hazardNotes[n % hazardNotes.length] ?? '发现消防隐患' },
      }),
    )
    cases++
  }
  return {
    floodItems: floodCampaign.figures.total,
    floodFilled,
    fireItems: fireCampaign.figures.total,
    fireFilled,
    cases,
  }
}
