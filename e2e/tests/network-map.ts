import { expect, type Page } from '@playwright/test'

/** On a phone the areas page's panel is a sheet along the bottom: opens it when it is closed. */
export async function openSheet(page: Page): Promise<void> {
  const toggle = page.getByTestId('sheet-toggle')
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true')
    await toggle.click()
}

/** Closes the phone's sheet so the whole map can be reached. */
export async function closeSheet(page: Page): Promise<void> {
  const toggle = page.getByTestId('sheet-toggle')
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'true')
    await toggle.click()
}

/** Clicks the middle of an area's shape on the network map, as a user would (labels let clicks through). */
export async function clickShape(page: Page, code: string): Promise<void> {
  const shape = page.getByTestId('areas-map').locator(`path.og-area-${code}`).first()
  await expect(shape).toBeVisible()
  const box = await shape.boundingBox()
  if (!box) throw new Error(`area ${code} has a shape on the map`)
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
}
