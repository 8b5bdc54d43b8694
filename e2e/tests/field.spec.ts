import { expect, test } from '@playwright/test'
import { demoDistrict, screenshot } from './support.ts'

test.describe('field app', () => {
  test('workbench shows connection status and the jurisdiction', async ({ page, request }, testInfo) => {
    const { version, district, streets } = await demoDistrict(request)
    await page.goto('/field/')

    await expect(page.getByText('网格员工作台')).toBeVisible()
    const status = page.getByTestId('field-status')
    await expect(status).toContainText('在线')
    await expect(status).toContainText('运行正常')
    await expect(page.getByTestId('field-database')).toContainText(`PGlite 嵌入式 ${version.databaseVersion}`)
    await expect(status).toContainText(`OneGrid ${version.version}`)
    await expect(status.getByTestId('live-status')).toHaveText('实时通道已连接')
    await expect(page.getByTestId('field-district')).toHaveText(district.name)
    await expect(page.getByTestId('field-street-count')).toHaveText(String(streets.length))
    await expect(page.getByTestId('field-tabbar')).toBeVisible()

    await screenshot(page, testInfo, 'field')
  })

  test('area list shows each street with its communities', async ({ page, request }, testInfo) => {
    const { streets, communities } = await demoDistrict(request)
    await page.goto('/field/')
    await page.getByTestId('field-tabbar').getByText('片区').click()
    await expect(page).toHaveURL(/\/field\/areas$/)

    const list = page.getByTestId('field-areas')
    for (const street of streets) await expect(list.getByText(street.name, { exact: true })).toBeVisible()
    const street = streets[0]
    const community = communities.find((c) => c.parentCode === street?.code)
    if (street && community) {
      await list.getByText(street.name, { exact: true }).click()
      await expect(list.getByText(community.name, { exact: true })).toBeVisible()
    }
    await screenshot(page, testInfo, 'field-areas')
  })
})
