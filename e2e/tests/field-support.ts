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
import { screenshot as fullPage } from './support.ts'

/** What the field app's journeys share: the phone, the demo worker's grid and catalog, signing in on the phone. */

export const worker = 'wanggeyuan'
export const gridLeader = 'wanggezhang'
/** 受理员: his console's 待受理 queue shows what the field reports. */
export const operator = 'shouliyuan'
export const grid = { code: '110120001001001' }

// Debian's Chromium: a device preset replaces `use`, so it restates where the browser is.
export const launchOptions = {
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
export const phone = { ...pixel, permissions: ['geolocation'], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }

/** A full-page screenshot from the top: the phone's fixed bars are where the worker sees them. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
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
export function interiorPoint(geometry: { type: string; coordinates: unknown }): {
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

export async function apiToken(request: APIRequestContext, username: string): Promise<string> {
  const signIn = await request.post('/api/auth/login', { data: { username, password: demoPassword } })
  expect(signIn.ok()).toBe(true)
  return ((await signIn.json()) as { token: string }).token
}

export async function apiGet<T>(request: APIRequestContext, token: string, path: string): Promise<T> {
  const response = await request.get(path, { headers: { authorization: `Bearer ${token}` } })
  expect(response.ok(), `${path} answers ${response.status()}`).toBe(true)
  return (await response.json()) as T
}

/** The worker's grid (its name and a point inside it) and two admitted items to report: any, and a self-handled one. */
export async function world(request: APIRequestContext) {
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
export async function fieldPhone(
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
export async function chooseItem(page: Page, item: { name: string; initials: string }): Promise<void> {
  await page.getByTestId('report-item').click()
  const sheet = page.getByTestId('report-item-sheet')
  await expect(sheet).toBeVisible()
  await sheet.getByTestId('report-item-search').locator('input').fill(item.initials)
  await sheet.getByTestId('report-item-option').filter({ hasText: item.name }).first().click()
  await expect(sheet).toBeHidden()
  await expect(page.getByTestId('report-item').locator('input')).toHaveValue(item.name)
}

/** Pauses or resumes the phone's sync on the queue page, and comes back to `back`. */
export async function setSync(page: Page, paused: boolean, back: string): Promise<void> {
  await page.goto('/field/queue')
  const toggle = page.getByTestId('sync-pause')
  await expect(toggle).toBeVisible()
  if ((await toggle.getAttribute('class'))?.includes('van-switch--on') !== paused) await toggle.click()
  if (paused) await expect(toggle).toHaveClass(/van-switch--on/)
  else await expect(toggle).not.toHaveClass(/van-switch--on/)
  await page.goto(`/field${back}`)
}

/** Phone journeys run once, in the mobile project (the desktop project skips them). */
export function phoneOnly(): void {
  test.beforeEach(({ browserName }, testInfo) => {
    test.skip(
      browserName !== 'chromium' || testInfo.project.name !== 'mobile',
      'a phone journey: once, in the mobile project',
    )
  })
}
