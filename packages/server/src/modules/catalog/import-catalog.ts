import type { TCatalogImportReport, TCatalogMajor, ZCatalogImportForm } from '@onegrid/core/api/catalog'
import type { z } from 'zod'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { requireDistrictScope } from '../../platform/auth/district-policy.ts'
import type { Actor, Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { type ImportIssue, parseCatalogWorkbook } from './import-parse.ts'
import type { CatalogQueries } from './queries.ts'
import { canonical } from './rules-check.ts'
import { type CatalogService, catalogText } from './service.ts'
import type { CatalogStore } from './store.ts'
import { openWorkbook, overrideSheet, readTable } from './workbook.ts'

export type CatalogImportOutcome = Omit<TCatalogImportReport, 'problems'> & { problems: ImportIssue[] }

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))

/**
 * Loads a district's own catalog (e.g. Liyang's 93 majors and 199 items) from
 * the workbook `exportCatalog` writes. A dry run by default; a confirmed import
 * writes everything in one transaction, and nothing while the report has a
 * problem. A changed item gets a new version; open cases keep theirs.
 */
export class CatalogImportService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly store: CatalogStore,
    private readonly queries: CatalogQueries,
    private readonly clock: Clock,
  ) {}

  async importWorkbook(
    scope: Scope,
    actor: Actor,
    form: z.output<typeof ZCatalogImportForm>,
  ): Promise<CatalogImportOutcome> {
    requireDistrictScope(scope, catalogText)
    const workbook = await openWorkbook(form.file)
    // The areas the file names, so that only they are looked up.
    const named = (readTable(workbook, overrideSheet)?.rows ?? []).map((r) =>
      String(r.values.areaCode ?? '').trim(),
    )
    const [context, bodies, existingMajors, current] = [
      await this.catalog.ruleContext(named),
      await this.queries.bodies(),
      await this.queries.majors(),
      await this.queries.currentItems(),
    ]
    const bodyByWord = new Map<string, string>()
    for (const b of bodies) {
      bodyByWord.set(b.code.toLowerCase(), b.code)
      bodyByWord.set(b.name.toLowerCase(), b.code)
    }
    const parsed = parseCatalogWorkbook(workbook, {
      ...context,
      bodyByWord,
      existingMajors: new Map(existingMajors.map(({ sort: _sort, ...m }) => [m.code, m])),
    })

    const majorsBefore = new Map(existingMajors.map((m) => [m.code, m]))
    const majorSort = new Map(existingMajors.map((m) => [m.code, m.sort]))
    let nextSort = existingMajors.reduce((n, m) => Math.max(n, m.sort + 1), 0)
    const majorsToWrite = parsed.majors.map((m: TCatalogMajor, i) => ({
      ...m,
      sort: majorSort.get(m.code) ?? nextSort + i,
    }))
    nextSort += parsed.majors.length
    const majorsAdded = parsed.majors.filter((m) => !majorsBefore.has(m.code)).length
    const majorsChanged = parsed.majors.filter((m) => {
      const before = majorsBefore.get(m.code)
      return before !== undefined && !same({ ...before, sort: 0 }, { ...m, sort: 0 })
    }).length

    const currentByCode = new Map(current.map((c) => [c.code, c]))
    const added = parsed.items.filter((i) => !currentByCode.has(i.code))
    const changed = parsed.items.filter((i) => {
      const c = currentByCode.get(i.code)
      return c !== undefined && (!same(c.rules, i.rules) || c.retired)
    })
    const moved = parsed.items.filter((i) => {
      const c = currentByCode.get(i.code)
      return (
        c !== undefined && (c.majorCode !== i.majorCode || c.standard !== i.standard || c.sort !== i.sort)
      )
    })
    const inFile = new Set(parsed.items.map((i) => i.code))
    const retire = form.retireMissing
      ? current.filter((c) => !c.retired && !inFile.has(c.code)).map((c) => c.code)
      : []
    const ok = parsed.problems.length === 0
    const write = ok && !form.dryRun

    if (write) {
      const now = this.clock.now()
      const meta = { validFrom: now, changedBy: actor.userId, reason: form.reason }
      await this.store.transaction(async (trx) => {
        await this.store.upsertMajors(trx, majorsToWrite, now)
        await this.store.insertItems(trx, added, meta)
        await this.store.placeItems(trx, moved, now)
        await this.store.addVersions(
          trx,
          changed.map((i) => ({
            code: i.code,
            version: (currentByCode.get(i.code)?.version ?? 0) + 1,
            rules: i.rules,
          })),
          meta,
        )
        await this.store.retire(trx, retire, now)
        await recordAudit(
          trx,
          actor,
          {
            action: 'catalog.import',
            entityType: 'catalog_item',
            details: {
              reason: form.reason,
              majors: parsed.majors.length,
              items: parsed.items.length,
              added: added.length,
              changed: changed.length,
              retired: retire.length,
            },
          },
          now,
        )
      })
    }
    return {
      dryRun: form.dryRun,
      written: write,
      majors: { total: parsed.majors.length, added: majorsAdded, changed: majorsChanged },
      items: {
        total: parsed.items.length,
        added: added.length,
        changed: changed.length,
        unchanged: parsed.items.length - added.length - changed.length,
        retired: retire.length,
      },
      problems: parsed.problems,
    }
  }
}
