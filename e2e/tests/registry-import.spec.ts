import { expect, type Page, test } from '@playwright/test'
import { demo } from './accounts.ts'
import { chooseOption, getJson, login, screenshot } from './support.ts'

/** The demo grid the rows go into, through the page's default grid (the sheet names none). */
const grid = '110120001001001'

/** ISO 7064 MOD 11-2, the check character of a PRC resident ID number (GB 11643). */
function idCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((n, d, i) => n + Number(d) * (weights[i] ?? 0), 0)
  return '10X98765432'[sum % 11] ?? '?'
}
const idNumber = (first17: string) => `${first17}${idCheckChar(first17)}`
const wrongCheck = (first17: string) => `${first17}${idCheckChar(first17) === '1' ? '2' : '1'}`

/** GB 32100: the check character of a 统一社会信用代码 over its first 17 characters. */
const creditCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function creditCheckChar(first17: string): string {
  const sum = [...first17].reduce((n, c, i) => n + creditCharset.indexOf(c) * (3 ** i % 31), 0)
  return creditCharset[(31 - (sum % 31)) % 31] ?? '?'
}
const creditCode = (first17: string) => `${first17}${creditCheckChar(first17)}`
const wrongCredit = (first17: string) => `${first17}${creditCheckChar(first17) === 'A' ? 'B' : 'A'}`

/**
 * Each project its own residents (both share one server, and an ID number is recorded once): born on a
 * day of its own, named with a prefix of its own so a name search finds exactly them.
 */
const people = {
  desktop: { prefix: '桌导', born: '1931-03-17', base: '11010519310317' },
  mobile: { prefix: '机导', born: '1932-04-18', base: '11010519320418' },
} as const

const headers =
  '户号,姓名,身份证号,性别,出生日期,民族,学历,联系电话,现住址,户籍地址,流动人口,网格编码,与户主关系,标签,备注'

function sheet(project: keyof typeof people, corrected: boolean): Buffer {
  const p = people[project]
  const row = (n: number, given: string, id: string, sex: string, relation: string) =>
    [
      `${p.prefix}H1`,
      `${p.prefix}${given}`,
      id,
      sex,
      p.born,
      '汉族',
      '',
      `1380013${n}000`,
      '湖滨路8号',
      '',
      '否',
      '',
      relation,
      '',
      '',
    ].join(',')
  const lines = [
    headers,
    row(1, '甲', idNumber(`${p.base}011`), '男', '户主'),
    row(2, '乙', idNumber(`${p.base}022`), '女', '配偶'),
    row(3, '丙', idNumber(`${p.base}031`), '男', '子'),
    row(4, '丁', corrected ? idNumber(`${p.base}042`) : wrongCheck(`${p.base}042`), '女', '女'),
  ]
  // A BOM as Excel writes it, CRLF lines.
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}

async function upload(page: Page, project: keyof typeof people, corrected: boolean): Promise<void> {
  await page
    .getByTestId('import-upload')
    .locator('input[type="file"]')
    .setInputFiles({
      name: corrected ? '人口-已修改.csv' : '人口.csv',
      mimeType: 'text/csv',
      buffer: sheet(project, corrected),
    })
  await expect(page.getByTestId('import-step-mapping')).toBeVisible()
}

