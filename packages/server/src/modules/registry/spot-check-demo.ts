import type { TSpotCheck, TSpotCheckItem } from '@onegrid/core/api/spot-checks'
import { mulberry32, type Random } from '@onegrid/core/random'
import { addDays, type IsoDate, shanghaiDate, shanghaiTime } from '@onegrid/core/time/calendar'
import { sql } from 'kysely'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import { type Clock, ManualClock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { pick, weighted } from '../cases/demo-random.ts'
import type { SpotCheckService } from './spot-checks.ts'

/** The seed of the results the demo's grid workers find (which item, what was wrong, the time). */
const seed = 20261129
/** Who draws and closes the demo's spot checks, and the grid worker whose "mine" shows work. */
const demoAdmin = 'admin'
const demoWorker = 'wanggeyuan'

/**
 * Last month's spot check of 和湖社区, finished and closed; this month's of 湖滨社区 (the
 * community of the demo grid leader and grid worker), half done. Each draws its sample
 * with a fixed seed, so the same district always gives the same persons.
 */
export const demoSpotChecks = {
  closed: { community: '110120001002', samplePerGrid: 6, sampleSeed: 20261001 },
  open: { community: '110120001001', samplePerGrid: 10, sampleSeed: 20261101 },
} as const

type Result = 'correct' | 'corrected' | 'wrong' | 'unreachable'
type Field = TSpotCheckItem['fieldsWrong'][number]

/** What a call or a visit finds wrong, most often the phone and the address. */
const fieldChoice = weighted<Field>([
  ['phone', 40],
  ['address', 25],
  ['household', 10],
  ['status', 8],
  ['name', 5],
  ['birthDate', 5],
  ['hukou', 5],
  ['other', 2],
])
const correctedNotes: Record<Field, string> = {
  name: '姓名录入有错别字，已现场更正',
  document: '证件号码录入有误，已核对证件更正',
  sex: '性别登记有误，已更正',
  birthDate: '出生日期与证件不符，已更正',
  phone: '联系电话已更换，已现场更正',
  address: '已搬至同小区其他楼栋，现住址已更正',
  hukou: '户籍地址已迁移，已更正',
  household: '户内成员有变动，已更正',
  status: '本人已外出务工，已更新人员状态',
  other: '已现场核对更正',
}
const wrongNotes: Record<Field, string> = {
  name: '姓名与户口簿不一致，待本人提供证件后更正',
  document: '证件号码与本人证件不符，待核实',
  sex: '性别登记有误，待更正',
  birthDate: '出生日期与证件不符，待更正',
  phone: '登记电话为空号，待家属提供新号码',
  address: '已不在登记地址居住，新住址待核实',
  hukou: '户籍地址已变更，待派出所核实',
  household: '户内有人员已迁出未登记，待核实',
  status: '本人已去世，家属待办理注销',
  other: '登记信息有误，已反馈社区更正',
}
const unreachableNotes = [
  '电话三次无人接听',
  '上门两次家中无人',
  '号码已停机，邻居称已外出',
  '电话关机，待再次联系',
]

/** The results of `n` items: mostly right, some corrected or wrong, a few not reached; shuffled. */
function results(r: Random, n: number): Result[] {
  const corrected = Math.max(1, Math.round(n * 0.1))
  const wrong = Math.max(1, Math.round(n * 0.07))
  const unreachable = Math.max(1, Math.round(n * 0.08))
  const list: Result[] = [
    ...Array<Result>(corrected).fill('corrected'),
    ...Array<Result>(wrong).fill('wrong'),
    ...Array<Result>(unreachable).fill('unreachable'),
  ]
  while (list.length < n) list.push('correct')
  return shuffle(r, list.slice(0, n))
}

function shuffle<T>(r: Random, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    const a = list[i] as T
    list[i] = list[j] as T
    list[j] = a
  }
  return list
}

/** What was found, as a grid worker records it. */
function finding(r: Random, result: Result, method: 'phone' | 'visit') {
  if (result === 'correct')
    return { fieldsWrong: [] as Field[], note: r() < 0.2 ? '信息准确' : undefined, methodUsed: method }
  if (result === 'unreachable')
    return { fieldsWrong: [] as Field[], note: pick(r, unreachableNotes), methodUsed: method }
  const first = fieldChoice(r)
  const second = r() < 0.25 ? fieldChoice(r) : first
  const fieldsWrong = [...new Set([first, second])]
  return {
    fieldsWrong,
    note: (result === 'corrected' ? correctedNotes : wrongNotes)[first],
    methodUsed: method,
  }
}

/** A minute of the working day (09:00–17:30) of a day, chosen by `r`. */
const workingMinute = (r: Random, day: IsoDate): Date =>
  new Date(shanghaiTime(day, '09:00').getTime() + Math.floor(r() * 510) * 60_000)

const actorOf = (p: UserPrincipal): Actor => ({
  userId: p.userId,
  name: p.username,
  ip: null,
  userAgent: null,
  requestId: null,
})

/**
 * The demo's spot checks (抽查), through the service as the demo administrator
 * and the grid workers would make them: last month's of one community, every
 * item recorded and the check closed by the administrator who drew it; this
 * month's of the demo grid worker's community, about half recorded, the demo
 * grid worker's first item done and the others waiting for them. Times come
 * from the clock (each step at its moment through a clock of its own), the
 * results from a seeded generator. Skipped when spot checks exist already.
 */
