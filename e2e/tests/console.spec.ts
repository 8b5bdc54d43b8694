import { expect, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { clickShape, closeSheet, openSheet } from './network-map.ts'
import { demoDistrict, expectPolygons, login, screenshot } from './support.ts'

test.describe('console', () => {
  test('dashboard shows the live system status and the district’s figures', async ({
    page,
    request,
  }, testInfo) => {
    const { version, district, streets } = await demoDistrict(request)
    await login(page, demo.leader)

    await expect(page.getByRole('heading', { name: '总览' })).toBeVisible()
    const status = page.getByTestId('system-status')
    await expect(status.getByTestId('database-kind')).toHaveText('PGlite 嵌入式')
    await expect(status).toContainText('pglite')
    await expect(status).toContainText(version.databaseVersion)
    await expect(status.getByTestId('app-version')).toHaveText(`OneGrid ${version.version}`)
    if (version.postgisVersion) await expect(status).toContainText(version.postgisVersion)

    // The command center's figures of the district (dashboard.spec.ts checks them against the API).
    await expect(page.getByTestId('stats-scope')).toHaveText(district.name)
    await expect(page.getByTestId('stats-tiles')).toBeVisible()
    await expect(page.getByTestId('live-status').first()).toHaveText('实时通道已连接')
    await expectPolygons(page, 'stats-map', streets.length)

    await screenshot(page, testInfo, 'console')
  })

  test('areas page shows the network map with a tree of the areas', async ({ page, request }, testInfo) => {
    const { district, streets, communities } = await demoDistrict(request)
    await login(page, demo.leader, { path: '/areas' })

    await expect(page.getByTestId('selected-area')).toHaveText(district.name)
    const map = page.getByTestId('areas-map')
    for (const street of streets.filter((s) => s.hasGeometry)) {
      await expect(map.locator(`path.og-area-${street.code}`)).toHaveCount(1)
    }

    // The tree is a tab of the panel (a sheet on a phone); it opens at the district with its streets.
    await openSheet(page)
    await page.getByRole('tab', { name: '目录' }).click()
    const tree = page.getByTestId('network-tree')
    await expect(tree.getByText(district.name, { exact: true })).toBeVisible()
    for (const street of streets) await expect(tree.getByText(street.name, { exact: true })).toBeVisible()

    // Picking a street in the tree redraws the map with that street's communities.
    const street = streets[0]
    const community = communities.find((c) => c.parentCode === street?.code && c.hasGeometry)
    if (!street || !community) throw new Error('the demo district has a street with a drawn community')
    await tree.getByText(street.name, { exact: true }).click()
    await expect(page.getByTestId('selected-area')).toHaveText(street.name)
    await expect(map.locator(`path.og-area-${community.code}`)).toHaveCount(1)
    await closeSheet(page)
    await screenshot(page, testInfo, 'console-areas')

    // Clicking inside a community on the map selects it, and the tree follows.
    await clickShape(page, community.code)
    await expect(page.getByTestId('selected-area')).toHaveText(community.name)
    await openSheet(page)
    await page.getByRole('tab', { name: '目录' }).click()
    await expect(tree.locator('.is-current')).toContainText(community.name)
  })

  test('switches to English and remembers the choice', async ({ page }) => {
    await login(page, demo.leader)
    await expect(page.getByTestId('database-kind')).toHaveText('PGlite 嵌入式')
    await page.getByTestId('locale-en').click()
    await expect(page.getByTestId('database-kind')).toHaveText('PGlite (embedded)')
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()
    await expect(page).toHaveTitle(/Command center/)
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')

    await page.reload()
    await expect(page.getByTestId('database-kind')).toHaveText('PGlite (embedded)')
  })
})
