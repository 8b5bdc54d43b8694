import type { TAreaImportForm, TAreaImportReport } from '@onegrid/core/api/area-import'
import type { TTopologyReport } from '@onegrid/core/api/grids'
import { impliedParentCode, parentLevelOf } from '@onegrid/core/codes/area-code'
import { recordAudit } from '../../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type Scope } from '../../../platform/auth/principal.ts'
import type { Clock } from '../../../platform/clock.ts'
import type { Db } from '../../../platform/db/database.ts'
import { type LocalText, text, ValidationError } from '../../../platform/http/errors.ts'
import type { AreaNode, AreaService } from '../service.ts'
import type { TopologyChecker } from '../topology.ts'
import { readAreaFile } from './area-file.ts'
import { type CandidateFeature, checkFeatures, type FeatureIssue, levelWord } from './check-features.ts'
import type { ImportQueries, KnownArea } from './import-queries.ts'
import { convertToWgs84, looksLikeLngLat } from './reproject.ts'

/** The report as the service produces it: problem texts in both languages, picked per caller by the route. */
export type ImportOutcome = Omit<TAreaImportReport, 'problems'> & { problems: FeatureIssue[] }

/** Thrown inside the import's transaction to roll it back while carrying the report out. */
class RollbackWithReport extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super('import rolled back')
  }
}

/** The codes a code's ancestors would have (district 6, street 9, community 12). */
const ancestorCodes = (code: string) => [6, 9, 12].filter((n) => n < code.length).map((n) => code.slice(0, n))

/** Up to this many touched parents get a topology report each. */
const maxSeparateChecks = 10

const effectiveFromWord = (zh: string, en: string) => new ValidationError({ effectiveFrom: text(zh, en) })

/**
 * importAreas: a boundary file of one level (streets, communities or grids)
 * checked feature by feature, written with the tree writer inside one
 * transaction, and checked for topology with the import in place. A dry run,
 * or a report with any problem, rolls the transaction back: nothing is
 * written unless everything is right.
 */
export class AreaImportService {
  constructor(
    private readonly areas: AreaService,
    private readonly topology: TopologyChecker,
    private readonly queries: ImportQueries,
    private readonly clock: Clock,
  ) {}

  async importAreas(scope: Scope, actor: Actor, form: TAreaImportForm): Promise<ImportOutcome> {
    const { level } = form
    const now = this.clock.now()
    const effectiveFrom = form.effectiveFrom ? new Date(form.effectiveFrom) : now
    if (effectiveFrom.getTime() > now.getTime() + 60_000)
      throw effectiveFromWord('生效时间不能晚于现在', 'the effective time cannot be in the future')

    const file = readAreaFile(form.file)
    if (file.features.length === 0)
      throw new ValidationError({ file: text('文件中没有要素', 'the file holds no features') })
    const checked = checkFeatures(file.features, form)
    const issues = [...checked.issues]
    const {
      features: converted,
      label,
      declared,
    } = convertToWgs84(checked.candidates, file.crs, form.crs === 'gcj02')

    // Jurisdiction: every code the file names must lie in the caller's areas.
    const named = [...new Set(checked.codes.filter((c): c is string => c !== null))]
    const known = await this.queries.known(named.flatMap((c) => [c, ...ancestorCodes(c)]))
    this.refuseOutsideScope(scope, checked.codes, known)

    // Parents, coordinates, validity.
    const parentLevel = parentLevelOf(level)
    const placed: CandidateFeature[] = []
    for (const feature of converted) {
      const parentCode = impliedParentCode(feature.code, level)
      const parent = parentCode ? known.get(parentCode) : undefined
      const issue = (kind: FeatureIssue['kind'], message: LocalText) =>
        issues.push({ kind, index: feature.index, code: feature.code, message, location: null })
      if (!parent || parent.level !== parentLevel) {
        const word = parentLevel ? levelWord[parentLevel as keyof typeof levelWord] : undefined
        issue(
          'parent_missing',
          text(
            `上级${word?.zh ?? '区域'} ${parentCode} 不存在，请先导入上级`,
            `the parent ${word?.en ?? 'area'} ${parentCode} does not exist; import it first`,
          ),
        )
        continue
      }
      if (!looksLikeLngLat(feature.coordinates.flat(2))) {
        issue(
          'invalid_geometry',
          text(
            '换算后的坐标超出经纬度范围，请检查坐标系',
            'the converted coordinates are not lng/lat; check the CRS',
          ),
        )
        continue
      }
      placed.push(feature)
    }
    for (const bad of await this.queries.invalidGeometries(placed)) {
      const feature = placed.find((f) => f.index === bad.index)
      issues.push({
        kind: 'invalid_geometry',
        index: bad.index,
        code: feature?.code ?? null,
        message: text(`图形无效：${bad.reason}`, `invalid geometry: ${bad.reason}`),
        location: bad.location,
      })
    }
    const late = await this.queries.versionsNotBefore(placed, effectiveFrom)
    if (late.length > 0) {
      const list = late.map((l) => `${l.code} (${l.validFrom.toISOString()})`).join(', ')
      throw effectiveFromWord(
        `生效时间须晚于这些区域现行边界的生效时间：${list}`,
        `the effective time must be later than the start of the current boundary of ${list}`,
      )
    }

    const base = {
      dryRun: form.dryRun,
      level,
      format: file.format,
      sourceCrs: label,
      crsDeclared: declared,
      convertedFromGcj02: form.crs === 'gcj02',
      featuresRead: file.features.length,
    }
    issues.sort((a, b) => a.index - b.index)
    try {
      return await this.areas.transaction(async (trx) => {
        const nodes = await this.nodesOf(trx, placed, level)
        const written = await this.areas.writeTree(trx, nodes, {
          reason: form.reason,
          effectiveFrom,
          actorUserId: actor.userId,
        })
        const parents = [...new Set(nodes.map((n) => n.parentCode).filter((c): c is string => c !== null))]
        const topology = await this.checkTopology(trx, parents, known, level, form.sliverM2)
        const ok = issues.length === 0 && topology.every((t) => t.ok)
        const outcome: ImportOutcome = {
          ...base,
          ...written,
          ok,
          applied: ok && !form.dryRun,
          problems: issues,
          topology,
        }
        if (!outcome.applied) throw new RollbackWithReport(outcome)
        await recordAudit(
          trx,
          actor,
          {
            action: 'areas.import',
            entityType: 'area',
            entityId: parents.length === 1 ? parents[0] : null,
            areaPath: commonPath(parents.map((p) => known.get(p)?.path ?? p)),
            details: {
              level,
              format: file.format,
              sourceCrs: label,
              reason: form.reason,
              effectiveFrom: effectiveFrom.toISOString(),
              created: written.created,
              redrawn: written.redrawn,
              unchanged: written.unchanged.length,
            },
          },
          now,
        )
        return outcome
      })
    } catch (err) {
      if (err instanceof RollbackWithReport) return err.outcome
      throw err
    }
  }