export async function loadDemoSpotChecks(deps: {
  db: Db
  clock: Clock
  /** The spot-check service reading "now" from the given clock. */
  service: (clock: Clock) => SpotCheckService
  /** A demo account's principal, by username or user id; null when there is no such account. */
  principal: (who: string | number) => Promise<UserPrincipal | null>
}): Promise<{ spotChecks: number; items: number; recorded: number }> {
  const { db } = deps
  const existing = await db
    .selectFrom('registry_spot_checks')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirst()
  const none = { spotChecks: 0, items: 0, recorded: 0 }
  if ((existing?.n ?? 0) > 0) return none
  const admin = await deps.principal(demoAdmin)
  if (!admin) return none
  const worker = await deps.principal(demoWorker)
  const r = mulberry32(seed)
  const now = deps.clock.now()
  const today = shanghaiDate(now)
  const clock = new ManualClock(now)
  const service = deps.service(clock)
  const principals = new Map<number, UserPrincipal>([[admin.userId, admin]])
  const recorder = async (item: TSpotCheckItem): Promise<UserPrincipal> => {
    const id = item.assignee?.userId
    if (id === undefined) return admin
    const known = principals.get(id)
    if (known) return known
    const p = (await deps.principal(id)) ?? admin
    principals.set(id, p)
    return p
  }
  const names = new Map(
    (
      await db
        .selectFrom('areas')
        .select(['code', 'name'])
        .where('code', 'in', [demoSpotChecks.closed.community, demoSpotChecks.open.community])
        .execute()
    ).map((a) => [a.code, a.name]),
  )
  const record = async (check: TSpotCheck, item: TSpotCheckItem, result: Result, at: Date) => {
    clock.set(at)
    const method =
      check.method === 'visit' ? 'visit' : check.method === 'phone' ? 'phone' : r() < 0.7 ? 'phone' : 'visit'
    const found = finding(r, result, method)
    const p = await recorder(item)
    await service.recordResult(p, actorOf(p), check.id, item.id, {
      result,
      methodUsed: found.methodUsed,
      fieldsWrong: found.fieldsWrong,
      ...(found.note ? { note: found.note } : {}),
      version: item.version,
    })
  }
  const draw = async (
    plan: (typeof demoSpotChecks)['closed' | 'open'],
    at: Date,
    dueOn: IsoDate,
    method: 'phone' | 'either',
  ) => {
    clock.set(at)
    const month = Number(shanghaiDate(at).slice(5, 7))
    const created = await service.create(admin, actorOf(admin), {
      name: `${names.get(plan.community) ?? plan.community}${month}月人口信息抽查`,
      areaCode: plan.community,
      samplePerGrid: plan.samplePerGrid,
      method,
      dueOn,
      seed: plan.sampleSeed,
    })
    const check = await service.get(admin, created.id, { page: 1, pageSize: 200 })
    return { check, items: check.items }
  }

  // Last month's: drawn on the 10th, every item called between the 11th and the 20th, closed on the 21st.
  const monthStart = `${today.slice(0, 7)}-01`
  const lastMonth = `${addDays(monthStart, -1).slice(0, 7)}-01`
  const closed = await draw(
    demoSpotChecks.closed,
    shanghaiTime(addDays(lastMonth, 9), '09:00'),
    addDays(lastMonth, 24),
    'phone',
  )
  const closedResults = results(r, closed.items.length)
  const calls = closed.items
    .map((item, i) => ({
      item,
      result: closedResults[i] ?? 'correct',
      at: workingMinute(r, addDays(lastMonth, 10 + Math.floor(r() * 10))),
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
  for (const call of calls) await record(closed.check, call.item, call.result, call.at)
  clock.set(shanghaiTime(addDays(lastMonth, 20), '16:30'))
  await service.close(admin, actorOf(admin), closed.check.id)

  // This month's: drawn on the 1st (or an hour ago, early on the 1st), half of it recorded since.
  const drawnAt = new Date(
    Math.max(
      shanghaiTime(monthStart, '00:00').getTime(),
      Math.min(shanghaiTime(monthStart, '09:00').getTime(), now.getTime() - 3_600_000),
    ),
  )
  const nextMonth = `${addDays(monthStart, 31).slice(0, 7)}-01`
  const open = await draw(demoSpotChecks.open, drawnAt, addDays(nextMonth, -1), 'either')
  // The demo grid worker has done their first item; the rest of theirs waits for them.
  const theirs = open.items.filter((i) => worker && i.assignee?.userId === worker.userId)
  const others = shuffle(
    r,
    open.items.filter((i) => !theirs.includes(i)),
  )
  const half = Math.max(0, Math.round(open.items.length / 2) - (theirs.length > 0 ? 1 : 0))
  const done = [...theirs.slice(0, 1), ...others.slice(0, half)].sort((a, b) => a.id - b.id)
  const openResults = results(r, done.length)
  // In working hours of the days since it was drawn; any moment since, when that would be later than now.
  const latest = now.getTime() - 600_000
  const days = Math.round(
    (shanghaiTime(today, '00:00').getTime() - shanghaiTime(monthStart, '00:00').getTime()) / 86_400_000,
  )
  const times = done
    .map(() => {
      const at = workingMinute(r, addDays(monthStart, Math.floor(r() * (days + 1)))).getTime()
      const since = drawnAt.getTime()
      return at > since && at < latest ? at : since + Math.floor(r() * Math.max(0, latest - since))
    })
    .sort((a, b) => a - b)
  for (const [i, item] of shuffle(r, done).entries())
    await record(open.check, item, openResults[i] ?? 'correct', new Date(times[i] ?? drawnAt.getTime()))

  return {
    spotChecks: 2,
    items: closed.items.length + open.items.length,
    recorded: calls.length + done.length,
  }
}
