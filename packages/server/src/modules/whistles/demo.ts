import type { ZReportCase } from '@onegrid/core/api/cases'
import { sql } from 'kysely'
import sharp from 'sharp'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import type { WhistleSweep } from './whistle-sweep.ts'
import type { WhistleService } from './whistles.ts'

/** The grid of the README's grid worker (wanggeyuan), where the demo's whistles are blown. */
export const demoWhistleGrid = '110120001001001'
const minuteMs = 60_000
const hourMs = 60 * minuteMs
const dayMs = 24 * hourMs

const at = (t: number): Clock => ({ now: () => new Date(t) })
/** A point `metres` east of another (close enough at these latitudes for a few hundred metres). */
const east = (p: { lng: number; lat: number }, metres: number) => ({
  lng: p.lng + metres / (111_320 * Math.cos((p.lat * Math.PI) / 180)),
  lat: p.lat,
})

/**
 * Demo step: three whistles in wanggeyuan's grid, fixed relative to now. Three days ago, on a
 * case of illegal construction (违法建设) reported just before, 城管 and 住建 came (checked in on
 * site) and 规划和自然资源 never answered: the sweep missed it and the worker closed the whistle
 * with the outcome. Five hours ago a whistle on a basement let to too many tenants brought
 * 住建 only after the center escalated it, and 消防 was missed; it is still open. Ten minutes
 * ago a whistle on rubble blocking a fire lane was raised and waits for 城管 and 住建.
 * Everything goes through the services, at the times it happened; a second run adds nothing.
 */
