import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  devices,
  expect,
  type Page,
  type TestInfo,
  test,
} from '@playwright/test'
import { demoPassword } from './accounts.ts'
import { phoneOnly, setSync } from './field-support.ts'
import { screenshot as fullPage, login, pngImage } from './support.ts'

/**
 * 走访 on the phone and in the console: the demo grid worker's due list (overdue first, today's 日访十户),
 * a visit recorded with sync paused (queued on the phone, marked on the list, sent on resume, on the server
 * with its photo), "发现问题 → 上报" opening the report prefilled, a person added and corrected from the
 * phone; the console's overdue visits per grid (table and map), the visits list, the visit plan, and a
 * person's visits on their page.
 */

const worker = 'wanggeyuan'
const admin = 'admin'
const street = '110120001'

const { defaultBrowserType: _browser, ...pixel } = devices['Pixel 7']
const phone = { ...pixel, permissions: ['geolocation'], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await fullPage(page, testInfo, name)
}

async function apiToken(request: APIRequestContext, username: string): Promise<string> {
  const signIn = await request.post('/api/auth/login', { data: { username, password: demoPassword } })
  expect(signIn.ok()).toBe(true)
  return ((await signIn.json()) as { token: string }).token
}

async function apiGet<T>(request: APIRequestContext, token: string, path: string): Promise<T> {
  const response = await request.get(path, { headers: { authorization: `Bearer ${token}` } })
  expect(response.ok(), `${path} answers ${response.status()}`).toBe(true)
  return (await response.json()) as T
}

interface VisitList {
  total: number
  items: {
    id: number
    target: { kind: string; id: number; label: string }
    notes: string
    attachments: unknown[]
    findings: { flag: string }[]
  }[]
}
interface Me {
  user: { id: number }
}

/** The middle of the demo worker's grid (a Voronoi cell, convex: the mean of its corners lies inside). */
async function gridMiddle(
  request: APIRequestContext,
  token: string,
): Promise<{ longitude: number; latitude: number }> {
  const shapes = await apiGet<{
    features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[]
  }>(request, token, '/api/areas/geojson?under=110120001001001&level=grid')
  const geometry = shapes.features[0]?.geometry
  const ring =
    (geometry?.type === 'MultiPolygon'
      ? (geometry.coordinates as number[][][][])[0]?.[0]
      : (geometry?.coordinates as number[][][] | undefined)?.[0]) ?? []
  const corners = ring.slice(0, -1)
  return {
    longitude: corners.reduce((s, p) => s + (p[0] ?? 0), 0) / corners.length,
    latitude: corners.reduce((s, p) => s + (p[1] ?? 0), 0) / corners.length,
  }
}

async function fieldPhone(
  browser: Browser,
  testInfo: TestInfo,
  path: string,
  point: { longitude: number; latitude: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...phone,
    baseURL: testInfo.project.use.baseURL,
    reducedMotion: 'reduce',
    geolocation: point,
  })
  const page = await context.newPage()
  await page.goto(`/field${path}`)
  await expect(page).toHaveURL(/\/field\/login/)
  await page.getByTestId('login-username').locator('input').fill(worker)
  await page.getByTestId('login-password').locator('input').fill(demoPassword)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(new RegExp(`/field${path}$`))
  return { context, page }
}

