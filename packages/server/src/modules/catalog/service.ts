import {
  type TCatalogItem,
  type TCatalogMajor,
  type TCatalogRules,
  type TCatalogTree,
  type THandlingBody,
  type TRefusalCounts,
  ZCatalogRules,
  type ZCreateCatalogItem,
  type ZUpdateCatalogItem,
} from '@onegrid/core/api/catalog'
import { addDays, shanghaiDate, shanghaiTime } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { requireDistrictScope } from '../../platform/auth/district-policy.ts'
import type { Actor, Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { Conflict, type LocalText, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { CatalogFilter, CatalogQueries, CurrentItem } from './queries.ts'
import { changedKeys, checkItem, type RuleContext } from './rules-check.ts'
import type { CatalogStore } from './store.ts'

export const catalogText = text('事项清单', 'the event catalog')
export const itemText = text('事项', 'Catalog item')

export type CatalogDefaults = {
  bodies: readonly THandlingBody[]
  majors: readonly TCatalogMajor[]
  items: readonly {
    code: string
    majorCode: string
    standard: TCatalogMajor['standard']
    rules: TCatalogRules
  }[]
}

/** Which of the given area codes exist (routing overrides name them). */
export type KnownAreas = (codes: readonly string[]) => Promise<ReadonlySet<string>>

/**
 * The event catalog's use cases: read the tree and an item with its history,
 * change an item (a new version that new cases start with), add an item.
 */
export class CatalogService {
  constructor(
    private readonly store: CatalogStore,
    private readonly queries: CatalogQueries,
    private readonly clock: Clock,
    private readonly knownAreas: KnownAreas,
  ) {}

  /** On an empty database: the default handling bodies and catalog. Never touches a catalog that exists. */
  async ensureDefaults(defaults: CatalogDefaults): Promise<{ majors: number; items: number } | null> {
    const now = this.clock.now()
    return this.store.transaction(async (trx) => {
      const present = await this.store.lockForSeeding(trx)
      if (present.bodies === 0) await this.store.insertBodies(trx, defaults.bodies)
      if (present.majors > 0) return null
      await this.store.upsertMajors(
        trx,
        defaults.majors.map((m, i) => ({ ...m, sort: i })),
        now,
      )
      const sortInMajor = new Map<string, number>()
      await this.store.insertItems(
        trx,
        defaults.items.map((item) => {
          const sort = sortInMajor.get(item.majorCode) ?? 0
          sortInMajor.set(item.majorCode, sort + 1)
          return { ...item, sort }
        }),
        { validFrom: now, changedBy: null, reason: '默认事项清单 default catalog' },
      )
      return { majors: defaults.majors.length, items: defaults.items.length }
    })
  }

  async tree(filter: CatalogFilter): Promise<TCatalogTree> {
    const [majors, items] = await Promise.all([this.queries.majors(), this.queries.itemSummaries(filter)])
    const byMajor = new Map<string, typeof items>()
    for (const i of items) byMajor.set(i.majorCode, [...(byMajor.get(i.majorCode) ?? []), i])
    const shown = majors
      .filter((m) => byMajor.has(m.code) || (!filter.q && !filter.domain && filter.admitted === undefined))
      .filter((m) => !filter.domain || m.domain === filter.domain)
      .map(({ sort: _sort, ...m }) => ({ ...m, items: byMajor.get(m.code) ?? [] }))
    return {
      majors: shown,
      counts: {
        majors: shown.length,
        items: items.length,
        admitted: items.filter((i) => i.admitted).length,
      },
    }
  }

  async bodies(): Promise<THandlingBody[]> {
    return this.queries.bodies()
  }

  async item(code: string): Promise<TCatalogItem> {
    const current = await this.queries.item(code)
    if (!current) throw new NotFound(itemText, code)
    return this.present(current)
  }

  /** Saves the rules as a new version. Cases already open keep the version they started with. */
  async update(
    scope: Scope,
    actor: Actor,
    code: string,
    input: z.output<typeof ZUpdateCatalogItem>,
  ): Promise<TCatalogItem> {
    requireDistrictScope(scope, catalogText)
    const current = await this.queries.item(code)
    if (!current) throw new NotFound(itemText, code)
    if (current.version !== input.expectedVersion)
      throw new Conflict(
        text(
          `事项已被他人修改（当前第 ${current.version} 版），请刷新后再改`,
          `Someone saved this item first (now version ${current.version}); reload and edit again`,
        ),
      )
    const rules = ZCatalogRules.parse(input.rules)
    await this.checkRules({ ...current, rules })
    const changed = changedKeys(current.rules, rules)
    if (changed.length === 0) return this.present(current)
    const now = this.clock.now()
    await this.store.transaction(async (trx) => {
      await this.store.addVersions(trx, [{ code, version: current.version + 1, rules }], {
        validFrom: now,
        changedBy: actor.userId,
        reason: input.reason,
      })
      await recordAudit(
        trx,
        actor,
        {
          action: 'catalog.item.update',
          entityType: 'catalog_item',
          entityId: code,
          details: { version: current.version + 1, reason: input.reason, changed },
        },
        now,
      )
    })
    return this.item(code)
  }

  async create(
    scope: Scope,
    actor: Actor,
    input: z.output<typeof ZCreateCatalogItem>,
  ): Promise<TCatalogItem> {
    requireDistrictScope(scope, catalogText)
    const majors = await this.queries.majors()
    const major = majors.find((m) => m.code === input.majorCode)
    if (!major)
      throw new ValidationError({
        majorCode: text(`没有大类「${input.majorCode}」`, `no major "${input.majorCode}"`),
      })
    if (await this.queries.item(input.code))
      throw new Conflict(text(`事项代码 ${input.code} 已存在`, `Item code ${input.code} exists already`))
    const rules = ZCatalogRules.parse(input.rules)
    await this.checkRules({ code: input.code, majorCode: major.code, standard: major.standard, rules })
    const sort = await this.queries.itemCount(major.code)
    const now = this.clock.now()
    await this.store.transaction(async (trx) => {
      await this.store.insertItems(
        trx,
        [{ code: input.code, majorCode: major.code, standard: major.standard, sort, rules }],
        { validFrom: now, changedBy: actor.userId, reason: input.reason },
      )
      await recordAudit(
        trx,
        actor,
        {
          action: 'catalog.item.create',
          entityType: 'catalog_item',
          entityId: input.code,
          details: { reason: input.reason, name: rules.name },
        },
        now,
      )
    })
    return this.item(input.code)
  }

  /** Refused reports per item between two dates (China time), the last 30 days by default. */
  async refusals(range: { from?: string | undefined; to?: string | undefined }): Promise<TRefusalCounts> {
    const today = shanghaiDate(this.clock.now())
    const to = range.to ?? today
    const from = range.from ?? addDays(to, -29)
    if (from > to) throw new ValidationError({ from: text('开始日期晚于结束日期', 'from is after to') })
    const items = await this.queries.refusalCounts(shanghaiTime(from, '00:00'), shanghaiTime(to, '24:00'))
    return { from, to, total: items.reduce((n, i) => n + i.count, 0), items }
  }

  /** The bodies, and which of `areaCodes` (the areas the rules name) exist. */
  async ruleContext(areaCodes: readonly string[]): Promise<RuleContext> {
    const [bodies, areas] = await Promise.all([this.queries.bodies(), this.knownAreas(areaCodes)])
    return { bodies: new Set(bodies.map((b) => b.code)), areas }
  }

  private async checkRules(item: Parameters<typeof checkItem>[0]): Promise<void> {
    const named = item.rules.routing.overrides.map((o) => o.areaCode)
    const problems = checkItem(item, await this.ruleContext(named))
    if (problems.length > 0) {
      const fields: Record<string, LocalText> = {}
      for (const p of problems) fields[p.path] ??= p.message
      throw new ValidationError(fields)
    }
  }

  private async present(current: CurrentItem): Promise<TCatalogItem> {
    const [versions, majors] = await Promise.all([this.queries.versions(current.code), this.queries.majors()])
    const major = majors.find((m) => m.code === current.majorCode)
    // Oldest first to diff each version against the one before, then newest first for display.
    const ascending = [...versions].reverse()
    const history = ascending
      .map((v, i) => ({
        version: v.version,
        validFrom: v.validFrom.toISOString(),
        changedBy: v.changedBy,
        reason: v.reason,
        changed: changedKeys(ascending[i - 1]?.rules, v.rules),
        admission: v.rules.admission,
      }))
      .reverse()
    return {
      ...current.rules,
      code: current.code,
      majorCode: current.majorCode,
      majorName: major?.name ?? current.majorCode,
      domain: major?.domain ?? 'other',
      standard: current.standard,
      retired: current.retired,
      version: current.version,
      versionId: current.versionId,
      validFrom: current.validFrom.toISOString(),
      history,
    }
  }
}
