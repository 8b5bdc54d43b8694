import { join } from 'node:path'
import { expect, type Page, type TestInfo, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { login, openMenu, screenshot } from './support.ts'

/**
 * What each project draws (both share one server): its own spot check of 湖滨社区, a street with
 * residents in every grid; 西园街道 has none, which the server says on the area field.
 */
const checks = {
  desktop: { name: '湖滨社区十一月抽查（桌面）', seed: '20261123' },
  mobile: { name: '湖滨社区十一月抽查（手机）', seed: '20261124' },
} as const
const community = ['云溪区', '东湖街道', '湖滨社区']
const emptyStreet = ['云溪区', '西园街道']

/** The grid workers' phones: the mobile project's pages are looked at as a 390 × 844 phone. */
async function phoneSized(page: Page, project: string): Promise<void> {
  if (project === 'mobile') await page.setViewportSize({ width: 390, height: 844 })
}

/** Waits for the toasts to go: over the page's title they say nothing the picture needs. */
async function quiet(page: Page): Promise<void> {
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 })
}

/** What is on screen, for a dialog: over a full page it would cover only the top. */
async function screenshotView(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await quiet(page)
  const path = join(import.meta.dirname, '..', 'artifacts', `${testInfo.project.name}-${name}.png`)
  await page.screenshot({ path, animations: 'disabled' })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

/** Picks an area in the form's cascader by its path of names; the last one is chosen, the others opened. */
async function pickArea(page: Page, names: readonly string[]): Promise<void> {
  const form = page.getByTestId('spot-check-form')
  await expect(async () => {
    await form.getByTestId('area-picker').locator('.el-cascader').click()
    for (const [i, name] of names.entries()) {
      const node = page
        .locator('.el-cascader-menu:visible')
        .nth(i)
        .locator('.el-cascader-node', { hasText: name })
      if (i === names.length - 1) await node.locator('.el-radio').click({ timeout: 3_000 })
      else await node.click({ timeout: 3_000 })
    }
    await page.keyboard.press('Escape')
    await expect(form.getByTestId('area-picker').locator('input')).toHaveValue(names.at(-1) ?? '', {
      timeout: 1_000,
    })
  }).toPass({ timeout: 20_000 })
}

/** Records a result through the dialog of the first item still waiting for one. */
async function recordFirstPending(
  page: Page,
  result: string,
  options: { field?: string; note?: string; screenshot?: () => Promise<void> } = {},
): Promise<void> {
  const button = page.getByTestId('spot-check-items').getByRole('button', { name: '记录结果' }).first()
  await button.click()
  const dialog = page.getByTestId('spot-check-result-form')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('spot-check-result-person')).toContainText('*')
  await dialog.getByTestId('spot-check-result').getByText(result, { exact: true }).click()
  if (options.field) {
    // A wrong record names what was wrong: the form says so before sending.
    await dialog.getByTestId('spot-check-result-submit').click()
    await expect(dialog).toContainText('请选择哪些信息有误')
    await dialog.getByTestId('spot-check-fields').getByText(options.field, { exact: true }).click()
  }
  if (options.note) await dialog.getByTestId('spot-check-note').fill(options.note)
  await options.screenshot?.()
  await dialog.getByTestId('spot-check-result-submit').click()
  await expect(dialog).toBeHidden()
}

