import { expect, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { login, screenshot } from './support.ts'

test.describe('grid staff', () => {
  test('the roster finds a grid worker; a training recorded for them shows in their profile', async ({
    page,
  }, testInfo) => {
    // Each project records a course of its own: both share one server.
    const course = `网格员业务培训（${testInfo.project.name}）`
    await login(page, demo.admin, { path: '/admin/grid-staff' })

    await page.getByTestId('grid-staff-search').fill('wanggeyuan')
    const roster = page.getByTestId('grid-workers-table')
    await expect(roster.getByText('吴网格员').first()).toBeVisible()

    await page.getByTestId('grid-worker-training-wanggeyuan').first().click()
    const dialog = page.getByTestId('grid-worker-training-dialog')
    await expect(dialog).toBeVisible()
    await dialog.getByRole('textbox', { name: '课程' }).fill(course)
    await dialog.getByRole('spinbutton', { name: '学时' }).fill('8')
    const date = dialog.getByRole('combobox', { name: '完成日期' })
    await date.fill('2026-11-20')
    await date.press('Enter')
    await page.getByTestId('training-submit').click()
    await expect(dialog).toBeHidden()

    await page.getByTestId('grid-worker-profile-wanggeyuan').first().click()
    const trainings = page.getByTestId('grid-worker-trainings')
    await expect(trainings.getByText(course)).toBeVisible()
    await screenshot(page, testInfo, 'grid-staff-profile')
  })
})