  /**
   * The topology of the parents the import touches, with the import in place. A few parents
   * are checked one by one; many (a whole district's grids) in one pass over their lowest
   * common ancestor, keeping only the problems of the touched parents: one pass over 590
   * communities takes about a second where 590 separate checks take ten.
   */
  private async checkTopology(
    trx: Db,
    parents: string[],
    known: Map<string, KnownArea>,
    level: TAreaImportForm['level'],
    sliverM2: number,
  ): Promise<TTopologyReport[]> {
    if (parents.length <= maxSeparateChecks) {
      const reports: TTopologyReport[] = []
      for (const underCode of [...parents].sort())
        reports.push(await this.topology.check(trx, { underCode, level, sliverM2 }))
      return reports
    }
    const common = commonPath(parents.map((p) => known.get(p)?.path ?? p))
    const underCode = common?.split('.').at(-1)
    if (!underCode) throw new Error('touched parents share no ancestor')
    const report = await this.topology.check(trx, { underCode, level, sliverM2 })
    return [restrictToParents(report, new Set(parents), level)]
  }

  /** Refuses the whole file when a code points outside the caller's areas, naming each such feature. */
  private refuseOutsideScope(scope: Scope, codes: (string | null)[], known: Map<string, KnownArea>): void {
    const fields: Record<string, LocalText> = {}
    codes.forEach((code, index) => {
      if (code === null) return
      const own = known.get(code)
      const ancestor = ancestorCodes(code)
        .reverse()
        .map((c) => known.get(c))
        .find((a) => a !== undefined)
      const path = own?.path ?? (ancestor ? `${ancestor.path}.${code}` : null)
      if (path && pathInScope(path, scope)) return
      fields[`features.${index}.code`] = text(
        `第 ${index + 1} 个要素的编码 ${code} 不存在或不在您的辖区内`,
        `feature #${index + 1}: ${code} does not exist or is outside your jurisdiction`,
      )
    })
    if (Object.keys(fields).length > 0) throw new ValidationError(fields)
  }

  /** Import nodes, keeping an existing grid's attributes (a boundary file carries none). */
  private async nodesOf(
    trx: Db,
    features: CandidateFeature[],
    level: AreaNode['level'],
  ): Promise<AreaNode[]> {
    const existing = await this.queries.attributesOf(
      features.map((f) => f.code),
      trx,
    )
    return features.map((f) => {
      const kept = existing.get(f.code)
      return {
        code: f.code,
        name: f.name,
        level,
        parentCode: impliedParentCode(f.code, level),
        geometry: { type: 'MultiPolygon', coordinates: f.coordinates },
        ...(kept
          ? {
              gridType: kept.gridType,
              servedUnit: kept.servedUnit,
              households: kept.households,
              population: kept.population,
              responsibleParty: kept.responsibleParty,
            }
          : {}),
      }
    })
  }
}

/** The deepest path every given path lies in (for the audit row's jurisdiction). */
export function commonPath(paths: string[]): string | null {
  if (paths.length === 0) return null
  const split = paths.map((p) => p.split('.'))
  const first = split[0] ?? []
  let n = 0
  while (n < first.length && split.every((s) => s[n] === first[n])) n++
  return n > 0 ? first.slice(0, n).join('.') : null
}

/** A topology report narrowed to the problems of some parents (a gap names its parent; the rest, children). */
export function restrictToParents(
  report: TTopologyReport,
  parents: ReadonlySet<string>,
  level: TAreaImportForm['level'],
): TTopologyReport {
  const problems = report.problems.filter((p) =>
    p.kind === 'gap'
      ? parents.has(p.codes[0] ?? '')
      : p.codes.some((c) => parents.has(impliedParentCode(c, level) ?? '')),
  )
  const counts = Object.fromEntries(
    Object.keys(report.counts).map((k) => [k, problems.filter((p) => p.kind === k).length]),
  ) as TTopologyReport['counts']
  return { ...report, problems, counts, ok: problems.length === 0 }
}
