import { expect, test } from '@playwright/test'
import {
  apiGet,
  apiToken,
  fieldPhone,
  grid,
  interiorPoint,
  phoneOnly,
  screenshot,
  setSync,
  worker,
} from './field-support.ts'
import { screenshot as fullPage, login } from './support.ts'

/**
 * 巡查 on the phone and 巡查考勤 in the console: the demo grid worker starts a patrol, walks (the phone's
 * position moved by the test), checks in inside the grid and once without signal, closes and reopens the
 * app mid-patrol and finds it still running, ends it, and the server has the patrol with its positions and
 * both check-ins; the console shows the demo's workers on duty on a map, a worker's day with tracks and
 * check-ins, and a month of coverage per grid as a calendar heat map.
 */

interface PatrolList {
  items: {
    id: string
    user: { id: number }
    status: string
    pointCount: number
    distanceM: number
    areaCode: string
    startedAt: string
  }[]
}
interface CheckIns {
  items: { id: number; inside: boolean; kind: string }[]
  total: number
}
interface Me {
  user: { id: number }
}
type Point = { longitude: number; latitude: number }

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

test.describe('巡查 on the phone', () => {
  phoneOnly()

  test('a patrol walked, checked in, survived a restart, ended and on the server', async ({
    browser,
    request,
  }, testInfo) => {
    test.setTimeout(240_000)
    const token = await apiToken(request, worker)
    const me = await apiGet<Me>(request, token, '/api/me')
    const shapes = await apiGet<{
      features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[]
    }>(request, token, `/api/areas/geojson?under=${grid.code}&level=grid`)
    const shape = shapes.features.find((f) => f.properties.code === grid.code)
    if (!shape) throw new Error('no boundary for the demo grid')
    const start = interiorPoint(shape.geometry)
    const step = (k: number): Point => ({ longitude: start.longitude + k * 0.0004, latitude: start.latitude })
    const checkInsBefore = await apiGet<CheckIns>(
      request,
      token,
      `/api/check-ins?mine=true&day=${chinaToday()}`,
    )

    const { context, page } = await fieldPhone(browser, testInfo, worker, start, '/patrol')
    try {
      await expect(page.getByTestId('patrol-status')).toContainText('未在巡查')
      await page.getByTestId('patrol-interval').getByRole('button', { name: '10 秒' }).click()
      await page.getByTestId('patrol-start').click()
      await expect(page.getByTestId('patrol-status')).toContainText('巡查中')

      // Walking east: a position every 10 s, the track drawn and the distance growing.
      const points = async () => Number(await page.getByTestId('patrol-points').textContent())
      for (let k = 1; k <= 3; k++) {
        const had = await points()
        await context.setGeolocation(step(k))
        await expect.poll(points, { timeout: 25_000 }).toBeGreaterThan(had)
      }
      await expect(page.getByTestId('patrol-distance')).not.toHaveText('0.00')
      await screenshot(page, testInfo, 'field-patrol-on')

      // 签到 inside the grid: the server's answer.
      await page.getByTestId('check-in-on').click()
      await expect(page.getByTestId('check-in-result')).toContainText('在网格内', { timeout: 20_000 })
      await screenshot(page, testInfo, 'field-patrol-check-in')

      // Without signal: recorded, checked when sent.
      await setSync(page, true, '/patrol')
      await page.getByTestId('check-in-off').click()
      await expect(page.getByTestId('check-in-result')).toContainText('已记录，联网同步后核对')
      await screenshot(page, testInfo, 'field-patrol-check-in-offline')

      // The app closed and opened again mid-patrol: still on patrol, no position lost.
      const before = await points()
      await page.reload()
      await expect(page.getByTestId('patrol-status')).toContainText('巡查中')
      expect(await points()).toBeGreaterThanOrEqual(before)
      await context.setGeolocation(step(4))
      await expect.poll(points, { timeout: 25_000 }).toBeGreaterThan(before)

      // Signal again, then the end.
      await setSync(page, false, '/patrol')
      await expect(page.getByTestId('patrol-status')).toContainText('巡查中')
      await page.getByTestId('patrol-stop').click()
      await page.locator('.van-dialog__confirm').click()
      await expect(page.getByTestId('patrol-finished')).toContainText('公里')
      // Once the end reaches the server, today's figures are read again.
      await expect(page.getByTestId('patrol-today')).toContainText(
        /今日已巡查 \d+ 次，共 (?!0\.0 )[\d.]+ 公里/,
        {
          timeout: 30_000,
        },
      )
      await screenshot(page, testInfo, 'field-patrol-ended')

      await expect(async () => {
        const mine = await apiGet<PatrolList>(request, token, `/api/patrols?mine=true&day=${chinaToday()}`)
        const latest = mine.items[0]
        expect(latest?.status).toBe('ended')
        expect(latest?.pointCount).toBeGreaterThanOrEqual(before + 1)
        expect(latest?.distanceM).toBeGreaterThan(50)
        expect(latest?.areaCode).toBe(grid.code)
        const checkIns = await apiGet<CheckIns>(
          request,
          token,
          `/api/check-ins?mine=true&day=${chinaToday()}`,
        )
        expect(checkIns.total).toBe(checkInsBefore.total + 2)
        expect(checkIns.items.slice(0, 2).every((c) => c.inside)).toBe(true)
      }).toPass({ timeout: 30_000 })
      const day = await apiGet<{ patrols: unknown[] }>(
        request,
        token,
        `/api/fieldwork/worker-day?userId=${me.user.id}&day=${chinaToday()}`,
      )
      expect(day.patrols.length).toBeGreaterThanOrEqual(1)
    } finally {
      await context.close()
    }
  })
})

