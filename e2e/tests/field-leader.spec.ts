import { join } from 'node:path'
import {
  type APIRequestContext,
  expect,
  type Locator,
  type Page,
  type TestInfo,
  test,
} from '@playwright/test'
import { demo } from './accounts.ts'
import {
  apiGet,
  apiToken,
  fieldPhone,
  launchOptions,
  phone,
  phoneOnly,
  screenshot,
  setSync,
  worker,
} from './field-support.ts'

/**
 * 领导通 on a phone: the demo leader opens the field app and lands on the KPIs of the district, which
 * are the statistics API's for the same scope and period (this month, then this week); the overdue
 * cases; 督办 of one in one tap, waiting in the phone's queue while sync is paused, then sent, and on
 * the case's timeline. The grid worker has no 领导通.
 *
 * The demo is shared with the other journeys: the case supervised here is an overdue one outside
 * 东湖街道 (the street of the grid worker's and the case journeys), the least overdue of the list.
 */

test.use({ ...phone, launchOptions })

interface Kpi {
  key: string
  kind: 'count' | 'rate' | 'hours'
  value: number | null
  numerator: number
  denominator: number | null
  smallSample: boolean
}
interface Dashboard {
  scope: { areaName: string | null }
  tiles: Kpi[]
}
interface CaseSummary {
  id: number
  code: string
  areaCode: string
  flags: { supervised: boolean }
}
interface CaseList {
  items: CaseSummary[]
  total: number
}
interface CaseDetail {
  flags: { supervised: boolean }
  timeline: { action: string; note: string | null; actor: string }[]
}

/** The middle of the demo district (any point will do: a leader has no grid). */
const district = { longitude: 116.75, latitude: 39.8 }
const dongHu = '110120001'
const number = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

/** What a tile shows under its value: numerator / denominator of a rate, the cases of an average. */
function fractionText(k: Kpi): string {
  if (k.denominator === null) return ''
  if (k.kind === 'hours') return `${number.format(k.denominator)} 件`
  return `${number.format(k.numerator)} / ${number.format(k.denominator)}`
}

