import { expect, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { getJson, login, screenshot } from './support.ts'

interface CatalogItem {
  code: string
  version: number
  limits: { normal: { handle: { amount: number; unit: string } } }
}

const itemCode = '06001'

test.describe('event catalog and working-day calendar', () => {
  test('an item’s handling limit changes the deadline preview before saving, and saving makes a new version', async ({
    page,
  }, testInfo) => {
    await login(page, demo.admin, { path: '/admin/catalog' })
    const saved = await getJson<CatalogItem>(page.request, `/api/catalog/items/${itemCode}`)
    // Before an item is picked: the demo's month of refused reports, as a chart.
    await expect(page.getByTestId('catalog-refusal-chart')).toContainText('回绝统计')
    await expect(page.getByTestId('catalog-refusal-chart').locator('canvas')).toBeVisible()

    await page.getByTestId('catalog-search').fill(itemCode)
    const entry = page.getByTestId(`catalog-item-${itemCode}`)
    await expect(entry).toContainText('私搭乱建')
    await entry.click()
    const editor = page.getByTestId('catalog-editor')
    await expect(editor.getByTestId('catalog-item-code')).toHaveText(itemCode)
    const version = editor.getByTestId('catalog-version')
    await expect(version).toHaveText(`第 ${saved.version} 版`)

    await page.getByTestId('catalog-tab-limits').click()
    const amount = page.getByTestId('limit-amount-normal-handle').locator('input')
    await expect(amount).toHaveValue(String(saved.limits.normal.handle.amount))
    const preview = page.getByTestId('deadline-preview-handle')
    await expect(preview).toHaveText(/^\d{4}\/\d{2}\/\d{2} /)
    const before = (await preview.textContent()) ?? ''

    // Each project runs against the same server: whatever the last run left, change it.
    const next = saved.limits.normal.handle.amount === 15 ? 7 : 15
    await amount.fill(String(next))
    await amount.press('Tab')
    // Recomputed from the unsaved limit, after the ~300 ms pause.
    await expect(preview).not.toHaveText(before)
    await expect(preview).toHaveText(/^\d{4}\/\d{2}\/\d{2} /)
    await expect(page.getByTestId('catalog-tabs')).toBeVisible()
    await screenshot(page, testInfo, 'catalog')

    await page.getByTestId('catalog-save').click()
    const dialog = page.getByTestId('catalog-save-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText(`第 ${saved.version + 1} 版`)
    await page.getByTestId('catalog-save-dialog-reason').fill(`e2e：调整处置时限（${testInfo.project.name}）`)
    await page.getByTestId('catalog-save-dialog-confirm').click()
    await expect(dialog).toBeHidden()
    await expect(version).toHaveText(`第 ${saved.version + 1} 版`)
    await expect(amount).toHaveValue(String(next))

    const after = await getJson<CatalogItem>(page.request, `/api/catalog/items/${itemCode}`)
    expect(after.version).toBe(saved.version + 1)
    expect(after.limits.normal.handle).toEqual({ amount: next, unit: saved.limits.normal.handle.unit })

    await page.getByTestId('catalog-tab-history').click()
    await expect(page.getByTestId('catalog-history')).toContainText(
      `e2e：调整处置时限（${testInfo.project.name}）`,
    )
  })

  test('the 2026 calendar marks the National Day holiday and its make-up working day', async ({
    page,
  }, testInfo) => {
    await login(page, demo.admin, { path: '/admin/calendar?year=2026' })
    await expect(page.getByTestId('calendar-year')).toBeVisible()
    await expect(page.getByTestId('calendar-source')).toHaveText('国务院安排')

    const holiday = page.getByTestId('calendar-day-2026-10-01')
    await expect(holiday).toHaveAttribute('data-state', 'holiday')
    await expect(holiday).toContainText('休')
    const makeUp = page.getByTestId('calendar-day-2026-10-10')
    await expect(makeUp).toHaveAttribute('data-state', 'workday')
    await expect(makeUp).toContainText('班')
    // An ordinary weekend is neither.
    await expect(page.getByTestId('calendar-day-2026-10-17')).toHaveAttribute('data-state', 'default')
    await expect(page.getByTestId('calendar-working-days')).toContainText('个工作日')
    await screenshot(page, testInfo, 'calendar')
  })
})
