import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  expect,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test'
import { demoPassword } from './accounts.ts'

const artifacts = join(import.meta.dirname, '..', 'artifacts')

export interface VersionInfo {
  version: string
  database: 'pglite' | 'postgres'
  databaseVersion: string
  postgisVersion: string | null
}

export interface Area {
  code: string
  name: string
  level: string
  parentCode: string | null
  hasGeometry: boolean
}

export async function getJson<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path)
  expect(response.ok(), `${path} answers ${response.status()}`).toBe(true)
  return (await response.json()) as T
}

/** What the demo district looks like through the API, to compare the pages against. */
export async function demoDistrict(request: APIRequestContext) {
  const [version, districts, streets, communities] = await Promise.all([
    getJson<VersionInfo>(request, '/api/version'),
    getJson<{ items: Area[] }>(request, '/api/areas?level=district'),
    getJson<{ items: Area[] }>(request, '/api/areas?level=street'),
    getJson<{ items: Area[] }>(request, '/api/areas?level=community'),
  ])
  const district = districts.items[0]
  expect(district, 'the demo has a district').toBeDefined()
  return { version, district: district as Area, streets: streets.items, communities: communities.items }
}

/** Waits until a Leaflet map inside the locator has drawn at least `min` shapes. */
export async function expectPolygons(page: Page, testId: string, min = 1): Promise<void> {
  await expect
    .poll(() => page.getByTestId(testId).locator('svg path').count(), { message: `${testId} draws polygons` })
    .toBeGreaterThanOrEqual(min)
}

/** Saves a full-page screenshot as e2e/artifacts/<project>-<name>.png and attaches it to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = join(artifacts, `${testInfo.project.name}-${name}.png`)
  await page.screenshot({ path, fullPage: true, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

/** Fills and sends the console's sign-in form; the caller checks what happened. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/**
 * Signs in to the console through its sign-in page (demo password unless told), starting from `path`,
 * and waits for the page behind it with the user's name in the header.
 */
export async function login(
  page: Page,
  username: string,
  options: { password?: string; path?: string } = {},
): Promise<void> {
  const path = options.path ?? '/'
  await page.goto(path)
  await expect(page).toHaveURL(/\/login/)
  await submitLogin(page, username, options.password ?? demoPassword)
  await expect(page.getByTestId('user-menu')).toBeVisible()
  const wanted = new URL(path, 'http://x').pathname
  await expect(page).toHaveURL((url) => url.pathname === wanted)
}

/**
 * Signs in to the field app on its sign-in page (记住此设备 left ticked), which the app opens by itself for
 * a page that needs a user, and waits for the page behind it.
 */
export async function fieldLogin(page: Page, username: string, password = demoPassword): Promise<void> {
  await expect(page).toHaveURL(/\/field\/login/)
  await page.getByTestId('login-username').locator('input').fill(username)
  await page.getByTestId('login-password').locator('input').fill(password)
  await page.getByTestId('login-submit').click()
  await expect(page).not.toHaveURL(/\/field\/login/)
}

/**
 * Signs out through the user menu and waits for the sign-in page. A click that lands while the
 * dropdown is still opening (a busy page, e.g. 7,000 users loading) is lost, so the menu is opened
 * again until the sign-in page shows.
 */
export async function logout(page: Page): Promise<void> {
  await expect(async () => {
    if (/\/login/.test(page.url())) return
    const item = page.getByTestId('menu-logout')
    if (!(await item.isVisible())) await page.getByTestId('user-menu').click()
    await item.click({ timeout: 3_000 })
    await expect(page).toHaveURL(/\/login/, { timeout: 3_000 })
  }).toPass({ timeout: 20_000 })
}

/** The console's menu: in the sidebar on a desktop, in a drawer opened from the header on a phone. */
export async function openMenu(page: Page): Promise<Locator> {
  const toggle = page.getByTestId('nav-toggle')
  if (await toggle.isVisible()) await toggle.click()
  const menu = page.getByTestId('nav-menu')
  await expect(menu).toBeVisible()
  return menu
}

/**
 * Chooses an option of an Element Plus select by its label, and checks the select shows it: a click that
 * lands while the dropdown is still moving into place (a dialog opening on a phone) is tried again.
 */