/** What the phone's screen shows, from the top or around `at`, as e2e/artifacts/<project>-<name>.png. */
async function phoneScreen(page: Page, testInfo: TestInfo, name: string, at?: Locator): Promise<void> {
  if (at) await at.scrollIntoViewIfNeeded()
  else await page.evaluate(() => window.scrollTo(0, 0))
  const path = join(import.meta.dirname, '..', 'artifacts', `${testInfo.project.name}-${name}.png`)
  await page.screenshot({ path, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

/**
 * The page's tiles are the API's for the same period and scope: keys in order, numerators, denominators,
 * the fraction shown, small samples marked. Counted while cases move: a mismatch reads both again.
 */
async function expectTilesOfApi(page: Page, request: APIRequestContext, token: string, period: string) {
  let again = false
  await expect(async () => {
    if (again) await page.reload()
    again = true
    const tiles = page.getByTestId('leader-kpis').locator('[data-testid^="leader-kpi-"][data-numerator]')
    await expect(tiles.first()).toBeVisible({ timeout: 10_000 })
    const api = await apiGet<Dashboard>(request, token, `/api/stats/dashboard?period=${period}`)
    expect(api.tiles.length).toBeGreaterThan(5)
    const shown = await tiles.evaluateAll((els) =>
      els.map((e) => ({
        key: e.getAttribute('data-testid')?.replace('leader-kpi-', '') ?? '',
        numerator: e.getAttribute('data-numerator'),
        denominator: e.getAttribute('data-denominator'),
        fraction: e.querySelector('[data-testid="leader-kpi-fraction"]')?.textContent?.trim() ?? '',
        small: e.querySelector('[data-testid="leader-kpi-small"]') !== null,
      })),
    )
    expect(shown).toEqual(
      api.tiles.map((k) => ({
        key: k.key,
        numerator: String(k.numerator),
        denominator: k.denominator === null ? '' : String(k.denominator),
        fraction: fractionText(k),
        small: k.smallSample,
      })),
    )
    await expect(page.getByTestId('leader-scope')).toHaveText(api.scope.areaName ?? '')
  }).toPass({ timeout: 45_000 })
}

test.describe('领导通', () => {
  phoneOnly()
  test.use({ actionTimeout: 20_000 })

  test('the leader’s KPIs, overdue cases and 督办 in one tap', async ({ browser, request }, testInfo) => {
    test.setTimeout(180_000)
    const token = await apiToken(request, demo.leader)
    const { context, page } = await fieldPhone(browser, testInfo, demo.leader, district, '/leader')
    try {
      // Opening the app lands on 领导通, its tab first.
      await page.goto('/field/')
      await expect(page).toHaveURL(/\/field\/leader$/)
      await expect(page.getByTestId('field-tabbar').locator('.van-tabbar-item').first()).toHaveAttribute(
        'data-testid',
        'field-tab-leader',
      )

      // This month's KPIs of the district, as the API counts them; then this week's.
      await expectTilesOfApi(page, request, token, 'month')
      await expect(page.getByTestId('leader-open-red')).toContainText(/\d/)
      await expect(page.getByTestId('leader-rank-row').first()).toBeVisible()
      await page.getByTestId('leader-periods').getByText('本周').click()
      await expect(page).toHaveURL(/period=week/)
      await expectTilesOfApi(page, request, token, 'week')
      await page.getByTestId('leader-periods').getByText('本月').click()
      await expect(page).toHaveURL(/\/field\/leader$/)

      // The overdue cases not yet supervised, the most overdue first; the one to supervise is in the list.
      const overdue = await apiGet<CaseList>(
        request,
        token,
        '/api/cases?queue=overdue&supervised=false&sort=due_asc&pageSize=20',
      )
      const target = overdue.items.filter((c) => !c.areaCode.startsWith(dongHu)).at(-1)
      if (!target) throw new Error('the demo has no overdue case to supervise outside 东湖街道')
      const card = page.getByTestId('leader-overdue')
      await expect(card.getByTestId('leader-case').first()).toBeVisible()
      await screenshot(page, testInfo, 'field-leader')
      await phoneScreen(page, testInfo, 'field-leader-screen')

      // 督办 with sync paused: the step waits on the phone, and the case says so. The card shows the
      // first five cases, the rest of the page on a tap.
      await setSync(page, true, '/leader')
      const row = card.locator(`[data-testid="leader-case"][data-id="${target.id}"]`)
      if (overdue.items.length > 5) await card.getByTestId('leader-list-more').click()
      await expect(row).toBeVisible()
      await expect(row.getByTestId('leader-case-late')).toContainText('超期')
      await row.getByTestId('leader-supervise').click()
      const sheet = page.getByTestId('leader-supervise-sheet')
      await expect(sheet).toBeVisible()
      const note = sheet.getByTestId('leader-supervise-note').locator('textarea')
      await expect(note).toHaveValue(/按时办结/)
      const instruction = `请三日内办结并反馈（e2e ${Date.now().toString(36)}）`
      await note.fill(instruction)
      await phoneScreen(page, testInfo, 'field-leader-supervise')
      await sheet.getByTestId('leader-supervise-confirm').click()
      await expect(sheet).toBeHidden()
      await expect(row.getByTestId('leader-case-pending')).toHaveText('督办待发送')
      await expect(row.getByTestId('leader-supervise')).toHaveCount(0)
      await expect(page.getByTestId('field-tab-home').locator('.van-badge')).toHaveText('1')
      await expect(page.locator('.van-toast')).toBeHidden()
      await phoneScreen(page, testInfo, 'field-leader-pending', row)

      // Sent once there is sync again: supervised, moved to the supervised list, on the timeline.
      await setSync(page, false, '/leader')
      const supervised = page
        .getByTestId('leader-supervised')
        .locator(`[data-testid="leader-case"][data-id="${target.id}"]`)
      await expect(supervised.getByTestId('leader-case-supervised')).toBeVisible({ timeout: 20_000 })
      await expect(card.locator(`[data-testid="leader-case"][data-id="${target.id}"]`)).toHaveCount(0)
      const after = await apiGet<CaseDetail>(request, token, `/api/cases/${target.id}`)
      expect(after.flags.supervised).toBe(true)
      expect(after.timeline.filter((e) => e.action === 'supervise').at(-1)?.note).toBe(instruction)

      // Tapping the case opens the case page, its timeline showing 督办.
      await supervised.locator('a').click()
      await expect(page).toHaveURL(new RegExp(`/field/cases/${target.id}$`))
      await expect(page.getByTestId('case-timeline')).toContainText('督办')
      await expect(page.getByTestId('case-timeline')).toContainText(instruction)
      await expect(page.getByTestId('case-action-supervise')).toHaveCount(0)

      // The case page of an overdue case not yet supervised offers 督办 to the leader too.
      const other = overdue.items.find((c) => c.id !== target.id)
      if (other) {
        await page.goto(`/field/cases/${other.id}`)
        await expect(page.getByTestId('case-detail-code')).toHaveText(other.code)
        await expect(page.getByTestId('case-action-supervise')).toBeVisible()
      }
    } finally {
      await context.close()
    }
  })

  test('a grid worker has no 领导通', async ({ browser }, testInfo) => {
    const { context, page } = await fieldPhone(browser, testInfo, worker, district, '/')
    try {
      await expect(page.getByTestId('field-tabbar')).toBeVisible()
      await expect(page.getByTestId('field-tab-leader')).toHaveCount(0)
      await page.goto('/field/leader')
      await expect(page).toHaveURL(/\/field\/$/)
      await expect(page.getByTestId('leader-page')).toHaveCount(0)
    } finally {
      await context.close()
    }
  })
})
