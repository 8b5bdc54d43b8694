import { expect, test } from '@playwright/test'
import { login, openMenu, screenshot } from './support.ts'

/** 陈受理员, the district's operator: moderates the residents' photos of the whole demo district. */
const operator = 'shouliyuan'

test.describe('照片审核', () => {
  test('an operator looks at a resident’s photo in the queue, approves it, and finds it under 已通过', async ({
    page,
  }, testInfo) => {
    await login(page, operator)
    const menu = await openMenu(page)
    await menu.getByText('照片审核').click()
    await expect(page).toHaveURL(/\/cases\/photos$/)
    await expect(page).toHaveTitle(/照片审核/)
    await expect(page.getByText('群众上传的照片经审核通过后，才会在公开地图上展示')).toBeVisible()

    // The demo's open cases keep their residents' photos waiting; the other project's run may have taken one.
    const card = page.getByTestId('moderation-list').locator('[data-testid^="moderation-photo-"]').first()
    await expect(card).toBeVisible()
    const cardId = (await card.getAttribute('data-testid')) as string
    const code = ((await card.getByTestId('moderation-case').textContent()) ?? '').trim()
    expect(code).toMatch(/^\d{18,}$/)
    const thumb = card.getByTestId('moderation-thumb').locator('img')
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)

    // The large view opens over the page and closes again.
    await thumb.click()
    const viewer = page.locator('.el-image-viewer__wrapper')
    await expect(viewer).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(viewer).toBeHidden()

    await page.getByTestId(cardId).getByTestId('moderation-approved').click()
    await expect(page.getByText('照片已通过审核，案件办结后将在公开地图上展示')).toBeVisible()
    await expect(page.getByTestId(cardId)).toHaveCount(0)

    await page.getByTestId('moderation-tab-approved').click()
    await expect(page).toHaveURL(/\/cases\/photos\?status=approved$/)
    const moved = page.getByTestId(cardId)
    await expect(moved).toBeVisible()
    await expect(moved.getByTestId('moderation-case')).toHaveText(code)
    // A decided photo can be decided the other way, from its new tab.
    await expect(moved.getByTestId('moderation-rejected')).toHaveText('改为不通过')
    await expect(moved.getByTestId('moderation-approved')).toHaveCount(0)
    await screenshot(page, testInfo, 'photo-moderation')
  })
})
