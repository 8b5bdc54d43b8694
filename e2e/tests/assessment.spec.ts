import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { login, screenshot } from './support.ts'

/** The month before this one in Beijing time (the demo publishes it while loading). */
function lastMonth(): string {
  const now = new Date(Date.now() + 8 * 3_600_000)
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7)
}

test.describe('assessment (考核)', () => {
  test('the leader sees this month’s live grades, last month published, the scheme, and downloads the pay sheet', async ({
    page,
  }, testInfo) => {
    test.skip(testInfo.project.name === 'mobile', 'a desk page: the leader’s console on a desktop')
    await login(page, demo.leader, { path: '/stats/assessment' })

    // This month, live: grid workers ranked with grade badges and each indicator's score.
    await expect(page.getByTestId('assessment-status')).toHaveText('实时计算')
    const table = page.getByTestId('assessment-table')
    await expect(table.getByTestId('grade-badge').first()).toHaveText(/^[A-E]$/)
    await expect(table.getByTestId('composite').first()).toHaveText(/^\d+\.\d\d$/)
    await table.getByTestId('score-patrolCoverage').first().hover()
    await expect(page.getByTestId('score-tip').filter({ hasText: '巡查覆盖率' })).toBeVisible()

    // Areas: the district's streets, the last-ranked flagged.
    await page.getByTestId('assessment-kind').getByText('区域').click()
    await expect(page).toHaveURL(/kind=area/)
    await expect(table.getByTestId('grade-badge').first()).toHaveText(/^[A-E]$/)
    await page.goto('/stats/assessment?kind=area&level=street')
    await expect(table.getByTestId('bottom-flag')).toHaveCount(3)

    // Last month was published by the demo: frozen, the button says so.
    await page.goto(`/stats/assessment?month=${lastMonth()}`)
    await expect(page.getByTestId('assessment-status')).toHaveText('已发布')
    await expect(page.getByTestId('assessment-status-line')).toContainText('发布')
    await expect(page.getByTestId('assessment-publish')).toBeDisabled()
    await expect(table.getByTestId('grade-badge').first()).toHaveText(/^[A-E]$/)

    // The scheme: weights that sum to 100.
    await page.getByTestId('scheme-open').click()
    await expect(page.getByTestId('weight-sum')).toHaveText('权重合计 100（须为 100）')
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('scheme-drawer')).toBeHidden()

    // The pay sheet of the published month.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('pay-export').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^网格员报酬-.*\.xlsx$/)
    const saved = join(testInfo.outputDir, 'pay.xlsx')
    await download.saveAs(saved)
    const bytes = readFileSync(saved)
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    expect(bytes.length).toBeGreaterThan(5_000)

    // The docs' picture: this month's grid workers of 东湖街道 on a wide screen.
    await page.setViewportSize({ width: 1600, height: 1000 })
    await page.goto('/stats/assessment?area=110120001')
    await expect(table.getByTestId('grade-badge').first()).toHaveText(/^[A-E]$/)
    await screenshot(page, testInfo, 'assessment')
    await page.screenshot({
      path: join(import.meta.dirname, '..', '..', 'docs', 'images', 'assessment.png'),
      animations: 'disabled',
    })
  })
})
