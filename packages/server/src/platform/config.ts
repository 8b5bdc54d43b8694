import path from 'node:path'
import { z } from 'zod'
import type { SenderSettings } from './messaging/sender-for.ts'
import { parseTemplateCodes } from './messaging/template-codes.ts'

/**
 * Configuration comes from the environment only, validated once at start-up.
 * A malformed value stops the process with a one-line reason (ConfigError).
 */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  ONEGRID_DATA_DIR: z.string().min(1).default('./data'),
  ONEGRID_DB_DIR: z.string().min(1).optional(),
  ONEGRID_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  ONEGRID_DB_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
  ONEGRID_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  ONEGRID_PII_KEY: z.string().optional(),
  ONEGRID_PII_KEY_FILE: z.string().optional(),
  ONEGRID_PII_CIPHER: z.enum(['aes', 'sm4']).default('aes'),
  ONEGRID_DEMO: z.enum(['auto', 'off']).default('auto'),
  ONEGRID_STORAGE: z.enum(['disk', 's3']).default('disk'),
  ONEGRID_S3_ENDPOINT: z.url().optional(),
  ONEGRID_S3_BUCKET: z.string().min(1).optional(),
  ONEGRID_S3_REGION: z.string().min(1).default('us-east-1'),
  ONEGRID_S3_ACCESS_KEY: z.string().min(1).optional(),
  ONEGRID_S3_SECRET_KEY: z.string().min(1).optional(),
  ONEGRID_TIANDITU_KEY: z.string().min(1).optional(),
  ONEGRID_TILE_URL: z.string().min(1).optional(),
  ONEGRID_JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** A persons import of at least this many rows checks them in a worker thread, beside the reading and staging. */
  ONEGRID_IMPORT_WORKER_ROWS: z.coerce.number().int().min(1).default(20_000),
  ONEGRID_INSTANCE_ID: z.string().min(1).optional(),
  ONEGRID_ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).max(1_048_576).default(47_104),
  ONEGRID_ARGON2_PASSES: z.coerce.number().int().min(1).max(20).default(5),
  ONEGRID_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** 记住此设备 (the field app): idle timeout and absolute lifetime of such a session, in days. */
  ONEGRID_REMEMBER_DEVICE_IDLE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ONEGRID_REMEMBER_DEVICE_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  ONEGRID_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  ONEGRID_AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(180, 'must be at least 180 (等保 2.0)')
    .default(180),
  ONEGRID_GRID_WORKER_MAX_HOUSEHOLDS: z.coerce.number().int().min(1).max(100_000).default(500),
  ONEGRID_GRID_WORKER_MIN_TRAINING_HOURS: z.coerce.number().min(0).max(2_000).default(16),
  ONEGRID_GRID_STAFF_REQUIRE_QUALIFICATION: z.enum(['true', 'false']).default('false'),
  ONEGRID_CASE_DUPLICATE_RADIUS_M: z.coerce.number().min(5).max(1000).default(50),
  ONEGRID_CASE_DUPLICATE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  ONEGRID_CASE_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** The 12345 platform link: the shared secret of its signed orders (the link is off without it). */
  ONEGRID_HOTLINE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where the progress of the platform's cases is pushed (nothing is pushed without it). */
  ONEGRID_HOTLINE_CALLBACK_URL: z.url().optional(),
  /** The platform's secret for what OneGrid sends; the shared secret when not set. */
  ONEGRID_HOTLINE_CALLBACK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The operator account the orders are entered as. */
  ONEGRID_HOTLINE_ACCOUNT: z.string().min(1).default('platform-12345'),
  /** Machine intake (video, IoT, departments' systems): the operator account alerts are entered as, and each key's limit. */
  ONEGRID_MACHINE_ACCOUNT: z.string().min(1).default('machine-intake'),
  ONEGRID_MACHINE_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Signed 12345 orders accepted per minute from one address. */
  ONEGRID_HOTLINE_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  /** The superior platform link (贯通): where cases are pushed (the link is off without it). */
  ONEGRID_UPSTREAM_URL: z.url().optional(),
  /** Signs the pushes; checks the platform's updates unless ONEGRID_UPSTREAM_INBOUND_SECRET is set. */
  ONEGRID_UPSTREAM_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  ONEGRID_UPSTREAM_INBOUND_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Catalog item codes or code prefixes whose cases are pushed from their report on (comma list). */
  ONEGRID_UPSTREAM_CATEGORIES: z
    .string()
    .regex(/^[0-9A-Z,\s]*$/, 'a comma list of catalog item codes or code prefixes')
    .default(''),
  /** Signed updates of the superior platform accepted per minute from one address. */
  ONEGRID_UPSTREAM_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  /** Open311: the operator account requests are entered as, and the contact discovery gives. */
  ONEGRID_OPEN311_ACCOUNT: z.string().min(1).default('open311'),
  ONEGRID_OPEN311_CONTACT: z.string().min(1).max(200).default('12345 政务服务便民热线'),
  /** The citizen page: the operator account residents' reports are entered as. */
  ONEGRID_CITIZEN_ACCOUNT: z.string().min(1).default('citizen-page'),
  /** Who residents hear from (phone codes, their cases' news): log or sms (docs/OPERATIONS.md). */
  ONEGRID_SENDER: z.enum(['log', 'sms', 'wechat', 'email']).default('log'),
  /** Who staff hear from besides the console (deadline reminders); off: in-app only. */
  ONEGRID_STAFF_SENDER: z.enum(['off', 'log', 'sms', 'wechat', 'email']).default('off'),
  ONEGRID_SMS_URL: z.url().optional(),
  ONEGRID_SMS_KEY: z.string().min(1).optional(),
  ONEGRID_SMS_AUTH: z.enum(['key', 'hmac']).default('key'),
  ONEGRID_SMS_SIGN: z.string().min(1).max(20).optional(),
  ONEGRID_SMS_TEMPLATES: z.string().optional(),
  ONEGRID_WECHAT_APPID: z.string().min(1).optional(),
  ONEGRID_WECHAT_SECRET: z.string().min(1).optional(),
  ONEGRID_WECHAT_ENDPOINT: z.url().default('https://api.weixin.qq.com'),
  ONEGRID_WECHAT_TEMPLATES: z.string().optional(),
  ONEGRID_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  ONEGRID_SMTP_FROM: z.string().min(3).optional(),
  /** Where residents open OneGrid (https://grid.example.gov.cn): the closure message links the tracking page. */
  ONEGRID_PUBLIC_URL: z.url().optional(),
  ONEGRID_STATS_CATCH_UP_MS: z.coerce.number().int().min(100).max(3_600_000).default(1_000),
  /** The scheduled daily export (off unless a target is set): a directory, or a bucket (docs/OPERATIONS.md). */
  ONEGRID_EXPORT_DIR: z.string().min(1).optional(),
  ONEGRID_EXPORT_S3_ENDPOINT: z.url().optional(),
  ONEGRID_EXPORT_S3_BUCKET: z.string().min(1).optional(),
  ONEGRID_EXPORT_S3_REGION: z.string().min(1).optional(),
  ONEGRID_EXPORT_S3_ACCESS_KEY: z.string().min(1).optional(),
  ONEGRID_EXPORT_S3_SECRET_KEY: z.string().min(1).optional(),
  ONEGRID_EXPORT_S3_PREFIX: z
    .string()
    .regex(/^([\w.-]+\/)*$/, 'must be empty or end with / (e.g. exports/)')
    .optional(),
  /** The Beijing hour at which the previous day is exported. */
  ONEGRID_EXPORT_HOUR: z.coerce.number().int().min(0).max(23).default(2),
  ONEGRID_EXPORT_FORMATS: z
    .string()
    .regex(/^(csv|geojson|xlsx)(,(csv|geojson|xlsx))*$/, 'must be a comma list of csv, geojson, xlsx')
    .default('csv,geojson,xlsx'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
})

