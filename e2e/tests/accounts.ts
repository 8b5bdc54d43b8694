/** The password every demo account gets in this run (the webServer passes it as ONEGRID_DEMO_PASSWORD). */
export const demoPassword = 'Demo#2026grid'

/** Demo accounts by role, as the server's demo step creates them. */
export const demo = {
  admin: 'admin',
  leader: 'leader',
  gridWorker: 'wanggeyuan',
  /** Locked by the lockout journey for 15 minutes: used by that journey only. */
  supervisor: 'jianduyuan',
} as const