test.describe('走访 on the phone', () => {
  phoneOnly()

  test('the due list, a visit queued offline and sent, a finding reported, a person added and corrected', async ({
    browser,
    request,
  }, testInfo) => {
    test.setTimeout(240_000)
    const token = await apiToken(request, worker)
    const me = await apiGet<Me>(request, token, '/api/me')
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const before = await apiGet<VisitList>(
      request,
      token,
      `/api/visits?workerId=${me.user.id}&on=${today}&pageSize=100`,
    )

    const { context, page } = await fieldPhone(browser, testInfo, '/visits', await gridMiddle(request, token))
    try {
      // Overdue first, with today's progress against ten households.
      await expect(page.getByTestId('visits-today-households')).toHaveText(/^\s*\d+\/\d+ 户\s*$/)
      const overdue = page.getByTestId('visits-list-overdue').getByTestId('due-item')
      await expect(overdue.first()).toBeVisible()
      await expect(overdue.first()).toContainText('逾期')
      await screenshot(page, testInfo, 'field-visits-due')

      // Without signal (sync paused): the visit waits on the phone.
      await setSync(page, true, '/visits')
      const first = page.getByTestId('visits-list-overdue').getByTestId('due-item').first()
      const target = (await first.getAttribute('data-target')) ?? ''
      const label = (await first.locator('.due__label').textContent())?.trim() ?? ''
      await first.click()
      await expect(page).toHaveURL(/\/field\/visits\/new\?kind=/)
      await expect(page.getByTestId('visit-target')).toContainText(label)
      await expect(page.getByTestId('visit-place')).toContainText('精度约')
      await page.getByTestId('visit-method-door').click()
      await page.getByTestId('visit-phrase').first().click()
      const notes = page.getByTestId('visit-notes').locator('textarea')
      await expect(notes).not.toHaveValue('')
      const marker = `e2e 走访 ${Date.now().toString(36)}`
      await notes.fill(`${await notes.inputValue()}；${marker}`)
      await page.getByTestId('visit-flag-info_changed').click()
      await page.getByTestId('visit-flag-note-info_changed').locator('input').fill('手机号码已变更')
      await page
        .getByTestId('visit-photos-input')
        .setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: pngImage(640, 480) })
      await expect(page.getByTestId('photo-preview')).toHaveCount(1)
      await screenshot(page, testInfo, 'field-visits-record')
      await page.getByTestId('visit-save').click()
      await expect(page).toHaveURL(/\/field\/visits$/)
      await page.getByTestId('visits-tab-all').click()
      await expect(
        page.getByTestId('visits-list-all').locator(`[data-target="${target}"]`).getByTestId('due-queued'),
      ).toHaveText('已走访，待同步')
      await screenshot(page, testInfo, 'field-visits-queued')
      expect(
        (
          await apiGet<VisitList>(
            request,
            token,
            `/api/visits?workerId=${me.user.id}&on=${today}&pageSize=100`,
          )
        ).total,
      ).toBe(before.total)

      // Signal again: sent once, with its photo; the target is no longer overdue.
      await setSync(page, false, '/visits?tab=all')
      await expect(async () => {
        const after = await apiGet<VisitList>(
          request,
          token,
          `/api/visits?workerId=${me.user.id}&on=${today}&pageSize=100`,
        )
        expect(after.total).toBe(before.total + 1)
        const mine = after.items.find((v) => v.notes.includes(marker))
        expect(mine?.attachments).toHaveLength(1)
        expect(mine?.findings.map((f) => f.flag)).toEqual(['info_changed'])
      }).toPass({ timeout: 30_000 })
      await expect(
        page.getByTestId('visits-list-all').locator(`[data-target="${target}"]`).getByTestId('due-queued'),
      ).toHaveCount(0, { timeout: 20_000 })
      const [kind, id] = target.split(':')
      const plan = await apiGet<{ items: { target: { kind: string; id: number }; status: string }[] }>(
        request,
        token,
        '/api/visits/due?pageSize=500',
      )
      expect(plan.items.find((i) => i.target.kind === kind && i.target.id === Number(id))?.status).not.toBe(
        'overdue',
      )

      // 发现问题 → 上报: the report page opens with the finding, the place and the visit.
      await page.getByTestId('visits-tab-overdue').click()
      await page.getByTestId('visits-list-overdue').getByTestId('due-item').first().click()
      await page.getByTestId('visit-flag-hazard').click()
      await page.getByTestId('visit-flag-note-hazard').locator('input').fill('楼道堆放杂物')
      await page.getByTestId('visit-report').click()
      await expect(page).toHaveURL(/\/field\/report/)
      await expect(page.getByTestId('report-description').locator('textarea')).toHaveValue(
        /安全隐患：楼道堆放杂物/,
      )
      await screenshot(page, testInfo, 'field-visits-report')

      // A resident met on the visit, added from the phone, then corrected.
      const han = '甲乙丙丁戊己庚辛壬癸'
      const name = `走访新登${han[Date.now() % 10]}${han[Math.floor(Date.now() / 10) % 10]}`
      await page.goto('/field/registry/persons/new')
      await page.getByTestId('person-name').locator('input').fill(name)
      await page.getByTestId('person-document-kind').selectOption('other')
      await page.getByTestId('person-phone').locator('input').fill('13712345678')
      await expect(page.getByTestId('person-grid')).not.toHaveValue('')
      await screenshot(page, testInfo, 'field-person-new')
      await page.getByTestId('person-save').click()
      let personId = 0
      await expect(async () => {
        const found = await apiGet<{ items: { id: number; name: string }[] }>(
          request,
          token,
          `/api/registry/persons?q=${encodeURIComponent(name)}`,
        )
        personId = found.items.find((p) => p.name === name)?.id ?? 0
        expect(personId).toBeGreaterThan(0)
      }).toPass({ timeout: 30_000 })
      await page.goto(`/field/registry/persons/${personId}/edit`)
      await expect(page.getByTestId('person-phone').locator('input')).toHaveAttribute(
        'placeholder',
        /137\*\*\*\*5678/,
      )
      await page.getByTestId('person-phone').locator('input').fill('13887654321')
      await page.getByTestId('person-status-moved_out').click()
      await screenshot(page, testInfo, 'field-person-edit')
      await page.getByTestId('person-save').click()
      await expect(async () => {
        const person = await apiGet<{
          phoneMasked: string
          status: string
          history: { reason: string | null }[]
        }>(request, token, `/api/registry/persons/${personId}`)
        expect(person.phoneMasked).toBe('138****4321')
        expect(person.status).toBe('moved_out')
        expect(person.history.some((h) => h.reason === '走访核实')).toBe(true)
      }).toPass({ timeout: 30_000 })
    } finally {
      await context.close()
    }
  })
})