export const knownOnegridVariables = Object.keys(ZEnv.shape).filter((k) => k.startsWith('ONEGRID_'))

export type Config = {
  port: number
  host: string
  database:
    | { kind: 'pglite'; dir: string }
    | { kind: 'postgres'; url: string; poolSize: number; preparedStatements: boolean }
  dataDir: string
  demo: { enabled: boolean; password: string | undefined }
  pii: { key: string | undefined; keyFile: string | undefined; cipher: 'aes' | 'sm4' }
  storage:
    | { kind: 'disk'; dir: string }
    | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKey: string; secretKey: string }
  map: { tiandituKey: string | undefined; tileUrl: string | undefined }
  jobs: { pollMs: number }
  imports: { workerFromRows: number }
  instanceId: string | undefined
  sessions: { idleMinutes: number; rememberIdleDays: number; rememberDays: number; cacheSeconds: number }
  passwords: { memoryKib: number; passes: number }
  audit: { retentionDays: number }
  /** Duplicate suggestions (radius, window) and how often the deadline sweep runs. */
  cases: { duplicateRadiusMeters: number; duplicateWindowDays: number; sweepMs: number }
  /** How often changed cases are counted into the statistics' rollups. */
  stats: { catchUpMs: number }
  /** The scheduled daily export; null when no target is set. */
  dailyExport: {
    hour: number
    formats: ('csv' | 'geojson' | 'xlsx')[]
    target:
      | { kind: 'dir'; dir: string }
      | {
          kind: 's3'
          endpoint: string
          bucket: string
          region: string
          accessKey: string
          secretKey: string
          prefix: string
        }
  } | null
  /** Machine intake (docs/API.md). */
  machine: { account: string; perMinute: number }
  /** Open311 GeoReport v2 (docs/API.md). */
  open311: { account: string; contact: string }
  citizen: { account: string }
  /** Message senders: residents' (log or sms), staff's (null: in-app only); the public address for links in messages. */
  messaging: { residents: SenderSettings; staff: SenderSettings | null; publicUrl: string | undefined }
  /** The 12345 platform link (docs/API.md). */
  hotline: {
    secret: string | undefined
    callbackUrl: string | undefined
    callbackSecret: string | undefined
    account: string
    perMinute: number
  }
  /** The superior platform link, 贯通 (docs/API.md); off without a URL. */
  upstream: {
    url: string | undefined
    secret: string | undefined
    inboundSecret: string | undefined
    categories: string[]
    perMinute: number
  }
  /** Grid staff thresholds: a grid worker's household load, training hours per 12 months, whether qualification is required. */
  gridStaff: { maxHouseholds: number; minTrainingHours: number; requireQualification: boolean }
  logLevel: (typeof logLevels)[number]
}

