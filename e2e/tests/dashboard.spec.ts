import { expect, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { type Dashboard, expectTilesAsApi, reportHotlineCase } from './stats-support.ts'
import { demoDistrict, expectPolygons, getJson, login, screenshot } from './support.ts'

/** 东湖街道: where the demo's supervisor works. */
const street = { code: '110120001', name: '东湖街道' }

test.describe('the command center’s dashboard', () => {
  test('shows the district’s KPIs as the API counts them, with the ranking, the map and the overdue cases', async ({
    page,
    request,
  }, testInfo) => {
    const { district, streets } = await demoDistrict(request)
    await login(page, demo.leader)
    const dashboard = page.getByTestId('stats-dashboard')
    await expect(page.getByTestId('stats-scope')).toHaveText(district.name)

    // This month, the whole district: every tile's numerator and denominator as GET /api/stats/kpis has them.
    await expectTilesAsApi(page, dashboard, 'kpi-tile-', 'kpi-fraction', 'period=month')
    const api = await getJson<Dashboard>(page.request, '/api/stats/dashboard?period=month')
    await expect(page.getByTestId('stats-period-label')).toHaveText(api.period.label)
    await expect(page.getByTestId('stats-tiles').getByTestId('kpi-small-sample')).toHaveCount(
      api.tiles.filter((t) => t.smallSample).length,
    )

    // The ranking of the streets, the bottom flagged; the open cases on the map over the streets.
    const rows = page.getByTestId('stats-ranking-row')
    await expect(rows).toHaveCount(api.ranking.rows.length)
    await expect(rows.and(page.locator('[data-bottom="true"]'))).toHaveCount(
      api.ranking.rows.filter((r) => r.bottom).length,
    )
    await expect(rows.first()).toContainText(api.ranking.rows[0]?.name ?? '')
    await expectPolygons(page, 'stats-map', streets.length)
    await expect
      .poll(() => page.getByTestId('stats-map').locator('.og-case-point').count())
      .toBeGreaterThan(0)
    await expect(page.getByTestId('stats-open-red')).toContainText(String(api.open.red))
    await expect(page.getByTestId('stats-overdue-item')).toHaveCount(api.overdue.length)
    await expect(page.getByTestId('stats-trend-chart').locator('canvas')).toBeVisible()
    await expect(page.getByTestId('stats-categories').locator('canvas')).toBeVisible()

    if (!testInfo.project.use.isMobile) {
      // The definition of a rate on hover.
      await page.getByTestId('kpi-tile-handlingRate').hover()
      await expect(page.getByTestId('kpi-formula')).toContainText('处置数 ÷ 应处置数')
      await page.mouse.move(0, 0)
      await expect(page.getByTestId('kpi-formula')).toBeHidden()
    }
    await screenshot(page, testInfo, 'dashboard')

    // Another period from the switcher, then a street of the district from the address: the same agreement.
    await page.getByTestId('stats-period-week').click()
    await expect(page).toHaveURL(/period=week/)
    await expectTilesAsApi(page, dashboard, 'kpi-tile-', 'kpi-fraction', 'period=week')
    await page.goto(`/?period=half_month&area=${street.code}`)
    await expect(page.getByTestId('stats-scope')).toHaveText(street.name)
    await expectTilesAsApi(
      page,
      dashboard,
      'kpi-tile-',
      'kpi-fraction',
      `period=half_month&areaCode=${street.code}`,
    )

    // An overdue case opens its case page.
    await page.goto('/')
    const first = page.getByTestId('stats-overdue-link').first()
    const code = (await first.textContent())?.trim() ?? ''
    await first.click()
    await expect(page).toHaveURL(/\/cases\/\d+$/)
    await expect(page.getByText(code).first()).toBeVisible()
  })

  test('counts a case reported meanwhile without a reload', async ({ page, request, isMobile }) => {
    test.skip(isMobile, 'one live check is enough; the phone shows the same page')
    await login(page, demo.leader)
    await expect(page.getByTestId('stats-today-reported')).toBeVisible()
    await page.evaluate(() => {
      ;(window as unknown as { notReloaded?: boolean }).notReloaded = true
    })
    const before = await getJson<Dashboard>(page.request, '/api/stats/dashboard?period=month')
    const reported = before.today.find((k) => k.key === 'reported')?.value ?? 0

    await reportHotlineCase(request, `总览实时 e2e ${Date.now()}`)

    await expect
      .poll(async () =>
        Number((await page.getByTestId('stats-today-reported').textContent())?.match(/\d+/)?.[0]),
      )
      .toBeGreaterThan(reported)
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
  })

  test('offers a street’s supervisor only the street, and counts it', async ({ page }) => {
    await login(page, demo.supervisor)
    const dashboard = page.getByTestId('stats-dashboard')
    await expect(page.getByTestId('stats-scope')).toHaveText(street.name)
    await expectTilesAsApi(page, dashboard, 'kpi-tile-', 'kpi-fraction', 'period=month')

    await page.getByTestId('stats-area').locator('.el-cascader').click()
    const firstColumn = page.locator('.area-picker__popper .el-cascader-menu').first()
    await expect(firstColumn.locator('.el-cascader-node')).toHaveCount(1)
    await expect(firstColumn.locator('.el-cascader-node')).toContainText(street.name)
  })
})