test.describe('走访 in the console', () => {
  test.beforeEach(({ browserName }, testInfo) => {
    test.skip(
      browserName !== 'chromium' || testInfo.project.name !== 'desktop',
      'the console: once, on a desktop',
    )
  })

  test('overdue visits per grid, the visits list, the plan, and a person’s visits', async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(180_000)
    await login(page, admin, { path: `/fieldwork/visits/overdue?area=${street}` })
    const table = page.getByTestId('visit-overdue-table')
    await expect(table.locator('.el-table__row').first()).toBeVisible()
    await expect(page.getByTestId('visit-overdue-total')).not.toHaveText('0')
    await expect(page.getByTestId('visit-overdue-map').locator('path.og-visit-grid').first()).toBeVisible()
    await expect(page.getByTestId('nav-group-fieldwork')).toBeVisible()
    await screenshot(page, testInfo, 'console-visits-overdue')
    // The most overdue grid first; its plan opens in a drawer, overdue first.
    await table.locator('.el-table__row').first().click()
    const drawer = page.getByTestId('visit-overdue-drawer')
    await expect(drawer.getByTestId('visit-overdue-plan').locator('.el-table__row').first()).toContainText(
      '逾期',
    )
    await screenshot(page, testInfo, 'console-visits-overdue-grid')
    await drawer.locator('.el-drawer__close-btn').click()

    await page.goto('/fieldwork/visits')
    const list = page.getByTestId('visit-list-table')
    await expect(list.locator('.el-table__row').first()).toBeVisible()
    await list.locator('.el-table__row').first().click()
    await expect(page.getByTestId('visit-detail')).toBeVisible()
    await screenshot(page, testInfo, 'console-visits-list')
    await page.keyboard.press('Escape')

    await page.goto('/fieldwork/visit-plan')
    const daily = page.getByTestId('plan-daily').locator('input')
    await expect(daily).toHaveValue('10')
    await daily.fill('12')
    await page.getByTestId('plan-save').click()
    await expect(page.getByTestId('plan-updated')).toContainText('系统管理员')
    await screenshot(page, testInfo, 'console-visit-plan')
    await daily.fill('10')
    await page.getByTestId('plan-save').click()
    await expect(daily).toHaveValue('10')

    // A person visited lately: their page lists the visits.
    const token = await apiToken(request, admin)
    const visits = await apiGet<VisitList>(request, token, `/api/visits?areaCode=${street}&pageSize=200`)
    const person = visits.items.find((v) => v.target.kind === 'person')
    expect(person).toBeDefined()
    await page.goto(`/registry/persons/${person?.target.id}`)
    await expect(page.getByTestId('person-visits').getByTestId('visit-history-item').first()).toBeVisible()
    await page.getByTestId('person-visits').scrollIntoViewIfNeeded()
    await screenshot(page, testInfo, 'console-person-visits')
  })
})
