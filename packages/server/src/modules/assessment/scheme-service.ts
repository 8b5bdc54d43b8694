import type {
  TAssessmentScheme,
  TGridWorkerPaySettings,
  TUpdateGridWorkerPaySettings,
  ZUpdateAssessmentScheme,
} from '@onegrid/core/api/assessment'
import {
  type AssessmentKind,
  type AssessmentScheme,
  defaultPaySettings,
  defaultSettings,
  type PaySettings,
  type SchemeSettings,
  schemeOf,
  schemeProblems,
} from '@onegrid/core/stats/assessment'
import type { z } from 'zod'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { requireDistrictScope } from '../../platform/auth/district-policy.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import { Conflict, text, ValidationError } from '../../platform/http/errors.ts'
import type { AssessmentPorts } from './ports.ts'
import type { SchemeStore, Versioned } from './scheme-store.ts'

type SchemeInput = z.output<typeof ZUpdateAssessmentScheme>

/** A scheme as the API shows it, with the version of the settings it came from (0: the defaults). */
export function presentScheme(s: AssessmentScheme, v: Versioned<unknown> | null): TAssessmentScheme {
  return {
    kind: s.kind,
    indicators: s.indicators.map((i) => ({
      key: i.key,
      name: i.name,
      source: i.source,
      kind: i.kind,
      bad: i.bad ?? false,
      sampled: i.sampled,
      weight: i.weight,
      bands: i.bands ? i.bands.map((b) => ({ ...b })) : null,
    })),
    grades: { ...s.grades },
    minSample: s.minSample,
    version: v?.version ?? 0,
    updatedAt: v?.updatedAt ? v.updatedAt.toISOString() : null,
    updatedBy: v?.updatedBy ?? null,
  }
}

export function presentPay(v: Versioned<PaySettings> | null): TGridWorkerPaySettings {
  const pay = v?.value ?? defaultPaySettings
  return {
    base: pay.base,
    perHousehold: pay.perHousehold,
    factors: { ...pay.factors },
    version: v?.version ?? 0,
    updatedAt: v?.updatedAt ? v.updatedAt.toISOString() : null,
    updatedBy: v?.updatedBy ?? null,
  }
}

/**
 * A district's assessment schemes (weights, count bands, grade bands, small-sample minimum per
 * kind, laid over core's defaults) and its grid worker pay settings: read by its staff, changed
 * at the version read by district-wide staff, audited with the settings before and after.
 */
export class AssessmentSchemes {
  constructor(
    private readonly ports: AssessmentPorts,
    private readonly store: SchemeStore,
  ) {}

  /** The caller's district (the top of their first area, or of their department's). */
  async district(p: UserPrincipal): Promise<string> {
    return (await this.ports.stats.resolveScope(p, {})).district
  }

  /** The scheme of a kind as the district has it now. */
  async schemeFor(
    district: string,
    kind: AssessmentKind,
  ): Promise<{ scheme: AssessmentScheme; stored: Versioned<SchemeSettings> | null }> {
    const stored = await this.store.settings(this.ports.db, district, kind)
    return { scheme: schemeOf(kind, stored?.value), stored }
  }

  async scheme(p: UserPrincipal, kind: AssessmentKind): Promise<TAssessmentScheme> {
    const { scheme, stored } = await this.schemeFor(await this.district(p), kind)
    return presentScheme(scheme, stored)
  }

  /**
   * Sets a kind's weights, count bands, grade bands and small-sample minimum (district-wide staff),
   * at the version read. Months already published keep the scheme they were published with.
   */
  async updateScheme(p: UserPrincipal, actor: Actor, input: SchemeInput): Promise<TAssessmentScheme> {
    requireDistrictScope(p.scope, text('考核方案', 'the assessment scheme'))
    const district = await this.district(p)
    const now = this.ports.clock.now()
    const name = (await this.ports.displayName(p.userId)) ?? actor.name
    await this.ports.db.transaction().execute(async (trx) => {
      const current = await this.store.settings(trx, district, input.kind, true)
      if ((current?.version ?? 0) !== input.version)
        throw new Conflict(
          text(
            '考核方案已被他人修改，请刷新后再改',
            'The scheme was changed meanwhile; reload it and try again',
          ),
        )
      const before = current?.value ?? defaultSettings(input.kind)
      const settings: SchemeSettings = {
        weights: input.weights,
        // Bands not sent stay as they are.
        bands: { ...before.bands, ...input.bands },
        grades: input.grades,
        minSample: input.minSample,
      }
      const problems = schemeProblems(input.kind, settings)
      if (problems.length > 0)
        throw new ValidationError(Object.fromEntries(problems.map((x) => [x.field, text(x.zh, x.en)])))
      await this.store.saveSettings(
        trx,
        district,
        input.kind,
        settings,
        input.version + 1,
        { userId: p.userId, name },
        now,
      )
      await recordAudit(
        trx,
        actor,
        {
          action: 'assessment.scheme.update',
          entityType: 'assessment_scheme',
          entityId: input.kind,
          areaPath: district,
          details: {
            kind: input.kind,
            before,
            after: settings,
            ...(input.reason ? { reason: input.reason } : {}),
          },
        },
        now,
      )
    })
    return this.scheme(p, input.kind)
  }

  async paySettings(p: UserPrincipal): Promise<TGridWorkerPaySettings> {
    return presentPay(await this.store.pay(this.ports.db, await this.district(p)))
  }

  async updatePaySettings(
    p: UserPrincipal,
    actor: Actor,
    input: TUpdateGridWorkerPaySettings,
  ): Promise<TGridWorkerPaySettings> {
    requireDistrictScope(p.scope, text('网格员报酬标准', 'the grid worker pay settings'))
    const district = await this.district(p)
    const now = this.ports.clock.now()
    const name = (await this.ports.displayName(p.userId)) ?? actor.name
    await this.ports.db.transaction().execute(async (trx) => {
      const current = await this.store.pay(trx, district, true)
      if ((current?.version ?? 0) !== input.version)
        throw new Conflict(
          text(
            '报酬标准已被他人修改，请刷新后再改',
            'The pay settings were changed meanwhile; reload and try again',
          ),
        )
      const pay: PaySettings = { base: input.base, perHousehold: input.perHousehold, factors: input.factors }
      await this.store.savePay(trx, district, pay, input.version + 1, { userId: p.userId, name }, now)
      await recordAudit(
        trx,
        actor,
        {
          action: 'assessment.pay.update',
          entityType: 'assessment_pay',
          entityId: district,
          areaPath: district,
          details: { before: current?.value ?? defaultPaySettings, after: pay },
        },
        now,
      )
    })
    return this.paySettings(p)
  }
}
