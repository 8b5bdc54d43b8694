import { join } from 'node:path'
import { expect, type Locator, type Page, type TestInfo, test } from '@playwright/test'
import { demo } from './accounts.ts'
import {
  chooseOption,
  clickInsideShape,
  expectPolygons,
  getJson,
  login,
  openMenu,
  screenshot,
  signedInPage,
} from './support.ts'

interface PersonSummary {
  id: number
  name: string
  phoneMasked: string | null
  gridCode: string
  gridName: string
  groups: { group: string; riskLevel: string }[]
}
interface PersonList {
  items: PersonSummary[]
  total: number
  totalCapped: boolean
}
interface HouseList {
  items: { id: number; address: string }[]
}
interface Household {
  id: number
  houseId: number | null
  houseAddress: string | null
}
interface RegistrySummary {
  areaCode: string
  persons: number
  grids: { code: string; persons: number }[]
}

/** The grid worker's grid and its community, in the demo street that has residents. */
const workerGrid = { code: '110120001001001', community: '110120001001' }

/**
 * A person each project adds (both share one server, and an ID number is recorded once): first with a
 * wrong check digit, then the right one. The desktop's is the example of GB 11643.
 */
const newcomers = {
  desktop: {
    name: '测试新居民',
    wrong: '110105194912310021',
    right: '11010519491231002X',
    born: '女，出生于 1949-12-31',
  },
  mobile: {
    name: '测试新住户',
    wrong: '110105195001010040',
    right: '110105195001010047',
    born: '女，出生于 1950-01-01',
  },
} as const

/** The grid workers' phones: the mobile project's pages are looked at as a 390 × 844 phone. */
async function phoneSized(page: Page, project: string): Promise<void> {
  if (project === 'mobile') await page.setViewportSize({ width: 390, height: 844 })
}

