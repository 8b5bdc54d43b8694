import { join } from 'node:path'
import { expect, type Page, type TestInfo, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { expectPolygons, login, screenshot } from './support.ts'

/**
 * 专项任务 at the desk: the leader finds the demo's campaigns (an active 出租房屋消防安全检查 over one
 * street, a closed 汛期巡查 with its figures frozen), then issues a new one from the
 * 出租房屋消防安全检查 template over 东湖街道: the preview counts the street's rental houses, the
 * campaign is created with one item per house, and its progress page shows the map coloured by
 * completion, the areas, the laggards and the items.
 */

const docsImages = join(import.meta.dirname, '..', '..', 'docs', 'images')
const street = ['云溪区', '东湖街道']

type Preview = { total: number; byArea: { code: string; name: string; count: number }[] }
type CampaignSummary = {
  id: number
  title: string
  status: 'active' | 'closed'
  templateKey: string | null
  figures: { total: number; done: number }
}

async function docsPicture(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 })
  await screenshot(page, testInfo, name)
  await page.screenshot({ path: join(docsImages, `${name}.png`), fullPage, animations: 'disabled' })
}

/** Adds an area to the wizard's targets through the cascader, by its path of names. */
async function addArea(page: Page, names: readonly string[]): Promise<void> {
  const field = page.getByTestId('campaign-target-areas')
  await expect(async () => {
    await field.getByTestId('area-picker').locator('.el-cascader').click()
    for (const [i, name] of names.entries()) {
      const node = page
        .locator('.el-cascader-menu:visible')
        .nth(i)
        .locator('.el-cascader-node', { hasText: name })
      if (i === names.length - 1) await node.locator('.el-radio').click({ timeout: 3_000 })
      else await node.click({ timeout: 3_000 })
    }
    await page.keyboard.press('Escape')
    await expect(field.getByTestId('campaign-target-area')).toHaveCount(1, { timeout: 2_000 })
  }).toPass({ timeout: 25_000 })
}

