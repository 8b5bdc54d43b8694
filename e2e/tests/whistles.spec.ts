import { join } from 'node:path'
import { expect, type Page, type TestInfo, test } from '@playwright/test'
import { chooseOption, login, screenshot } from './support.ts'

/**
 * 吹哨报到 at the desk: the shift leader (李值班长) finds the demo's whistle where 城管 and 住建 arrived
 * and 规划和自然资源 missed, then blows the whistle from a case — the case's place prefilled, 城市管理局
 * and 住房和城乡建设局 summoned — lands on the board with it open, records 城管's arrival and closes
 * it with the outcome.
 */

const docsImages = join(import.meta.dirname, '..', '..', 'docs', 'images')
const shiftLeader = 'zhibanzhang'

type Response = {
  unit: { id: number; name: string }
  status: 'summoned' | 'acknowledged' | 'arrived' | 'missed'
}
type Whistle = { id: number; code: string; title: string; status: 'open' | 'closed'; responses: Response[] }
type CaseSummary = {
  id: number
  code: string
  title: string
  status: string
  location: { lng: number; lat: number } | null
}

async function docsPicture(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 10_000 })
  await screenshot(page, testInfo, name)
  await page.screenshot({ path: join(docsImages, `${name}.png`), fullPage, animations: 'disabled' })
}

test.describe('the whistle board', () => {
  test('shows who came and who did not, and a whistle blown from a case', async ({ page }, testInfo) => {
    test.setTimeout(150_000)
    const desktop = testInfo.project.name === 'desktop'
    if (desktop) await page.setViewportSize({ width: 1440, height: 900 })
    await login(page, shiftLeader, { path: '/whistles' })

    // The demo's closed whistle: two arrivals with their times, one miss.
    const all = (await (await page.request.get('/api/whistles?pageSize=100')).json()) as { items: Whistle[] }
    const answered = all.items.find(
      (w) =>
        w.responses.filter((r) => r.status === 'arrived').length === 2 &&
        w.responses.filter((r) => r.status === 'missed').length === 1,
    )
    expect(answered, 'the demo has a whistle with two arrivals and a miss').toBeDefined()
    const card = page.getByTestId('whistle-card').filter({ hasText: answered?.code ?? '' })
    await expect(card.locator('[data-status="arrived"]')).toHaveCount(2)
    await expect(card.locator('[data-status="missed"]')).toHaveCount(1)
    await expect(card.locator('[data-status="missed"]')).toContainText('规划和自然资源')
    await expect(card.locator('[data-status="arrived"]').first()).toContainText(/\d{2}:\d{2} 到场/)
    if (desktop) await docsPicture(page, testInfo, 'whistles')

    await card.click()
    const drawer = page.getByTestId('whistle-drawer')
    await expect(drawer.getByTestId('whistle-timeline')).toContainText('未在时限内到场')
    await expect(drawer.getByTestId('whistle-responses').locator('tbody tr')).toHaveCount(3)
    await expect(drawer.getByTestId('case-map').locator('svg path').first()).toBeAttached()
    if (desktop) await docsPicture(page, testInfo, 'whistle-detail', false)
    await page.keyboard.press('Escape')

    // A whistle from a case of the district.
    const cases = (await (await page.request.get('/api/cases?pageSize=50')).json()) as {
      items: CaseSummary[]
    }
    // Still on the ground (the whistle is offered until the handler reports it done).
    const onTheGround = ['reported', 'accepted', 'registered', 'dispatched', 'handling', 'returned']
    const subject = cases.items.find((c) => c.location && onTheGround.includes(c.status))
    expect(subject, 'an open case with a place').toBeDefined()
    await page.goto(`/cases/${subject?.id}`)
    await page.getByTestId('case-whistle').click()
    const dialog = page.getByTestId('whistle-raise')
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('hotline-location')).toContainText(/\d+\.\d{5}/)
    const title = `联合执法（${testInfo.project.name} ${Date.now() % 100_000}）`
    await dialog.getByTestId('whistle-title').fill(title)
    await dialog.getByTestId('whistle-description').fill('占道堆放建筑垃圾并搭建棚屋，需城管、住建联合处置。')
    const units = dialog.getByTestId('whistle-units')
    await chooseOption(page, units, '城市管理局')
    await chooseOption(page, units, '住房和城乡建设局')
    await page.keyboard.press('Escape')
    if (desktop) await docsPicture(page, testInfo, 'whistle-raise', false)
    await dialog.getByTestId('whistle-raise-submit').click()

    // On the board, opened: both departments summoned.
    await expect(page).toHaveURL(/\/whistles\?open=\d+/)
    await expect(drawer).toContainText(title)
    await expect(drawer.locator('[data-testid="whistle-unit-chip"][data-status="summoned"]')).toHaveCount(2)
    await expect(
      page.getByTestId('whistle-board').getByTestId('whistle-card').filter({ hasText: title }),
    ).toBeVisible()

    // 城管 arrived, as the caller saw.
    await drawer.getByTestId('whistle-action-record_arrival').click()
    const act = page.getByTestId('whistle-action-dialog')
    await chooseOption(page, act.getByTestId('whistle-arrival-unit'), '城市管理局')
    await act.getByTestId('whistle-action-submit').click()
    await expect(drawer.locator('[data-testid="whistle-unit-chip"][data-status="arrived"]')).toHaveCount(1)
    await expect(drawer.getByTestId('whistle-timeline')).toContainText('城市管理局 到场')

    // Closed with the outcome.
    await drawer.getByTestId('whistle-action-close').click()
    await act.getByTestId('whistle-action-outcome').fill('建筑垃圾已清运，棚屋由城管当场拆除。')
    await act.getByTestId('whistle-action-submit').click()
    await expect(drawer.getByTestId('whistle-outcome')).toContainText('建筑垃圾已清运')
    if (!desktop) await screenshot(page, testInfo, 'whistle-drawer-phone')
  })
})
