import { expect, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { demoDistrict, expectPolygons, login, screenshot } from './support.ts'

test.describe('console', () => {
  test('dashboard shows the live system status and the demo district', async ({
    page,
    request,
  }, testInfo) => {
    const { version, district, streets, communities } = await demoDistrict(request)
    await login(page, demo.leader)

    await expect(page.getByRole('heading', { name: '总览' })).toBeVisible()
    const status = page.getByTestId('system-status')
    await expect(status.getByTestId('database-kind')).toHaveText('PGlite 嵌入式')
    await expect(status).toContainText('pglite')
    await expect(status).toContainText(version.databaseVersion)
    await expect(status.getByTestId('app-version')).toHaveText(`OneGrid ${version.version}`)
    if (version.postgisVersion) await expect(status).toContainText(version.postgisVersion)

    await expect(page.getByTestId('tile-service')).toContainText('运行正常')
    await expect(page.getByTestId('tile-district')).toContainText(district.name)
    await expect(page.getByTestId('tile-streets')).toContainText(String(streets.length))
    await expect(page.getByTestId('tile-communities')).toContainText(String(communities.length))
    await expect(page.getByTestId('live-status').first()).toHaveText('实时通道已连接')
    await expectPolygons(page, 'district-map', streets.length)

    await screenshot(page, testInfo, 'console')
  })

  test('areas page shows the tree beside a map of the selected area', async ({ page, request }, testInfo) => {
    const { district, streets, communities } = await demoDistrict(request)
    await login(page, demo.leader, { path: '/areas' })

    const tree = page.getByTestId('area-tree')
    await expect(tree.getByText(district.name, { exact: true })).toBeVisible()
    for (const street of streets) await expect(tree.getByText(street.name, { exact: true })).toBeVisible()
    await expect(page.getByTestId('selected-area')).toHaveText(district.name)
    await expectPolygons(page, 'areas-map', streets.filter((s) => s.hasGeometry).length)

    // Picking a street in the tree redraws the map with that street's communities.
    const street = streets[0]
    const community = communities.find((c) => c.parentCode === street?.code && c.hasGeometry)
    if (!street || !community) throw new Error('the demo district has a street with a drawn community')
    await tree.getByText(street.name, { exact: true }).click()
    await expect(page.getByTestId('selected-area')).toHaveText(street.name)
    const label = page.getByTestId('areas-map').getByText(community.name, { exact: true })
    await expect(label).toBeVisible()
    await screenshot(page, testInfo, 'console-areas')

    // Clicking a community on the map selects it; labels let clicks through to the shape below.
    const box = await label.boundingBox()
    if (!box) throw new Error('the community label has a position')
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await expect(page.getByTestId('selected-area')).toHaveText(community.name)
    await expect(tree.locator('.is-current')).toContainText(community.name)
    await expect(page.getByTestId('areas-map').getByText(community.name, { exact: true })).toBeVisible()
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
