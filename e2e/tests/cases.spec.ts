import { expect, type Locator, type Page, test } from '@playwright/test'
import { clickInsideShape, getJson, pngImage, screenshot, signedInPage } from './support.ts'

/** The accounts of the loop, one role each (README, demo accounts). */
const operator = 'shouliyuan'
const shiftLeader = 'zhibanzhang'
const dispatcher = 'paiqianyuan'
const handler = 'chengguan'
/** 东湖街道's supervisor: the case is placed in his street so that he may verify it. */
const supervisor = 'jianduyuan'

const street = { code: '110120001', name: '东湖街道' }
/** 休息亭异常: routed to the district's 城市管理局 (body `chengguan`), where `chengguan` works. */
const item = { code: '01052', name: '休息亭异常', search: '休息亭' }

interface ItemRoute {
  body: string
  level: string
  unit: { id: number; name: string } | null
}

type Status =
  | 'reported'
  | 'accepted'
  | 'registered'
  | 'dispatched'
  | 'handling'
  | 'handled'
  | 'verified'
  | 'closed'
  | 'archived'

const statusNames: Record<Status, string> = {
  reported: '待受理',
  accepted: '待立案',
  registered: '待派遣',
  dispatched: '待签收',
  handling: '处置中',
  handled: '待核查',
  verified: '待结案',
  closed: '待回访',
  archived: '已归档',
}

async function expectStatus(page: Page, status: Status): Promise<void> {
  const tag = page.getByTestId('case-status')
  await expect(tag).toHaveAttribute('data-status', status)
  await expect(tag).toHaveText(statusNames[status])
}

/**
 * One step on the case page: opens the case (unless it is open already) at the status the step starts from,
 * clicks the action's button, fills its dialog, confirms, and waits for the status tag to show `to`.
 */
async function step(
  page: Page,
  caseId: number,
  action: string,
  from: Status,
  to: Status,
  fill?: (dialog: Locator) => Promise<void>,
): Promise<void> {
  if (new URL(page.url()).pathname !== `/cases/${caseId}`) await page.goto(`/cases/${caseId}`)
  await expectStatus(page, from)
  await page.getByTestId(`case-action-${action}`).click()
  const dialog = page.getByTestId(`case-action-dialog-${action}`)
  await expect(dialog).toBeVisible()
  if (fill) await fill(dialog)
  await dialog.getByTestId('case-action-confirm').click()
  await expect(dialog).toBeHidden()
  await expectStatus(page, to)
}

