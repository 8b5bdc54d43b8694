import type { THealth, TVersionInfo } from '@onegrid/core/api/system'
import { sql } from 'kysely'
import { isDemoLoaded } from '../../demo/demo-job.ts'
import type { Clock } from '../../platform/clock.ts'
import { type DatabaseHandle, databaseVersions } from '../../platform/db/database.ts'
import { text, Unavailable } from '../../platform/http/errors.ts'
import { appVersion } from '../../platform/version.ts'

export class SystemService {
  private readonly startedAt: Date

  constructor(
    private readonly handle: DatabaseHandle,
    clock: Clock,
  ) {
    this.startedAt = clock.now()
  }

  async health(): Promise<THealth> {
    try {
      await sql`SELECT 1`.execute(this.handle.db)
    } catch {
      throw new Unavailable(text('数据库无响应', 'The database does not answer'))
    }
    return { status: 'ok', database: this.handle.kind, version: appVersion }
  }

  async version(): Promise<TVersionInfo> {
    const versions = await databaseVersions(this.handle.db)
    return {
      name: 'OneGrid',
      version: appVersion,
      database: this.handle.kind,
      databaseVersion: versions.server,
      postgisVersion: versions.postgis,
      node: process.version,
      startedAt: this.startedAt.toISOString(),
      demo: await isDemoLoaded(this.handle.db),
    }
  }
}
