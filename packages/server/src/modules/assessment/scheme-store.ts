import type { AssessmentKind, PaySettings, SchemeSettings } from '@onegrid/core/stats/assessment'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type Versioned<T> = {
  value: T
  version: number
  updatedAt: Date | null
  updatedBy: string | null
}

type Who = { userId: number | null; name: string }

/** A district's assessment settings per kind and its pay settings, each with its version. */
export class SchemeStore {
  constructor(private readonly db: Db) {}

  /** The stored settings of a kind (null: the defaults were never changed); `forUpdate` locks the row. */
  async settings(
    executor: Db,
    district: string,
    kind: AssessmentKind,
    forUpdate = false,
  ): Promise<Versioned<SchemeSettings> | null> {
    const { rows } = await sql<{
      settings: SchemeSettings
      version: number
      updated_at: Date
      updated_by_name: string
    }>`
      SELECT settings, version, updated_at, updated_by_name FROM assessment_schemes
      WHERE district_code = ${district} AND kind = ${kind}
      ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(executor)
    const r = rows[0]
    return r
      ? {
          value: r.settings,
          version: r.version,
          updatedAt: new Date(r.updated_at),
          updatedBy: r.updated_by_name,
        }
      : null
  }

  /** Every kind's stored settings of a district (one read for a whole publication). */
  async allSettings(district: string): Promise<Map<AssessmentKind, Versioned<SchemeSettings>>> {
    const { rows } = await sql<{
      kind: AssessmentKind
      settings: SchemeSettings
      version: number
      updated_at: Date
      updated_by_name: string
    }>`
      SELECT kind, settings, version, updated_at, updated_by_name FROM assessment_schemes
      WHERE district_code = ${district}`.execute(this.db)
    return new Map(
      rows.map((r) => [
        r.kind,
        {
          value: r.settings,
          version: r.version,
          updatedAt: new Date(r.updated_at),
          updatedBy: r.updated_by_name,
        },
      ]),
    )
  }

  async saveSettings(
    trx: Db,
    district: string,
    kind: AssessmentKind,
    settings: SchemeSettings,
    version: number,
    who: Who,
    at: Date,
  ): Promise<void> {
    await sql`
      INSERT INTO assessment_schemes (district_code, kind, settings, version, updated_at, updated_by, updated_by_name)
      VALUES (${district}, ${kind}, CAST(${JSON.stringify(settings)} AS jsonb), ${version}, ${at}, ${who.userId}, ${who.name})
      ON CONFLICT (district_code, kind) DO UPDATE SET settings = excluded.settings, version = excluded.version,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by,
        updated_by_name = excluded.updated_by_name`.execute(trx)
  }

  async pay(executor: Db, district: string, forUpdate = false): Promise<Versioned<PaySettings> | null> {
    const { rows } = await sql<{
      base: string
      per_household: string
      factors: PaySettings['factors']
      version: number
      updated_at: Date
      updated_by_name: string
    }>`
      SELECT base, per_household, factors, version, updated_at, updated_by_name FROM assessment_pay_settings
      WHERE district_code = ${district} ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(executor)
    const r = rows[0]
    return r
      ? {
          value: { base: Number(r.base), perHousehold: Number(r.per_household), factors: r.factors },
          version: r.version,
          updatedAt: new Date(r.updated_at),
          updatedBy: r.updated_by_name,
        }
      : null
  }

  async savePay(
    trx: Db,
    district: string,
    pay: PaySettings,
    version: number,
    who: Who,
    at: Date,
  ): Promise<void> {
    await sql`
      INSERT INTO assessment_pay_settings
        (district_code, base, per_household, factors, version, updated_at, updated_by, updated_by_name)
      VALUES (${district}, ${pay.base}, ${pay.perHousehold}, CAST(${JSON.stringify(pay.factors)} AS jsonb), ${version},
        ${at}, ${who.userId}, ${who.name})
      ON CONFLICT (district_code) DO UPDATE SET base = excluded.base, per_household = excluded.per_household,
        factors = excluded.factors, version = excluded.version, updated_at = excluded.updated_at,
        updated_by = excluded.updated_by, updated_by_name = excluded.updated_by_name`.execute(trx)
  }
}