export type ConfigResult = { config: Config; warnings: string[] }

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const parsed = ZEnv.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const name = String(issue?.path[0] ?? 'environment')
    throw new ConfigError(
      `invalid ${name}=${JSON.stringify(env[name] ?? '')}: ${issue?.message ?? 'invalid'}`,
    )
  }
  const e = parsed.data
  const warnings = Object.keys(env)
    .filter((k) => k.startsWith('ONEGRID_') && !knownOnegridVariables.includes(k))
    .map((k) => `unknown environment variable ${k} is ignored`)

  if (e.ONEGRID_HOTLINE_CALLBACK_URL && !e.ONEGRID_HOTLINE_CALLBACK_SECRET && !e.ONEGRID_HOTLINE_SECRET)
    throw new ConfigError(
      'ONEGRID_HOTLINE_CALLBACK_URL needs ONEGRID_HOTLINE_CALLBACK_SECRET or ONEGRID_HOTLINE_SECRET',
    )

  // What is pushed must be signed: the platform cannot tell OneGrid from anyone else otherwise.
  if (e.ONEGRID_UPSTREAM_URL && !e.ONEGRID_UPSTREAM_SECRET)
    throw new ConfigError('ONEGRID_UPSTREAM_URL needs ONEGRID_UPSTREAM_SECRET')

  const dataDir = path.resolve(e.ONEGRID_DATA_DIR)
  let storage: Config['storage'] = { kind: 'disk', dir: path.join(dataDir, 'files') }
  if (e.ONEGRID_STORAGE === 's3') {
    const missing = (
      ['ONEGRID_S3_ENDPOINT', 'ONEGRID_S3_BUCKET', 'ONEGRID_S3_ACCESS_KEY', 'ONEGRID_S3_SECRET_KEY'] as const
    ).find((k) => !e[k])
    if (missing) throw new ConfigError(`ONEGRID_STORAGE=s3 needs ${missing}`)
    storage = {
      kind: 's3',
      endpoint: e.ONEGRID_S3_ENDPOINT as string,
      bucket: e.ONEGRID_S3_BUCKET as string,
      region: e.ONEGRID_S3_REGION,
      accessKey: e.ONEGRID_S3_ACCESS_KEY as string,
      secretKey: e.ONEGRID_S3_SECRET_KEY as string,
    }
  }

  if (e.ONEGRID_SENDER === 'wechat' || e.ONEGRID_SENDER === 'email')
    throw new ConfigError(
      `ONEGRID_SENDER=${e.ONEGRID_SENDER}: residents are reached by phone (codes, case news), so it is log or sms; WeChat and e-mail are for ONEGRID_STAFF_SENDER`,
    )
  const senderSettings = (kind: SenderSettings['kind'], variable: string): SenderSettings =>
    readSender(e, kind, variable)
  const messaging: Config['messaging'] = {
    residents: senderSettings(e.ONEGRID_SENDER, 'ONEGRID_SENDER'),
    staff:
      e.ONEGRID_STAFF_SENDER === 'off'
        ? null
        : senderSettings(e.ONEGRID_STAFF_SENDER, 'ONEGRID_STAFF_SENDER'),
    publicUrl: e.ONEGRID_PUBLIC_URL,
  }

  const dailyExport = readDailyExport(e)

  return {
    warnings,
    config: {
      port: e.PORT,
      host: e.HOST,
      database: e.DATABASE_URL
        ? {
            kind: 'postgres',
            url: e.DATABASE_URL,
            poolSize: e.ONEGRID_DB_POOL_SIZE,
            preparedStatements: e.ONEGRID_DB_PREPARED_STATEMENTS === 'on',
          }
        : { kind: 'pglite', dir: path.resolve(e.ONEGRID_DB_DIR ?? path.join(dataDir, 'db')) },
      dataDir,
      demo: { enabled: e.ONEGRID_DEMO === 'auto', password: e.ONEGRID_DEMO_PASSWORD },
      pii: { key: e.ONEGRID_PII_KEY, keyFile: e.ONEGRID_PII_KEY_FILE, cipher: e.ONEGRID_PII_CIPHER },
      storage,
      map: { tiandituKey: e.ONEGRID_TIANDITU_KEY, tileUrl: e.ONEGRID_TILE_URL },
      jobs: { pollMs: e.ONEGRID_JOB_POLL_MS },
      imports: { workerFromRows: e.ONEGRID_IMPORT_WORKER_ROWS },
      instanceId: e.ONEGRID_INSTANCE_ID,
      sessions: {
        idleMinutes: e.ONEGRID_SESSION_IDLE_MINUTES,
        rememberIdleDays: e.ONEGRID_REMEMBER_DEVICE_IDLE_DAYS,
        rememberDays: e.ONEGRID_REMEMBER_DEVICE_DAYS,
        cacheSeconds: e.ONEGRID_SESSION_CACHE_SECONDS,
      },
      passwords: { memoryKib: e.ONEGRID_ARGON2_MEMORY_KIB, passes: e.ONEGRID_ARGON2_PASSES },
      audit: { retentionDays: e.ONEGRID_AUDIT_RETENTION_DAYS },
      cases: {
        duplicateRadiusMeters: e.ONEGRID_CASE_DUPLICATE_RADIUS_M,
        duplicateWindowDays: e.ONEGRID_CASE_DUPLICATE_DAYS,
        sweepMs: e.ONEGRID_CASE_SWEEP_MS,
      },
      stats: { catchUpMs: e.ONEGRID_STATS_CATCH_UP_MS },
      dailyExport,
      machine: { account: e.ONEGRID_MACHINE_ACCOUNT, perMinute: e.ONEGRID_MACHINE_RATE_PER_MINUTE },
      open311: { account: e.ONEGRID_OPEN311_ACCOUNT, contact: e.ONEGRID_OPEN311_CONTACT },
      citizen: { account: e.ONEGRID_CITIZEN_ACCOUNT },
      messaging,
      hotline: {
        secret: e.ONEGRID_HOTLINE_SECRET,
        callbackUrl: e.ONEGRID_HOTLINE_CALLBACK_URL,
        callbackSecret: e.ONEGRID_HOTLINE_CALLBACK_SECRET ?? e.ONEGRID_HOTLINE_SECRET,
        account: e.ONEGRID_HOTLINE_ACCOUNT,
        perMinute: e.ONEGRID_HOTLINE_RATE_PER_MINUTE,
      },
      upstream: {
        url: e.ONEGRID_UPSTREAM_URL,
        secret: e.ONEGRID_UPSTREAM_SECRET,
        inboundSecret: e.ONEGRID_UPSTREAM_INBOUND_SECRET ?? e.ONEGRID_UPSTREAM_SECRET,
        categories: e.ONEGRID_UPSTREAM_CATEGORIES.split(',')
          .map((c) => c.trim())
          .filter((c) => c.length > 0),
        perMinute: e.ONEGRID_UPSTREAM_RATE_PER_MINUTE,
      },
      gridStaff: {
        maxHouseholds: e.ONEGRID_GRID_WORKER_MAX_HOUSEHOLDS,
        minTrainingHours: e.ONEGRID_GRID_WORKER_MIN_TRAINING_HOURS,
        requireQualification: e.ONEGRID_GRID_STAFF_REQUIRE_QUALIFICATION === 'true',
      },
      logLevel: e.LOG_LEVEL,
    },
  }
}

