import type { TCatalogField, TChannel, TUrgency } from '@onegrid/core/api/catalog'
import type { Role } from '@onegrid/core/auth/roles'
import { alarmSteps, climb, nextAlarmAt } from '@onegrid/core/cases/alarms'
import type { ClockEvent } from '@onegrid/core/cases/clocks'
import {
  type ActionPayload,
  applyDecision,
  type CaseActor,
  type CaseFacts,
  type ClockEffect,
  decide,
} from '@onegrid/core/cases/machine'
import type { CaseAction, CaseLevel, CaseStatus } from '@onegrid/core/cases/states'
import { checkFieldValues } from '@onegrid/core/catalog/field-values'
import { routeFor } from '@onegrid/core/catalog/routing'
import { mulberry32, type Random } from '@onegrid/core/random'
import {
  addDays,
  minutesOfDay,
  shanghaiDate,
  shanghaiTime,
  type WorkCalendar,
} from '@onegrid/core/time/calendar'
import { addWorkingTime, workingTimeBetween } from '@onegrid/core/time/deadline'
import { sql } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import { maskName, maskPhone } from '../../platform/crypto/mask.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../platform/db/database.ts'
import type { FileService } from '../../platform/storage/file-service.ts'
import { alarmColumns, type ClockColumns, caseClocks } from './case-clock.ts'
import { alarmNotes } from './deadline-sweep.ts'
import {
  type Delay,
  type Kind,
  limitDelay,
  normalPath,
  type PathContext,
  pathTools,
  randomVariant,
  type Showcase,
  type Step,
  showcases,
  type Who,
  waitingStage,
} from './demo-paths.ts'
import { beforeScenes, demoPhotos, scenes } from './demo-photos.ts'
import {
  channelChoice,
  fieldChannels,
  givenChars,
  mix,
  pick,
  places,
  residentChannels,
  roads,
  surnames,
  texts,
  uniform,
  urgencyChoice,
  weighted,
} from './demo-random.ts'
import {
  depthOf,
  district,
  type Grid,
  type Item,
  type Person,
  readWorld,
  type Unit,
  type World,
} from './demo-world.ts'
import { levelOfRouting } from './levels.ts'

/**
 * Demo step: a month of cases in 云溪区. Every case walks the real state
 * machine (`decide` + `applyDecision`) in memory along a path the seeded
 * generator picks — most archived after a follow-up call, some rejected,
 * merged, self-handled, returned and ruled on, escalated, extended, suspended,
 * reworked; the most recent ones open in every status, some overdue, some
 * supervised. Clocks are folded from the events' clock effects by the same
 * `caseClocks` the service uses, at every step, and the deadline sweep's alarm
 * ladder is replayed between steps, so the rows are what the running app would
 * have written. Everything is computed first and bulk-inserted in chunks.
 */

const defaultSeed = 20261125
const chunkSize = 500
const piiContext = 'case.reporter'

export type DemoCasesDeps = {
  db: Db
  clock: Clock
  calendar: WorkCalendar
  pii: PiiCipher
  files: FileService
  /** How many cases; about 1,500 by default. */
  count?: number
  /** Over how many days before now; 30 by default. */
  days?: number
  seed?: number
  onProgress?: (done: number, total: number) => void
}

// ─── Planned cases ───────────────────────────────────────────────────────────

type Reporter =
  | { kind: 'staff'; person: Person; role: Role }
  | { kind: 'resident' | 'anonymous'; entered: Person; name: string | null; phone: string | null }

type Planned = {
  index: number
  kind: Kind
  r: Random
  grid: Grid
  item: Item
  route: { body: string; level: CaseLevel }
  level: CaseLevel
  channel: TChannel
  urgency: TUrgency
  reporter: Reporter
  title: string
  description: string
  address: string
  fields: Record<string, unknown>
  externalRef: string | null
  occurredAt: Date | null
  reportedAt: Date
  steps: Step[]
  /** Where the path is cut (a showcase): steps after it are not taken. */
  cut: number | null
  /** duplicate: the case it is merged into. */
  master: number | null
  location: { lng: number; lat: number } | null
  scene: number
}

function fieldValues(r: Random, fields: readonly TCatalogField[], date: string): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const f of fields) {
    if (!f.forms.includes('report')) continue
    if (!f.required && r() < 0.5) continue
    switch (f.type) {
      case 'single_choice': {
        const first = f.options[0]
        // The first option is the usual one (破损 among a component's states).
        if (first) values[f.key] = r() < 0.7 ? first.value : pick(r, f.options).value
        break
      }
      case 'multi_choice':
        if (f.options.length > 0) values[f.key] = [pick(r, f.options).value]
        break
      case 'number': {
        const lo = f.min ?? 1
        const hi = Math.max(lo, Math.min(f.max ?? lo + 20, lo + 20))
        values[f.key] = Math.round(uniform(r, lo, hi))
        break
      }
      case 'date':
        values[f.key] = date
        break
      case 'text':
        if (f.required) values[f.key] = '现场所见'.slice(0, f.maxLength ?? 500)
        break
      default:
        break
    }
  }
  return values
}

const residentName = (r: Random) =>
  pick(r, surnames) + pick(r, givenChars) + (r() < 0.7 ? pick(r, givenChars) : '')
const residentPhone = (r: Random) =>
  `1${pick(r, ['3', '5', '7', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`