/** What is on screen, for a dialog: over a full page it would cover only the top (into e2e/artifacts). */
async function screenshotView(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = join(import.meta.dirname, '..', 'artifacts', `${testInfo.project.name}-${name}.png`)
  await page.screenshot({ path, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

/** The persons listed (rows on a desk, cards on a phone). */
const rows = (page: Page): Locator => page.getByTestId('person-table').locator('.person-row')

async function listed(page: Page): Promise<string[]> {
  await expect(rows(page).first()).toBeVisible()
  return (
    await page.getByTestId('person-table').locator('[data-testid^="person-link-"]').allTextContents()
  ).map((t) => t.trim())
}

test.describe('the registry', () => {
  test.use({ actionTimeout: 20_000 })

  test('an administrator finds a resident, reveals the phone with a reason, and adds a person', async ({
    page,
  }, testInfo) => {
    const project = testInfo.project.name === 'mobile' ? 'mobile' : 'desktop'
    await phoneSized(page, project)
    await login(page, demo.admin)

    // The menu leads to 实有人口.
    const menu = await openMenu(page)
    await menu.getByText('实有人口').click()
    await expect(page).toHaveURL(/\/registry\/persons$/)

    const summary = await getJson<RegistrySummary>(page.request, '/api/registry/summary')
    expect(summary.persons).toBeGreaterThan(100)
    const persons = new Intl.NumberFormat('zh-CN').format(summary.persons)
    await expect(page.getByTestId('tile-persons')).toContainText(persons)
    await expect(page.getByTestId('tile-special')).toContainText('红')
    await expectPolygons(page, 'registry-map', 20)
    await expect(page.getByTestId('registry-map-legend')).toContainText('每网格人口')
    expect((await listed(page)).length).toBe(20)
    await screenshot(page, testInfo, 'registry-persons')

    // A name prefix (surname and first given character) finds that person and others like them only.
    const all = await getJson<PersonList>(page.request, '/api/registry/persons?pageSize=50')
    const target = all.items.find((p) => p.phoneMasked && [...p.name].length >= 2)
    if (!target) throw new Error('the demo has persons with phones')
    const prefix = [...target.name].slice(0, 2).join('')
    await page.getByTestId('person-search-q').fill(prefix)
    await page.getByTestId('person-search-submit').click()
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(prefix)}`))
    await expect(page.getByTestId(`person-link-${target.id}`)).toBeVisible()
    for (const name of await listed(page)) expect(name.startsWith(prefix), name).toBe(true)

    // The person's page: the phone masked, then in full once a reason is given.
    await page.getByTestId(`person-link-${target.id}`).click()
    await expect(page).toHaveURL(new RegExp(`/registry/persons/${target.id}$`))
    await expect(page.getByTestId('person-name-title')).toHaveText(target.name)
    await expect(page.getByTestId('revealable-phone')).toContainText(target.phoneMasked ?? '')
    await page.getByTestId('revealable-reveal-phone').click()
    const dialog = page.getByTestId('reveal-dialog')
    await expect(dialog).toContainText('记入审计日志')
    await dialog.getByTestId('reveal-confirm').click()
    await expect(dialog).toContainText('请填写查看原因')
    await dialog.getByTestId('reveal-quick-call').click()
    await dialog.getByTestId('reveal-confirm').click()
    await expect(dialog.getByTestId('reveal-recorded')).toHaveText(/已记录查看日志/)
    const phone = (await dialog.getByTestId('reveal-value').textContent())?.trim() ?? ''
    expect(phone).toMatch(/^1[3-9]\d{9}$/)
    expect(phone.slice(-4)).toBe(target.phoneMasked?.slice(-4))
    await screenshot(page, testInfo, 'registry-reveal')
    await dialog.getByTestId('reveal-close').click()
    await expect(page.getByTestId('revealable-full-phone')).toHaveText(phone)
    await screenshot(page, testInfo, 'registry-person')
    // Shown in that place only: hidden again, it is the mask.
    await page.getByTestId('revealable-hide-phone').click()
    await expect(page.getByTestId('revealable-phone')).toContainText(target.phoneMasked ?? '')
    await expect(page.getByTestId('revealable-phone')).not.toContainText(phone)

    // A grid clicked on the community's map narrows the list to it.
    await page.goto(`/registry/persons?area=${workerGrid.community}`)
    await expectPolygons(page, 'registry-map', 2)
    await clickInsideShape(page, 'registry-map', workerGrid.code)
    await expect(page).toHaveURL(new RegExp(`grid=${workerGrid.code}`))
    const gridName = (await getJson<{ name: string }>(page.request, `/api/areas/${workerGrid.code}`)).name
    await expect(page.getByTestId('grid-filter')).toContainText(gridName)
    // The narrowed list replaces the community's: read the rows again until they are all the grid's.
    await expect(async () => {
      const texts = await rows(page).allTextContents()
      expect(texts.length).toBeGreaterThan(0)
      expect(texts.filter((t) => !t.includes(gridName))).toEqual([])
    }).toPass({ timeout: 15_000 })

    // The list as shown goes out as a sheet (masked, audited by the server).
    const href = await page.getByTestId('person-export').getAttribute('href')
    expect(href).toContain(`areaCode=${workerGrid.code}`)
    const sheet = await page.request.get(href ?? '')
    expect(sheet.status()).toBe(200)
    expect(sheet.headers()['content-type']).toContain('spreadsheetml')

    // Adding a person there: a wrong check digit is refused under the field, the right number saves.
    const newcomer = newcomers[project]
    await page.getByTestId('person-create').click()
    const form = page.getByTestId('person-form-dialog')
    await expect(form).toBeVisible()
    await expect(form.getByTestId('grid-select')).toContainText(gridName)
    await form.getByTestId('person-name').fill(newcomer.name)
    await form.getByTestId('person-document-number').fill(newcomer.wrong)
    await form.getByTestId('person-phone').fill('13912345678')
    await form.getByTestId('person-form-submit').click()
    const documentItem = form.getByTestId('field-document-number')
    await expect(documentItem.locator('.el-form-item__error')).toHaveText('身份证号校验位不正确，请核对')
    await documentItem.scrollIntoViewIfNeeded()
    await screenshot(page, testInfo, 'registry-person-form')
    await form.getByTestId('person-document-number').fill(newcomer.right)
    await expect(form.getByTestId('person-id-summary')).toHaveText(newcomer.born)
    await expect(documentItem.locator('.el-form-item__error')).toHaveCount(0)
    await form.getByTestId('person-form-submit').click()
    await expect(form).toBeHidden()
    await expect(page).toHaveURL(/\/registry\/persons\/\d+$/)
    await expect(page.getByTestId('person-name-title')).toHaveText(newcomer.name)
    await expect(page.getByTestId('revealable-document')).toContainText(newcomer.right.slice(-4))
    await expect(page.getByTestId('person-facts')).toContainText(gridName)
    await expect(page.getByTestId('person-history')).toContainText('登记')

    // The server checks the number too: the same number again is refused under the field.
    await page.goto(`/registry/persons?grid=${workerGrid.code}`)
    await page.getByTestId('person-create').click()
    await expect(form).toBeVisible()
    await form.getByTestId('person-name').fill(newcomer.name)
    await form.getByTestId('person-document-number').fill(newcomer.right)
    await form.getByTestId('person-form-submit').click()
    await expect(documentItem.locator('.el-form-item__error')).toContainText('已登记')
  })

  test('special groups: red first by level; a person recorded in a group, then their risk raised with a reason', async ({
    page,
  }, testInfo) => {
    const project = testInfo.project.name === 'mobile' ? 'mobile' : 'desktop'
    await phoneSized(page, project)
    await login(page, demo.admin)
    const menu = await openMenu(page)
    await menu.getByText('特殊人群').click()
    await expect(page).toHaveURL(/\/registry\/special-groups$/)

    // Everyone in any group, red first.
    const table = page.getByTestId('special-table')
    const members = table.locator(project === 'mobile' ? '.member-card' : '.member-row')
    await expect(members.first()).toContainText('高风险')
    await page.getByTestId('special-risk').getByText('高风险').click()
    await expect(page).toHaveURL(/risk=red/)
    await expect(page.getByTestId('special-total')).toHaveText(/共 [1-9]\d* 人/)
    // The filtered list replaces the unfiltered one: read the rows again until they are all the new ones.
    await expect(async () => {
      const rows = await members.allTextContents()
      expect(rows.length).toBeGreaterThan(0)
      expect(rows.filter((r) => !r.includes('高风险'))).toEqual([])
    }).toPass({ timeout: 15_000 })
    await screenshot(page, testInfo, 'registry-special-groups')

    // A resident in no group yet (each project its own) is recorded as 信访人员.
    const list = await getJson<PersonList>(
      page.request,
      `/api/registry/persons?areaCode=${workerGrid.community}&pageSize=100`,
    )
    const free = list.items.filter((p) => p.groups.length === 0)
    const person = free[project === 'mobile' ? 1 : 0]
    if (!person) throw new Error('the demo community has residents in no group')
    await page.goto(`/registry/persons/${person.id}`)
    await expect(page.getByTestId('person-name-title')).toHaveText(person.name)
    await page.getByTestId('group-add').click()
    const dialog = page.getByTestId('group-dialog')
    await expect(dialog).toBeVisible()
    await chooseOption(page, dialog.getByTestId('group-select'), '信访人员')
    await expect(dialog.getByTestId('group-fields')).toContainText('信访事项')
    await dialog.getByTestId('group-risk').getByText('中风险').click()
    await dialog.getByTestId('group-submit').click()
    await expect(dialog).toContainText('请填写信访事项')
    await dialog.getByTestId('group-field-petitionMatter').fill('小区停车位分配争议')
    await chooseOption(page, dialog.getByTestId('group-field-isRepeat'), '是')
    await screenshot(page, testInfo, 'registry-group-dialog')
    await dialog.getByTestId('group-submit').click()
    await expect(dialog).toBeHidden()
    const record = page.getByTestId('membership-petitioner')
    await expect(record).toContainText('中风险')
    await expect(record.getByTestId('membership-field-petitionMatter')).toContainText('小区停车位分配争议')
    await expect(record.getByTestId('membership-field-isRepeat')).toContainText('是')
    await expect(record).toContainText('每 15 天')

    // Raising the level needs a reason; it is kept with the record and in the history.
    await record.getByTestId('membership-risk-petitioner').click()
    const risk = page.getByTestId('risk-dialog')
    await expect(risk).toBeVisible()
    await risk.getByTestId('risk-level').getByText('高风险').click()
    await risk.getByTestId('risk-submit').click()
    await expect(risk).toContainText('请填写调整原因')
    await risk.getByTestId('risk-reason').fill('近期多次到街道反映，情绪激动')
    await risk.getByTestId('risk-submit').click()
    await expect(risk).toBeHidden()
    await expect(record).toContainText('高风险')
    await expect(record).toContainText('近期多次到街道反映，情绪激动')
    await expect(record).toContainText('每 7 天')
    const history = page.getByTestId('person-history')
    await expect(history).toContainText('调整风险等级')
    await expect(history).toContainText('中风险')
    await expect(history).toContainText('原因：近期多次到街道反映，情绪激动')
    await screenshot(page, testInfo, 'registry-groups')
  })

  test('residents found by part of a house’s standard address; a person’s household names its house', async ({
    page,
  }, testInfo) => {
    const project = testInfo.project.name === 'mobile' ? 'mobile' : 'desktop'
    await phoneSized(page, project)
    await login(page, demo.admin, { path: '/registry/persons' })

    // A demo building of the grid worker's grid: its address without the unit and room (…号院1号楼).
    const houses = await getJson<HouseList>(
      page.request,
      `/api/registry/houses?areaCode=${workerGrid.code}&pageSize=5`,
    )
    const building = houses.items[0]?.address.replace(/\d+单元\d+室$/, '')
    if (!building) throw new Error('the demo grid has houses')
    const found = await getJson<PersonList>(
      page.request,
      `/api/registry/persons?address=${encodeURIComponent(building)}&pageSize=200`,
    )
    expect(found.total).toBeGreaterThan(0)

    // The search bar says what the address searches, keeps it in the page's address and lists them.
    const address = page.getByTestId('person-search-address')
    await address.fill(building)
    await expect(page.getByTestId('person-search-address-hint')).toContainText('标准地址')
    await page.getByTestId('person-search-submit').click()
    await expect(page).toHaveURL(new RegExp(`address=${encodeURIComponent(building)}`))
    await expect(page.getByTestId('person-total')).toHaveText(`共 ${found.total} 人`)
    const ids = new Set(found.items.map((p) => p.id))
    for (const link of await page.getByTestId('person-table').locator('[data-testid^="person-link-"]').all())
      expect(ids.has(Number((await link.getAttribute('data-testid'))?.replace('person-link-', '')))).toBe(
        true,
      )
    await screenshot(page, testInfo, 'registry-address-search')

    // One of them whose household lives in a house of that building.
    let resident: { id: number; house: string; houseId: number } | null = null
    for (const p of found.items.slice(0, 10)) {
      const person = await getJson<{ household: { id: number } | null }>(
        page.request,
        `/api/registry/persons/${p.id}`,
      )
      if (!person.household) continue
      const h = await getJson<Household>(page.request, `/api/registry/households/${person.household.id}`)
      if (h.houseId !== null && h.houseAddress?.includes(building)) {
        resident = { id: p.id, house: h.houseAddress, houseId: h.houseId }
        break
      }
    }
    if (!resident) throw new Error('a member of a household living in the building')
    await page.getByTestId(`person-link-${resident.id}`).click()
    await expect(page).toHaveURL(new RegExp(`/registry/persons/${resident.id}$`))
    const houseLink = page.getByTestId('household-house-link')
    await expect(houseLink).toHaveText(resident.house)
    await expect(page.getByTestId('household-move-in')).toHaveText('更换房屋')
    await expect(page.getByTestId('household-move-out')).toBeVisible()
    await page.getByTestId('household-card').scrollIntoViewIfNeeded()
    await screenshot(page, testInfo, 'registry-household-house')

    // The dialog that moves it names the house it lives in; closed without a change.
    await page.getByTestId('household-move-in').click()
    const dialog = page.getByTestId('household-house-dialog')
    await expect(dialog).toContainText(`现住：${resident.house}`)
    await expect(dialog.getByTestId('household-house-select')).toContainText(resident.house)
    await screenshotView(page, testInfo, 'registry-household-house-dialog')
    await dialog.getByRole('button', { name: '取消' }).click()
    await expect(dialog).toBeHidden()

    // The link opens that house on 地·物·组织.
    await houseLink.click()
    await expect(page).toHaveURL(new RegExp(`/registry/places\\?.*open=house-${resident.houseId}`))
    await expect(page.getByTestId('place-drawer').getByTestId('place-facts')).toContainText(resident.house)
  })

  test('a grid worker sees only the residents of their own grid', async ({ browser }, testInfo) => {
    const page = await signedInPage(browser, testInfo, demo.gridWorker, '/registry/persons')
    await phoneSized(page, testInfo.project.name)
    const summary = await getJson<RegistrySummary>(page.request, '/api/registry/summary')
    expect(summary.areaCode).toBe(workerGrid.code)
    expect(summary.grids.map((g) => g.code)).toEqual([workerGrid.code])
    const gridName = (await getJson<{ name: string }>(page.request, `/api/areas/${workerGrid.code}`)).name

    // The tile counts who lives there now; the list also shows who moved out or died (other journeys
    // may have changed a record of this grid from the phone).
    const own = await getJson<PersonList>(page.request, '/api/registry/persons?pageSize=200')
    await expect(page.getByTestId('tile-persons')).toContainText(String(summary.persons))
    await expect(page.getByTestId('person-total')).toHaveText(`共 ${own.total} 人`)
    await expectPolygons(page, 'registry-map', 1)
    const shown = await listed(page)
    expect(shown.length).toBe(Math.min(20, own.total))
    for (const row of await rows(page).all()) await expect(row).toContainText(gridName)

    // What the server answers this account is that grid's people only.
    expect(own.items.every((p) => p.gridCode === workerGrid.code)).toBe(true)
    await screenshot(page, testInfo, 'registry-grid-worker')
    await page.context().close()
  })
})
