/** The password every demo account gets in this run (the webServer passes it as ONEGRID_DEMO_PASSWORD). */
export const demoPassword = 'Demo#2026grid'

/** The 12345 platform link as the e2e server is configured (playwright.config.ts). */
export const hotlineLink = {
  secret: 'e2e-hotline-shared-secret',
  /** Next to the server's port, where nothing listens: the platform is down for the whole run. */
  callbackUrl: (serverPort: number) => `http://127.0.0.1:${serverPort + 1}/12345/callback`,
  account: 'platform-12345',
} as const

/** The SMS gateway the e2e server sends residents' texts to (playwright.config.ts); the citizen spec runs it. */
export const smsGateway = {
  url: (serverPort: number) => `http://127.0.0.1:${serverPort + 2}/sms`,
  port: (serverPort: number) => serverPort + 2,
  key: 'e2e-sms-gateway-key',
  sign: '云溪区网格',
} as const

/** Demo accounts by role, as the server's demo step creates them. */
export const demo = {
  admin: 'admin',
  leader: 'leader',
  gridWorker: 'wanggeyuan',
  /** 东湖街道's supervisor: verifies cases there (the lockout journey makes its own account). */
  supervisor: 'jianduyuan',
} as const
