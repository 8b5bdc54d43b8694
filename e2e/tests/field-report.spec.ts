import { expect, test } from '@playwright/test'
import {
  chooseItem,
  fieldPhone,
  gridLeader,
  launchOptions,
  operator,
  phone,
  phoneOnly,
  screenshot,
  worker,
  world,
} from './field-support.ts'
import { pngImage, signedInPage } from './support.ts'

/**
 * The grid worker's 上报 and 我的案件 on a phone: a report with a photo, placed by GPS in the worker's
 * grid, reaches the console's queue; a self-handled report waits for the grid leader's 核查, which the
 * grid leader does on the phone with a photo of the spot.
 */

test.use({ ...phone, launchOptions })

test.describe('the grid worker reports from the phone', () => {
  phoneOnly()
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
