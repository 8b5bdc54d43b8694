import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { demoPassword, hotlineLink, smsGateway } from './tests/accounts.ts'

const here = import.meta.dirname
const port = Number(process.env.ONEGRID_E2E_PORT ?? 3917)
const baseURL = `http://127.0.0.1:${port}`

// Playwright loads this file in the runner and again in every worker. Only the runner makes the data
// directory; workers inherit it through the environment, and the runner removes it when it exits.
if (!process.env.ONEGRID_E2E_DATA_DIR) {
  const created = mkdtempSync(join(tmpdir(), 'onegrid-e2e-'))
  process.env.ONEGRID_E2E_DATA_DIR = created
  process.on('exit', () => rmSync(created, { recursive: true, force: true }))
}
const dataDir = process.env.ONEGRID_E2E_DATA_DIR

// Debian's Chromium: Playwright downloads no browser. Device presets replace `use`, so each restates this.
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
}

export default defineConfig({
  testDir: './tests',
  outputDir: join(here, 'artifacts', 'test-results'),
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: join(here, 'artifacts', 'results.json') }]],
  use: {
    baseURL,
    headless: true,
    launchOptions,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions } },
    { name: 'mobile', use: { ...devices['Pixel 7'], launchOptions } },
  ],
  webServer: {
    command: 'node ../packages/server/bin/onegrid.js start',
    cwd: here,
    url: `${baseURL}/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      ONEGRID_DATA_DIR: dataDir,
      ONEGRID_DEMO_PASSWORD: demoPassword,
      // The 12345 link on, its platform down: updates wait in the outbox.
      ONEGRID_HOTLINE_SECRET: hotlineLink.secret,
      ONEGRID_HOTLINE_CALLBACK_URL: hotlineLink.callbackUrl(port),
      // Residents' texts (one-time codes, case news) go to an SMS gateway the citizen spec starts.
      ONEGRID_SENDER: 'sms',
      ONEGRID_SMS_URL: smsGateway.url(port),
      ONEGRID_SMS_KEY: smsGateway.key,
      ONEGRID_SMS_SIGN: smsGateway.sign,
      LOG_LEVEL: 'warn',
    },
  },
})