function describeCase(channel: TChannel, where: string, name: string): string {
  switch (channel) {
    case 'grid_worker':
      return `网格员巡查发现${where}${name}，现场已拍照。`
    case 'patrol':
      return `巡查发现${where}${name}，请及时处置。`
    case 'hotline':
      return `市民来电反映：${where}${name}，影响出行和生活，希望尽快处理。`
    case 'platform_12345':
      return `12345 热线工单转办：群众反映${where}存在${name}问题。`
    case 'citizen':
      return `群众随手拍反映：${where}存在${name}情况。`
    case 'department':
      return `职能部门转来：${where}${name}，请属地核查处置。`
    case 'iot':
      return `视频智能识别告警：${where}疑似${name}。`
    default:
      return `${where}${name}，请核实处置。`
  }
}

function sceneOf(item: Item): number {
  const found = scenes.findIndex((s, i) => i < beforeScenes && s.match?.test(item.rules.name))
  return found >= 0 ? found : beforeScenes - 1
}

type Planner = {
  world: World
  cal: WorkCalendar
  now: Date
  days: number
  dayMinutes: number
  itemChoice: (r: Random) => Item
  selfItemChoice: ((r: Random) => Item) | null
  gridChoice: (r: Random) => Grid
}

/** Where an item's case goes from a grid: the routing rule, and whether someone is there to take it. */
function routeOf(world: World, item: Item, grid: Grid) {
  const target = routeFor(item.rules.routing, grid.path)
  const level = levelOfRouting(target.level)
  const at = grid.path.split('.')[depthOf[level]]
  const unit = at ? world.unitAt.get(`${target.body}@${at}`) : undefined
  return { body: target.body, level, unit }
}

/** A report time in the window: field staff in office hours of working days, residents through the day. */
function reportTime(p: Planner, r: Random, channel: TChannel): Date {
  const today = shanghaiDate(p.now)
  for (let attempt = 0; attempt < 20; attempt++) {
    const date = addDays(today, -Math.floor(r() * p.days))
    const field = fieldChannels.includes(channel)
    if (field && !p.cal.isWorkingDay(date) && r() < 0.75) continue
    let minute: number
    if (field || channel === 'department') {
      const period = pick(r, p.cal.hours)
      minute = uniform(r, minutesOfDay(period.start), minutesOfDay(period.end))
    } else if (channel === 'iot') minute = uniform(r, 0, 1440)
    else minute = 7 * 60 + 15 * 60 * (0.5 + (r() + r() + r() - 1.5) / 3)
    const at = new Date(shanghaiTime(date, '00:00').getTime() + Math.floor(minute * 60) * 1000)
    if (at.getTime() < p.now.getTime() - 10 * 60_000) return at
  }
  return new Date(p.now.getTime() - Math.floor(uniform(r, 30, 600)) * 60_000)
}

