import { createHmac, randomBytes } from 'node:crypto'
import { type APIRequestContext, expect, test } from '@playwright/test'
import { demo, demoPassword, hotlineLink } from './accounts.ts'
import { login, openMenu, screenshot } from './support.ts'

/** Signs a body as the 12345 platform does (docs/API.md): HMAC-SHA256 over timestamp, nonce and raw body. */
function signed(body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = randomBytes(16).toString('hex')
  const signature = createHmac('sha256', hotlineLink.secret)
    .update(`${timestamp}\n${nonce}\n${body}`)
    .digest('hex')
  return {
    'content-type': 'application/json',
    'x-onegrid-timestamp': timestamp,
    'x-onegrid-nonce': nonce,
    'x-onegrid-signature': signature,
  }
}

/** The link's account, as an administrator makes it once (the other project's run may have made it). */
async function ensureLinkAccount(request: APIRequestContext): Promise<void> {
  const found = (await (await request.get(`/api/users?q=${hotlineLink.account}`)).json()) as {
    items: { username: string }[]
  }
  if (found.items.some((u) => u.username === hotlineLink.account)) return
  const made = await request.post('/api/users', {
    data: {
      username: hotlineLink.account,
      displayName: '12345 热线平台',
      initialPassword: `Link#${randomBytes(9).toString('base64url')}9`,
      assignments: [{ role: 'operator', areaCode: '110120' }],
    },
  })
  expect(made.status(), await made.text()).toBe(201)
}

test.describe('the 12345 platform link', () => {
  test('a signed order becomes a case in 待受理; its update waits in 对接消息 while the platform is down, and is resent', async ({
    page,
    playwright,
  }, testInfo) => {
    await login(page, demo.admin)
    await ensureLinkAccount(page.request)

    const orderNo = `E2E${Date.now()}${testInfo.project.name === 'mobile' ? 'M' : 'D'}`
    const body = JSON.stringify({
      orderNo,
      itemCode: 'ZZ01001',
      title: '楼上漏水邻里纠纷',
      content: '市民来电：楼上住户装修导致漏水，协商未果，请社区协调。',
      address: '云溪街道柳园社区 3 号楼',
      gridCode: '110120001001001',
      caller: { name: '赵先生', phone: '13700001234' },
    })
    // The platform is not signed in: the signature is its credential.
    const platform = await playwright.request.newContext({ baseURL: new URL(page.url()).origin })
    const first = await platform.post('/api/integrations/12345/orders', { headers: signed(body), data: body })
    expect(first.status(), await first.text()).toBe(201)
    const receipt = (await first.json()) as { caseId: number; caseCode: string; duplicate: boolean }
    const again = await platform.post('/api/integrations/12345/orders', { headers: signed(body), data: body })
    expect(again.status()).toBe(200)
    expect(((await again.json()) as { caseId: number }).caseId).toBe(receipt.caseId)
    const forged = await platform.post('/api/integrations/12345/orders', {
      headers: { ...signed(body), 'x-onegrid-signature': '0'.repeat(64) },
      data: body,
    })
    expect(forged.status()).toBe(401)

    // The operator accepts it: an update for the platform, which is down.
    const operator = await playwright.request.newContext({ baseURL: new URL(page.url()).origin })
    const signIn = await operator.post('/api/auth/login', {
      data: { username: 'shouliyuan', password: demoPassword },
    })
    expect(signIn.ok()).toBe(true)
    const accepted = await operator.post(`/api/cases/${receipt.caseId}/actions`, {
      data: { action: 'accept', expectedVersion: 1 },
    })
    expect(accepted.status(), await accepted.text()).toBe(200)
    await platform.dispose()
    await operator.dispose()

    const menu = await openMenu(page)
    await menu.getByText('对接消息').click()
    await expect(page).toHaveURL(/\/admin\/outbox$/)
    await expect(page).toHaveTitle(/对接消息/)
    await page.getByTestId('outbox-count-pending').click()
    const row = page.getByTestId('outbox-table').locator('tr', { hasText: orderNo }).first()
    // Tried once and refused by the closed port: waiting for the next attempt, with the error.
    await expect(async () => {
      await page.getByTestId('outbox-refresh').click()
      await expect(row).toContainText('受理', { timeout: 2_000 })
      await expect(row).toContainText('待发送', { timeout: 2_000 })
      await expect(row).toContainText(/[1-9]\d* \/ 30/, { timeout: 2_000 })
    }).toPass({ timeout: 30_000 })
    await row.locator('.el-table__expand-icon').click()
    await expect(page.getByText('最近错误')).toBeVisible()
    await expect(
      page.getByText(/ECONNREFUSED from http:\/\/127\.0\.0\.1:\d+\/12345\/callback/).first(),
    ).toBeVisible()
    await screenshot(page, testInfo, 'outbox-waiting')

    await row.getByRole('button', { name: '重发' }).click()
    await expect(page.getByText(/已重新排队/)).toBeVisible()
  })
})
