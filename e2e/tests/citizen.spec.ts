import http from 'node:http'
import { type APIRequestContext, expect, type Page, test } from '@playwright/test'
import { demoPassword, smsGateway } from './accounts.ts'
import { demoDistrict, expectPolygons, login, screenshot } from './support.ts'

type Sms = { phone: string; template: string; params: Record<string, string>; content: string }

/** The carrier's HTTP gateway: takes each text (checking the key) and keeps it for the test to read. */
function fakeGateway(port: number) {
  const received: Sms[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.headers['x-api-key'] !== smsGateway.key) {
        res.writeHead(401).end()
        return
      }
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Sms)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 0 }))
    })
  })
  return {
    received,
    listen: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const serverPort = () => Number(process.env.ONEGRID_E2E_PORT ?? 3917)

/** A 48×32 red PNG: what a phone's camera would send, small. */
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAASUlEQVR4nO2WAQkAQAwC18cEtr9oH2PPOFgAET03NF/drCtAQdGhmiFsWdbxg2CMDtUMYcuyDiF80KJDNUPYssihCMY6HRwe1wey1NhbHMApXAAAAABJRU5ErkJggg==',
  'base64',
)

/** A staff member's API session (the demo's accounts), to walk the case as the center would. */
async function staff(request: APIRequestContext, username: string) {
  const res = await request.post('/api/auth/login', { data: { username, password: demoPassword } })
  expect(res.ok(), await res.text()).toBe(true)
  const { token } = (await res.json()) as { token: string }
  return { authorization: `Bearer ${token}` }
}

async function step(
  request: APIRequestContext,
  username: string,
  caseId: number,
  action: string,
  extra: Record<string, unknown> = {},
) {
  const headers = await staff(request, username)
  const current = (await (await request.get(`/api/cases/${caseId}`, { headers })).json()) as {
    version: number
  }
  const res = await request.post(`/api/cases/${caseId}/actions`, {
    headers,
    data: { action, expectedVersion: current.version, ...extra },
  })
  expect(res.status(), `${action}: ${await res.text()}`).toBe(200)
}

async function expectStage(page: Page, text: string): Promise<void> {
  await expect(async () => {
    await page.reload()
    await expect(page.getByTestId('track-stage')).toHaveText(text, { timeout: 2_000 })
  }).toPass({ timeout: 20_000 })
}

test('citizen page shows the service status and a map of the district', async ({
  page,
  request,
}, testInfo) => {
  const { version, district, streets, communities } = await demoDistrict(request)
  await page.goto('/citizen/')

  await expect(page.getByRole('heading', { name: '我要反映' })).toBeVisible()
  await expect(page.getByRole('link', { name: /12345/ })).toHaveAttribute('href', 'tel:12345')
  await expect(page.getByTestId('citizen-status')).toContainText('运行正常')
  const area = page.getByTestId('citizen-district')
  await expect(area).toContainText(district.name)
  await expect(area).toContainText(`${streets.length} 个街镇 · ${communities.length} 个村（社区）`)
  await expect(page.getByText(`由 OneGrid ${version.version} 提供支持`)).toBeVisible()
  await expectPolygons(page, 'citizen-map', streets.length)
  await expect(page.getByTestId('citizen-map').getByText(streets[0]?.name ?? '')).toBeVisible()

  await screenshot(page, testInfo, 'citizen')

  await page.getByTestId('locale-en').click()
  await expect(page.getByRole('heading', { name: 'Report a problem' })).toBeVisible()
})