function plannedCase(
  p: Planner,
  index: number,
  r: Random,
  kindWanted: Kind,
  showcase: Showcase | null,
  same?: Planned,
): Planned {
  const { world } = p
  let kind = kindWanted
  let channel = kind === 'self' ? 'grid_worker' : channelChoice(r)
  // A grid worker reports from a grid that has one (a few grids may be unstaffed).
  const anotherGrid = () => {
    let g = p.gridChoice(r)
    for (let attempt = 0; channel === 'grid_worker' && g.workers.length === 0 && attempt < 20; attempt++)
      g = p.gridChoice(r)
    return g
  }
  let grid = same?.grid ?? anotherGrid()
  if (channel === 'grid_worker' && grid.workers.length === 0) {
    channel = 'hotline'
    if (kind === 'self') kind = 'normal'
  }
  let item: Item | undefined = same?.item
  let route: ReturnType<typeof routeOf> | undefined = same ? routeOf(world, same.item, grid) : undefined
  for (let attempt = 0; attempt < 40 && !item; attempt++) {
    const candidate = kind === 'self' && p.selfItemChoice ? p.selfItemChoice(r) : p.itemChoice(r)
    const to = routeOf(world, candidate, grid)
    // A case needs someone to dispatch it to: a unit that is the routed body there, or the grid's own staff.
    const reachable = to.unit !== undefined || (to.level === 'community' && grid.workers.length > 0)
    if (reachable || kind === 'self') {
      item = candidate
      route = to
    } else if (attempt % 8 === 7 && !same) grid = anotherGrid()
  }
  if (!item || !route) throw new Error('no routable item for the demo cases')
  if (kind === 'self' && !item.rules.selfHandle) kind = 'normal'
  const urgency = showcase ? 'normal' : urgencyChoice(r)
  const reportedAt = reportTime(p, r, channel)
  const where =
    same?.address ?? `${grid.community}${pick(r, roads)}${1 + Math.floor(r() * 180)}号${pick(r, places)}`
  const accounts = world.accounts
  const worker = grid.workers.length > 0 ? pick(r, grid.workers) : null
  const leader = grid.leaders[0] ?? null
  let reporter: Reporter
  if (residentChannels.includes(channel)) {
    const anonymous = r() < 0.08
    reporter = {
      kind: anonymous ? 'anonymous' : 'resident',
      entered: accounts.operator,
      name: anonymous ? null : residentName(r),
      phone: anonymous && r() < 0.5 ? null : residentPhone(r),
    }
  } else if (channel === 'grid_worker' && worker)
    reporter = { kind: 'staff', person: worker, role: 'grid_worker' }
  else if (channel === 'patrol') {
    const supervisorHere = accounts.supervisor.id !== null && grid.street === accounts.supervisor.areaCode
    reporter =
      supervisorHere || !leader
        ? { kind: 'staff', person: accounts.supervisor, role: 'supervisor' }
        : { kind: 'staff', person: leader, role: 'grid_leader' }
  } else reporter = { kind: 'staff', person: accounts.operator, role: 'operator' }

  const ctx: PathContext = {
    r,
    rules: item.rules,
    urgency,
    dayMinutes: p.dayMinutes,
    level: route.level,
    resident: reporter.kind !== 'staff',
    photosRequired: item.rules.photoRequired,
  }
  const { photos, stage, work } = pathTools(ctx)
  const fields = fieldValues(r, item.rules.fields, shanghaiDate(reportedAt))
  const problems = Object.keys(checkFieldValues(item.rules.fields, fields, 'report'))
  if (problems.length > 0) throw new Error(`demo fields of ${item.code} are invalid: ${problems.join(', ')}`)
  // Staff in the field always take photos; residents sometimes send one (the citizen page asks for it).
  const reportPhotos = fieldChannels.includes(channel)
    ? photos(true, 1)
    : photos(false, channel === 'citizen' ? 0.6 : channel === 'hotline' ? 0.05 : 0.15)
  const report: Step =
    kind === 'self'
      ? {
          action: 'self_handle',
          who: 'reporter',
          delay: { mode: 'natural', minutes: 0 },
          note: pick(r, texts.selfHandle),
          photos: Math.max(1, reportPhotos),
        }
      : { action: 'report', who: 'reporter', delay: { mode: 'natural', minutes: 0 }, photos: reportPhotos }
  let steps: Step[]
  if (kind === 'self') {
    const { followUp } = randomVariant(ctx)
    steps = [
      report,
      {
        action: 'verify',
        who: 'verifier',
        delay: stage('verify', 0.05, 0.6),
        payload: { passed: true },
        note: texts.verifyPassed,
      },
      { action: 'close', who: 'center', delay: work(10, 150), note: texts.close },
      {
        action: 'follow_up',
        who: 'followup',
        delay: work(60, 900),
        payload: { followUp: { ...followUp, forCause: false } },
        note: followUp.reached
          ? texts.followUp[followUp.satisfaction ?? 'satisfied']
          : texts.followUp.unreached,
        data: { followUp: { ...followUp, forCause: false } },
      },
    ]
  } else if (kind === 'reject') {
    steps = [report]
    if (r() < 0.3) steps.push({ action: 'accept', who: 'intake', delay: stage('accept', 0.05, 0.4) })
    steps.push({
      action: 'reject',
      who: 'intake',
      delay: stage('accept', 0.05, 0.5),
      payload: { reason: pick(r, texts.reject) },
    })
  } else if (kind === 'duplicate') {
    steps = [report]
    if (r() < 0.4) steps.push({ action: 'accept', who: 'intake', delay: work(5, 60) })
    steps.push({
      action: 'merge',
      who: 'intake',
      delay: work(10, 120),
      payload: { masterCaseId: 1 },
      note: '与已有案件为同一问题，合并办理。',
    })
  } else {
    steps = normalPath(ctx, { ...randomVariant(ctx), ...showcase?.variant }, report)
  }

  return {
    index,
    kind,
    r,
    grid,
    item,
    route: { body: route.body, level: route.level },
    level: route.level,
    channel,
    urgency,
    reporter,
    title: same?.title ?? (r() < 0.85 ? item.rules.name : `${grid.community}${item.rules.name}`),
    description: describeCase(channel, where, item.rules.name),
    address: where,
    fields: same?.fields ?? fields,
    externalRef:
      channel === 'platform_12345'
        ? `GD${shanghaiDate(reportedAt).replaceAll('-', '')}${String(Math.floor(r() * 1e5)).padStart(5, '0')}`
        : null,
    occurredAt:
      reporter.kind !== 'staff' && r() < 0.4
        ? new Date(reportedAt.getTime() - Math.floor(uniform(r, 10, 600)) * 60_000)
        : null,
    reportedAt,
    steps,
    cut: null,
    master: same?.index ?? null,
    location: null,
    scene: same?.scene ?? sceneOf(item),
  }
}

/** Step times from the report on; a step's time is its delay after the one before. */
function schedule(cal: WorkCalendar, start: Date, steps: readonly Step[]): Date[] {
  const times: Date[] = []
  let at = start
  for (const step of steps) {
    const ms = Math.round(step.delay.minutes * 60) * 1000
    at = step.delay.mode === 'work' ? addWorkingTime(cal, at, ms) : new Date(at.getTime() + ms)
    times.push(at)
  }
  return times
}

/** The machine alone, with every role: where a path's statuses go (to cut a showcase's path). */
function dryRun(c: Planned): { facts: CaseFacts; action: CaseAction }[] {
  const actor: CaseActor = {
    roles: [
      'grid_worker',
      'grid_leader',
      'supervisor',
      'operator',
      'dispatcher',
      'shift_leader',
      'dept_handler',
      'leader',
    ],
    isHandler: true,
  }
  let facts = initialFacts(c)
  return c.steps.map((step) => {
    const d = decide(facts, actor, step.action, stepPayload(step, facts.level))
    facts = { ...applyDecision(facts, d), photoRequired: c.item.rules.photoRequired }
    return { facts, action: step.action }
  })
}

/**
 * The facts a report is decided on: as reportCase has them, a photo is required only of a report
 * from the field (a caller cannot take one); every later step has the item's own rule (factsOf).
 */
function initialFacts(c: Planned): CaseFacts {
  return {
    status: null,
    level: c.level,
    selfHandleAllowed: c.item.rules.selfHandle,
    photoRequired: c.item.rules.photoRequired && fieldChannels.includes(c.channel),
    suspended: false,
    pendingExtension: false,
    pendingSuspension: false,
    supervised: false,
    reworkCount: 0,
  }
}