test.describe('the closed loop', () => {
  // An action that cannot happen fails with what it waited for, not at the end of the test.
  test.use({ actionTimeout: 20_000 })

  test('a hotline call goes from intake to the archive, each step by its own account', async ({
    browser,
  }, testInfo) => {
    // Five accounts, each signing in once in a browser of its own.
    test.setTimeout(240_000)
    const pages: Page[] = []
    const open = async (username: string, path: string) => {
      const page = await signedInPage(browser, testInfo, username, path)
      pages.push(page)
      return page
    }
    try {
      // 1. The dispatcher has the case work open, with the live channel up.
      const dispatch = await open(dispatcher, '/cases')
      await expect(dispatch.getByTestId('live-status').first()).toHaveText('实时通道已连接')

      // 2. The operator takes the call down.
      const intake = await open(operator, '/cases/new')
      const route = await getJson<ItemRoute>(
        intake.request,
        `/api/catalog/items/${item.code}/route?areaCode=${street.code}`,
      )
      expect(route.body).toBe('chengguan')
      expect(route.unit?.name).toBe('城市管理局')

      const title = `e2e 休息亭顶棚破损（${testInfo.project.name} ${Date.now().toString(36)}）`
      await intake.getByTestId('hotline-caller').fill('李女士')
      await intake.getByTestId('hotline-phone').fill('13800138000')
      await intake.getByTestId('hotline-address').fill('东湖街道湖滨路公交站旁休息亭')
      await intake.getByTestId('hotline-title').fill(title)
      await intake
        .getByTestId('hotline-description')
        .fill('来电人反映：湖滨路公交站旁休息亭顶棚破损漏雨，座椅松动，请尽快维修。')

      const category = intake.getByTestId('hotline-item')
      await expect(async () => {
        const option = intake.getByTestId(`item-option-${item.code}`)
        if (!(await option.isVisible())) {
          await category.click()
          await category.locator('input').fill(item.search)
        }
        await option.click({ timeout: 3_000 })
        await expect(category).toContainText(`${item.name}（${item.code}）`, { timeout: 1_000 })
      }).toPass({ timeout: 20_000 })
      // The category's own required field.
      const state = intake.getByTestId('item-field-component_state')
      await state.getByText('破损', { exact: true }).click()
      await expect(state.locator('.el-radio.is-checked')).toHaveText('破损')

      // Where: a click inside 东湖街道 on the map, which says the grid it falls in.
      const where = intake.getByTestId('hotline-location')
      await expect(intake.getByTestId('hotline-map').locator(`path.og-area-${street.code}`)).toBeAttached()
      await clickInsideShape(intake, 'hotline-map', street.code)
      await expect(where).toContainText('已标注')
      await expect(where).toContainText(street.name)
      await expect(intake.getByTestId('hotline-map').locator('path.og-case-picked')).toBeAttached()
      // A caller cannot take a photo: the category's photo rule (for reports from the field) asks none here.
      await expect(
        intake.locator('.el-form-item').filter({ has: intake.getByTestId('hotline-attachments') }),
      ).not.toHaveClass(/is-required/)
      await screenshot(intake, testInfo, 'case-hotline')

      await intake.getByTestId('hotline-submit').click()

      // 3. The dispatcher's console hears of the new case at once.
      const toast = dispatch.getByTestId('case-toast').filter({ hasText: title })
      await expect(toast).toBeVisible()
      const toastText = (await toast.textContent()) ?? ''
      const code = /新案件\s+(\S+)\s/.exec(toastText)?.[1]
      expect(code, `the toast names the case: ${toastText}`).toBeTruthy()
      // The pointer on it keeps it open (it closes itself after a few seconds) while the picture is taken.
      await toast.hover()
      await screenshot(dispatch, testInfo, 'case-toast')

      await expect(intake).toHaveURL(/\/cases\/\d+$/)
      const caseId = Number(new URL(intake.url()).pathname.split('/').pop())
      await expect(intake.getByTestId('case-code')).toHaveText(code ?? '')
      await expect(intake.getByTestId('case-title')).toHaveText(title)
      await expectStatus(intake, 'reported')

      // 4. Each step by its own account.
      await step(intake, caseId, 'accept', 'reported', 'accepted', async (dialog) => {
        await dialog.getByTestId('case-action-note').fill('受理五要素齐全，予以受理')
      })

      const lead = await open(shiftLeader, `/cases/${caseId}`)
      await step(lead, caseId, 'register', 'accepted', 'registered', async (dialog) => {
        await expect(dialog.getByTestId('case-action-item')).toContainText(item.name)
      })

      await step(dispatch, caseId, 'dispatch', 'registered', 'dispatched', async (dialog) => {
        // The routing rule's unit is chosen already.
        await expect(dialog.getByTestId('unit-picker')).toContainText('城市管理局')
        await expect(dialog).toContainText('不选则按事项清单派往：城市管理局')
      })
      await expect(dispatch.getByTestId('case-handler')).toContainText('城市管理局')

      const handling = await open(handler, `/cases/${caseId}`)
      await step(handling, caseId, 'sign', 'dispatched', 'handling')
      await step(handling, caseId, 'handle', 'handling', 'handled', async (dialog) => {
        await dialog.getByTestId('case-action-note').fill('已更换顶棚板材并加固座椅，现场恢复正常')
        await dialog
          .getByTestId('case-action-attachments')
          .locator('input[type="file"]')
          .setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: pngImage() })
        await expect(dialog.getByTestId('case-action-attachments').locator('img')).toHaveCount(1)
      })
      // Mid-way: the deadline bars of the stages run so far, the handler's photo in the timeline.
      const clocks = handling.getByTestId('case-clocks')
      await expect(clocks).toBeVisible()
      await expect(clocks.getByRole('progressbar').first()).toBeVisible()
      await expect(handling.getByTestId('case-timeline').locator('img')).toHaveCount(1)
      await screenshot(handling, testInfo, 'case-midway')

      const check = await open(supervisor, `/cases/${caseId}`)
      await step(check, caseId, 'verify', 'handled', 'verified', async (dialog) => {
        await dialog.getByTestId('case-action-pass').click()
        await dialog.getByTestId('case-action-note').fill('现场核查，已修复')
      })

      await step(lead, caseId, 'close', 'verified', 'closed')

      await step(intake, caseId, 'follow_up', 'closed', 'archived', async (dialog) => {
        await dialog.getByTestId('case-action-reached').getByText('已联系上').click()
        await dialog.getByTestId('case-action-satisfaction').getByText('满意', { exact: true }).click()
        await dialog.getByTestId('case-action-note').fill('来电人表示满意')
      })

      // Archived: every step in the timeline (newest first), the deadline bars still shown.
      const entries = intake.getByTestId('case-timeline').locator('[data-action]')
      await expect(entries).toHaveCount(9)
      const actions = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
      expect(actions).toEqual([
        'follow_up',
        'close',
        'verify',
        'handle',
        'sign',
        'dispatch',
        'register',
        'accept',
        'report',
      ])
      await expect(intake.getByTestId('case-clocks')).toBeVisible()
      expect(await intake.getByTestId('case-clocks').getByRole('progressbar').count()).toBeGreaterThan(0)
      await expect(intake.getByTestId('case-actions')).toContainText('当前没有您可办理的操作')
      await screenshot(intake, testInfo, 'case-archived')

      // The API agrees.
      const saved = await getJson<{ status: string; satisfaction: string | null; timeline: unknown[] }>(
        intake.request,
        `/api/cases/${caseId}`,
      )
      expect(saved.status).toBe('archived')
      expect(saved.satisfaction).toBe('satisfied')
      expect(saved.timeline).toHaveLength(9)
    } finally {
      for (const page of pages) await page.context().close()
    }
  })
})
