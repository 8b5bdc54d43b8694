import { join } from 'node:path'
import { type APIRequestContext, expect, type Locator, type Page, type TestInfo } from '@playwright/test'
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