/**
 * The daily export's target: ONEGRID_EXPORT_DIR, or a bucket when any
 * ONEGRID_EXPORT_S3_* is set — each S3 setting not given is the file
 * storage's (ONEGRID_S3_*), so the storage's bucket serves with a prefix.
 */
function readDailyExport(e: z.infer<typeof ZEnv>): Config['dailyExport'] {
  const s3 = [
    e.ONEGRID_EXPORT_S3_ENDPOINT,
    e.ONEGRID_EXPORT_S3_BUCKET,
    e.ONEGRID_EXPORT_S3_REGION,
    e.ONEGRID_EXPORT_S3_ACCESS_KEY,
    e.ONEGRID_EXPORT_S3_SECRET_KEY,
    e.ONEGRID_EXPORT_S3_PREFIX,
  ].some((v) => v !== undefined)
  if (e.ONEGRID_EXPORT_DIR && s3)
    throw new ConfigError(
      'ONEGRID_EXPORT_DIR and ONEGRID_EXPORT_S3_*: choose one target for the daily export',
    )
  const formats = [...new Set(e.ONEGRID_EXPORT_FORMATS.split(','))] as ('csv' | 'geojson' | 'xlsx')[]
  if (e.ONEGRID_EXPORT_DIR)
    return {
      hour: e.ONEGRID_EXPORT_HOUR,
      formats,
      target: { kind: 'dir', dir: path.resolve(e.ONEGRID_EXPORT_DIR) },
    }
  if (!s3) return null
  const endpoint = e.ONEGRID_EXPORT_S3_ENDPOINT ?? e.ONEGRID_S3_ENDPOINT
  const bucket = e.ONEGRID_EXPORT_S3_BUCKET ?? e.ONEGRID_S3_BUCKET
  const accessKey = e.ONEGRID_EXPORT_S3_ACCESS_KEY ?? e.ONEGRID_S3_ACCESS_KEY
  const secretKey = e.ONEGRID_EXPORT_S3_SECRET_KEY ?? e.ONEGRID_S3_SECRET_KEY
  const missing = (
    [
      ['ONEGRID_EXPORT_S3_ENDPOINT', endpoint],
      ['ONEGRID_EXPORT_S3_BUCKET', bucket],
      ['ONEGRID_EXPORT_S3_ACCESS_KEY', accessKey],
      ['ONEGRID_EXPORT_S3_SECRET_KEY', secretKey],
    ] as const
  ).find(([, v]) => !v)
  if (missing)
    throw new ConfigError(
      `the daily export to S3 needs ${missing[0]} (or the storage's ${missing[0].replace('EXPORT_', '')})`,
    )
  return {
    hour: e.ONEGRID_EXPORT_HOUR,
    formats,
    target: {
      kind: 's3',
      endpoint: endpoint as string,
      bucket: bucket as string,
      region: e.ONEGRID_EXPORT_S3_REGION ?? e.ONEGRID_S3_REGION,
      accessKey: accessKey as string,
      secretKey: secretKey as string,
      // The storage's bucket holds the files by hash at its root: exports get a folder of their own there.
      prefix: e.ONEGRID_EXPORT_S3_PREFIX ?? (e.ONEGRID_EXPORT_S3_BUCKET ? '' : 'exports/'),
    },
  }
}