function stepPayload(step: Step, level: CaseLevel): ActionPayload {
  return {
    photos: step.photos ?? 0,
    ...(step.note && step.action === 'handle' ? { note: step.note } : {}),
    ...(step.action === 'escalate'
      ? { reason: level === 'community' ? texts.escalate.street : texts.escalate.district }
      : {}),
    ...step.payload,
  }
}

/**
 * A showcase's path ends at its target, then waits until now: the report is
 * placed (searching over office time) so that the last step plus the wait
 * ends just before now.
 */
function placeShowcase(p: Planner, c: Planned, showcase: Showcase): void {
  const walk = dryRun(c)
  const cut = walk.findIndex((w) => showcase.until(w.facts, w.action))
  if (cut < 0) throw new Error(`showcase ${showcase.name} never reached`)
  c.cut = cut
  const steps = c.steps.slice(0, cut + 1)
  const facts = walk[cut]?.facts
  const waitStage = facts?.status ? waitingStage[facts.status] : undefined
  const share = uniform(c.r, showcase.wait[0], showcase.wait[1])
  const wait: Delay = waitStage
    ? limitDelay(c.item.rules.limits[c.urgency][waitStage], p.dayMinutes, share)
    : { mode: 'work', minutes: share * p.dayMinutes }
  const start = new Date(p.now.getTime() - p.days * 86_400_000)
  const span = workingTimeBetween(p.cal, start, p.now)
  const endOf = (offset: number) => {
    const reported = addWorkingTime(p.cal, start, offset)
    const last = schedule(p.cal, reported, steps).at(-1) ?? reported
    return schedule(p.cal, last, [{ action: 'urge', who: 'center', delay: wait }]).at(-1) ?? last
  }
  let lo = 0
  let hi = span
  if (endOf(lo) > p.now) {
    c.reportedAt = addWorkingTime(p.cal, start, 0)
    return
  }
  while (hi - lo > 60_000) {
    const mid = Math.floor((lo + hi) / 2)
    if (endOf(mid) <= p.now) lo = mid
    else hi = mid
  }
  c.reportedAt = addWorkingTime(p.cal, start, lo)
}

// ─── Running a case through the machine ──────────────────────────────────────

type DemoEvent = {
  at: Date
  seq: number
  action: string
  actor: Person | null
  actorName: string
  role: string | null
  from: CaseStatus | null
  to: CaseStatus | null
  note: string | null
  data: Record<string, unknown>
  clock: ClockEffect | null
  photos: number[]
  /** merged_in: the duplicate, by plan index (its id and code are known only at insert time). */
  mergedFrom?: number
}

type Actor = { person: Person; role: Role; isHandler: boolean }

/** One case run: facts, the row's columns, the timeline. */
class CaseRun {
  facts: CaseFacts
  events: DemoEvent[] = []
  clockEvents: ClockEvent[] = []
  clocks: ClockColumns | null = null
  alarmStep = 0
  nextAlarmAt: Date | null = null
  overdue = false
  bulletin = false
  selfHandled = false
  shirkCount = 0
  satisfaction: string | null = null
  closedAt: Date | null = null
  handlerUnit: Unit | null = null
  handlerUser: Person | null = null
  version = 1
  updatedAt: Date
  /** The last step, and when the clocks were last folded in full (null: since a step that changed none). */
  actedAt: Date | null = null
  foldedAt: Date | null = null
  lastAt: Date
  /** (time, status) after every status change: whether it may be a master at some moment. */
  history: { at: Date; status: CaseStatus }[] = []

  constructor(
    private readonly p: Planner,
    readonly c: Planned,
  ) {
    this.facts = initialFacts(c)
    this.updatedAt = c.reportedAt
    this.lastAt = c.reportedAt
  }

  run(): void {
    const { c, p } = this
    const times = schedule(p.cal, c.reportedAt, c.steps)
    const last = c.cut ?? c.steps.length - 1
    for (const [i, step] of c.steps.entries()) {
      const at = times[i]
      if (!at || i > last || at > p.now) break
      this.take(step, at)
    }
    // The stored clocks are those of the last step, with its lights.
    if (this.actedAt && this.foldedAt === null) {
      this.clocks = caseClocks(p.cal, c.item.rules, c.urgency, this.clockEvents, this.actedAt)
      if (this.clocks.late) this.overdue = true
    }
    this.sweepUntil(p.now)
  }

  private local(): boolean {
    return (
      this.facts.level === 'community' && (fieldChannels.includes(this.c.channel) || this.c.kind === 'self')
    )
  }

  private gridLeader(): Actor | null {
    const leader = this.c.grid.leaders[0]
    return leader ? { person: leader, role: 'grid_leader', isHandler: false } : null
  }

  /** Who takes a step: the reporter, the center of the case's level (a community's station is its grid leader), the handler. */
  private actor(who: Who, action: CaseAction): Actor {
    const a = this.p.world.accounts
    const as = (person: Person, role: Role): Actor => ({ person, role, isHandler: false })
    const station = this.local() ? this.gridLeader() : null
    switch (who) {
      case 'reporter': {
        const rep = this.c.reporter
        return rep.kind === 'staff' ? as(rep.person, rep.role) : as(rep.entered, 'operator')
      }
      case 'intake':
        return station ?? as(a.operator, 'operator')
      case 'center':
        return station ?? as(a.shiftLeader, 'shift_leader')
      case 'dispatcher':
        return action === 'urge'
          ? as(a.dispatcher, 'dispatcher')
          : (station ?? as(a.dispatcher, 'dispatcher'))
      case 'leader':
        return as(a.leader, 'leader')
      case 'followup':
        return as(a.operator, 'operator')
      case 'verifier': {
        if (a.supervisor.id !== null && this.c.grid.street === a.supervisor.areaCode && this.c.r() < 0.6)
          return as(a.supervisor, 'supervisor')
        return this.gridLeader() ?? as(a.shiftLeader, 'shift_leader')
      }
      case 'handler': {
        if (this.handlerUser)
          return {
            person: this.handlerUser,
            role: this.c.grid.workers.some((w) => w.id === this.handlerUser?.id)
              ? 'grid_worker'
              : 'grid_leader',
            isHandler: true,
          }
        const unit = this.handlerUnit
        // Before dispatch the center answers a supervision itself.
        if (!unit && action === 'reply_supervision') return as(a.dispatcher, 'dispatcher')
        if (!unit) throw new Error(`${action} without a handler`)
        return {
          person: unit.handler ?? { id: null, name: unit.name },
          role: 'dept_handler',
          isHandler: true,
        }
      }
    }
  }

