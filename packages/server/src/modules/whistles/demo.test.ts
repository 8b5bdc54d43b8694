import type { TCase } from '@onegrid/core/api/cases'
import type { TWhistleList } from '@onegrid/core/api/whistles'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { demoWhistleGrid } from './demo.ts'

const password = 'Demo#2026grid'

describe('the demo’s whistles', () => {
  let app: App
  const clock = new ManualClock('2026-12-17T15:20:00+08:00')
  const tokens: Record<string, string> = {}
  const step = async (name: string) => {
    const found = app.demoSteps.find((s) => s.name === name)
    if (!found) throw new Error(`no demo step ${name}`)
    await found.run()
  }
  const get = async <T>(who: string, url: string): Promise<T> => {
    const res = await app.http.inject({ method: 'GET', url, headers: bearer(tokens[who] ?? '') })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as T
  }

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { ONEGRID_DEMO_PASSWORD: password } })
    await step('areas')
    await step('identity')
    await step('catalog')
    await step('whistles')
    for (const who of ['wanggeyuan', 'zhibanzhang', 'chengguan', 'zhujian', 'ziran'])
      tokens[who] = await tokenFor(app, who, password)
  }, 300_000)
  afterAll(async () => {
    await app.close()
  })

  it('has one closed on a case of illegal construction (two arrived, 规划和自然资源 missed), one escalated, one waiting', async () => {
    const list = await get<TWhistleList>('wanggeyuan', '/api/whistles?pageSize=10')
    expect(list.total).toBe(3)
    const [waiting, escalated, closed] = list.items
    expect(waiting).toMatchObject({ status: 'open', escalatedAt: null, gridCode: demoWhistleGrid })
    expect(waiting?.summary).toEqual({ summoned: 2, acknowledged: 0, arrived: 0, missed: 0 })
    expect(escalated).toMatchObject({ status: 'open', escalatedBy: { name: '李值班长' } })
    expect(escalated?.responses.map((r) => [r.unit.name, r.status])).toEqual([
      ['住房和城乡建设局', 'arrived'],
      ['消防救援大队', 'missed'],
    ])
    expect(closed).toMatchObject({
      status: 'closed',
      raisedBy: { name: '吴网格员' },
      gridCode: demoWhistleGrid,
    })
    expect(closed?.outcome).toContain('限期拆除')
    expect(closed?.responses.map((r) => [r.unit.name, r.status, r.arrivalSource, r.arrivedLate])).toEqual([
      ['城市管理局', 'arrived', 'check_in', false],
      ['住房和城乡建设局', 'arrived', 'check_in', false],
      ['规划和自然资源分局', 'missed', null, false],
    ])
    expect(closed?.case?.title).toBe('楼顶违法建设彩钢房')
    const c = await get<TCase>('wanggeyuan', `/api/cases/${closed?.case?.id}`)
    expect(c).toMatchObject({ itemCode: '06001', gridCode: demoWhistleGrid })

    // Each department finds what waits for it.
    const forChengguan = await get<TWhistleList>('chengguan', '/api/whistles?waitingForMe=true')
    expect(forChengguan.items.map((w) => w.id)).toEqual([waiting?.id])
    const forZiran = await get<TWhistleList>('ziran', '/api/whistles')
    expect(forZiran.items.map((w) => w.id)).toEqual([closed?.id])

    // A second run adds nothing.
    await step('whistles')
    expect((await get<TWhistleList>('zhibanzhang', '/api/whistles')).total).toBe(3)
  })
})
