import { type BrowserContext, devices, expect, type Page, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { demoDistrict, expectPolygons, fieldLogin, getJson, screenshot } from './support.ts'

// A phone allowed to tell its position (set inside the demo grid worker's grid below). A device preset
// replaces `use`, so the browser (Debian's Chromium) is named again, as in playwright.config.ts.
test.use({
  ...devices['Pixel 7'],
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  },
  permissions: ['geolocation'],
})

interface GridFeature {
  properties: { code: string; name: string }
  geometry: { coordinates: number[][][][] }
}

/** A point well inside the grid: the middle of its outer ring's vertices, checked by the server. */
async function insideGrid(page: Page, context: BrowserContext): Promise<{ code: string; name: string }> {
  const me = await getJson<{ user: { assignments: { areaCode: string | null }[] } }>(page.request, '/api/me')
  const code = me.user.assignments.find((a) => a.areaCode)?.areaCode ?? ''
  const grids = await getJson<{ features: GridFeature[] }>(
    page.request,
    `/api/areas/geojson?under=${code}&level=grid`,
  )
  const grid = grids.features[0]
  const ring = grid?.geometry.coordinates[0]?.[0] ?? []
  const lng = ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length
  const lat = ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length
  await context.setGeolocation({ longitude: lng, latitude: lat, accuracy: 12 })
  return { code: grid?.properties.code ?? '', name: grid?.properties.name ?? '' }
}

/** Waits until the service worker controls the page and has kept the app's files. */
async function untilOfflineReady(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 })
    .toBe(true)
}