  /** Whom a dispatch or a reassignment sends it to: the routing rule at the case's level, or another unit there. */
  private target(other: boolean): { unit: Unit | null; user: Person | null; level: CaseLevel } {
    const { world } = this.p
    const { grid, route } = this.c
    const level = this.facts.level
    const street = grid.path.split('.')[1] ?? ''
    const unitAt = (body: string, area: string) => world.unitAt.get(`${body}@${area}`)
    if (!other && level === route.level) {
      const at = grid.path.split('.')[depthOf[level]] ?? ''
      const unit = unitAt(route.body, at)
      if (unit) return { unit, user: null, level: unit.level }
      // 小事不出村: a community's matter goes to the grid's own worker.
      const worker =
        level !== 'community'
          ? null
          : grid.workers.length > 0
            ? pick(this.c.r, grid.workers)
            : grid.leaders[0]
      if (worker) return { unit: null, user: worker, level }
    }
    // Otherwise (escalated, reassigned, or nobody there is that body) a unit at the case's level, or the street's.
    const candidates =
      level === 'district'
        ? [route.body, 'chengguan', 'zhujian', 'shichang'].map((b) => unitAt(b, district))
        : [route.body, 'zongzhi', 'zhifa', 'bianmin'].map((b) => unitAt(b, street))
    const current = this.handlerUnit?.id
    const unit =
      candidates.find((u) => u !== undefined && (!other || u.id !== current)) ??
      world.units.find((u) => u.level === 'district' && u.body && u.id !== current)
    if (!unit) throw new Error('no unit to dispatch a demo case to')
    return { unit, user: null, level: unit.level }
  }

  /** The deadline sweep as it would have run: each alarm step when it fell due. */
  private sweepUntil(until: Date): void {
    while (this.nextAlarmAt && this.nextAlarmAt <= until && this.clocks) {
      const at = this.nextAlarmAt > this.lastAt ? this.nextAlarmAt : this.lastAt
      const { step, nextAt } = climb(
        this.p.cal,
        { warnAt: this.clocks.warnAt, dueAt: this.clocks.dueAt },
        this.alarmStep,
        at,
      )
      if (step >= alarmSteps.indexOf('overdue')) this.overdue = true
      if (step >= alarmSteps.indexOf('supervised')) this.facts = { ...this.facts, supervised: true }
      if (step >= alarmSteps.indexOf('bulletin')) this.bulletin = true
      this.version++
      this.updatedAt = at
      this.lastAt = at
      if (step !== this.alarmStep)
        this.push({
          at,
          action: 'alarm',
          actor: null,
          actorName: '系统',
          role: 'system',
          from: null,
          to: null,
          note: alarmNotes[step] ?? null,
          data: { step: alarmSteps[step], stage: this.clocks.dueStage, dueAt: this.clocks.dueAt },
          clock: null,
          photos: [],
        })
      const moved = step !== this.alarmStep || nextAt?.getTime() !== this.nextAlarmAt.getTime()
      this.alarmStep = step
      this.nextAlarmAt = nextAt
      if (!moved) break
    }
  }

  private push(e: Omit<DemoEvent, 'seq'>): void {
    this.events.push({ ...e, seq: this.events.length })
  }

  private photos(n: number, after: boolean): number[] {
    const r = this.c.r
    return Array.from({ length: n }, (_, i) =>
      after ? beforeScenes + Math.floor(r() * 3) : i === 0 ? this.c.scene : Math.floor(r() * beforeScenes),
    )
  }

