import { type APIRequestContext, expect, type Page, test } from '@playwright/test'
import {
  apiGet,
  apiToken,
  chooseItem,
  fieldPhone,
  launchOptions,
  phone,
  phoneOnly,
  screenshot,
  worker,
  world,
} from './field-support.ts'
import { pngImage, signedInPage } from './support.ts'

/**
 * Issue 8's promise: what a grid worker does without signal reaches the center exactly once.
 * Offline (the page's network blocked and sync paused, since Playwright's setOffline misses the
 * service worker), the demo grid worker reports two events with a photo and records a visit; back
 * online the queue is sent, and the page is killed after the server has done the work but before
 * the phone hears the answer. Reopened, the app sends the queue again: the server still holds
 * exactly two new cases and one visit, and the console shows them.
 */

test.use({ ...phone, launchOptions })

type CaseList = { items: { id: number; code: string; title: string; reportedAt: string }[]; total: number }
type VisitList = { items: { id: number; notes: string | null; visitedAt: string }[]; total: number }

async function casesMarked(request: APIRequestContext, token: string, marker: string): Promise<CaseList> {
  return apiGet<CaseList>(request, token, `/api/cases?q=${encodeURIComponent(marker)}&pageSize=50`)
}

async function visitsMarked(request: APIRequestContext, token: string, marker: string): Promise<number> {
  const me = await apiGet<{ user: { id: number } }>(request, token, '/api/me')
  const list = await apiGet<VisitList>(request, token, `/api/visits?workerId=${me.user.id}&pageSize=200`)
  return list.items.filter((v) => v.notes?.includes(marker)).length
}

/** The home page has today's duties counted: the reference data is on the phone. */
async function homeReady(page: Page): Promise<void> {
  await expect(page.getByTestId('duty-verify-count')).toHaveText(/\d/)
}

async function reportOffline(
  page: Page,
  item: { name: string; initials: string },
  description: string,
  address: string,
  color: [number, number, number],
): Promise<void> {
  await page.getByTestId('field-tab-report').click()
  await expect(page.getByTestId('report-accuracy')).toContainText('精度约')
  await page
    .getByTestId('report-photos-input')
    .setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: pngImage(480, 360, color) })
  await expect(page.getByTestId('photo-preview')).toHaveCount(1)
  await chooseItem(page, item)
  await page.getByTestId('report-description').locator('textarea').fill(description)
  // The case list searches titles and addresses: the marker goes into the address.
  await page.getByTestId('report-address').locator('input').fill(address)
  await page.getByTestId('report-submit').click()
  const result = page.getByTestId('report-result')
  await expect(result).toBeVisible()
  // Saved on the phone; not sent (sync is paused and there is no network).
  await expect(result).not.toHaveAttribute('data-state', 'delivered')
  await expect(page.getByTestId('photo-preview')).toHaveCount(0)
}

test.describe('the grid worker without signal', () => {
  phoneOnly()
  test.use({ actionTimeout: 20_000 })

  test('two reports and a visit made offline reach the server exactly once, even when the page dies mid-sync', async ({
    browser,
    request,
  }, testInfo) => {
    test.setTimeout(240_000)
    const { point, plain } = await world(request)
    const token = await apiToken(request, worker)
    const marker = `离线e2e${Date.now().toString(36)}`
    const { context, page } = await fieldPhone(browser, testInfo, worker, point, '/')
    try {
      await homeReady(page)
      // The service worker's precache holds the pages not opened below (the visit's record page):
      // under load it may still be installing when the signal goes, and the page would not open.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
      await expect
        .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 })
        .toBe(true)
      // Open the pages once with signal, as a worker does each morning, so they are on the phone.
      await page.getByTestId('field-tab-report').click()
      await expect(page.getByTestId('report-accuracy')).toBeVisible()
      await page.getByTestId('field-tab-visits').click()
      await page.getByTestId('visits-tab-all').click()
      await expect(page.getByTestId('visits-list-all').getByTestId('due-item').first()).toBeVisible()
      await page.getByTestId('field-tab-home').click()

      // No signal: sync paused, and every request of the page and its service worker fails.
      await page.getByTestId('sync-pause').click()
      await expect(page.getByTestId('sync-state')).toHaveText('同步已暂停')
      await context.route('**/api/**', (route) => route.abort('internetdisconnected'))
      await context.setOffline(true)

      await reportOffline(page, plain, '路面破损，影响通行', `${marker} 和湖路东口`, [220, 38, 38])
      await reportOffline(page, plain, '井盖缺失，已设临时围挡', `${marker} 和湖路西口`, [37, 99, 235])

      // A visit to the first household due, from the phone's copy of the plan.
      // One not yet overdue, from everyone in the plan (the overdue ones are the visits journey's).
      await page.getByTestId('field-tab-visits').click()
      await page.getByTestId('visits-tab-all').click()
      await page
        .getByTestId('visits-list-all')
        .getByTestId('due-item')
        .filter({ hasNotText: '逾期' })
        .first()
        .click()
      await expect(page.getByTestId('visit-record-page')).toBeVisible()
      await page.getByTestId('visit-notes').locator('textarea').fill(`${marker} 入户走访，家中一切正常`)
      await page.getByTestId('visit-save').click()
      await expect(page.getByTestId('visits-page')).toBeVisible()

      await page.getByTestId('field-tab-home').click()
      await expect(page.getByTestId('sync-pending-count')).toHaveText('3')
      await screenshot(page, testInfo, 'field-offline-queued')
      expect((await casesMarked(request, token, marker)).total).toBe(0)
      expect(await visitsMarked(request, token, marker)).toBe(0)

      // Signal again. The first batch reaches the server, which does the work; the page dies before
      // it hears the answer.
      await context.unroute('**/api/**')
      await context.setOffline(false)
      let batches = 0
      let killed: () => void = () => {}
      const pageKilled = new Promise<void>((resolve) => {
        killed = resolve
      })
      await context.route('**/api/field/sync', async (route) => {
        batches += 1
        if (batches > 1) return route.continue()
        const answer = await route.fetch()
        expect(answer.status()).toBe(200)
        await page.close({ runBeforeUnload: false })
        killed()
        await route.abort().catch(() => {})
      })
      await page.getByTestId('sync-pause').click()
      await pageKilled
      expect((await casesMarked(request, token, marker)).total).toBe(2)
      expect(await visitsMarked(request, token, marker)).toBe(1)

      // Reopened, the app still holds the three (their answers were lost) and sends them again.
      const again = await context.newPage()
      await again.goto('/field/queue')
      await expect(again.getByTestId('sync-pending-count')).toHaveText('0', { timeout: 30_000 })
      expect(batches).toBeGreaterThan(1)
      await screenshot(again, testInfo, 'field-offline-synced')
    } finally {
      await context.close()
    }

    // Exactly two cases and one visit on the server …
    const cases = await casesMarked(request, token, marker)
    expect(cases.total).toBe(2)
    expect(await visitsMarked(request, token, marker)).toBe(1)

    // … and in the console: the cases in the case list, the visit in the visits list.
    const console = await signedInPage(browser, testInfo, 'admin', `/cases?q=${encodeURIComponent(marker)}`)
    try {
      const table = console.getByTestId('case-table')
      for (const c of cases.items) await expect(table).toContainText(c.code)
      await screenshot(console, testInfo, 'field-offline-console-cases')
      await console.goto('/fieldwork/visits')
      await expect(console.getByText(`${marker} 入户走访`)).toHaveCount(1)
      await screenshot(console, testInfo, 'field-offline-console-visits')
    } finally {
      await console.context().close()
    }
  })
})
