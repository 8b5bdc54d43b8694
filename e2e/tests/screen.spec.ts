import { expect, test } from '@playwright/test'
import { demo, demoPassword } from './accounts.ts'
import { type Dashboard, expectTilesAsApi, reportHotlineCase } from './stats-support.ts'
import { demoDistrict, expectPolygons, getJson, screenshot } from './support.ts'

// The wall: a 1920×1080 display, shown on the desktop project only.
test.use({ viewport: { width: 1920, height: 1080 } })
test.skip(({ isMobile }) => isMobile, 'the big screen is a 1920×1080 display')

test('the big screen shows the public district, then once signed in the month’s numbers, live', async ({
  page,
  request,
}, testInfo) => {
  const { version, district, streets } = await demoDistrict(request)
  await page.goto('/screen/')

  // Before anyone signs in: what is public, and the sign-in.
  await expect(page.getByText('网格化社会治理指挥大屏')).toBeVisible()
  await expect(page.getByTestId('screen-district')).toHaveText(district.name)
  await expect(page.getByTestId('screen-clock')).toContainText(/\d{2}:\d{2}:\d{2}/)
  const status = page.getByTestId('screen-status')
  await expect(status).toContainText('运行正常')
  await expect(status).toContainText(`OneGrid ${version.version}`)
  await expectPolygons(page, 'screen-map', streets.length)

  await page.getByTestId('screen-username').fill(demo.leader)
  await page.getByTestId('screen-password').fill(demoPassword)
  await page.getByTestId('screen-submit').click()

  // Signed in: today's counts and the month's tiles as the API has them, the ranking, the map, the charts.
  await expect(page.getByTestId('screen-tiles')).toBeVisible()
  await expect(page.getByTestId('live-status')).toHaveText('实时通道已连接')
  await expectTilesAsApi(
    page,
    page.getByTestId('screen-tiles'),
    'screen-kpi-',
    'screen-kpi-fraction',
    'period=month',
  )
  await expect
    .poll(async () => {
      const api = await getJson<Dashboard>(page.request, '/api/stats/dashboard?period=month')
      const shown: string[] = []
      for (const kpi of api.today) {
        const text = (await page.getByTestId(`screen-today-${kpi.key}`).textContent()) ?? ''
        if (!text.includes(new Intl.NumberFormat('zh-CN').format(kpi.value ?? 0)))
          shown.push(`${kpi.key}: ${text}`)
      }
      return shown
    })
    .toEqual([])
  const api = await getJson<Dashboard>(page.request, '/api/stats/dashboard?period=month')
  await expect(page.getByTestId('screen-ranking-row').first()).toContainText(api.ranking.rows[0]?.name ?? '')
  await expectPolygons(page, 'screen-map', streets.length)
  await expect(page.getByTestId('screen-trend').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('screen-categories').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('screen-live-item').first()).toBeVisible()

  // A call taken now: in the live list, marked new, pulsing on the map; the page was not reloaded.
  await page.evaluate(() => {
    ;(window as unknown as { notReloaded?: boolean }).notReloaded = true
  })
  const title = `大屏实时 e2e ${Date.now()}`
  const created = await reportHotlineCase(request, title)
  const item = page.getByTestId('screen-live-item').filter({ hasText: title })
  await expect(item).toBeVisible()
  await expect(item).toContainText('新')
  await expect(page.getByTestId('screen-map').locator(`.screen-pulse.og-case-${created.id}`)).toHaveCount(1)
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
  await expectTilesAsApi(
    page,
    page.getByTestId('screen-tiles'),
    'screen-kpi-',
    'screen-kpi-fraction',
    'period=month',
  )

  await screenshot(page, testInfo, 'screen')
})
