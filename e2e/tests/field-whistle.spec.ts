import { join } from 'node:path'
import { expect, type Locator, type Page, type TestInfo, test } from '@playwright/test'
import {
  apiGet,
  apiToken,
  fieldPhone,
  launchOptions,
  phone,
  phoneOnly,
  screenshot,
  worker,
  world,
} from './field-support.ts'

/**
 * 吹哨报到 from the department's side: 城市管理局's handler (chengguan) opens the field app, lands on the
 * whistles waiting for his department — his tabbar has no patrol, report or visits — acknowledges a demo
 * whistle (报到), is refused a check-in from two streets away (the server says how far), and checks in
 * at the place (到场签到) by the phone's position. The raiser then sees who came, records the other
 * department's arrival and closes the whistle with its outcome.
 */

test.use({ ...phone, launchOptions })

const handler = 'chengguan'
const docsImages = join(import.meta.dirname, '..', '..', 'docs', 'images')

type Response = {
  unit: { id: number; name: string }
  status: 'summoned' | 'acknowledged' | 'arrived' | 'missed'
  arrivalSource: 'check_in' | 'recorded' | null
  distanceM: number | null
}
type Whistle = {
  id: number
  code: string
  title: string
  status: 'open' | 'closed'
  location: { lng: number; lat: number }
  checkInRadiusM: number
  responses: Response[]
  allowedActions: string[]
}

/**
 * The phone's picture: the whole page into the run's artifacts, and the screen as the worker sees it
 * (scrolled to `at`, the fixed bars where they belong) into docs/images under the same name.
 */
async function picture(page: Page, testInfo: TestInfo, name: string, at?: Locator): Promise<void> {
  await expect(page.locator('.van-toast')).toBeHidden()
  await screenshot(page, testInfo, name)
  if (at) await at.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await page.screenshot({ path: join(docsImages, `${name}.png`), animations: 'disabled' })
}

