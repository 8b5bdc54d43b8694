import { join } from 'node:path'
import {
  type APIRequestContext,
  type Browser,
  devices,
  expect,
  type Locator,
  type Page,
  type TestInfo,
  test,
} from '@playwright/test'
import {
  apiGet,
  apiToken,
  fieldPhone,
  launchOptions,
  phone,
  phoneOnly,
  screenshot,
  worker,
  world,
} from './field-support.ts'
import { login, pngImage } from './support.ts'

/**
 * Issue 11's promise for the field: a grid worker works through the campaign the center sent down —
 * 出租房屋消防安全检查 on the rental houses of his grid — on the phone. One item is saved as a draft and
 * submitted with signal (photo, signature); the next is done without signal, a hazard found and reported
 * with one tap; back online the queue goes through, the item shows the case the hazard became, and the
 * console (a leader on a desktop) sees the campaign's done count moved by two and the case.
 */

test.use({ ...phone, launchOptions })

// The demo's title: 出租房屋消防安全专项检查 (the template's name with 专项).
const campaignTitle = '出租房屋消防安全'
const docsImages = join(import.meta.dirname, '..', '..', 'docs', 'images')

type Item = {
  id: number
  campaignId: number
  status: 'pending' | 'in_progress' | 'done'
  target: { label: string }
  location: { lng: number; lat: number } | null
  case: { id: number; code: string } | null
  hazards: string[]
}
type Mine = {
  campaigns: { id: number; title: string; form: { questions: { key: string; type: string }[] } }[]
  items: Item[]
}
type Figures = { total: number; done: number; hazardCases: number }

async function mine(request: APIRequestContext, token: string): Promise<Mine> {
  return apiGet<Mine>(request, token, '/api/campaign-items/mine?includeDone=true')
}

async function campaignFigures(request: APIRequestContext, token: string, id: number): Promise<Figures> {
  return (await apiGet<{ totals: Figures }>(request, token, `/api/campaigns/${id}/progress`)).totals
}

/** The phone's picture, also kept in docs/images under the same name. */
/**
 * The phone's picture: the whole page into the run's artifacts, and the screen as the worker sees it
 * (scrolled to `at`, the fixed bars where they belong) into docs/images under the same name.
 */
async function picture(page: Page, testInfo: TestInfo, name: string, at?: Locator): Promise<void> {
  await expect(page.locator('.van-toast')).toBeHidden()
  await screenshot(page, testInfo, name)
  if (at) await at.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await page.screenshot({ path: join(docsImages, `${name}.png`), animations: 'disabled' })
}

/** Answers every question of the fire-safety form but the photos: the house as found. */
async function answer(page: Page, hazard: boolean): Promise<void> {
  await page.getByTestId('option-met-yes').click()
  await page
    .getByTestId('input-tenants')
    .locator('input')
    .fill(hazard ? '6' : '2')
  await page.getByTestId(`option-extinguisher-${hazard ? 'no' : 'yes'}`).click()
  await page.getByTestId('option-smoke_alarm-yes').click()
  if (hazard) {
    await page.getByTestId('option-hazards-ebike_indoor').click()
    await page.getByTestId('option-hazards-wiring').click()
    await page
      .getByTestId('input-hazard_note')
      .locator('textarea')
      .fill('楼道内两辆电动车充电，插线板私拉至室外')
  }
}

async function addPhoto(page: Page, colour: [number, number, number]): Promise<void> {
  await page
    .getByTestId('photos-photos-input')
    .setInputFiles({ name: 'house.png', mimeType: 'image/png', buffer: pngImage(480, 360, colour) })
  await expect(page.getByTestId('question-photos').getByTestId('photo-preview')).toHaveCount(1)
}

/** Signs on the pad with a few strokes of the finger. */
async function sign(page: Page): Promise<void> {
  await page.getByTestId('sign-signature').click()
  const pad = page.getByTestId('signature-signature-canvas')
  await pad.scrollIntoViewIfNeeded()
  const box = await pad.boundingBox()
  if (!box) throw new Error('no signature pad')
  await page.mouse.move(box.x + 30, box.y + box.height * 0.6)
  await page.mouse.down()
  for (const [dx, dy] of [
    [60, -40],
    [110, 20],
    [160, -30],
    [220, 30],
  ] as const)
    await page.mouse.move(box.x + 30 + dx, box.y + box.height * 0.6 + dy, { steps: 6 })
  await page.mouse.up()
  await page.getByTestId('signature-signature-done').click()
  await expect(page.getByTestId('signed-signature')).toBeVisible()
}

