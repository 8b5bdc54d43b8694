import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Locator, type Page, type TestInfo, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { chooseOption, getJson, login, openMenu, screenshot } from './support.ts'

interface PersonList {
  items: { id: number; name: string; gridCode: string }[]
}

/** The demo street's first grid, where the registry has residents. */
const grid = { code: '110120001001001', name: '湖滨社区第一网格' }

/**
 * What each project records (both share one server, and a building number is unique in its community, a
 * component's identifier district-wide). The points lie well inside the grid.
 */
const records = {
  desktop: {
    building: { number: '98101', name: '测试花园1号楼', address: '湖滨路 101 号 1 号楼' },
    component: { code: '11012001001981001', point: { lng: 116.7088, lat: 39.9706 } },
  },
  mobile: {
    building: { number: '98102', name: '测试花园2号楼', address: '湖滨路 102 号 2 号楼' },
    component: { code: '11012001001981002', point: { lng: 116.7096, lat: 39.9711 } },
  },
} as const

/**
 * A screenshot of what is on screen, for a dialog or drawer: over a full page they cover only its top, so
 * the long list below would be most of the picture. Named like support.ts's, into e2e/artifacts.
 */
async function screenshotView(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // A toast over the drawer's title says nothing the picture needs.
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 })
  const path = join(import.meta.dirname, '..', 'artifacts', `${testInfo.project.name}-${name}.png`)
  await page.screenshot({ path, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

async function phoneSized(page: Page, project: string): Promise<void> {
  if (project === 'mobile') await page.setViewportSize({ width: 390, height: 844 })
}

/** Types into a searching select and picks the option that shows `label`. */
async function searchAndChoose(page: Page, select: Locator, query: string, label: string): Promise<void> {
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: label }).first()
  await expect(async () => {
    await select.click()
    await select.locator('input').fill(query)
    await option.click({ timeout: 3_000 })
    // A click on an option the search's answer was just replacing chooses nothing and leaves the list
    // open; the select's text alone would still match, since it holds the typed query. Chosen means
    // the list closed on it.
    await expect(option).toBeHidden({ timeout: 1_000 })
    await expect(select).toContainText(label, { timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
}

test.describe('the registry’s places and things', () => {
  test.use({ actionTimeout: 20_000 })

  test('an administrator records a building and a house in it, lets it to a resident, and finds a damaged component on the map', async ({
    page,
  }, testInfo) => {
    const project = testInfo.project.name === 'mobile' ? 'mobile' : 'desktop'
    const mine = records[project]
    await phoneSized(page, project)
    await login(page, demo.admin)

    // The menu leads to 地·物·组织, on the buildings.
    const menu = await openMenu(page)
    await menu.getByText('地·物·组织').click()
    await expect(page).toHaveURL(/\/registry\/places$/)
    await expect(page.getByTestId('place-tabs')).toContainText('视频监控')
    await expect(page.getByTestId('place-total')).toHaveText(/共 \d+ 处/)
    await expect(page.getByTestId('place-table').locator('.place-row').first()).toBeVisible()
    await screenshot(page, testInfo, 'places-buildings')

    // A building, placed in its grid chosen by name; the checks speak before anything is sent.
    await page.getByTestId('place-create-building').click()
    const buildingForm = page.getByTestId('building-form')
    await expect(buildingForm).toBeVisible()
    await buildingForm.getByTestId('building-number').fill('12a')
    await buildingForm.getByTestId('building-form-submit').click()
    await expect(buildingForm).toContainText('楼栋编码为 5 位数字')
    await expect(buildingForm).toContainText('请选择所属网格或在地图上标点')
    await buildingForm.getByTestId('building-number').fill(mine.building.number)
    await buildingForm.getByTestId('building-name').fill(mine.building.name)
    await buildingForm.getByTestId('building-address').fill(mine.building.address)
    await buildingForm.getByTestId('building-floors-above').locator('input').fill('6')
    await searchAndChoose(page, buildingForm.getByTestId('grid-select'), grid.name, grid.name)
    await screenshotView(page, testInfo, 'places-building-form')
    await buildingForm.getByTestId('building-form-submit').click()
    await expect(buildingForm).toBeHidden()

    // It opens in the drawer, and is in the list.
    const drawer = page.getByTestId('place-drawer')
    await expect(page).toHaveURL(/open=building-\d+/)
    await expect(drawer.getByTestId('place-facts')).toContainText(mine.building.address)
    await expect(drawer.getByTestId('place-facts')).toContainText(grid.name)
    await expect(drawer.getByTestId('place-history')).toContainText('登记')
    const buildingId = Number(/open=building-(\d+)/.exec(page.url())?.[1])

    // A house in it: its grid, place and address come from the building.
    await drawer.getByTestId('building-add-house').click()
    const houseForm = page.getByTestId('house-form')
    await expect(houseForm).toBeVisible()
    await expect(houseForm.getByTestId('house-building')).toContainText(mine.building.name)
    await houseForm.getByTestId('house-unit').fill('1')
    await houseForm.getByTestId('house-floor').locator('input').fill('3')
    await houseForm.getByTestId('house-room').fill('301')
    await chooseOption(page, houseForm.getByTestId('house-use'), '出租')
    await houseForm.getByTestId('house-form-submit').click()
    await expect(houseForm).toBeHidden()
    await expect(page).toHaveURL(/open=house-\d+/)
    await expect(drawer.getByTestId('place-facts')).toContainText(`${mine.building.address}1单元301室`)
    await expect(drawer.getByTestId('house-tenancies')).toContainText('暂无租住记录')

    // A resident of the grid rents it, found by name.
    const persons = await getJson<PersonList>(
      page.request,
      `/api/registry/persons?areaCode=${grid.code}&pageSize=20`,
    )
    const tenant = persons.items[project === 'mobile' ? 1 : 0]
    if (!tenant) throw new Error('the demo grid has residents')
    await drawer.getByTestId('tenancy-add').click()
    const tenancyForm = page.getByTestId('tenancy-form')
    await expect(tenancyForm).toBeVisible()
    await tenancyForm.getByTestId('tenancy-form-submit').click()
    await expect(tenancyForm).toContainText('请填写租住人')
    await searchAndChoose(page, tenancyForm.getByTestId('tenancy-person'), tenant.name, tenant.name)
    await tenancyForm.getByTestId('tenancy-room').fill('次卧')
    await tenancyForm.getByTestId('tenancy-registered').click()
    await tenancyForm.getByTestId('tenancy-form-submit').click()
    await expect(tenancyForm).toBeHidden()
    const tenancies = drawer.getByTestId('house-tenancies')
    await expect(tenancies).toContainText(tenant.name)
    await expect(tenancies).toContainText('在租')
    await expect(tenancies).toContainText('已备案')
    await expect(drawer.getByTestId('place-history')).toContainText('添加租住人')
    await screenshotView(page, testInfo, 'places-house')

    // Back in the building, the house is listed with its tenant; the houses tab filters by letting.
    await drawer.getByTestId('place-open-building').click()
    await expect(page).toHaveURL(new RegExp(`open=building-${buildingId}`))
    await expect(drawer.getByTestId('place-houses')).toContainText('在租 1 人')
    await screenshotView(page, testInfo, 'places-building')
    await page.goto(`/registry/places?tab=house&rented=true&q=${encodeURIComponent(mine.building.address)}`)
    await expect(page.getByTestId('place-table')).toContainText(`${mine.building.address}1单元301室`)
    await expect(page.getByTestId('place-total')).toHaveText('共 1 处')
    await screenshot(page, testInfo, 'places-houses')

    // 导出 hands over that list, as filtered, as an XLSX sheet named after the kind.
    const [asked, download] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/registry/houses/export')),
      page.waitForEvent('download'),
      page.getByTestId('place-export-house').click(),
    ])
    const filters = new URL(asked.url()).searchParams
    expect(filters.get('rented')).toBe('true')
    expect(filters.get('q')).toBe(mine.building.address)
    expect(download.suggestedFilename()).toMatch(/^房屋-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const sheet = readFileSync(await download.path())
    // An XLSX file is a ZIP archive.
    expect(sheet.subarray(0, 2).toString('latin1')).toBe('PK')

    // A damaged component in the grid (recorded through the API), red on the map tab.
    const created = await page.request.post('/api/registry/components', {
      data: {
        code: mine.component.code,
        state: 'damaged',
        department: '城市管理局',
        location: mine.component.point,
      },
    })
    expect(created.status()).toBe(201)
    const component = (await created.json()) as { id: number; className: string | null }
    await page.goto(`/registry/places?area=${grid.code}`)
    // The area comes from the address alone: the picker names it all the same.
    await expect(page.getByTestId('area-picker').locator('input')).toHaveValue(grid.name)
    await page.getByTestId('place-tabs').getByText('地图').click()
    await expect(page).toHaveURL(/tab=map/)
    const marker = page.getByTestId('places-map').locator(`path.og-area-component-${component.id}`)
    await expect(marker).toBeAttached()
    await expect(marker).toHaveAttribute('fill', '#dc2626')
    await expect(page.getByTestId('places-map-legend')).toContainText('破损')
    // Only the components: the buildings and houses at the same spot step aside.
    for (const other of ['楼栋', '房屋', '单位', '视频监控'])
      await page.getByTestId('places-map-kinds').getByText(other).click()
    await expect(page).toHaveURL(/layers=component/)
    await expect(page.getByTestId('places-map').locator('path.og-place-building')).toHaveCount(0)
    await page.getByTestId('places-map').scrollIntoViewIfNeeded()
    await screenshot(page, testInfo, 'places-map')
    await marker.click()
    await expect(page).toHaveURL(new RegExp(`open=component-${component.id}`))
    await expect(drawer.getByTestId('place-drawer-state')).toHaveText('破损')
    await expect(drawer.getByTestId('place-fact-classCode')).toContainText(component.className ?? '01001')
    await expect(drawer.getByTestId('place-fact-code')).toContainText(mine.component.code)
    await screenshotView(page, testInfo, 'places-component')
  })
})
