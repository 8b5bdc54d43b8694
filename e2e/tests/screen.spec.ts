import { expect, test } from '@playwright/test'
import { demoDistrict, expectPolygons, screenshot } from './support.ts'

test('big screen shows counts, the map, the chart and the system status', async ({
  page,
  request,
}, testInfo) => {
  const { version, district, streets, communities } = await demoDistrict(request)
  await page.goto('/screen/')

  await expect(page.getByText('网格化社会治理指挥大屏')).toBeVisible()
  await expect(page.getByTestId('screen-district')).toHaveText(district.name)
  await expect(page.getByTestId('screen-clock')).toContainText(/\d{2}:\d{2}:\d{2}/)
  await expect(page.getByTestId('screen-tile-streets')).toContainText(String(streets.length))
  await expect(page.getByTestId('screen-tile-communities')).toContainText(String(communities.length))
  const status = page.getByTestId('screen-status')
  await expect(status).toContainText('运行正常')
  await expect(status).toContainText('PGlite 嵌入式')
  await expect(status).toContainText(`OneGrid ${version.version}`)
  await expect(page.getByTestId('live-status')).toHaveText('实时通道已连接')
  await expectPolygons(page, 'screen-map', streets.length)
  await expect(page.getByTestId('screen-chart').locator('canvas')).toBeVisible()

  await screenshot(page, testInfo, 'screen')
})