test.describe('a resident’s report', () => {
  const gateway = fakeGateway(smsGateway.port(serverPort()))
  test.beforeAll(async () => gateway.listen())
  test.afterAll(async () => gateway.close())

  test('goes from the citizen page into the operator’s queue; the resident follows each step and rates it when closed', async ({
    page,
    browser,
    request,
  }, testInfo) => {
    // A number of its own per run and project: the limits per phone hold across runs.
    const phone = `139${String(Date.now()).slice(-7)}${testInfo.project.name === 'mobile' ? '1' : '2'}`.slice(
      0,
      11,
    )
    await page.goto('/citizen/')
    await page.getByTestId('home-report').click()
    await expect(page).toHaveURL(/\/citizen\/report$/)

    // 1. The phone, verified by the code the gateway carried.
    await page.getByTestId('phone-input').locator('input').fill(phone)
    await page.getByTestId('phone-send').click()
    await expect(page.getByTestId('phone-sent')).toContainText(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
    let code = ''
    await expect(async () => {
      const sms = gateway.received.filter((m) => m.phone === phone && m.template === 'phone_code').at(-1)
      expect(sms?.content).toContain('【云溪区网格】')
      code = sms?.params.code ?? ''
      expect(code).toMatch(/^\d{6}$/)
    }).toPass({ timeout: 10_000 })
    await page.getByTestId('code-input').locator('input').fill(code)
    await screenshot(page, testInfo, 'citizen-verify')
    await page.getByTestId('phone-verify-submit').click()

    // 2. What, where, a photo.
    await page.getByTestId('category-field').click()
    await page.getByTestId('category-search').locator('input').fill('邻里')
    await page.getByTestId('category-ZZ01001').click()
    await expect(page.getByTestId('category-field').locator('input')).toHaveValue('邻里纠纷')
    const description = `楼上住户深夜装修噪音扰民，协商无果（e2e ${testInfo.project.name} ${Date.now().toString(36)}）`
    await page.getByTestId('description').locator('textarea').fill(description)
    await page.getByTestId('address-search').locator('input').fill('柳园路16号院')
    await page.getByTestId('address-option').first().click()
    await expect(page.getByTestId('report-map').locator('.pin-map__pin')).toBeVisible()
    await page
      .getByTestId('photos')
      .locator('input[type=file]')
      .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo })
    await expect(page.getByTestId('photos').locator('.van-uploader__preview')).toHaveCount(1)
    await expect(page.getByTestId('photos').locator('.van-uploader__mask')).toHaveCount(0)
    await page.getByTestId('reporter-name').locator('input').fill('王先生')
    await screenshot(page, testInfo, 'citizen-report-form')
    await page.getByTestId('report-submit').click()

    const tracking = (await page.getByTestId('tracking-code').textContent())?.trim() ?? ''
    expect(tracking).toMatch(/^[2-9A-HJ-NP-Z]{10}$/)
    await screenshot(page, testInfo, 'citizen-report-done')

    // 3. The operator's queue has it, with the resident's number masked and the photo.
    const operator = await staff(request, 'shouliyuan')
    const { caseCode } = (await (await request.get(`/api/citizen/track/${tracking}`)).json()) as {
      caseCode: string
    }
    const queue = (await (
      await request.get('/api/cases?channel=citizen&status=reported&pageSize=50', { headers: operator })
    ).json()) as { items: { id: number; code: string }[] }
    const listed = queue.items.find((c) => c.code === caseCode)
    expect(listed, 'the report is in the operator’s queue').toBeDefined()
    const caseId = listed?.id ?? 0
    const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await login(desk, 'shouliyuan')
    await desk.goto(`/cases/${caseId}`)
    await expect(desk.getByTestId('case-status')).toContainText('待受理')
    await expect(desk.getByText(`${phone.slice(0, 3)}****${phone.slice(-4)}`).first()).toBeVisible()
    await screenshot(desk, testInfo, 'citizen-operator-case')
    await desk.close()

    // 4. Each step shows on the tracking page, in plain words.
    await page.getByTestId('report-track').click()
    await expect(page).toHaveURL(new RegExp(`/citizen/track/${tracking}$`))
    await expect(page.getByTestId('track-stage')).toHaveText('已收到')
    await step(request, 'shouliyuan', caseId, 'accept')
    await expectStage(page, '已受理')
    await step(request, 'zhibanzhang', caseId, 'register')
    const units = (await (
      await request.get(`/api/units?q=${encodeURIComponent('城市管理局')}`, { headers: operator })
    ).json()) as { items: { id: number; name: string }[] }
    const chengguan = units.items.find((u) => u.name === '城市管理局')?.id
    await step(request, 'paiqianyuan', caseId, 'dispatch', { unitId: chengguan })
    await expectStage(page, '处理中')
    await expect(page.getByTestId('step-dispatched')).toContainText('城市管理局')
    await step(request, 'chengguan', caseId, 'sign')
    await step(request, 'chengguan', caseId, 'handle', { note: '已上门调解', fields: { resolved: 'yes' } })
    await step(request, 'jianduyuan', caseId, 'verify', { passed: true })
    await step(request, 'zhibanzhang', caseId, 'close')
    await expectStage(page, '已办结')
    for (const kind of [
      'received',
      'accepted',
      'registered',
      'dispatched',
      'signed',
      'handled',
      'verified',
      'closed',
    ])
      await expect(page.getByTestId(`step-${kind}`)).toBeVisible()
    // No staff names on the resident's page.
    for (const name of ['陈受理员', '李值班长', '赵派遣员', '郑处置员', '孙监督员'])
      await expect(page.getByText(name)).toHaveCount(0)
    await screenshot(page, testInfo, 'citizen-track-closed')

    // 5. The rating, once.
    await page.getByTestId('rate-satisfied').click()
    await page.getByTestId('rate-comment').locator('textarea').fill('处理及时，谢谢社区')
    await page.getByTestId('rate-submit').click()
    await expect(page.getByTestId('track-rating')).toContainText('满意')
    await expect(page.getByTestId('rate-form')).toHaveCount(0)
    await screenshot(page, testInfo, 'citizen-rated')
    const rated = (await (await request.get(`/api/cases/${caseId}`, { headers: operator })).json()) as {
      status: string
      satisfaction: string
    }
    expect(rated).toMatchObject({ status: 'archived', satisfaction: 'satisfied' })

    // The resident heard of it by text too (the outbox delivers within seconds).
    await expect(async () => {
      const templates = gateway.received.filter((m) => m.phone === phone).map((m) => m.template)
      expect(templates).toEqual(expect.arrayContaining(['case_accepted', 'case_closed']))
    }).toPass({ timeout: 30_000 })

    // 6. My reports, and the public map.
    await page.getByTestId('tab-mine').click()
    await expect(page.getByTestId(`my-report-${tracking}`)).toBeVisible()
    await page.getByTestId('tab-map').click()
    await expect(page.getByTestId('public-map-legend')).toContainText('共')
    await expect(page.getByTestId('public-map').locator('.leaflet-interactive').first()).toBeAttached()
    await screenshot(page, testInfo, 'citizen-public-map')
  })
})
