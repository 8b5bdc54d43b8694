import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import type { TEmployment } from '@onegrid/core/api/grid-staff'
import { villageKind } from '@onegrid/core/codes/area-code'
import { mulberry32 } from '@onegrid/core/random'
import type { Clock } from '../../platform/clock.ts'
import type { AreaService } from '../areas/service.ts'
import { demoAccountsFile } from '../identity/demo.ts'
import type { BulkAccount, UserService } from '../identity/users.ts'
import type { GridStaffQueries } from './queries.ts'
import { chinaDay } from './service.ts'
import type { GridStaffStore, ProfileWrite, QualificationWrite, TrainingWrite } from './store.ts'

const surnames = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
]
const givenChars = [
  ...'秀英桂兰玉芳丽敏静霞红燕华梅建国军伟强磊洋勇杰涛明超平刚辉鹏飞宇浩凯俊文斌波海峰志春雪婷晓燕宁丹颖欣怡德福成林海荣新利清永生金凤云',
]
const courses = [
  '网格员岗位职责与工作规范',
  '矛盾纠纷排查化解',
  '安全生产隐患巡查',
  '消防安全常识',
  '社区信息采集与系统操作',
  '应急处置与突发事件报告',
  '政策法规与群众工作方法',
  '垃圾分类与环境整治',
]
const certificate = '网格员上岗资格证'

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The demo password the identity step handed out, so every generated account signs in with it too. */
export async function demoPasswordOf(
  configured: string | undefined,
  dataDir: string,
): Promise<string | null> {
  if (configured) return configured
  const file = await fs.readFile(demoAccountsFile(dataDir), 'utf8').catch(() => '')
  return file.split('\n')[0]?.split('\t')[1] || null
}

export type DemoGridStaffResult = { grids: number; leaders: number; workers: number; ms: number }

/**
 * Demo step: every grid of the district gets a grid leader and 1–4 grid workers (by its households;
 * a few grids are left short so the load map shows some red), with profiles (urban workers
 * full-time, village ones part-time), training records and qualifications, some of them expired.
 * Accounts share one password hash and go in with multi-row INSERTs in one transaction.
 */
export async function loadDemoGridStaff(deps: {
  areas: AreaService
  users: UserService
  queries: GridStaffQueries
  store: GridStaffStore
  clock: Clock
  password: string | null
  district?: string
  /** Staff only the first streets (in code order); all when absent. */
  streets?: number
  seed?: number
}): Promise<DemoGridStaffResult> {
  const started = performance.now()
  const district = deps.district ?? '110120'
  const now = deps.clock.now()
  const today = chinaDay(now)
  // The same seed gives the same district staff every time.
  const rnd = mulberry32(deps.seed ?? 20261123)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))

  // Read everything first: on the embedded database a read inside the transaction's wait would hang.
  const top = await deps.areas.get(district).catch(() => null)
  if (!top) return { grids: 0, leaders: 0, workers: 0, ms: 0 }
  let grids = await deps.areas.list({ under: district, level: 'grid' })
  if (deps.streets !== undefined) {
    const streets = (await deps.areas.list({ under: district, level: 'street' }))
      .map((s) => s.code)
      .sort()
      .slice(0, deps.streets)
    grids = grids.filter((g) => streets.some((s) => g.code.startsWith(s)))
  }
  const households = new Map((await deps.queries.gridsUnder(top.path)).map((g) => [g.code, g.households]))
  const scope = { areaPaths: [top.path], unitIds: [] }
  const staffed = new Map(
    (await deps.queries.staffing(scope, top.path, { today, minTrainingHours: 0 })).map((r) => [r.code, r]),
  )
  const named = (await deps.users.list(scope, { q: 'wangge', limit: 10, offset: 0 })).items.filter((u) =>
    ['wanggezhang', 'wanggeyuan'].includes(u.username),
  )

  const accounts: BulkAccount[] = []
  const kinds = new Map<string, { employment: TEmployment; role: 'leader' | 'worker' }>()
  let leaders = 0
  let workers = 0
  const name = () => pick(surnames) + pick(givenChars) + (rnd() < 0.7 ? pick(givenChars) : '')
  for (const grid of [...grids].sort((a, b) => a.code.localeCompare(b.code))) {
    const village = villageKind(Number(grid.code.slice(9, 12))) === 'village'
    const h = households.get(grid.code) ?? null
    // About one worker per 130 households, one to four; a few busy grids are left with one worker.
    let want = Math.min(4, Math.max(1, Math.round((h ?? 400) / 130 + (rnd() - 0.5) * 1.5)))
    if ((h ?? 0) > 450 && rnd() < 0.12) want = 1
    const present = staffed.get(grid.code)
    const posting = { areaCode: grid.code, areaPath: grid.path }
    if ((present?.leaders ?? 0) === 0) {
      const username = `wgz${grid.code}`
      accounts.push({ username, displayName: name(), postings: [{ role: 'grid_leader', ...posting }] })
      kinds.set(username, { employment: 'full_time', role: 'leader' })
      leaders++
    }
    for (let k = (present?.workers ?? 0) + 1; k <= want; k++) {
      const username = `wgy${grid.code}${k}`
      accounts.push({ username, displayName: name(), postings: [{ role: 'grid_worker', ...posting }] })
      kinds.set(username, { employment: village ? 'part_time' : 'full_time', role: 'worker' })
      workers++
    }
  }

  const profiles: ProfileWrite[] = []
  const trainings: TrainingWrite[] = []
  const qualifications: QualificationWrite[] = []
  let certificates = 0
  /** Most people are qualified; some lack training, a few have no certificate or an expired one. */
  const records = (userId: number, employment: TEmployment, solid: boolean) => {
    profiles.push({ userId, employment, hiredOn: addDays(today, -between(200, 3000)), note: null })
    const trained = solid || rnd() > 0.06
    const sessions = trained ? between(2, 4) : between(0, 1)
    for (let i = 0; i < sessions; i++) {
      trainings.push({
        userId,
        course: pick(courses),
        hours: pick([8, 8, 12, 16]),
        completedOn: addDays(today, -between(solid ? 10 : 5, solid ? 300 : 420)),
      })
    }
    if (!solid && rnd() < 0.04) return
    const issued = addDays(today, -between(30, solid ? 700 : 1190))
    qualifications.push({
      userId,
      name: certificate,
      certificateNo: `YX${issued.slice(0, 4)}${String(++certificates).padStart(6, '0')}`,
      issuedOn: issued,
      expiresOn: addDays(issued, 3 * 365),
    })
  }

  await deps.store.transaction(async (trx) => {
    // Without the handed-out demo password the accounts still exist, but nobody knows how to sign in.
    const password = deps.password ?? `Og#${randomBytes(12).toString('base64url')}9a`
    const ids = await deps.users.createInBulk(trx, password, accounts, now)
    for (const [username, id] of ids) {
      const kind = kinds.get(username)
      if (kind) records(id, kind.employment, false)
    }
    for (const user of named) records(user.id, 'full_time', true)
    await deps.store.insertBulk(trx, { profiles, trainings, qualifications }, now)
  })
  return { grids: grids.length, leaders, workers, ms: Math.round(performance.now() - started) }
}