test.describe('campaigns in the console', () => {
  test('the leader sees the demo campaigns and issues one from a template over a street', async ({
    page,
  }, testInfo) => {
    test.skip(
      testInfo.project.name !== 'desktop',
      'the wizard is a desk task; the phone looks at the progress below',
    )
    test.setTimeout(180_000)
    await page.setViewportSize({ width: 1440, height: 900 })
    await login(page, demo.leader, { path: '/campaigns' })

    const list = (await (await page.request.get('/api/campaigns?pageSize=100')).json()) as {
      items: CampaignSummary[]
    }
    const active = list.items.find((c) => c.status === 'active' && c.templateKey === 'rental_fire_safety')
    const closed = list.items.find((c) => c.status === 'closed')
    expect(active, 'the demo has an active rental fire-safety campaign').toBeDefined()
    expect(closed, 'the demo has a closed campaign').toBeDefined()
    const table = page.getByTestId('campaign-table')
    await expect(table).toContainText(active?.title ?? '')
    await expect(table).toContainText(closed?.title ?? '')
    await docsPicture(page, testInfo, 'campaigns')

    // The closed one: its figures are frozen.
    await page.goto(`/campaigns/${closed?.id}`)
    await expect(page.getByTestId('campaign-frozen')).toBeVisible()
    await expect(page.getByTestId('campaign-close')).toHaveCount(0)

    // A new one from the template.
    await page.goto('/campaigns')
    await page.getByTestId('campaign-create').click()
    await expect(page).toHaveURL(/\/campaigns\/new$/)
    await page.getByTestId('campaign-template-rental_fire_safety').click()
    await expect(page.getByTestId('campaign-step-targets')).toBeVisible()
    await expect(page.getByTestId('campaign-target-kind').locator('.is-active')).toHaveText('出租房屋')
    await addArea(page, street)

    const previewTotal = page.getByTestId('campaign-preview-total')
    await expect(previewTotal).toHaveText(/^\d+$/)
    const shown = Number(await previewTotal.textContent())
    expect(shown).toBeGreaterThan(0)
    const streets = (await (await page.request.get('/api/areas?level=street')).json()) as {
      items: { code: string; name: string }[]
    }
    const dongHu = streets.items.find((s) => s.name === '东湖街道')
    const direct = (await (
      await page.request.post('/api/campaigns/preview', {
        data: { targets: { kind: 'rental_house', areaCodes: [dongHu?.code] } },
      })
    ).json()) as Preview
    expect(shown).toBe(direct.total)
    await docsPicture(page, testInfo, 'campaign-wizard-targets', false)

    await page.getByTestId('campaign-next').click()
    await expect(page.getByTestId('campaign-step-form')).toBeVisible()
    const title = `出租房屋消防安全检查（东湖街道 ${Date.now() % 100_000}）`
    await page.getByTestId('campaign-title').fill(title)
    await page.getByTestId('campaign-issuing-unit').fill('区委政法委')
    // The template's questions, editable: 9 of them, the hazard options marked.
    await expect(page.getByTestId('campaign-question')).not.toHaveCount(0)
    await docsPicture(page, testInfo, 'campaign-wizard-form', false)
    await page.getByTestId('campaign-next').click()

    await expect(page.getByTestId('campaign-step-confirm')).toBeVisible()
    await expect(page.getByTestId('campaign-confirm-count')).toHaveText(String(shown))
    await page.getByTestId('campaign-submit').click()

    // The progress page: the figures, the map coloured by completion, the items.
    await expect(page).toHaveURL(/\/campaigns\/\d+$/, { timeout: 30_000 })
    await expect(page.getByTestId('campaign-title')).toHaveText(title)
    await expect(page.getByTestId('campaign-figures')).toContainText(String(shown))
    await expectPolygons(page, 'campaign-map')
    await expect(page.getByTestId('campaign-map-legend')).toBeVisible()
    await expect(page.getByTestId('campaign-area-table').locator('tbody tr').first()).toBeVisible()
    await expect(page.getByTestId('campaign-items').getByText(`共 ${shown} 项`)).toBeVisible()

    // Into a community by a click on the table, then back up.
    const firstArea = page.getByTestId('campaign-area-table').locator('tbody tr').first()
    const areaName = (await firstArea.locator('td').first().textContent())?.trim() ?? ''
    await firstArea.click()
    await expect(page).toHaveURL(/under=\d+/)
    await expect(page.getByTestId('campaign-crumbs')).toContainText(areaName)
    await expectPolygons(page, 'campaign-map')
    await page.goBack()
    await expect(page).not.toHaveURL(/under=/)

    // The demo's active campaign, with work done in the field: the docs' picture.
    await page.goto(`/campaigns/${active?.id}`)
    await expectPolygons(page, 'campaign-map')
    await expect(page.getByTestId('campaign-items-table').locator('tbody tr').first()).toBeVisible()
    await docsPicture(page, testInfo, 'campaign-progress')
  })

  test('the progress page on a phone', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'mobile', 'the phone width only')
    await page.setViewportSize({ width: 390, height: 844 })
    await login(page, demo.leader, { path: '/campaigns' })
    const list = (await (await page.request.get('/api/campaigns?status=active&pageSize=100')).json()) as {
      items: CampaignSummary[]
    }
    // The demo's, where the field has done part of the work (not one a desk test just issued).
    const active = list.items.find((c) => c.templateKey === 'rental_fire_safety' && c.figures.done > 0)
    expect(active).toBeDefined()
    await expect(page.getByTestId('campaign-table')).toContainText(active?.title ?? '')
    await page.goto(`/campaigns/${active?.id}`)
    await expectPolygons(page, 'campaign-map')
    await screenshot(page, testInfo, 'campaign-progress-phone')
    await page.screenshot({
      path: join(docsImages, 'campaign-progress-phone.png'),
      fullPage: true,
      animations: 'disabled',
    })
  })
})