  take(step: Step, at: Date): void {
    const { p, c } = this
    this.sweepUntil(at)
    const actor = this.actor(step.who, step.action)
    const dispatching =
      step.action === 'dispatch' || (step.action === 'rule_return' && step.reassign === true)
    const target = dispatching ? this.target(step.action === 'rule_return') : null
    const payload = { ...stepPayload(step, this.facts.level), ...(target ? { level: target.level } : {}) }
    const decision = decide(
      this.facts,
      { roles: [actor.role], isHandler: actor.isHandler },
      step.action,
      payload,
    )
    if (!decision.ok) {
      if (step.optional) return
      throw new Error(
        `demo case ${c.index}: ${step.action} refused (${decision.refusal}: ${decision.message.en})`,
      )
    }
    const creating = decision.from === null
    this.clockEvents.push({ at, effect: decision.clock })
    const before = this.clocks
    let clocks: ClockColumns
    if (
      before &&
      !creating &&
      Object.keys(decision.clock).length === 0 &&
      !before.clocks.some((k) => k.paused)
    ) {
      // Nothing started, stopped or paused: the deadlines and the watched clock are those of the last
      // fold; only the lights moved on (a running clock is red once past its deadline). The full fold
      // (warning times searched minute by minute) runs again only where it can change something.
      const late = before.late || before.clocks.some((k) => k.stoppedAt === null && at > k.deadline)
      clocks = { ...before, late }
      this.foldedAt = null
    } else {
      clocks = caseClocks(p.cal, c.item.rules, c.urgency, this.clockEvents, at)
      this.foldedAt = at
    }
    this.actedAt = at
    if (creating) {
      this.alarmStep = 0
      this.nextAlarmAt = nextAlarmAt(p.cal, clocks, 0)
    } else {
      const alarm = alarmColumns(
        p.cal,
        { dueAt: this.clocks?.dueAt ?? null, alarmStep: this.alarmStep },
        clocks,
      )
      this.alarmStep = alarm.alarmStep
      this.nextAlarmAt = alarm.nextAlarmAt
      this.version++
    }
    this.clocks = clocks
    if (clocks.late) this.overdue = true
    if (decision.changes.selfHandled) this.selfHandled = true
    if (decision.changes.shirked) this.shirkCount++
    this.facts = { ...applyDecision(this.facts, decision), photoRequired: c.item.rules.photoRequired }
    this.updatedAt = at
    this.lastAt = at

    const data: Record<string, unknown> = { ...step.data }
    if (creating)
      Object.assign(data, { channel: c.channel, itemCode: c.item.code, itemVersion: c.item.version })
    if (target) {
      this.handlerUnit = target.unit
      this.handlerUser = target.user
      Object.assign(data, {
        toUnitId: target.unit?.id ?? null,
        toUserId: target.user?.id ?? null,
        level: target.level,
      })
    }
    switch (step.action) {
      case 'escalate':
        this.handlerUnit = null
        this.handlerUser = null
        break
      case 'close':
        this.closedAt = at
        break
      case 'follow_up':
        if (payload.followUp?.reached) this.satisfaction = payload.followUp.satisfaction ?? null
        break
      case 'verify':
        data.passed = payload.passed
        break
      case 'rule_return':
        data.ruling = payload.ruling
        break
      case 'request_extension':
      case 'approve_extension':
        data.extension = payload.extension
        break
      default:
        break
    }
    const photos = this.photos(
      step.photos ?? 0,
      step.action === 'handle' || step.action === 'verify' || step.action === 'self_handle',
    )
    this.push({
      at,
      action: step.action,
      actor: actor.person,
      actorName: actor.person.name,
      role: actor.role,
      from: decision.from,
      to: decision.to,
      note: payload.reason ?? step.note ?? payload.note ?? null,
      data,
      clock: creating || Object.keys(decision.clock).length > 0 ? decision.clock : null,
      photos,
    })
    if (decision.to !== decision.from) this.history.push({ at, status: decision.to })
  }

  /** When the case stopped being a possible master (finished, rejected, merged), or null while it still is. */
  endOfMastery(): Date | null {
    return this.history.find((h) => ['archived', 'rejected', 'merged'].includes(h.status))?.at ?? null
  }

  mergedIn(dup: CaseRun, at: Date): void {
    this.push({
      at,
      action: 'merged_in',
      actor: dup.events.at(-1)?.actor ?? null,
      actorName: dup.events.at(-1)?.actorName ?? '',
      role: null,
      from: null,
      to: null,
      note: dup.events.at(-1)?.note ?? null,
      data: { channel: dup.c.channel },
      clock: null,
      photos: [],
      mergedFrom: dup.c.index,
    })
  }
}

// ─── The step ────────────────────────────────────────────────────────────────

