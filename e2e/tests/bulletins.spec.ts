import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { getJson, login, logout, openMenu, screenshot } from './support.ts'

/** A bulletin as the API answers it (core/api/bulletins.ts), as far as this journey reads it. */
interface Bulletin {
  id: number
  title: string
  period: { kind: 'half_month' | 'month'; from: string; to: string; label: string }
  files: Record<'xlsx' | 'pdf', { size: number; url: string }>
}

/** The last finished half month's and month's labels in Beijing time: what the form starts with. */
function lastFinished(): { half: string; month: string } {
  const now = new Date(Date.now() + 8 * 3_600_000)
  const y = now.getUTCFullYear()
  const m = now.getUTCMonth()
  const before = new Date(Date.UTC(y, m - 1, 1))
  const name = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`
  return {
    half: now.getUTCDate() >= 16 ? `${name(now)}上半月` : `${name(before)}下半月`,
    month: name(before),
  }
}

/**
 * Generates through the form and answers the server's bulletin. The answer is held back a little so the
 * page's working state is seen whatever the machine's speed; the server's own answer is passed on.
 */
async function generate(page: Page): Promise<Bulletin> {
  await page.route('**/api/stats/bulletins', async (route) => {
    if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 800))
    await route.continue()
  })
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/stats/bulletins') && r.request().method() === 'POST',
  )
  await page.getByTestId('bulletin-generate-submit').click()
  await expect(page.getByTestId('bulletin-working')).toBeVisible()
  const response = await answered
  expect(response.status(), await response.text()).toBe(201)
  await expect(page.getByTestId('bulletin-working')).toBeHidden()
  await page.unroute('**/api/stats/bulletins')
  return (await response.json()) as Bulletin
}

test.describe('bulletins (工作通报)', () => {
  test('the leader generates a half month’s and a month’s bulletin, finds them at the top and downloads both files', async ({
    page,
  }, testInfo) => {
    const expected = lastFinished()
    await login(page, demo.leader)
    const menu = await openMenu(page)
    await menu.getByText('工作通报').click()
    await expect(page).toHaveURL(/\/stats\/bulletins$/)
    await expect(page).toHaveTitle(/工作通报/)

    // The demo archives none (another project's run on the same server may have made some): the empty list
    // invites the first one. The form starts with the last finished half month.
    const count = async (query = '') =>
      (await getJson<{ total: number }>(page.request, `/api/stats/bulletins?limit=1${query}`)).total
    const before = await count()
    if (before === 0) {
      await expect(page.getByTestId('bulletins-empty')).toBeVisible()
      await screenshot(page, testInfo, 'bulletins-empty')
    }
    await expect(page.getByTestId('bulletin-period')).toContainText(`将生成：${expected.half}`)

    const half = await generate(page)
    expect(half.period).toMatchObject({ kind: 'half_month', label: expected.half })
    const titles = page.getByTestId('bulletin-title')
    await expect(titles.first()).toHaveText(half.title)
    await expect(page.getByTestId('bulletin-fresh')).toHaveCount(1)
    await expect(page.getByTestId('bulletins-total')).toHaveText(`共 ${before + 1} 份`)

    // Both files through the row's links, as the browser saves them: named after the title, the right bytes.
    for (const [format, magic] of [
      ['pdf', '%PDF-'],
      ['xlsx', 'PK'],
    ] as const) {
      const link = page.getByTestId(`bulletin-${format}`).first()
      await expect(link).toHaveAttribute('href', half.files[format].url)
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
      expect(download.suggestedFilename()).toBe(`${half.title}.${format}`)
      const saved = join(testInfo.outputDir, `bulletin.${format}`)
      await download.saveAs(saved)
      const bytes = readFileSync(saved)
      expect(bytes.subarray(0, magic.length).toString('latin1')).toBe(magic)
      expect(bytes.length).toBe(half.files[format].size)
    }

    // Only months: none yet. A month's bulletin from the form lands at the top of the filtered list.
    const months = await count('&period=month')
    await page.getByTestId('bulletins-filter-month').click()
    await expect(page).toHaveURL(/kind=month/)
    if (months === 0) await expect(page.getByTestId('bulletins-empty')).toBeVisible()
    await page.getByTestId('bulletin-kind-month').click()
    await expect(page.getByTestId('bulletin-period')).toContainText(`将生成：${expected.month}`)
    const month = await generate(page)
    expect(month.period).toMatchObject({ kind: 'month', label: expected.month })
    await expect(titles.first()).toHaveText(month.title)
    await expect(page.getByTestId('bulletins-total')).toHaveText(`共 ${months + 1} 份`)

    // Both kinds: the ones just made first, the newest on top, each with its kind.
    await page.getByTestId('bulletins-filter-all').click()
    await expect(page).not.toHaveURL(/kind=/)
    await expect(titles.nth(0)).toHaveText(month.title)
    await expect(titles.nth(1)).toHaveText(half.title)
    await expect(page.getByTestId('bulletin-kind-tag').nth(0)).toHaveText('月度')
    await expect(page.getByTestId('bulletin-kind-tag').nth(1)).toHaveText('半月')
    await expect(page.getByTestId('bulletins-total')).toHaveText(`共 ${before + 2} 份`)
    // The picture without the toasts over the header.
    await expect(page.locator('.el-message')).toHaveCount(0)
    await screenshot(page, testInfo, 'bulletins')
  })

  test('a street’s supervisor reads the bulletins of the street only, and has no form', async ({
    page,
    isMobile,
  }) => {
    test.skip(isMobile, 'the same page; one check of who sees what is enough')
    // The district's bulletin, made by the leader, is not the street's.
    await login(page, demo.leader, { path: '/stats/bulletins' })
    await generate(page)
    await logout(page)
    await login(page, demo.supervisor, { path: '/stats/bulletins' })
    await expect(page.getByTestId('bulletins-total')).toHaveText('共 0 份')
    await expect(page.getByTestId('bulletins-empty')).toBeVisible()
    await expect(page.getByTestId('bulletin-generate')).toHaveCount(0)
  })
})