async function openItem(page: Page, id: number): Promise<void> {
  await page
    .getByTestId('campaign-item')
    .and(page.locator(`[data-item-id="${id}"]`))
    .click()
  await expect(page.getByTestId('campaign-item-page')).toHaveAttribute('data-item-id', String(id))
  await expect(page.getByTestId('item-form')).toBeVisible()
}

/** A desktop console for `username` at `path`, in a context of its own. */
async function consolePage(
  browser: Browser,
  testInfo: TestInfo,
  username: string,
  path: string,
): Promise<Page> {
  const { defaultBrowserType: _b, ...desktop } = devices['Desktop Chrome']
  const context = await browser.newContext({
    ...desktop,
    baseURL: testInfo.project.use.baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  })
  const page = await context.newPage()
  await login(page, username, { path })
  return page
}

test.describe('a campaign in the field app', () => {
  phoneOnly()
  test.use({ actionTimeout: 20_000 })

  test('two items done on the phone, one offline with a hazard that becomes a case, seen in the console', async ({
    browser,
    request,
  }, testInfo) => {
    test.setTimeout(240_000)
    const { point } = await world(request)
    const token = await apiToken(request, worker)
    const before = await mine(request, token)
    const campaign = before.campaigns.find((c) => c.title.includes(campaignTitle))
    if (!campaign) throw new Error(`the demo has no active ${campaignTitle} for ${worker}`)
    expect(campaign.form.questions.map((q) => q.key)).toEqual(
      expect.arrayContaining([
        'met',
        'tenants',
        'extinguisher',
        'smoke_alarm',
        'hazards',
        'photos',
        'signature',
      ]),
    )
    const open = before.items.filter((i) => i.campaignId === campaign.id && i.status === 'pending' && !i.case)
    const [first, second] = open
    if (!first || !second) throw new Error('the demo worker needs two open items of the campaign')
    const leaderToken = await apiToken(request, 'leader')
    const figuresBefore = await campaignFigures(request, leaderToken, campaign.id)

    const { context, page } = await fieldPhone(browser, testInfo, worker, point, '/')
    try {
      // 我的任务 on the home page, counted; the list by campaign, and the map.
      const entry = page.getByTestId('home-campaigns')
      await expect(page.getByTestId('home-campaigns-count')).toHaveAttribute('data-open', /[1-9]/)
      await entry.click()
      await expect(page.getByTestId('campaigns-page')).toBeVisible()
      const group = page
        .getByTestId('campaign-group')
        .and(page.locator(`[data-campaign-id="${campaign.id}"]`))
      await expect(group.getByTestId('campaign-progress')).toContainText('完成')
      await picture(page, testInfo, 'field-campaigns')
      await page.getByRole('tab', { name: '地图' }).click()
      await expect(page.getByTestId('campaigns-map')).toBeVisible()
      await expect(page.locator('.campaign-marker').first()).toBeAttached()
      await picture(page, testInfo, 'field-campaigns-map')
      await page.getByRole('tab', { name: '列表' }).click()

      // The first item with signal: a draft first (进行中), then the whole form with a photo and a signature.
      await openItem(page, first.id)
      await page.getByTestId('item-submit').click()
      await expect(page.getByTestId('error-met')).toContainText('请回答')
      await answer(page, false)
      await page.getByTestId('item-save-draft').click()
      await expect(page.getByTestId('item-result')).toHaveAttribute('data-state', 'delivered')
      await addPhoto(page, [22, 163, 74])
      await sign(page)
      await expect(page.getByTestId('item-hazard')).toHaveCount(0)
      await page.getByTestId('item-submit').click()
      const result = page.getByTestId('item-result')
      await expect(result).toHaveAttribute('data-state', /queued|delivered/)
      await expect(result).toHaveAttribute('data-state', 'delivered')
      await picture(page, testInfo, 'field-campaign-item', page.getByTestId('question-signature'))
      await page.getByTestId('item-back').click()
      await expect(
        page.getByTestId('campaign-item').and(page.locator(`[data-item-id="${first.id}"]`)),
      ).toHaveAttribute('data-status', 'done')

      // No signal: sync paused, and every request of the page and its service worker fails.
      await page.getByTestId('field-tab-home').click()
      await page.getByTestId('sync-pause').click()
      await expect(page.getByTestId('sync-state')).toHaveText('同步已暂停')
      await context.route('**/api/**', (route) => route.abort('internetdisconnected'))
      await context.setOffline(true)

      // The second item from the phone's copy: a hazard found, reported with one tap.
      await page.getByTestId('home-campaigns').click()
      await expect(page.getByTestId('campaigns-offline')).toBeVisible()
      await openItem(page, second.id)
      await answer(page, true)
      await addPhoto(page, [220, 38, 38])
      const hazard = page.getByTestId('item-hazard')
      await expect(hazard).toBeVisible()
      await expect(page.getByTestId('item-hazard-description').locator('textarea')).toHaveValue(
        /发现隐患：是否配备灭火器：否/,
      )
      await page.getByTestId('item-report-hazard').click()
      await expect(page.getByTestId('item-result')).toHaveAttribute('data-state', 'queued')
      await expect(page.getByTestId('item-queued')).toHaveText('待同步')
      await picture(page, testInfo, 'field-campaign-offline', hazard)
      await page.getByTestId('item-back').click()
      const queuedRow = page.getByTestId('campaign-item').and(page.locator(`[data-item-id="${second.id}"]`))
      await expect(queuedRow).toHaveAttribute('data-sync', 'queued')
      await expect(queuedRow).toHaveAttribute('data-status', 'done')
      await picture(page, testInfo, 'field-campaigns-queued')
      await page.getByTestId('field-tab-home').click()
      await expect(page.getByTestId('sync-pending-count')).toHaveText('1')
      expect((await mine(request, token)).items.find((i) => i.id === second.id)?.status).toBe('pending')

      // Signal again: the queue goes through, and the item shows the case its hazard became.
      await context.unroute('**/api/**')
      await context.setOffline(false)
      await page.getByTestId('sync-pause').click()
      await expect(page.getByTestId('sync-pending-count')).toHaveText('0', { timeout: 30_000 })
      const after = await mine(request, token)
      const done = after.items.find((i) => i.id === second.id)
      expect(done?.status).toBe('done')
      expect(done?.hazards).toEqual(expect.arrayContaining(['extinguisher', 'hazards']))
      const hazardCase = done?.case
      if (!hazardCase) throw new Error('the hazard did not become a case')
      expect(after.items.find((i) => i.id === first.id)?.status).toBe('done')

      await page.getByTestId('home-campaigns').click()
      const synced = page.getByTestId('campaign-item').and(page.locator(`[data-item-id="${second.id}"]`))
      await expect(synced).toHaveAttribute('data-sync', 'synced')
      await expect(synced.getByTestId('campaign-item-case')).toContainText(hazardCase.code)
      await openItem(page, second.id)
      await expect(page.getByTestId('item-case')).toContainText(hazardCase.code)
      await expect(page.getByTestId('item-hazard-reported')).toContainText(hazardCase.code)
      await picture(page, testInfo, 'field-campaign-hazard-case')

      // The console: the campaign's progress moved by the two items, and the case is there.
      const figuresAfter = await campaignFigures(request, leaderToken, campaign.id)
      expect(figuresAfter.done).toBe(figuresBefore.done + 2)
      expect(figuresAfter.hazardCases).toBe(figuresBefore.hazardCases + 1)
      const desk = await consolePage(browser, testInfo, 'leader', `/campaigns/${campaign.id}`)
      try {
        const figures = desk.getByTestId('campaign-figures')
        await expect(figures).toContainText(String(figuresAfter.done))
        await expect(figures).toContainText(String(figuresAfter.total))
        await screenshot(desk, testInfo, 'field-campaigns-console-progress')
        await desk.goto(`/cases/${hazardCase.id}`)
        await expect(desk.getByText(hazardCase.code).first()).toBeVisible()
        await screenshot(desk, testInfo, 'field-campaigns-console-case')
      } finally {
        await desk.context().close()
      }
    } finally {
      await context.close()
    }
  })
})