export async function loadDemoCases(deps: DemoCasesDeps): Promise<{ cases: number; events: number }> {
  const { db, pii } = deps
  // The demo job may resume after an interruption: cases there already mean this step has run.
  if (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) return { cases: 0, events: 0 }
  const world = await readWorld(db)
  if (!world) return { cases: 0, events: 0 }
  const count = deps.count ?? 1500
  const days = deps.days ?? 30
  const seed = deps.seed ?? defaultSeed
  const cal = deps.calendar
  const now = deps.clock.now()
  const rng = mulberry32(seed)
  const dayMinutes = cal.hours.reduce((sum, h) => sum + minutesOfDay(h.end) - minutesOfDay(h.start), 0)

  // Popular items first: a Zipf curve over a seeded shuffle of the catalog.
  const shuffled = [...world.items]
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[shuffled[i], shuffled[j]] = [shuffled[j] as Item, shuffled[i] as Item]
  }
  const zipf = (list: Item[]) => weighted(list.map((item, rank) => [item, 1 / (rank + 4) ** 0.9] as const))
  const selfItems = shuffled.filter((i) => i.rules.selfHandle)
  const planner: Planner = {
    world,
    cal,
    now,
    days,
    dayMinutes,
    itemChoice: zipf(shuffled),
    selfItemChoice: selfItems.length > 0 ? zipf(selfItems) : null,
    gridChoice: weighted(world.grids.map((g) => [g, Math.max(50, g.households)] as const)),
  }

  // Plan: the showcases first (open in every status), then the month's cases, then duplicates of them.
  const duplicates = Math.round(count * 0.03)
  const showcaseCount = Math.min(Math.floor(count / 2), Math.max(showcases.length, Math.round(count * 0.08)))
  const base = count - duplicates
  const kindChoice = weighted<Kind>([
    ['normal', 89],
    ['reject', 4.5],
    ['self', 6.5],
  ])
  const planned: Planned[] = []
  for (let i = 0; i < base; i++) {
    const r = mulberry32(mix(seed, i))
    const showcase = i < showcaseCount ? (showcases[i % showcases.length] ?? null) : null
    const c = plannedCase(planner, i, r, showcase ? 'normal' : kindChoice(rng), showcase)
    if (showcase) placeShowcase(planner, c, showcase)
    planned.push(c)
  }

  const runs = planned.map((c) => {
    const run = new CaseRun(planner, c)
    run.run()
    return run
  })
  // Duplicates: another report of the same matter nearby while the first is open, merged into it.
  const masters = runs.filter((m) => m.c.kind === 'normal' && m.c.cut === null)
  for (let d = 0; d < duplicates && masters.length > 0; d++) {
    const index = base + d
    const r = mulberry32(mix(seed, index))
    let done = false
    for (let attempt = 0; attempt < 30 && !done; attempt++) {
      const m = pick(r, masters)
      const end = m.endOfMastery() ?? now
      const windowMinutes = (end.getTime() - m.c.reportedAt.getTime()) / 60_000
      if (windowMinutes < 240) continue
      const c = plannedCase(planner, index, r, 'duplicate', null, m.c)
      c.reportedAt = new Date(
        m.c.reportedAt.getTime() + Math.floor(uniform(r, 20, Math.min(2880, windowMinutes / 2))) * 60_000,
      )
      c.occurredAt = null
      if (c.externalRef)
        c.externalRef = `GD${shanghaiDate(c.reportedAt).replaceAll('-', '')}${c.externalRef.slice(-5)}`
      const merged = schedule(cal, c.reportedAt, c.steps).at(-1)
      if (!merged || merged >= end) continue
      const run = new CaseRun(planner, c)
      run.run()
      if (run.facts.status === 'merged') m.mergedIn(run, run.events.at(-1)?.at ?? merged)
      runs.push(run)
      planned.push(c)
      done = true
    }
    if (!done) {
      const c = plannedCase(planner, index, r, 'normal', null)
      const run = new CaseRun(planner, c)
      run.run()
      runs.push(run)
      planned.push(c)
    }
  }

  // Places: points inside the grids (PostGIS, seeded); a duplicate a few metres from its master.
  const perGrid = new Map<string, Planned[]>()
  for (const c of planned)
    if (c.master === null) perGrid.set(c.grid.code, [...(perGrid.get(c.grid.code) ?? []), c])
  const wanted = [...perGrid].map(
    ([code, list]) =>
      sql`(${code}::text, ${list.length}::int, ${1 + (mix(seed, Number(code.slice(-6))) % 100_000)}::int)`,
  )
  if (wanted.length > 0) {
    const { rows } = await sql<{ code: string; lng: number; lat: number }>`
      SELECT w.code, ST_X(d.geom) AS lng, ST_Y(d.geom) AS lat
      FROM (VALUES ${sql.join(wanted)}) AS w(code, n, seed)
      JOIN areas a ON a.code = w.code
      CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(a.geom, w.n, w.seed)) d
      ORDER BY w.code, d.path`.execute(db)
    const taken = new Map<string, number>()
    for (const row of rows) {
      const list = perGrid.get(row.code)
      const n = taken.get(row.code) ?? 0
      const c = list?.[n]
      if (c) c.location = { lng: Number(row.lng), lat: Number(row.lat) }
      taken.set(row.code, n + 1)
    }
  }
  for (const c of planned) {
    const m = c.master !== null ? planned[c.master] : undefined
    if (m?.location)
      c.location = {
        lng: m.location.lng + uniform(c.r, -1e-4, 1e-4),
        lat: m.location.lat + uniform(c.r, -1e-4, 1e-4),
      }
  }

  const photos = await demoPhotos(deps.files)

  // Ids in the order things happened: cases by report time, timeline rows and attachments by their time.
  const order = [...runs].sort(
    (a, b) => a.c.reportedAt.getTime() - b.c.reportedAt.getTime() || a.c.index - b.c.index,
  )
  const rank = new Map(order.map((run, i) => [run.c.index, i]))
  const events = order.flatMap((run) => run.events.map((e) => ({ run, e })))
  events.sort(
    (a, b) =>
      a.e.at.getTime() - b.e.at.getTime() ||
      (rank.get(a.run.c.index) ?? 0) - (rank.get(b.run.c.index) ?? 0) ||
      a.e.seq - b.e.seq,
  )
  const attachmentCount = events.reduce((n, { e }) => n + e.photos.length, 0)
  const [caseIds, codeNumbers, eventIds, attachmentIds] = await Promise.all([
    allocate(db, "pg_get_serial_sequence('cases', 'id')", order.length),
    allocate(db, "'case_code_seq'", order.length),
    allocate(db, "pg_get_serial_sequence('case_events', 'id')", events.length),
    allocate(db, "pg_get_serial_sequence('case_attachments', 'id')", attachmentCount),
  ])
  const caseId = new Map<number, number>()
  const code = new Map<number, string>()
  order.forEach((run, i) => {
    caseId.set(run.c.index, caseIds[i] ?? 0)
    code.set(
      run.c.index,
      `${district}${shanghaiDate(run.c.reportedAt).replaceAll('-', '')}${String(codeNumbers[i]).padStart(6, '0')}`,
    )
  })
  const eventId = new Map<DemoEvent, number>()
  for (const [i, { e }] of events.entries()) eventId.set(e, eventIds[i] ?? 0)
  const attachmentsByCase = new Map<number, AttachmentRow[]>()
  let nextAttachment = 0
  for (const { run, e } of events) {
    for (const scene of e.photos) {
      const photo = photos[scene] ?? photos[0]
      if (!photo) continue
      const list = attachmentsByCase.get(run.c.index) ?? []
      list.push({
        id: attachmentIds[nextAttachment++] ?? 0,
        sha256: photo.sha256,
        thumb_sha256: photo.thumbSha256,
        kind: 'image',
        mime: photo.mime,
        size: photo.size,
        uploaded_by: e.actor?.id ?? null,
        uploaded_at: e.at,
        case_id: caseId.get(run.c.index) ?? 0,
        event_id: eventId.get(e) ?? 0,
      })
      attachmentsByCase.set(run.c.index, list)
    }
  }

  let done = 0
  let eventTotal = 0
  for (let from = 0; from < order.length; from += chunkSize) {
    const chunk = order.slice(from, from + chunkSize)
    const caseRows = chunk.map((run) => caseRow(run, caseId, code, pii))
    const eventRows = chunk.flatMap((run) =>
      run.events.map((e) => ({
        id: eventId.get(e) ?? 0,
        case_id: caseId.get(run.c.index) ?? 0,
        district_code: district,
        at: e.at,
        action: e.action,
        actor_id: e.actor?.id ?? null,
        actor_name: e.actorName,
        role: e.role,
        from_status: e.from,
        to_status: e.to,
        note: e.note,
        data: JSON.stringify(
          e.mergedFrom !== undefined
            ? { caseId: caseId.get(e.mergedFrom), code: code.get(e.mergedFrom), ...e.data }
            : e.data,
        ),
        clock: e.clock ? JSON.stringify(e.clock) : null,
      })),
    )
    const attachmentRows = chunk.flatMap((run) => attachmentsByCase.get(run.c.index) ?? [])
    // One transaction per chunk, and nothing but the transaction inside it (PGlite has one connection).
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('cases').values(caseRows).execute()
      for (let i = 0; i < eventRows.length; i += 2000)
        await trx
          .insertInto('case_events')
          .values(eventRows.slice(i, i + 2000))
          .execute()
      for (let i = 0; i < attachmentRows.length; i += 2000)
        await trx
          .insertInto('case_attachments')
          .values(attachmentRows.slice(i, i + 2000))
          .execute()
    })
    done += chunk.length
    eventTotal += eventRows.length
    deps.onProgress?.(done, order.length)
  }
  await sql`ANALYZE cases, case_events, case_attachments`.execute(db)
  return { cases: order.length, events: eventTotal }
}