/** A sender's settings from the environment; the chosen sender's missing settings stop the start, named. */
function readSender(e: z.infer<typeof ZEnv>, kind: SenderSettings['kind'], variable: string): SenderSettings {
  const need = (names: readonly (keyof typeof e)[]) => {
    const missing = names.find((k) => !e[k])
    if (missing) throw new ConfigError(`${variable}=${kind} needs ${missing}`)
  }
  const codes = (name: 'ONEGRID_SMS_TEMPLATES' | 'ONEGRID_WECHAT_TEMPLATES') => {
    const value = e[name]
    if (!value) return {}
    try {
      return parseTemplateCodes(value)
    } catch (err) {
      throw new ConfigError(`invalid ${name}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  switch (kind) {
    case 'log':
      return { kind }
    case 'sms':
      need(['ONEGRID_SMS_URL', 'ONEGRID_SMS_KEY', 'ONEGRID_SMS_SIGN'])
      return {
        kind,
        url: e.ONEGRID_SMS_URL as string,
        auth: e.ONEGRID_SMS_AUTH,
        key: e.ONEGRID_SMS_KEY as string,
        sign: e.ONEGRID_SMS_SIGN as string,
        templates: codes('ONEGRID_SMS_TEMPLATES'),
      }
    case 'wechat':
      need(['ONEGRID_WECHAT_APPID', 'ONEGRID_WECHAT_SECRET', 'ONEGRID_WECHAT_TEMPLATES'])
      return {
        kind,
        appId: e.ONEGRID_WECHAT_APPID as string,
        secret: e.ONEGRID_WECHAT_SECRET as string,
        endpoint: e.ONEGRID_WECHAT_ENDPOINT,
        templates: codes('ONEGRID_WECHAT_TEMPLATES'),
      }
    case 'email':
      need(['ONEGRID_SMTP_URL', 'ONEGRID_SMTP_FROM'])
      return { kind, url: e.ONEGRID_SMTP_URL as string, from: e.ONEGRID_SMTP_FROM as string }
  }
}
