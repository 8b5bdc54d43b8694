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
import { screenshot as fullPage, pngImage, signedInPage } from './support.ts'

/**
 * The grid worker's 上报 and 我的案件 on a phone: a report with a photo, placed by GPS in the worker's
 * grid, reaches the console's queue; a self-handled report waits for the grid leader's 核查, which the
 * grid leader does on the phone with a photo of the spot.
 */

const worker = 'wanggeyuan'
const gridLeader = 'wanggezhang'
/** 受理员: his console's 待受理 queue shows what the field reports. */
const operator = 'shouliyuan'
const grid = { code: '110120001001001' }

// Debian's Chromium: a device preset replaces `use`, so it restates where the browser is.
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-quic',
  ],
}
const { defaultBrowserType: _browser, ...pixel } = devices['Pixel 7']
/** The phone every page of this file is opened on: a Pixel 7 that lets the app locate it. */
const phone = { ...pixel, permissions: ['geolocation'], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }
test.use({ ...phone, launchOptions })

/** A full-page screenshot from the top: the phone's fixed bars are where the worker sees them. */
async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await fullPage(page, testInfo, name)
}

type Ring = number[][]
interface GridGeometry {
  features: { properties: { code: string; name: string }; geometry: { type: string; coordinates: unknown } }[]
}
interface CatalogTree {
  majors: {
    name: string
    items: {
      code: string
      name: string
      initials: string
      selfHandle: boolean
      photoRequired: boolean
      fieldCount: number
      admitted: boolean
      retired: boolean
    }[]
  }[]
}

function inRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? []
    const [xj = 0, yj = 0] = ring[j] ?? []
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** A point well inside the grid's first polygon: the sample nearest its middle that lies inside. */
function interiorPoint(geometry: { type: string; coordinates: unknown }): {
  longitude: number
  latitude: number
} {
  const outer =
    (geometry.type === 'MultiPolygon'
      ? (geometry.coordinates as Ring[][])[0]?.[0]
      : (geometry.coordinates as Ring[])[0]) ?? []
  const xs = outer.map((p) => p[0] ?? 0)
  const ys = outer.map((p) => p[1] ?? 0)
  const [west, east, south, north] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const middle: [number, number] = [(west + east) / 2, (south + north) / 2]
  let best: [number, number] | null = null
  for (let i = 1; i < 20; i++)
    for (let j = 1; j < 20; j++) {
      const p: [number, number] = [west + ((east - west) * i) / 20, south + ((north - south) * j) / 20]
      if (!inRing(p, outer)) continue
      if (
        !best ||
        Math.hypot(p[0] - middle[0], p[1] - middle[1]) < Math.hypot(best[0] - middle[0], best[1] - middle[1])
      )
        best = p
    }
  if (!best) throw new Error('no point inside the grid')
  return { longitude: best[0], latitude: best[1] }
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

/** The worker's grid (its name and a point inside it) and two admitted items to report: any, and a self-handled one. */
async function world(request: APIRequestContext) {
  const token = await apiToken(request, worker)
  const shapes = await apiGet<GridGeometry>(
    request,
    token,
    `/api/areas/geojson?under=${grid.code}&level=grid`,
  )
  const feature = shapes.features.find((f) => f.properties.code === grid.code)
  if (!feature) throw new Error('the demo worker’s grid has no boundary')
  const catalog = await apiGet<CatalogTree>(request, token, '/api/catalog?admitted=true')
  const items = catalog.majors.flatMap((m) => m.items.map((i) => ({ ...i, majorName: m.name })))
  const usable = items.filter((i) => i.admitted && !i.retired && i.fieldCount === 0 && i.initials.length >= 2)
  const plain = usable.find((i) => i.photoRequired && !i.selfHandle) ?? usable[0]
  const selfHandled =
    items.find((i) => i.admitted && !i.retired && i.selfHandle && i.fieldCount === 0) ??
    items.find((i) => i.selfHandle)
  if (!plain || !selfHandled) throw new Error('the demo catalog lacks an item to report')
  return { gridName: feature.properties.name, point: interiorPoint(feature.geometry), plain, selfHandled }
}

/** A phone of its own for an account, at `point`, signed in to the field app through its sign-in page at `path`. */
async function fieldPhone(
  browser: Browser,
  testInfo: TestInfo,
  username: string,
  point: { longitude: number; latitude: number },
  path: string,
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
  await page.getByTestId('login-username').locator('input').fill(username)
  await page.getByTestId('login-password').locator('input').fill(demoPassword)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(new RegExp(`/field${path.replace(/[?]/g, '\\?')}$`))
  return { context, page }
}

/** Chooses a category in the picker by its pinyin initials. */
async function chooseItem(page: Page, item: { name: string; initials: string }): Promise<void> {
  await page.getByTestId('report-item').click()
  const sheet = page.getByTestId('report-item-sheet')
  await expect(sheet).toBeVisible()
  await sheet.getByTestId('report-item-search').locator('input').fill(item.initials)
  await sheet.getByTestId('report-item-option').filter({ hasText: item.name }).first().click()
  await expect(sheet).toBeHidden()
  await expect(page.getByTestId('report-item').locator('input')).toHaveValue(item.name)
}

test.describe('the grid worker reports from the phone', () => {
  test.beforeEach(({ browserName }, testInfo) => {
    test.skip(
      browserName !== 'chromium' || testInfo.project.name !== 'mobile',
      'a phone journey: once, in the mobile project',
    )
  })
  test.use({ actionTimeout: 20_000 })

  test('a report with a photo, placed by GPS, reaches the console’s queue', async ({
    browser,
    request,
  }, testInfo) => {
    test.setTimeout(180_000)
    const { gridName, point, plain } = await world(request)
    const console = await signedInPage(browser, testInfo, operator, '/cases?queue=to_accept')
    await expect(console.getByTestId('live-status').first()).toHaveText('实时通道已连接')
    const { context, page } = await fieldPhone(browser, testInfo, worker, point, '/report')
    try {
      // The place: the GPS fix with its accuracy, in the worker's grid.
      await expect(page.getByTestId('report-accuracy')).toContainText('精度约')
      await expect(page.getByTestId('report-grid')).toContainText(gridName)
      await expect(page.getByTestId('report-map').locator('.pin-map__pin')).toBeVisible()

      // A photo from the "camera", made small on the phone.
      await page
        .getByTestId('report-photos-input')
        .setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: pngImage(640, 480) })
      await expect(page.getByTestId('photo-preview')).toHaveCount(1)

      await chooseItem(page, plain)
      const description = `e2e 现场上报 ${Date.now().toString(36)}`
      await page.getByTestId('report-phrases').locator('.van-tag').first().click()
      const text = page.getByTestId('report-description').locator('textarea')
      await expect(text).not.toHaveValue('')
      await text.fill(`${await text.inputValue()}，${description}`)
      await page.getByTestId('report-address').locator('input').fill('和湖路 12 号东侧')
      await screenshot(page, testInfo, 'field-report-form')

      // A reload in the middle of the form loses nothing: the draft is kept on the phone.
      await expect(page.getByTestId('report-page')).toHaveAttribute('data-draft', 'saved')
      await page.reload()
      await expect(page.getByTestId('report-restored')).toBeVisible()
      await expect(page.getByTestId('photo-preview')).toHaveCount(1)
      await expect(page.getByTestId('report-item').locator('input')).toHaveValue(plain.name)
      await expect(text).toHaveValue(new RegExp(description))
      await expect(page.getByTestId('report-address').locator('input')).toHaveValue('和湖路 12 号东侧')

      await page.getByTestId('report-submit').click()
      const result = page.getByTestId('report-result')
      await expect(result).toBeVisible()
      // Saved on the phone first, then sent: it reaches the center with a case code.
      await expect(result).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 })
      const code =
        (await page.getByTestId('report-result-code').textContent())?.replace(/^\D*/, '').trim() ?? ''
      expect(code).toMatch(/^\d{14,}$/)
      // The form is empty again.
      await expect(page.getByTestId('photo-preview')).toHaveCount(0)
      await expect(page.getByTestId('report-description').locator('textarea')).toHaveValue('')
      await screenshot(page, testInfo, 'field-report-sent')

      // The operator's 待受理 list has it without a reload (the live channel's case.created).
      await expect(console.getByTestId('case-table')).toContainText(code, { timeout: 10_000 })
      await screenshot(console, testInfo, 'field-report-console')

      // 我的案件 → 我上报的 lists it, and its page tells its status in words with the timeline.
      await page.getByTestId('field-tab-cases').click()
      await page.getByTestId('cases-tab-reported').click()
      const card = page.getByTestId('cases-list-reported').locator(`[data-code="${code}"]`)
      await expect(card).toBeVisible()
      await expect(card.getByTestId('case-status')).toHaveText('待受理')
      await screenshot(page, testInfo, 'field-cases-reported')
      await card.click()
      await expect(page.getByTestId('case-detail-code')).toHaveText(code)
      await expect(page.getByTestId('case-timeline')).toContainText('上报')
      await expect(page.getByTestId('case-photo')).toHaveCount(1)
      await screenshot(page, testInfo, 'field-case-detail')
    } finally {
      await context.close()
      await console.context().close()
    }
  })

  test('a self-handled report waits for the grid leader’s 核查, done on the phone with a photo', async ({
    browser,
    request,
  }, testInfo) => {
    test.setTimeout(180_000)
    const { point, selfHandled } = await world(request)

    // The worker fixes it on the spot and reports it so, with the photo of the fix.
    const mine = await fieldPhone(browser, testInfo, worker, point, '/report')
    let code = ''
    try {
      const page = mine.page
      await expect(page.getByTestId('report-accuracy')).toBeVisible()
      await page
        .getByTestId('report-photos-input')
        .setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: pngImage(320, 240) })
      await chooseItem(page, selfHandled)
      await page
        .getByTestId('report-description')
        .locator('textarea')
        .fill(`e2e 自处置 ${Date.now().toString(36)}`)
      await page.getByTestId('report-self-switch').click()
      await page.getByTestId('report-handling-note').locator('textarea').fill('已现场处置完毕')
      // Without the photo of the fix it is not sent.
      await page.getByTestId('report-submit').click()
      await expect(page.getByTestId('report-self')).toContainText('自处置须附处置后照片')
      await page.getByTestId('report-evidence-input').setInputFiles({
        name: 'after.png',
        mimeType: 'image/png',
        buffer: pngImage(320, 240, [16, 185, 129], [250, 250, 250]),
      })
      await screenshot(page, testInfo, 'field-report-self')
      await page.getByTestId('report-submit').click()
      await expect(page.getByTestId('report-result')).toHaveAttribute('data-state', 'delivered', {
        timeout: 30_000,
      })
      code = (await page.getByTestId('report-result-code').textContent())?.replace(/^\D*/, '').trim() ?? ''
      expect(code).toMatch(/^\d{14,}$/)
    } finally {
      await mine.context.close()
    }

    // The grid leader finds it under 待我核查 and passes it, with a photo of the spot: with sync paused
    // (as without signal) the step waits on the phone, shown on the case, and goes when sync resumes.
    const leader = await fieldPhone(browser, testInfo, gridLeader, point, '/queue')
    try {
      const page = leader.page
      await page.getByTestId('sync-pause').click()
      await expect(page.getByTestId('sync-pause')).toHaveClass(/van-switch--on/)
      await page.getByTestId('field-tab-cases').click()
      const card = page.getByTestId('cases-list-verify').locator(`[data-code="${code}"]`)
      await expect(card).toBeVisible()
      await expect(card.getByTestId('case-status')).toHaveText('待核查')
      await screenshot(page, testInfo, 'field-cases-verify')
      await card.click()
      await expect(page.getByTestId('case-detail-status')).toHaveText('待核查')
      await page.getByTestId('case-action-verify').click()
      const sheet = page.getByTestId('case-action-sheet')
      await expect(sheet).toBeVisible()
      await sheet.getByTestId('verify-pass').click()
      await sheet
        .getByTestId('action-photos-input')
        .setInputFiles({ name: 'check.png', mimeType: 'image/png', buffer: pngImage(320, 240) })
      await sheet.getByTestId('action-note').locator('textarea').fill('现场核查已整改到位')
      await screenshot(page, testInfo, 'field-case-verify')
      await sheet.getByTestId('action-submit').click()
      await expect(sheet).toBeHidden()
      await expect(page.getByTestId('case-detail-pending')).toContainText('待发送：核查通过')
      await expect(page.getByTestId('case-detail-status')).toHaveText('待核查')
      // Nothing more to do on it meanwhile: the queued 核查 is the step the state machine allowed.
      await expect(page.getByTestId('case-actions')).toHaveCount(0)
      await screenshot(page, testInfo, 'field-case-verify-pending')
      // The queue survives a reload; resumed, it is sent.
      await page.goto('/field/queue')
      await page.getByTestId('sync-pause').click()
      await expect(page.getByTestId('sync-pause')).not.toHaveClass(/van-switch--on/)
      await page.goBack()
      // Sent, and the case moves on: 待结案, with the step in its timeline.
      await expect(page.getByTestId('case-detail-status')).toHaveText('待结案', { timeout: 30_000 })
      await expect(page.getByTestId('case-timeline')).toContainText('核查')
      await expect(page.getByTestId('case-actions')).toHaveCount(0)
      await screenshot(page, testInfo, 'field-case-verified')
    } finally {
      await leader.context.close()
    }
  })
})
