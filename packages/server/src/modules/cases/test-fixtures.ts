import type { TAttachment, TCase, TCaseActionRequest, TReportCase } from '@onegrid/core/api/cases'
import type { Role } from '@onegrid/core/auth/roles'
import sharp from 'sharp'
import { expect } from 'vitest'
import { networkSince, smallNetwork } from '../../../test/grid-fixtures.ts'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { multipart } from '../../../test/multipart.ts'
import type { App } from '../../app.ts'
import type { ManualClock } from '../../platform/clock.ts'

/** Points inside the small network's grids. */
export const points = {
  /** 柳园社区第一网格 (110120001001001). */
  liuyuan1: { lng: 116.605, lat: 39.83 },
  /** 20 m east of liuyuan1. */
  liuyuan1Near: { lng: 116.60523, lat: 39.83 },
  /** 翠苑社区第一网格 (110120002001001). */
  cuiyuan1: { lng: 116.63, lat: 39.83 },
}

/** Items of the default catalog the tests use. */
export const items = {
  /** 休息亭异常: photo required, 城市管理局 at the district. */
  kiosk: '01052',
  /** 邻里纠纷: no photo, may be self-handled, 综治 at the community. */
  dispute: 'ZZ01001',
}

export type Staff = Record<
  | 'operator'
  | 'shiftLeader'
  | 'dispatcher'
  | 'chengguan'
  | 'zongzhi'
  | 'supervisor'
  | 'worker'
  | 'gridLeader'
  | 'leader'
  | 'outsider',
  { id: number; headers: Record<string, string> }
>

/** The small network, a district department and a street platform as units, and one account per role. */
export async function caseWorld(
  app: App,
): Promise<{ staff: Staff; units: { chengguan: number; zongzhi: number } }> {
  await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
  const unit = async (name: string, areaCode: string, areaPath: string, body: string) =>
    Number(
      (
        await app.database.db
          .insertInto('units')
          .values({
            name,
            kind: 'department',
            area_code: areaCode,
            area_path: areaPath,
            body_code: body,
            created_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    )
  const units = {
    chengguan: await unit('城市管理局', '110120', '110120', 'chengguan'),
    zongzhi: await unit('云溪街道综治工作平台', '110120001', '110120.110120001', 'zongzhi'),
  }
  const accounts: [keyof Staff, Role, string | number][] = [
    ['operator', 'operator', '110120'],
    ['shiftLeader', 'shift_leader', '110120'],
    ['dispatcher', 'dispatcher', '110120'],
    ['chengguan', 'dept_handler', units.chengguan],
    ['zongzhi', 'dept_handler', units.zongzhi],
    ['supervisor', 'supervisor', '110120001'],
    ['worker', 'grid_worker', '110120001001001'],
    ['gridLeader', 'grid_leader', '110120001001'],
    ['leader', 'leader', '110120'],
    ['outsider', 'operator', '110120002'],
  ]
  const staff = {} as Staff
  for (const [key, role, where] of accounts) {
    const username = `c_${key}`.toLowerCase()
    const user = await createUser(app, {
      username,
      role,
      ...(typeof where === 'number' ? { unitId: where } : { areaCode: where }),
    })
    staff[key] = { id: user.id, headers: bearer(await tokenFor(app, username)) }
  }
  return { staff, units }
}

export async function photo(
  app: App,
  who: { headers: Record<string, string> },
  colour = '#c33',
): Promise<TAttachment> {
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .png()
    .toBuffer()
  const body = multipart({}, { name: 'p.png', type: 'image/png', data: png })
  const res = await app.http.inject({
    method: 'POST',
    url: '/api/cases/attachments',
    headers: { ...who.headers, ...body.headers },
    payload: body.payload,
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as TAttachment
}

export async function report(
  app: App,
  who: { headers: Record<string, string> },
  input: Partial<TReportCase> & { itemCode: string },
  headers: Record<string, string> = {},
): Promise<TCase> {
  const res = await app.http.inject({
    method: 'POST',
    url: '/api/cases',
    headers: { ...who.headers, ...headers },
    payload: {
      channel: 'grid_worker',
      description: '现场发现问题，需要处理',
      location: points.liuyuan1,
      // The kiosk's report form asks for the component's state.
      ...(input.itemCode === items.kiosk ? { fields: { component_state: 'damaged' } } : {}),
      ...input,
    },
  })
  expect(res.statusCode, res.body).toBeLessThan(300)
  const answer = res.json() as TCase
  expect(answer).toEqual(await getCase(app, who, answer.id))
  return answer
}

export async function act(
  app: App,
  who: { headers: Record<string, string> },
  c: Pick<TCase, 'id' | 'version'>,
  action: TCaseActionRequest['action'],
  payload: Omit<Partial<TCaseActionRequest>, 'action'> = {},
  expected = 200,
): Promise<TCase> {
  const res = await app.http.inject({
    method: 'POST',
    url: `/api/cases/${c.id}/actions`,
    headers: who.headers,
    payload: { action, expectedVersion: c.version, ...payload },
  })
  expect(res.statusCode, `${action}: ${res.body}`).toBe(expected)
  const answer = res.json() as TCase
  // The answer is built from what the action holds; it must be exactly what a fresh read gives.
  if (expected === 200) expect(answer).toEqual(await getCase(app, who, c.id))
  return answer
}

export async function getCase(
  app: App,
  who: { headers: Record<string, string> },
  id: number,
): Promise<TCase> {
  const res = await app.http.inject({ method: 'GET', url: `/api/cases/${id}`, headers: who.headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as TCase
}

/** Shanghai wall time of an ISO instant: "Tue 2026-04-07 10:30". */
export function local(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000)
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]
  return `${day} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`
}

export const clockOf = (c: TCase, stage: string) => c.clocks.find((k) => k.stage === stage)

/** Moves the clock to a Shanghai wall time and signs everyone in again (a jump outlives idle sessions). */
export async function at(app: App, clock: ManualClock, staff: Staff, local: string): Promise<void> {
  clock.set(`${local.replace(' ', 'T')}:00+08:00`)
  for (const key of Object.keys(staff) as (keyof Staff)[])
    staff[key].headers = bearer(await tokenFor(app, `c_${key}`.toLowerCase()))
}