test.describe('a department answers the whistle in the field app', () => {
  phoneOnly()
  test.use({ actionTimeout: 20_000 })

  test('城管 acknowledges a demo whistle and checks in on site', async ({ browser, request }, testInfo) => {
    test.setTimeout(120_000)
    const token = await apiToken(request, handler)
    const me = await apiGet<{ unitScopes: number[] }>(request, token, '/api/me')
    const waiting = await apiGet<{ items: Whistle[] }>(
      request,
      token,
      '/api/whistles?waitingForMe=true&pageSize=50',
    )
    const whistle = waiting.items.find(
      (w) =>
        w.status === 'open' &&
        w.allowedActions.includes('acknowledge') &&
        w.responses.some((r) => me.unitScopes.includes(r.unit.id) && r.status === 'summoned'),
    )
    if (!whistle) throw new Error(`the demo has no open whistle waiting for ${handler}'s department`)
    const place = { longitude: whistle.location.lng, latitude: whistle.location.lat }

    const { context, page } = await fieldPhone(browser, testInfo, handler, place, '/whistles')
    try {
      // A handler's tabbar: whistles and cases, none of a grid worker's patrol, report and visits.
      await expect(page.getByTestId('field-tab-whistles')).toBeVisible()
      await expect(page.getByTestId('field-tab-patrol')).toHaveCount(0)
      await expect(page.getByTestId('field-tab-report')).toHaveCount(0)
      const card = page.getByTestId('whistle-card').and(page.locator(`[data-whistle-id="${whistle.id}"]`))
      await expect(card.getByTestId('whistle-my-status')).toHaveText('待报到')
      await picture(page, testInfo, 'field-whistles')

      // 报到.
      await card.click()
      await expect(page.getByTestId('whistle-title')).toHaveText(whistle.title)
      await page.getByTestId('whistle-acknowledge').click()
      await expect(page.getByTestId('whistle-my-response')).toHaveText('已报到')

      // Two streets away the check-in is refused, and the server says how far.
      await context.setGeolocation({ longitude: place.longitude + 0.02, latitude: place.latitude + 0.01 })
      await page.getByTestId('whistle-check-in').click()
      await expect(page.getByTestId('whistle-check-in-error')).toContainText(/\d/)
      await expect(page.getByTestId('whistle-my-response')).toHaveText('已报到')

      // At the place: 到场签到.
      await context.setGeolocation(place)
      await page.getByTestId('whistle-check-in').click()
      await expect(page.getByTestId('whistle-my-response')).toHaveText('已到场')
      await expect(page.getByTestId('whistle-check-in-error')).toHaveCount(0)
      const mine = page.getByTestId('whistle-response').and(page.locator('[data-status="arrived"]'))
      await expect(mine.getByTestId('whistle-response-arrived')).toContainText('郑处置员')
      await picture(page, testInfo, 'field-whistle')
    } finally {
      await context.close()
    }

    const after = await apiGet<Whistle>(request, token, `/api/whistles/${whistle.id}`)
    const response = after.responses.find((r) => me.unitScopes.includes(r.unit.id))
    expect(response?.status).toBe('arrived')
    expect(response?.arrivalSource).toBe('check_in')
    expect(response?.distanceM ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(after.checkInRadiusM)

    // The raiser (the demo grid worker) sees who came and who is awaited, records the other
    // department's arrival he saw, and closes the whistle with the outcome.
    const raiser = await apiToken(request, worker)
    const seen = await apiGet<Whistle>(request, raiser, `/api/whistles/${whistle.id}`)
    expect(seen.allowedActions, `${worker} raised the demo whistle`).toContain('record_arrival')
    const other = seen.responses.find((r) => r.status !== 'arrived')
    if (!other) throw new Error('the demo whistle needs a second department')
    const phoneOfRaiser = await fieldPhone(browser, testInfo, worker, place, `/whistles/${whistle.id}`)
    try {
      const p = phoneOfRaiser.page
      const rows = p.getByTestId('whistle-response')
      await expect(rows.and(p.locator(`[data-unit-id="${response?.unit.id}"]`))).toHaveAttribute(
        'data-status',
        'arrived',
      )
      await expect(p.getByTestId('whistle-awaited')).toContainText(other.unit.name)
      await p.getByTestId('whistle-record-arrival').click()
      const sheet = p.getByTestId('whistle-record-sheet')
      await sheet.getByText(other.unit.name, { exact: true }).click()
      await sheet.getByTestId('whistle-record-submit').click()
      await expect(rows.and(p.locator(`[data-unit-id="${other.unit.id}"]`))).toHaveAttribute(
        'data-status',
        'arrived',
      )
      await expect(p.getByTestId('whistle-awaited')).toHaveCount(0)
      await p.getByTestId('whistle-close').click()
      await p
        .getByTestId('whistle-outcome-input')
        .locator('textarea')
        .fill('城管、住建到场，建筑垃圾当日清运完毕')
      await p.getByTestId('whistle-close-submit').click()
      await expect(p.getByTestId('whistle-status')).toHaveText('已结束')
      await expect(p.getByTestId('whistle-outcome')).toContainText('清运完毕')
      await picture(p, testInfo, 'field-whistle-closed')
    } finally {
      await phoneOfRaiser.context.close()
    }
    const closed = await apiGet<Whistle>(request, raiser, `/api/whistles/${whistle.id}`)
    expect(closed.status).toBe('closed')
    expect(closed.responses.find((r) => r.unit.id === other.unit.id)?.arrivalSource).toBe('recorded')
  })
  test('the grid worker blows the whistle from the phone, summoning two departments of the district', async ({
    browser,
    request,
  }, testInfo) => {
    test.setTimeout(90_000)
    const { point } = await world(request)
    const { context, page } = await fieldPhone(browser, testInfo, worker, point, '/whistles/new')
    try {
      await expect(page.getByTestId('whistle-raise-page')).toBeVisible()
      await page.getByTestId('whistle-form-title').locator('input').fill('违法搭建需多部门联合处置')
      // The district's departments, though a grid worker's own jurisdiction holds none.
      const units = page.getByTestId('whistle-form-unit')
      await units.getByText('城市管理局', { exact: true }).click()
      await units.getByText('住房和城乡建设局', { exact: true }).click()
      await expect(page.getByTestId('whistle-form-place')).toContainText(point.longitude.toFixed(3))
      await page.getByTestId('whistle-form-submit').click()
      await expect(page.getByTestId('whistle-title')).toHaveText('违法搭建需多部门联合处置')
      await expect(page.getByTestId('whistle-response')).toHaveCount(2)
    } finally {
      await context.close()
    }
  })
})