test.describe('field app', () => {
  test('signs in on a phone, remembers the device and shows today’s duties', async ({
    page,
    context,
  }, testInfo) => {
    await page.goto('/field/')
    await expect(page).toHaveURL(/\/field\/login/)
    await expect(page.getByTestId('login-remember')).toBeVisible()
    await screenshot(page, testInfo, 'field-login')

    // A wrong password is said on the page.
    await page.getByTestId('login-username').locator('input').fill(demo.gridWorker)
    await page.getByTestId('login-password').locator('input').fill('Wrong#password1')
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('login-error')).toContainText('用户名或密码错误')

    await fieldLogin(page, demo.gridWorker)
    const grid = await insideGrid(page, context)
    await expect(page.getByTestId('home-greeting')).toContainText('你好')
    await expect(page.getByTestId('home-grids')).toContainText(grid.name)
    await expectPolygons(page, 'my-grid-map')
    await page.reload()
    await expect(page.getByTestId('my-grid-position')).toContainText(`你在 ${grid.name} 内`)
    await expect(page.getByTestId('my-grid-position')).toContainText('精度约 12 米')
    await expect(page.getByTestId('duty-visits-overdue')).toHaveText(/\d+/)
    await expect(page.getByTestId('duty-verify-count')).toHaveText(/\d+/)
    await expect(page.getByTestId('sync-state')).toHaveText('全部已发送')
    await expect(page.getByTestId('field-tabbar')).toBeVisible()

    // The token stays on the phone, for a session the server keeps 30 idle days.
    const kept = await page.evaluate(() =>
      JSON.parse(localStorage.getItem('onegrid.field.session') ?? 'null'),
    )
    expect(kept.token).toMatch(/^ogs_/)
    expect(kept.me.session.rememberDevice).toBe(true)
    const viaBearer = await page.request.get('/api/me', {
      headers: { Authorization: `Bearer ${kept.token}` },
    })
    expect((await viaBearer.json()).session.idleMinutes).toBe(30 * 24 * 60)
    await screenshot(page, testInfo, 'field-home')

    // Pausing sync is a switch on the page, kept across a reload.
    await page.getByTestId('sync-pause').click()
    await expect(page.getByTestId('sync-state')).toHaveText('同步已暂停')
    await page.reload()
    await expect(page.getByTestId('sync-state')).toHaveText('同步已暂停')
    await page.getByTestId('sync-queue-link').click()
    await expect(page).toHaveURL(/\/field\/queue$/)
    await expect(page.getByText('没有待发送的记录')).toBeVisible()
    await screenshot(page, testInfo, 'field-queue')
    await page.getByTestId('sync-pause').click()
    await expect(page.getByTestId('sync-state')).toHaveText('全部已发送')

    await page.getByTestId('field-tabbar').getByText('我的').click()
    await expect(page.getByTestId('account-name')).toContainText(demo.gridWorker)
    await expect(page.getByTestId('account-session')).toContainText('已记住此设备')
    await screenshot(page, testInfo, 'field-settings')

    await page.getByTestId('sign-out').click()
    await page.locator('.van-dialog').getByRole('button', { name: '退出登录' }).click()
    await expect(page).toHaveURL(/\/field\/login/)
    expect(await page.evaluate(() => localStorage.getItem('onegrid.field.session'))).toBeNull()
  })

  test('opens after a reload with the network off, signed in from the phone', async ({
    page,
    context,
  }, testInfo) => {
    // Nothing the app does may be refused by the server's Content Security Policy (the worker, the manifest).
    const refused: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text())
    })
    await page.goto('/field/')
    await fieldLogin(page, demo.gridWorker)
    await insideGrid(page, context)
    await expectPolygons(page, 'my-grid-map')
    await untilOfflineReady(page)
    // The reference data (grids, catalog, visits, cases) is on the phone before going offline.
    await expect(page.getByTestId('duty-verify-count')).toHaveText(/\d+/)

    // No network at all: the page's requests and the service worker's.
    await context.setOffline(true)
    await context.route('**/*', (route) => route.abort('internetdisconnected'))
    await page.reload()
    await expect(page.getByTestId('home-offline')).toBeVisible()
    await expect(page.getByTestId('home-greeting')).toContainText('你好')
    await expectPolygons(page, 'my-grid-map')
    await expect(page.getByTestId('duty-verify-count')).toHaveText(/\d+/)
    await screenshot(page, testInfo, 'field-offline')

    // Another page of the app, opened by its address, comes from the phone too.
    await page.goto('/field/queue')
    await expect(page.getByTestId('sync-card')).toBeVisible()
    await page.goto('/field/settings')
    await expect(page.getByTestId('account-name')).toContainText(demo.gridWorker)

    await context.unroute('**/*')
    await context.setOffline(false)
    expect(refused).toEqual([])
  })

  test('the pending queue shows what waits, a refused item with the server’s reason, and discards it', async ({
    page,
  }, testInfo) => {
    await page.goto('/field/')
    await fieldLogin(page, demo.gridWorker)
    await page.getByTestId('sync-pause').click()
    await expect(page.getByTestId('sync-state')).toHaveText('同步已暂停')

    // A write the server will refuse (a report without its description), put in the phone's queue as enqueue() does.
    const id = await page.evaluate(async () => {
      const owner = JSON.parse(localStorage.getItem('onegrid.field.session') ?? 'null')?.me.user.id ?? null
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('onegrid-field')
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(open.error)
      })
      const entry = {
        id: crypto.randomUUID(),
        seq: Date.now(),
        operation: 'reportCase',
        params: {},
        body: { itemCode: '06001', channel: 'grid_worker' },
        files: [],
        filesField: 'attachmentIds',
        uploadedIds: [],
        label: 'e2e 上报：私搭乱建',
        owner,
        createdAt: new Date().toISOString(),
        state: 'pending',
        attempts: 0,
        error: null,
        lastAttemptAt: null,
      }
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('outbox', 'readwrite')
        tx.objectStore('outbox').put(entry)
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error)
      })
      db.close()
      return entry.id
    })
    await page.reload()
    await expect(page.getByTestId('sync-pending-count')).toHaveText('1')
    await expect(page.getByTestId('field-tab-home').locator('.van-badge')).toHaveText('1')

    // Signing out now warns that something has not been sent.
    await page.getByTestId('field-tab-settings').click()
    await page.getByTestId('sign-out').click()
    await expect(page.locator('.van-dialog')).toContainText('还有 1 条记录未发送')
    await page.locator('.van-dialog').getByRole('button', { name: '取消' }).click()

    await page.getByTestId('sync-queue-link').click()
    const item = page.getByTestId(`queue-item-${id}`)
    await expect(item).toContainText('e2e 上报：私搭乱建')
    await expect(item.getByTestId('queue-item-state')).toHaveText('待发送')
    await screenshot(page, testInfo, 'field-queue-pending')

    await page.getByTestId('sync-pause').click()
    await expect(item.getByTestId('queue-item-state')).toHaveText('发送失败')
    await expect(item.getByTestId('queue-item-error')).toContainText('description')
    await expect(page.getByTestId('sync-state')).toHaveText('1 条发送失败')
    await screenshot(page, testInfo, 'field-queue-failed')

    await item.getByTestId('queue-discard').click()
    await page.locator('.van-dialog').getByRole('button', { name: '放弃' }).click()
    await expect(page.getByText('没有待发送的记录')).toBeVisible()
    await expect(page.getByTestId('sync-state')).toHaveText('全部已发送')
  })

  test('the server serves the service worker and the manifest for /field/', async ({ request }) => {
    const sw = await request.get('/field/sw.js')
    expect(sw.ok()).toBe(true)
    expect(sw.headers()['content-type']).toContain('javascript')
    expect(sw.headers()['cache-control']).toBe('no-cache')
    const body = await sw.text()
    expect(body).toContain('/field/index.html')
    // The console's heavy libraries are not the field app's.
    expect(body).not.toMatch(/echarts|element-plus|leaflet-geoman/)
    const manifest = await getJson<{ scope: string; icons: unknown[] }>(
      request,
      '/field/manifest.webmanifest',
    )
    expect(manifest.scope).toBe('/field/')
    expect(manifest.icons.length).toBeGreaterThanOrEqual(2)
  })

  test('area list shows each street with its communities', async ({ page, request }, testInfo) => {
    const { streets, communities } = await demoDistrict(request)
    await page.goto('/field/areas')
    await fieldLogin(page, demo.gridWorker)
    await expect(page).toHaveURL(/\/field\/areas$/)

    const list = page.getByTestId('field-areas')
    for (const street of streets) await expect(list.getByText(street.name, { exact: true })).toBeVisible()
    const street = streets[0]
    const community = communities.find((c) => c.parentCode === street?.code)
    if (street && community) {
      await list.getByText(street.name, { exact: true }).click()
      await expect(list.getByText(community.name, { exact: true })).toBeVisible()
    }
    await screenshot(page, testInfo, 'field-areas')
  })
})