export async function loadDemoWhistles(deps: {
  db: Db
  clock: Clock
  actor: Actor
  service: (clock: Clock) => WhistleService
  sweep: (clock: Clock) => WhistleSweep
  principal: (username: string) => Promise<UserPrincipal | null>
  /** Units of the district by name (identity). */
  unitIds: (names: readonly string[]) => Promise<Map<string, number>>
  /** Reports a case (the cases module's reportCase, with the photo uploaded first) at a time; its id. */
  reportCase: (
    worker: UserPrincipal,
    clock: Clock,
    photo: Buffer,
    input: z.output<typeof ZReportCase>,
  ) => Promise<number>
}): Promise<{ whistles: number }> {
  const { db, actor } = deps
  if (await db.selectFrom('whistles').select('id').limit(1).executeTakeFirst()) return { whistles: 0 }
  const worker = await deps.principal('wanggeyuan')
  const centre = await deps.principal('zhibanzhang')
  const handlers = {
    chengguan: await deps.principal('chengguan'),
    zhujian: await deps.principal('zhujian'),
  }
  if (!worker || !centre || !handlers.chengguan || !handlers.zhujian) return { whistles: 0 }
  const units = await deps.unitIds(['城市管理局', '住房和城乡建设局', '规划和自然资源分局', '消防救援大队'])
  const unit = (name: string) => {
    const id = units.get(name)
    if (id === undefined) throw new Error(`demo unit ${name} missing`)
    return id
  }
  // Three places inside the grid, the same on every run (a seeded spread over its shape).
  const { rows } = await sql<{ lng: number; lat: number }>`
    SELECT ST_X(d.geom) AS lng, ST_Y(d.geom) AS lat
    FROM areas a, ST_Dump(ST_GeneratePoints(a.geom, 3, 20261206)) d
    WHERE a.code = ${demoWhistleGrid} ORDER BY d.path`.execute(db)
  const places = rows.map((r) => ({ lng: Number(r.lng), lat: Number(r.lat) }))
  const [p1, p2, p3] = places
  if (!p1 || !p2 || !p3) return { whistles: 0 }
  const now = deps.clock.now().getTime()

  // 1. Three days ago: illegal construction; two arrive, one is missed, closed with the outcome.
  const t1 = now - 3 * dayMs
  const address1 = '湖滨社区东湖路 8 号楼顶'
  const caseId = await deps.reportCase(worker, at(t1 - 40 * minuteMs), await rooftopPhoto(), {
    itemCode: '06001', // 私搭乱建
    channel: 'grid_worker',
    title: '楼顶违法建设彩钢房',
    description: '巡查发现东湖路 8 号楼顶正在搭建彩钢房，约 40 平方米，未见规划许可公示。',
    address: address1,
    location: p1,
    urgency: 'normal',
    fields: {},
    attachmentIds: [],
    selfHandle: false,
    handlingFields: {},
  })
  const w1 = await deps.service(at(t1)).raise(worker, actor, {
    title: '楼顶违法建设彩钢房，需联合查处',
    description:
      '东湖路 8 号楼顶新搭建彩钢房约 40 平方米，业主拒不停工；需城管执法、住建（房屋安全）、规划和自然资源（规划许可）到场联合认定。',
    caseId,
    location: p1,
    address: address1,
    unitIds: [unit('城市管理局'), unit('住房和城乡建设局'), unit('规划和自然资源分局')],
    ackMinutes: 30,
    arriveMinutes: 120,
  })
  await deps
    .service(at(t1 + 8 * minuteMs))
    .acknowledge(handlers.chengguan, actor, w1.id, { note: '执法中队已出发' })
  await deps
    .service(at(t1 + 20 * minuteMs))
    .acknowledge(handlers.zhujian, actor, w1.id, { note: '安排房屋安全鉴定人员前往' })
  await deps
    .service(at(t1 + 52 * minuteMs))
    .checkIn(handlers.chengguan, actor, w1.id, { location: east(p1, 35) })
  await deps
    .service(at(t1 + 95 * minuteMs))
    .checkIn(handlers.zhujian, actor, w1.id, { location: east(p1, 60) })
  await deps.sweep(at(t1 + 125 * minuteMs)).sweep()
  await deps.service(at(t1 + 150 * minuteMs)).close(worker, actor, w1.id, {
    outcome:
      '城管执法中队现场责令停工并下达限期拆除通知书，住建部门确认加建影响楼顶承重、要求三日内拆除；规划和自然资源分局未到场，已报指挥中心。',
  })

  // 2. Five hours ago: a basement let to too many tenants; escalated, 住建 came after, 消防 missed.
  const t2 = now - 5 * hourMs
  const w2 = await deps.service(at(t2)).raise(worker, actor, {
    title: '地下室群租住人，私拉电线',
    description: '湖滨小区 3 号楼地下室隔出 12 间出租，私拉电线、无消防设施，需住建和消防到场。',
    location: p2,
    address: '湖滨小区 3 号楼地下室',
    unitIds: [unit('住房和城乡建设局'), unit('消防救援大队')],
    ackMinutes: 30,
    arriveMinutes: 120,
  })
  await deps.service(at(t2 + 45 * minuteMs)).escalate(centre, actor, w2.id, {
    note: '两个部门均未在 30 分钟内报到，请立即安排人员到场',
  })
  await deps.service(at(t2 + 55 * minuteMs)).acknowledge(handlers.zhujian, actor, w2.id, {})
  await deps
    .service(at(t2 + 100 * minuteMs))
    .checkIn(handlers.zhujian, actor, w2.id, { location: east(p2, 20) })
  await deps.sweep(at(t2 + 125 * minuteMs)).sweep()

  // 3. Ten minutes ago: rubble blocking a fire lane; waiting for 城管 and 住建.
  await deps.service(at(now - 10 * minuteMs)).raise(worker, actor, {
    title: '建筑垃圾堵塞消防通道',
    description: '装修建筑垃圾堆放在 5 号楼消防通道，约 6 立方米，物业无法清运。',
    location: p3,
    address: '湖滨小区 5 号楼北侧消防通道',
    unitIds: [unit('城市管理局'), unit('住房和城乡建设局')],
    ackMinutes: 30,
    arriveMinutes: 120,
  })
  return { whistles: 3 }
}

/** The case's photo: a rooftop with a blue steel shed on it, drawn once. */
async function rooftopPhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#9fb3c8"/>
    <rect x="80" y="260" width="480" height="220" fill="#8d8276"/>
    <rect x="200" y="150" width="260" height="110" fill="#2e6fb5"/>
    <polygon points="185,150 475,150 440,110 220,110" fill="#2a5d96"/>
  </svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer()
}
