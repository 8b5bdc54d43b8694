import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { ConfigError } from '../config.ts'

/** Accepts 32 bytes as 64 hex characters or as base64. */
export function parseKey(value: string, source: string): Buffer {
  const trimmed = value.trim()
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64')
  if (key.length !== 32) {
    throw new ConfigError(
      `${source} must be 32 bytes as 64 hex characters or base64 (openssl rand -base64 32)`,
    )
  }
  return key
}

/**
 * The personal-data key never lives in the database. It comes from
 * ONEGRID_PII_KEY or ONEGRID_PII_KEY_FILE; only the embedded (PGlite) mode may
 * generate one into the data directory, for demos and development.
 */
export async function loadPiiKey(options: {
  key: string | undefined
  keyFile: string | undefined
  dataDir: string
  mayGenerate: boolean
}): Promise<{ key: Buffer; source: 'env' | 'file' | 'generated' | 'data-dir' }> {
  if (options.key) return { key: parseKey(options.key, 'ONEGRID_PII_KEY'), source: 'env' }
  if (options.keyFile) {
    const content = await fs.readFile(options.keyFile, 'utf8').catch(() => {
      throw new ConfigError(`ONEGRID_PII_KEY_FILE ${options.keyFile} cannot be read`)
    })
    return { key: parseKey(content, `ONEGRID_PII_KEY_FILE ${options.keyFile}`), source: 'file' }
  }
  if (!options.mayGenerate) {
    throw new ConfigError(
      'a PostgreSQL deployment needs ONEGRID_PII_KEY or ONEGRID_PII_KEY_FILE (openssl rand -base64 32)',
    )
  }
  const file = path.join(options.dataDir, 'secrets', 'pii.key')
  try {
    return { key: parseKey(await fs.readFile(file, 'utf8'), file), source: 'data-dir' }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  await fs.writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  return { key, source: 'generated' }
}
