import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { getJson, login, screenshot } from './support.ts'

const communityCode = '110120001001'
const gridCode = '110120001001002'

interface AreaDetail {
  code: string
  name: string
}
interface GridFeature {
  type: 'Feature'
  properties: { code: string; name: string }
  geometry: { type: 'MultiPolygon'; coordinates: [number, number][][][] }
}

test('the grid network: export the attribute sheet, dry-run and confirm a boundary import', async ({
  page,
}, testInfo) => {
  await login(page, demo.admin, { path: '/areas' })
  const { name } = await getJson<AreaDetail>(page.request, `/api/areas/${communityCode}`)
  await page.goto(`/areas?area=${communityCode}`)
  await expect(page.getByTestId('selected-area')).toHaveText(name)

  // The community's grid attributes as XLSX: a real workbook (a zip) named after the community.
  await page.getByTestId('export-toggle').click()
  const downloading = page.waitForEvent('download')
  await page.getByTestId('export-attributes').click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(`网格属性-${communityCode}.xlsx`)
  const sheet = await readFile(await download.path())
  expect(sheet.length).toBeGreaterThan(1000)
  expect(sheet.subarray(0, 2).toString('latin1')).toBe('PK')

  // The sheet back as it came: every row read, nothing to change, nothing wrong.
  await page.getByTestId('import-toggle').click()
  await page.getByTestId('import-attributes').click()
  const sheetDialog = page.getByTestId('attribute-import-dialog')
  await page.getByTestId('attribute-import-file').setInputFiles({
    name: download.suggestedFilename(),
    mimeType: 'application/octet-stream',
    buffer: sheet,
  })
  await sheetDialog.getByTestId('attribute-import-dry-run').click()
  const sheetReport = sheetDialog.getByTestId('attribute-import-report')
  await expect(sheetReport.getByTestId('attribute-import-ok')).toContainText('预检通过')
  await expect(sheetReport.getByTestId('attribute-import-changed')).toContainText('0 个网格')
  await expect(sheetDialog.getByTestId('attribute-import-confirm')).toBeEnabled()
  await sheetDialog.getByRole('button', { name: '取消' }).click()
  await expect(sheetDialog).toBeHidden()

  // A boundary file made here: one grid as it is now, and a feature whose code is not a grid code.
  const grid = await getJson<GridFeature>(page.request, `/api/grids/${gridCode}/geometry`)
  const feature = (code: string, title: string) => ({
    type: 'Feature',
    properties: { code, name: title },
    geometry: grid.geometry,
  })
  const file = (features: object[]) => ({
    name: 'grids.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
  })

  await page.getByTestId('import-toggle').click()
  await page.getByTestId('import-boundaries').click()
  const dialog = page.getByTestId('import-dialog')
  await expect(dialog).toBeVisible()
  await page
    .getByTestId('import-file')
    .setInputFiles(file([feature(gridCode, grid.properties.name), feature('11012000100', '编码不对的网格')]))
  await expect(dialog.getByTestId('import-filename')).toHaveText('grids.geojson')
  await dialog.getByTestId('import-reason').fill('核对网格边界')
  await dialog.getByTestId('import-dry-run').click()

  // The report names the bad feature in Chinese, and confirming is not offered.
  const report = dialog.getByTestId('import-report')
  await expect(report.getByTestId('import-read')).toContainText('读取 2 个要素')
  await expect(report.getByTestId('import-count-unchanged')).toContainText('未变 1')
  await expect(report.getByTestId('import-not-ok')).toBeVisible()
  const problems = report.getByTestId('import-feature-problems')
  await expect(problems).toContainText('第 2 个要素')
  await expect(problems).toContainText('11012000100')
  await expect(problems.locator('.el-tag').first()).not.toBeEmpty()
  await expect(dialog.getByTestId('import-confirm')).toBeDisabled()
  await screenshot(page, testInfo, 'grid-import-report')

  // The grid alone: the same boundary, nothing wrong, so the import may be confirmed (it changes nothing).
  await page.getByTestId('import-file').setInputFiles(file([feature(gridCode, grid.properties.name)]))
  await expect(report).toBeHidden()
  await dialog.getByTestId('import-dry-run').click()
  await expect(report.getByTestId('import-ok')).toContainText('预检通过')
  await expect(report.getByTestId('import-count-created')).toContainText('新建 0')
  await expect(report.getByTestId('import-count-unchanged')).toContainText('未变 1')
  await expect(dialog.getByTestId('import-confirm')).toBeEnabled()
  await dialog.getByTestId('import-confirm').click()
  await expect(dialog).toBeHidden()
  await expect(page.locator('.el-message--success')).toContainText('已导入：新建 0 个，重绘 0 个')
  await expect(page.getByTestId('selected-area')).toHaveText(name)
})
