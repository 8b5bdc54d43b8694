import {
  type TVisitPlanRates,
  type TVisitPlanSettings,
  type ZUpdateVisitPlanSettings,
  ZVisitPlanRates,
} from '@onegrid/core/api/visits'
import { specialGroupKeys, specialGroups } from '@onegrid/core/registry/special-groups'
import { sql } from 'kysely'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { requireDistrictScope } from '../../platform/auth/district-policy.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { Conflict, text, ValidationError } from '../../platform/http/errors.ts'

type UpdateInput = z.output<typeof ZUpdateVisitPlanSettings>

export const visitPlanKey = 'fieldwork.visit_plan'

/**
 * The "five musts" (五必访) as this district starts with them: ordinary households twice a
 * year, 特殊家庭 twice a month, special-group persons by risk level (red weekly, yellow twice
 * a month, green monthly: the registry's defaults), and "日访十户".
 */
export const defaultVisitPlan: TVisitPlanRates = {
  ordinaryHouseholdDays: 182,
  specialFamilyDays: 15,
  specialFamilyGroups: specialGroupKeys.filter((g) => specialGroups[g].family),
  riskLevelDays: { red: 7, yellow: 15, green: 30 },
  dailyHouseholdTarget: 10,
  dueSoonDays: 3,
}

/** `updatedBy` is the name shown (the display name at the time of the change). */
type Stored = { rates: TVisitPlanRates; version: number; updatedBy: string | null; updatedById?: number }

/** The district's visit plan rates (settings `fieldwork.visit_plan`), versioned; admins change them district-wide. */
export class VisitPlanSettings {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Who changed the rates, as people know them (identity's display name). */
    private readonly displayName: (userId: number) => Promise<string | undefined> = async () => undefined,
  ) {}

  private async read(executor: Db): Promise<TVisitPlanSettings> {
    const row = await executor
      .selectFrom('settings')
      .select(['value', 'updated_at'])
      .where('key', '=', visitPlanKey)
      .executeTakeFirst()
    if (!row) return { ...defaultVisitPlan, version: 0, updatedAt: null, updatedBy: null }
    const stored = row.value as Stored
    // A stored set from an older release lacks later rates: the defaults fill them.
    const rates = ZVisitPlanRates.parse({ ...defaultVisitPlan, ...stored.rates })
    return {
      ...rates,
      version: stored.version,
      updatedAt: new Date(row.updated_at).toISOString(),
      updatedBy: stored.updatedBy,
    }
  }

  get(): Promise<TVisitPlanSettings> {
    return this.read(this.db)
  }

  async rates(): Promise<TVisitPlanRates> {
    const { version: _v, updatedAt: _a, updatedBy: _b, ...rates } = await this.get()
    return rates
  }

  async update(p: UserPrincipal, actor: Actor, input: UpdateInput): Promise<TVisitPlanSettings> {
    requireDistrictScope(p.scope, text('走访计划', 'the visit plan'))
    const { version, reason, ...rates } = input
    if (new Set(rates.specialFamilyGroups).size !== rates.specialFamilyGroups.length)
      throw new ValidationError({
        specialFamilyGroups: text('特殊家庭的人群类别重复', 'A group is listed twice'),
      })
    const now = this.clock.now()
    const name = (await this.displayName(p.userId)) ?? actor.name
    await this.db.transaction().execute(async (trx) => {
      // The row is taken for the update so two admins saving at once cannot both win.
      await sql`SELECT key FROM settings WHERE key = ${visitPlanKey} FOR UPDATE`.execute(trx)
      const current = await this.read(trx)
      if (current.version !== version)
        throw new Conflict(
          text(
            '走访计划已被他人修改，请刷新后再改',
            'The visit plan was changed meanwhile; reload it and try again',
          ),
        )
      const stored: Stored = { rates, version: version + 1, updatedBy: name, updatedById: p.userId }
      await trx
        .insertInto('settings')
        .values({ key: visitPlanKey, value: JSON.stringify(stored), updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(stored), updated_at: now }))
        .execute()
      const { version: _v, updatedAt: _a, updatedBy: _b, ...before } = current
      await auditInsert(
        trx,
        actor,
        {
          action: 'visitplan.update',
          entityType: 'visit_plan',
          entityId: visitPlanKey,
          details: { before, after: rates, ...(reason ? { reason } : {}) },
        },
        now,
      ).execute()
    })
    return this.get()
  }
}