export async function chooseOption(page: Page, select: Locator, label: string): Promise<void> {
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: label }).first()
  await expect(async () => {
    if (!(await option.isVisible())) await select.click()
    await option.click({ timeout: 2_000 })
    await expect(select).toContainText(label, { timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
}

/**
 * A browser context of its own for one more account in the same test, with the project's device, locale and
 * base URL (a context made by `browser.newContext()` gets none of the project's `use` by itself).
 */
export async function newProjectContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const use = testInfo.project.use
  const options: BrowserContextOptions = {
    baseURL: use.baseURL,
    viewport: use.viewport,
    userAgent: use.userAgent,
    deviceScaleFactor: use.deviceScaleFactor,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    locale: use.locale,
    timezoneId: use.timezoneId,
    reducedMotion: use.reducedMotion,
  }
  return browser.newContext(options)
}

/** Signs `username` in to the console in a context of its own (see newProjectContext), at `path`. */
export async function signedInPage(
  browser: Browser,
  testInfo: TestInfo,
  username: string,
  path = '/',
): Promise<Page> {
  const context = await newProjectContext(browser, testInfo)
  const page = await context.newPage()
  await login(page, username, { path })
  return page
}

/**
 * A small PNG made here (no file on disk): `width` × `height` pixels, a diagonal blend between two colours,
 * for an upload that the server checks by its content and makes a thumbnail of.
 */
export function pngImage(
  width = 64,
  height = 48,
  from: [number, number, number] = [34, 139, 230],
  to: [number, number, number] = [250, 176, 5],
): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.writeUInt8(8, 8) // 8 bits per sample
  header.writeUInt8(2, 9) // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1) // each row starts with filter type 0
    for (let x = 0; x < width; x++) {
      const t = (x + y) / Math.max(1, width + height - 2)
      for (let c = 0; c < 3; c++) {
        rows[row + 1 + x * 3 + c] = Math.round((from[c] ?? 0) * (1 - t) + (to[c] ?? 0) * t)
      }
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/**
 * Clicks a point well inside an area's shape on a Leaflet map (not just the middle of its box, which may
 * fall outside a concave shape), where nothing else covers the map: as a user marks a place inside it.
 */
export async function clickInsideShape(page: Page, mapTestId: string, code: string): Promise<void> {
  const map = page.getByTestId(mapTestId)
  const shape = map.locator(`path.og-area-${code}`).first()
  await expect(shape).toBeAttached()
  await map.scrollIntoViewIfNeeded()
  const point = await shape.evaluate((element) => {
    const path = element as SVGPathElement
    const matrix = path.getScreenCTM()
    const container = path.closest('.leaflet-container')
    if (!matrix || !container) return null
    const view = container.getBoundingClientRect()
    const box = path.getBBox()
    const steps = 20
    const dx = box.width / steps
    const dy = box.height / steps
    const inside = (x: number, y: number) => path.isPointInFill(new DOMPoint(x, y))
    const directions = [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ] as const
    let best: { x: number; y: number; depth: number } | null = null
    for (let i = 0; i < steps; i++) {
      for (let j = 0; j < steps; j++) {
        const x = box.x + dx * (i + 0.5)
        const y = box.y + dy * (j + 0.5)
        if (!inside(x, y)) continue
        const screen = new DOMPoint(x, y).matrixTransform(matrix)
        const margin = 12
        if (
          screen.x < Math.max(view.left, 0) + margin ||
          screen.x > Math.min(view.right, window.innerWidth) - margin ||
          screen.y < Math.max(view.top, 0) + margin ||
          screen.y > Math.min(view.bottom, window.innerHeight) - margin
        )
          continue
        const hit = document.elementFromPoint(screen.x, screen.y)
        if (!hit || !container.contains(hit) || hit.closest('.leaflet-control')) continue
        // How far the shape reaches around the point, in grid steps: the deepest point is the safest.
        let depth = steps
        for (const [ux, uy] of directions) {
          let k = 1
          while (k < depth && inside(x + ux * dx * k, y + uy * dy * k)) k++
          depth = Math.min(depth, k)
        }
        if (!best || depth > best.depth) best = { x: screen.x, y: screen.y, depth }
      }
    }
    return best
  })
  if (!point) throw new Error(`area ${code} shows a point inside it on ${mapTestId}`)
  await page.mouse.click(point.x, point.y)
}
