import { join } from 'node:path'
import { type APIRequestContext, expect, type Page, type TestInfo } from '@playwright/test'

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
