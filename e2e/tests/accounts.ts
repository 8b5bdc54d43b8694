/** The password every demo account gets in this run (the webServer passes it as ONEGRID_DEMO_PASSWORD). */
export const demoPassword = 'Demo#2026grid'

/** Demo accounts by role, as the server's demo step creates them. */
export const demo = {
  admin: 'admin',
  leader: 'leader',
  gridWorker: 'wanggeyuan',
  /** 东湖街道's supervisor: verifies cases there (the lockout journey makes its own account). */
  supervisor: 'jianduyuan',
} as const