test.describe('巡查考勤 in the console', () => {
  test.beforeEach(({ browserName }, testInfo) => {
    test.skip(
      browserName !== 'chromium' || testInfo.project.name !== 'desktop',
      'a desk journey: once, on the desktop',
    )
  })

  test('workers on duty, a worker’s day and the coverage calendar, from the demo', async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(120_000)
    const token = await apiToken(request, 'admin')
    // The demo day of 湖滨社区 with the most visits by a worker who also patrolled: a full day on the map.
    const patrols = await apiGet<PatrolList>(
      request,
      token,
      '/api/patrols?areaCode=110120001001&status=ended&pageSize=200',
    )
    const visits = await apiGet<{ items: { visitor: { userId: number }; visitedAt: string }[] }>(
      request,
      token,
      '/api/visits?areaCode=110120001001&pageSize=500',
    )
    const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)
    const visitsOn = new Map<string, number>()
    for (const v of visits.items) {
      const key = `${v.visitor.userId}:${dayOf(v.visitedAt)}`
      visitsOn.set(key, (visitsOn.get(key) ?? 0) + 1)
    }
    const ranked = patrols.items
      .map((p) => ({
        userId: p.user.id,
        day: dayOf(p.startedAt),
        visits: visitsOn.get(`${p.user.id}:${dayOf(p.startedAt)}`) ?? 0,
      }))
      .sort((a, b) => b.visits - a.visits)
    const chosen = ranked[0]
    if (!chosen) throw new Error('no demo patrol in 湖滨社区')

    await login(page, 'admin', { path: '/fieldwork/patrols' })
    await expect(page.getByTestId('patrol-live-table').locator('.el-table__row')).not.toHaveCount(0)
    await expect(page.locator('.og-spot-duty').first()).toBeVisible()
    await expect(page.getByTestId('patrol-live-updated')).toContainText('在岗')
    await fullPage(page, testInfo, 'console-patrols-live')

    await page.goto(`/fieldwork/patrols?tab=day&worker=${chosen.userId}&day=${chosen.day}`)
    await expect(page.getByTestId('patrol-day-summary')).toBeVisible()
    await expect(page.locator('path.og-track').first()).toBeAttached()
    await expect(page.locator('.og-spot-check-in').first()).toBeAttached()
    await expect(page.getByTestId('patrol-day-timeline')).toContainText('开始巡查')
    await expect(page.getByTestId('patrol-day-distance')).not.toHaveText('0.00')
    if (chosen.visits > 0) await expect(page.locator('.og-spot-visit').first()).toBeAttached()
    await fullPage(page, testInfo, 'console-patrols-day')

    await page.goto('/fieldwork/patrols?tab=coverage&area=110120001001')
    await expect(page.getByTestId('patrol-coverage-table').locator('.el-table__row')).toHaveCount(3)
    await expect(page.getByTestId('patrol-coverage-title')).toContainText('每日覆盖率')
    await expect(page.getByTestId('patrol-coverage-calendar').locator('canvas').first()).toBeVisible()
    await page.getByTestId('patrol-coverage-table').locator('.el-table__row').nth(1).click()
    await expect(page).toHaveURL(/grid=110120001001002/)
    await fullPage(page, testInfo, 'console-patrols-coverage')
  })
})
