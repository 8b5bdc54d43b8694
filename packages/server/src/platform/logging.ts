import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import type { LoggerOptions } from 'pino'
import type { Config } from './config.ts'

/**
 * Query parameters that carry personal data (a search by ID number or phone):
 * their values never reach a log line.
 */
const personalQueryParams = ['documentNumber', 'idNumber', 'phone', 'mobile']

/** The URL as logged: personal query values replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  let changed = false
  for (const name of personalQueryParams)
    if (params.has(name)) {
      params.set(name, 'redacted')
      changed = true
    }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url
}

/** pino settings shared by the server and the tests that read its log lines. */
export function loggerSettings(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        '*.password',
        '*.idNumber',
        '*.documentNumber',
        '*.phone',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
  }
}

/** pino options: JSON lines in production, readable lines on a terminal. Secrets are redacted. */
export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  const pretty = process.stdout.isTTY && !process.env.CI
  return {
    ...loggerSettings(config.logLevel),
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  }
}