test('registry import: upload a sheet, confirm its columns, see a bad row, upload it corrected, import', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  const project = testInfo.project.name === 'mobile' ? 'mobile' : 'desktop'
  if (project === 'mobile') await page.setViewportSize({ width: 390, height: 844 })
  const p = people[project]
  await login(page, demo.admin, { path: '/registry/persons' })
  const gridName = (await getJson<{ name: string }>(page.request, `/api/areas/${grid}`)).name

  // 实有人口 leads to the import.
  await page.getByTestId('person-import').click()
  await expect(page).toHaveURL(/\/registry\/import$/)
  await expect(page.getByTestId('import-steps')).toContainText('上传')
  await expect(page.getByTestId('import-template')).toContainText('下载人员导入模板')
  await screenshot(page, testInfo, 'registry-import-upload')

  // 对应列: the columns suggested from the headers, the samples masked.
  await upload(page, project, false)
  const mapping = page.getByTestId('import-mapping')
  await expect(page.getByTestId('mapping-select-name')).toContainText('姓名')
  await expect(page.getByTestId('mapping-select-documentNumber')).toContainText('身份证号')
  await expect(page.getByTestId('mapping-row-name')).toContainText(`${p.prefix}甲`)
  await expect(page.getByTestId('mapping-row-documentNumber')).toContainText('110105********')
  await expect(mapping).not.toContainText(idNumber(`${p.base}011`))
  const gridSelect = page.getByTestId('import-default-grid').getByTestId('grid-select')
  await gridSelect.click()
  await gridSelect.locator('input').fill(gridName)
  await chooseOption(page, gridSelect, gridName)
  await screenshot(page, testInfo, 'registry-import-mapping')

  // 校验结果: one row with a wrong check digit, named with its row and column.
  await page.getByTestId('import-check').click()
  await expect(page.getByTestId('import-verdict')).toContainText('1 行有问题')
  await expect(page.getByTestId('tile-total')).toContainText('4')
  await expect(page.getByTestId('tile-valid')).toContainText('3')
  await expect(page.getByTestId('tile-invalid')).toContainText('1')
  const problem = page.getByTestId('import-problems').locator('.problem-row')
  await expect(problem).toHaveCount(1)
  await expect(problem).toContainText('5')
  await expect(problem).toContainText('身份证号')
  await expect(problem).toContainText('校验位')
  await expect(page.getByTestId('import-all')).toBeDisabled()
  await expect(page.getByTestId('import-all-blocked')).toContainText('还有 1 行有问题')
  await expect(page.getByTestId('import-valid')).toBeEnabled()
  await expect(page.getByTestId('import-download-errors')).toHaveAttribute('href', /errors\.xlsx$/)
  await screenshot(page, testInfo, 'registry-import-check-problems')

  // The corrected file, checked again: nothing wrong, all of it imported.
  await page.getByTestId('import-reupload').click()
  await expect(page.getByTestId('import-step-upload')).toBeVisible()
  await upload(page, project, true)
  await expect(page.getByTestId('import-default-grid')).toContainText(gridName)
  await page.getByTestId('import-check').click()
  await expect(page.getByTestId('import-verdict')).toContainText('全部 4 行校验通过')
  await expect(page.getByTestId('tile-invalid')).toContainText('0')
  await expect(page.getByTestId('import-problems')).toHaveCount(0)
  await expect(page.getByTestId('import-valid')).toHaveCount(0)
  await screenshot(page, testInfo, 'registry-import-check-ok')
  await page.getByTestId('import-all').click()
  await expect(page.getByTestId('import-imported')).toContainText('已导入 4 人，1 户')
  await screenshot(page, testInfo, 'registry-import-done')

  // 实有人口 of that grid lists them.
  await page.getByTestId('import-open-persons').click()
  await expect(page).toHaveURL(new RegExp(`/registry/persons\\?.*grid=${grid}`))
  await expect(page.getByTestId('grid-filter')).toContainText(gridName)
  await page.getByTestId('person-search-q').fill(p.prefix)
  await page.getByTestId('person-search-submit').click()
  const names = page.getByTestId('person-table').locator('[data-testid^="person-link-"]')
  await expect(names).toHaveCount(4)
  // On a phone each is a card: the name leads it.
  for (const given of ['甲', '乙', '丙', '丁'])
    await expect(names.filter({ hasText: `${p.prefix}${given}` })).toHaveCount(1)
  await screenshot(page, testInfo, 'registry-import-persons')
})

/** Each project its own organizations: a credit code is recorded once district-wide. */
const organizations = {
  desktop: { prefix: '桌单', code: '110120MAE2E0D0' },
  mobile: { prefix: '机单', code: '110120MAE2E0M0' },
} as const

/** Three organizations in no grid of their own (the default grid takes them); the second's code is mistyped. */
function organizationSheet(project: keyof typeof organizations): Buffer {
  const o = organizations[project]
  const lines = [
    '统一社会信用代码,单位名称,单位类型,单位地址,法定代表人,法定代表人电话,网格编码',
    `${creditCode(`91${o.code}1`)},${o.prefix}便利店有限公司,企业,湖滨路8号,王老板,13800138001,`,
    `${wrongCredit(`91${o.code}2`)},${o.prefix}校验位错的公司,企业,湖滨路10号,,,`,
    `${creditCode(`92${o.code}3`)},${o.prefix}修车铺,,湖滨路9号,李师傅,,`,
  ]
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}

