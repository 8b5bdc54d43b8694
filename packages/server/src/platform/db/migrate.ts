import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { type Migration, type MigrationResultSet, Migrator } from 'kysely/migration'

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

/** Migrations are the files in src/migrations, ordered by their timestamp prefix. */
async function loadMigrations(): Promise<Record<string, Migration>> {
  const files = (await fs.readdir(migrationsDir)).filter((f) => /^\d{12}_[a-z0-9_]+\.ts$/.test(f)).sort()
  const migrations: Record<string, Migration> = {}
  for (const file of files) {
    migrations[file.replace(/\.ts$/, '')] = (await import(path.join(migrationsDir, file))) as Migration
  }
  return migrations
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: loadMigrations } })
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationError(`migration ${failed} failed: ${(error as Error).message ?? String(error)}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
