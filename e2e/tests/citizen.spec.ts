import { expect, test } from '@playwright/test'
import { demoDistrict, expectPolygons, screenshot } from './support.ts'

test('citizen page shows the service status and a map of the district', async ({
  page,
  request,
}, testInfo) => {
  const { version, district, streets, communities } = await demoDistrict(request)
  await page.goto('/citizen/')

  await expect(page.getByRole('heading', { name: '我要反映' })).toBeVisible()
  await expect(page.getByRole('link', { name: /12345/ })).toHaveAttribute('href', 'tel:12345')
  await expect(page.getByTestId('citizen-status')).toContainText('运行正常')
  const area = page.getByTestId('citizen-district')
  await expect(area).toContainText(district.name)
  await expect(area).toContainText(`${streets.length} 个街镇 · ${communities.length} 个村（社区）`)
  await expect(page.getByText(`由 OneGrid ${version.version} 提供支持`)).toBeVisible()
  await expectPolygons(page, 'citizen-map', streets.length)
  await expect(page.getByTestId('citizen-map').getByText(streets[0]?.name ?? '')).toBeVisible()

  await screenshot(page, testInfo, 'citizen')

  await page.getByTestId('locale-en').click()
  await expect(page.getByRole('heading', { name: 'Report a problem' })).toBeVisible()
})