type AttachmentRow = {
  id: number
  sha256: string
  thumb_sha256: string | null
  kind: string
  mime: string
  size: number
  uploaded_by: number | null
  uploaded_at: Date
  case_id: number
  event_id: number
}

/** `n` values of a sequence, in order (ids decided before the rows are written, so rows can name each other). */
async function allocate(db: Db, sequence: string, n: number): Promise<number[]> {
  if (n === 0) return []
  const { rows } = await sql<{ v: number | string }>`
    SELECT nextval(${sql.raw(sequence)}) AS v FROM generate_series(1, ${n})`.execute(db)
  return rows.map((r) => Number(r.v)).sort((a, b) => a - b)
}

function caseRow(run: CaseRun, caseId: Map<number, number>, code: Map<number, string>, pii: PiiCipher) {
  const { c, facts } = run
  const clocks = run.clocks
  if (!clocks || !facts.status) throw new Error(`demo case ${c.index} was never reported`)
  const rep = c.reporter
  const resident = rep.kind === 'staff' ? null : rep
  const location = c.location
  return {
    id: caseId.get(c.index) ?? 0,
    code: code.get(c.index) ?? '',
    district_code: district,
    channel: c.channel,
    item_code: c.item.code,
    item_version_id: c.item.versionId,
    title: c.title,
    description: c.description,
    address: c.address,
    // geometry is written through PostGIS; the table type only lets sql fragments in.
    location: (location
      ? sql`ST_SetSRID(ST_MakePoint(${location.lng}, ${location.lat}), 4326)`
      : null) as never,
    area_code: c.grid.code,
    area_path: c.grid.path,
    grid_code: c.grid.code,
    boundary_version: c.grid.version,
    urgency: c.urgency,
    level: facts.level,
    status: facts.status,
    handler_unit_id: run.handlerUnit?.id ?? null,
    handler_user_id: run.handlerUser?.id ?? null,
    reporter_kind: rep.kind,
    reporter_user_id: rep.kind === 'staff' ? rep.person.id : null,
    reporter_name_cipher: resident?.name ? pii.encrypt(resident.name, piiContext) : null,
    reporter_name_masked: resident?.name ? maskName(resident.name) : null,
    reporter_phone_cipher: resident?.phone ? pii.encrypt(resident.phone, piiContext) : null,
    reporter_phone_masked: resident?.phone ? maskPhone(resident.phone) : null,
    reporter_phone_index: resident?.phone ? pii.blindIndex(resident.phone, 'phone') : null,
    fields: JSON.stringify(c.fields),
    external_ref: c.externalRef,
    intake_key: null,
    self_handled: run.selfHandled,
    supervised: facts.supervised,
    suspended: facts.suspended,
    pending_extension: facts.pendingExtension,
    pending_suspension: facts.pendingSuspension,
    overdue: run.overdue,
    bulletin: run.bulletin,
    rework_count: facts.reworkCount,
    shirk_count: run.shirkCount,
    merged_into: c.master !== null && facts.status === 'merged' ? (caseId.get(c.master) ?? null) : null,
    satisfaction: run.satisfaction,
    clocks: JSON.stringify(clocks.clocks),
    due_at: clocks.dueAt,
    warn_at: clocks.warnAt,
    due_stage: clocks.dueStage,
    alarm_step: run.alarmStep,
    next_alarm_at: run.nextAlarmAt,
    occurred_at: c.occurredAt,
    reported_at: c.reportedAt,
    updated_at: run.updatedAt,
    closed_at: run.closedAt,
    version: run.version,
  }
}