test.describe('registry spot checks', () => {
  test.use({ actionTimeout: 20_000 })

  test('an administrator draws a sample of a community, records what the calls found, watches the rate, and closes it', async ({
    page,
  }, testInfo) => {
    const project = testInfo.project.name === 'mobile' ? 'mobile' : 'desktop'
    const mine = checks[project]
    await phoneSized(page, project)
    await login(page, demo.admin)

    // The menu leads to 人口信息抽查.
    const menu = await openMenu(page)
    await menu.getByText('人口信息抽查').click()
    await expect(page).toHaveURL(/\/registry\/spot-checks$/)
    await expect(page.getByTestId('spot-check-total')).toHaveText(/共 \d+ 次抽查/)

    // 新建抽查: the form names what is missing; the server refuses a street without residents on the area.
    await page.getByTestId('spot-check-create').click()
    const form = page.getByTestId('spot-check-form')
    await expect(form).toBeVisible()
    await form.getByTestId('spot-check-form-submit').click()
    await expect(form).toContainText('请填写名称')
    await expect(form).toContainText('请选择抽查范围')
    await form.getByTestId('spot-check-name').fill(mine.name)
    await pickArea(page, emptyStreet)
    await form.getByTestId('spot-check-form-submit').click()
    await expect(form.getByTestId('spot-check-area')).toContainText('该区域没有可抽查的在册人员')

    await pickArea(page, community)
    await expect(form.getByTestId('spot-check-area')).not.toContainText('没有可抽查')
    await form.getByTestId('spot-check-sample').locator('input').fill('2')
    await form.getByTestId('spot-check-method').getByText('电话核查').click()
    await form.getByTestId('spot-check-seed').locator('input').fill(mine.seed)
    await screenshotView(page, testInfo, 'spot-check-form')
    await form.getByTestId('spot-check-form-submit').click()
    await expect(form).toBeHidden()

    // It opens with nothing verified yet.
    await expect(page).toHaveURL(/\/registry\/spot-checks\/\d+$/)
    const detailUrl = page.url()
    await expect(page.getByTestId('spot-check-title')).toHaveText(mine.name)
    await expect(page.getByTestId('spot-check-status-tag')).toHaveText('进行中')
    await expect(page.getByTestId('spot-check-accuracy')).toHaveText('—')
    const progress = page.getByTestId('spot-check-progress')
    await expect(progress).toContainText(/已核查 0 \/ \d+ 人/)
    const drawn = Number(/已核查 0 \/ (\d+) 人/.exec((await progress.textContent()) ?? '')?.[1])
    expect(drawn).toBeGreaterThanOrEqual(2)
    await expect(page.getByTestId('spot-check-breakdown-table')).toContainText('湖滨社区')

    // The first call finds the record right: 100 %.
    await recordFirstPending(page, '正确')
    await expect(page.getByTestId('spot-check-accuracy')).toHaveText('100.00%')
    await expect(page.getByTestId('spot-check-overall')).toContainText('正确 1 ÷ 有效核查 1')

    // The second finds the phone wrong: 1 of 2.
    await recordFirstPending(page, '有误', {
      field: '联系电话',
      note: '号码已停机',
      screenshot: () => screenshotView(page, testInfo, 'spot-check-result'),
    })
    await expect(page.getByTestId('spot-check-accuracy')).toHaveText('50.00%')
    await expect(page.getByTestId('spot-check-overall')).toContainText('正确 1 ÷ 有效核查 2')
    await expect(progress).toContainText(`已核查 2 / ${drawn} 人`)
    const items = page.getByTestId('spot-check-items')
    await expect(items).toContainText('有误')
    await expect(items).toContainText('联系电话')
    // Only the pending ones, when asked.
    await items.getByTestId('spot-check-pending').click()
    await expect(page).toHaveURL(/pending=1/)
    await expect(page.getByTestId('spot-check-items-total')).toHaveText(`共 ${drawn - 2} 人`)
    await items.getByTestId('spot-check-pending').click()
    await expect(page.getByTestId('spot-check-items-total')).toHaveText(`共 ${drawn} 人`)
    await page.getByTestId('spot-check-breakdown-by').getByText('按网格员').click()
    await expect(page).toHaveURL(/by=worker/)
    await expect(page.getByTestId('spot-check-breakdown-table')).toContainText('%')
    await quiet(page)
    await screenshot(page, testInfo, 'spot-check-detail')

    // Closing asks first, then no result goes in and the rate stays.
    await page.getByTestId('spot-check-close').click()
    const confirm = page.locator('.el-message-box')
    await expect(confirm).toContainText(`还有 ${drawn - 2} 人未核查`)
    await confirm.getByRole('button', { name: '结束抽查' }).click()
    await expect(page.getByTestId('spot-check-status-tag')).toHaveText('已结束')
    await expect(page.getByTestId('spot-check-closed-note')).toContainText('系统管理员')
    await expect(page.getByTestId('spot-check-close')).toHaveCount(0)
    await expect(items.getByRole('button', { name: '记录结果' })).toHaveCount(0)
    await expect(items).toContainText('未核查')
    await expect(page.getByTestId('spot-check-accuracy')).toHaveText('50.00%')
    await quiet(page)
    await screenshot(page, testInfo, 'spot-check-closed')

    // The list shows it among the closed ones, with its rate.
    await page.goto('/registry/spot-checks?status=closed')
    const list = page.getByTestId('spot-check-table')
    const entry =
      project === 'mobile'
        ? list.locator('.check-card', { hasText: mine.name })
        : list.locator('.check-row', { hasText: mine.name })
    await expect(entry).toContainText('已结束')
    await expect(entry).toContainText('50.00%')
    await expect(entry).toContainText(`2/${drawn}`)
    await screenshot(page, testInfo, 'spot-checks')
    await entry.getByText(mine.name).click()
    await expect(page).toHaveURL(detailUrl.replace(/\?.*$/, ''))
  })
})