test('registry import of organizations: choose 单位, see the mistyped credit code, import the valid rows, find them under 单位', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000)
  const project = testInfo.project.name === 'mobile' ? 'mobile' : 'desktop'
  if (project === 'mobile') await page.setViewportSize({ width: 390, height: 844 })
  const o = organizations[project]
  await login(page, demo.admin, { path: '/registry/import' })
  const gridName = (await getJson<{ name: string }>(page.request, `/api/areas/${grid}`)).name

  // 人员 unless chosen otherwise; 单位 goes into the address bar.
  await expect(page.getByTestId('import-kind-persons')).toHaveClass(/is-active/)
  await page.getByTestId('import-kind-organizations').click()
  await expect(page).toHaveURL(/\/registry\/import\?kind=organizations$/)
  await expect(page.getByTestId('import-kind-organizations')).toHaveClass(/is-active/)
  await expect(page.getByTestId('import-kind-hint')).toContainText('统一社会信用代码')
  await expect(page.getByTestId('import-template')).toContainText('下载单位导入模板')

  // 对应列: the organization's fields, the three required ones marked and found from the headers.
  await page
    .getByTestId('import-upload')
    .locator('input[type="file"]')
    .setInputFiles({ name: '单位.csv', mimeType: 'text/csv', buffer: organizationSheet(project) })
  await expect(page.getByTestId('import-step-mapping')).toBeVisible()
  await expect(page.getByTestId('import-mapping-kind')).toHaveText('单位')
  for (const [key, header] of [
    ['creditCode', '统一社会信用代码'],
    ['name', '单位名称'],
    ['address', '单位地址'],
  ] as const) {
    await expect(page.getByTestId(`mapping-row-${key}`)).toContainText('必填')
    await expect(page.getByTestId(`mapping-select-${key}`)).toContainText(header)
  }
  await expect(page.getByTestId('mapping-row-name')).toContainText(`${o.prefix}便利店有限公司`)
  await expect(page.getByTestId('import-missing')).toHaveCount(0)
  await expect(page.getByTestId('import-default-grid-hint')).toContainText('经纬度')
  const gridSelect = page.getByTestId('import-default-grid').getByTestId('grid-select')
  await gridSelect.click()
  await gridSelect.locator('input').fill(gridName)
  await chooseOption(page, gridSelect, gridName)
  await screenshot(page, testInfo, 'registry-import-organizations-mapping')

  // 校验结果: the mistyped code on its row (the header is row 1).
  await page.getByTestId('import-check').click()
  await expect(page.getByTestId('import-verdict')).toContainText('1 行有问题')
  await expect(page.getByTestId('tile-valid')).toContainText('2')
  const problem = page.getByTestId('import-problems').locator('.problem-row')
  await expect(problem).toHaveCount(1)
  await expect(problem).toContainText('3')
  await expect(problem).toContainText('统一社会信用代码')
  await expect(problem).toContainText('校验位')
  await expect(page.getByTestId('import-all')).toBeDisabled()
  await screenshot(page, testInfo, 'registry-import-organizations-check')

  // 仅导入有效行, confirmed: two organizations, no households.
  await page.getByTestId('import-valid').click()
  await expect(page.getByTestId('import-confirm-dialog')).toContainText('将导入 2 行，另有 1 行有问题')
  await page.getByTestId('import-confirm-ok').click()
  await expect(page.getByTestId('import-imported')).toContainText('已导入 2 个单位')
  await expect(page.getByTestId('import-imported')).not.toContainText('户')

  // 我的导入记录 (单位 only) shows it imported, with its error sheet; the address names it.
  await expect(page).toHaveURL(/\?kind=organizations&import=\d+$/)
  const importUrl = page.url()
  const mine = page.getByTestId('import-history').locator('.history-row--open')
  await expect(mine).toContainText('单位.csv')
  await expect(mine.getByTestId('import-history-status')).toHaveText('已导入')
  await expect(mine.getByTestId('import-history-errors')).toHaveAttribute('href', /errors\.xlsx$/)
  await expect(page.getByTestId('import-history')).not.toContainText('人口')
  await screenshot(page, testInfo, 'registry-import-history')

  // 地·物·组织, on 单位 of that grid, lists them; the mistyped one is not there.
  await page.getByTestId('import-open-places').click()
  await expect(page).toHaveURL(new RegExp(`/registry/places\\?.*tab=organization.*area=${grid}`))
  await expect(page.getByTestId('place-tabs').locator('.el-tabs__item.is-active')).toHaveText('单位')
  await page.getByTestId('place-search-q').fill(o.prefix)
  await page.getByTestId('place-search-submit').click()
  const table = page.getByTestId('place-table')
  await expect(table).toContainText(`${o.prefix}便利店有限公司`)
  await expect(table).toContainText(`${o.prefix}修车铺`)
  await expect(table).not.toContainText(`${o.prefix}校验位错的公司`)
  await expect(page.getByTestId('place-total')).toHaveText('共 2 处')
  await screenshot(page, testInfo, 'registry-import-organizations-places')

  // The import's address, opened again (a reload, a link), brings it back at its end.
  await page.goto(importUrl)
  await expect(page.getByTestId('import-imported')).toContainText('已导入 2 个单位')
  await expect(page.getByTestId('import-history').locator('.history-row--open')).toContainText('单位.csv')
})
