import type { TArea, TAreaFeatureCollection, TAreaListQuery } from '@onegrid/core/api/areas'
import type {
  TAreaDetail,
  TAreaTree,
  TAreaTreeQuery,
  TBoundaryGeometry,
  TGridFeature,
  TGridHistory,
  TGridList,
  TGridListQuery,
  TGridType,
  TTopologyQuery,
  TTopologyReport,
} from '@onegrid/core/api/grids'
import { type AreaLevel, checkAreaParent } from '@onegrid/core/codes/area-code'
import { pathInScope, type Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { AreaQueries } from './queries.ts'
import type { AreaStore, AreaWrite } from './store.ts'
import type { TopologyChecker } from './topology.ts'

/** An area to add or update, with its boundary (GeoJSON, WGS84) and, for a grid, its attributes. */
export type AreaNode = {
  code: string
  name: string
  level: AreaLevel
  parentCode: string | null
  geometry: TBoundaryGeometry | null
  gridType?: TGridType | null
  /** The unit a dedicated grid serves. */
  servedUnit?: string | null
  households?: number | null
  population?: number | null
  responsibleParty?: string | null
}

const areaWord = text('区域', 'Area')
const gridWord = text('网格', 'Grid')

const problemText = {
  not_digits: text('代码只能由数字组成', 'the code must be digits only'),
  wrong_length: text('代码位数与层级不符', 'the code length does not match its level'),
  unknown_province: text('省级代码不存在', 'unknown province code'),
  bad_segment: text('代码分段不合规则', 'a segment of the code is out of range'),
  parent_mismatch: text('代码前缀与上级区域不符', 'the code does not start with its parent’s code'),
  parent_level: text('上级区域的层级不对', 'the parent is not one level up'),
} as const

export type TreeWriteOptions = { reason: string; effectiveFrom: Date; actorUserId: number | null }
export type TreeWriteResult = { created: string[]; redrawn: string[]; unchanged: string[] }

/** The area tree: the one network every jurisdiction scope hangs on. */
export class AreaService {
  constructor(
    private readonly db: Db,
    private readonly store: AreaStore,
    private readonly queries: AreaQueries,
    private readonly topology: TopologyChecker,
    private readonly clock: Clock,
    /** Display names of staff who changed boundaries (the identity module's, wired in the composition root). */
    private readonly userNames: (ids: number[]) => Promise<Map<number, string>>,
  ) {}

  list(query: TAreaListQuery): Promise<TArea[]> {
    return this.queries.list(query)
  }

  /** Which of these codes are areas (rules that name areas check them). */
  existing(codes: readonly string[]): Promise<Set<string>> {
    return codes.length === 0 ? Promise.resolve(new Set()) : this.queries.existing(codes)
  }

  async get(code: string): Promise<TArea> {
    const area = await this.queries.find(code)
    if (!area) throw new NotFound(areaWord, code)
    return area
  }

  geojson(query: TAreaListQuery): Promise<TAreaFeatureCollection> {
    return this.queries.geojson(query)
  }

  async detail(code: string): Promise<TAreaDetail> {
    const area = await this.queries.detail(code)
    if (!area) throw new NotFound(areaWord, code)
    return area
  }

  async tree(query: TAreaTreeQuery): Promise<TAreaTree> {
    if (query.root && !(await this.queries.find(query.root))) throw new NotFound(areaWord, query.root)
    return { items: await this.queries.tree(query.root, query.depth) }
  }

  /** Grids of the caller's jurisdiction, optionally under an area (which must be in it). */
  async listGrids(scope: Scope, query: TGridListQuery): Promise<TGridList> {
    if (query.under) await this.inScope(scope, query.under)
    return this.queries.listGrids(scope, query)
  }

  async gridFeature(code: string, at: string | undefined): Promise<TGridFeature> {
    const feature = await this.queries.gridFeature(code, at ? new Date(at) : null)
    if (!feature) throw new NotFound(gridWord, at ? `${code}@${at}` : code)
    return feature
  }

  async history(scope: Scope, code: string): Promise<TGridHistory> {
    const grid = await this.inScope(scope, code)
    if (grid.level !== 'grid') throw new NotFound(gridWord, code)
    const rows = await this.queries.history(code)
    const names = await this.userNames(
      rows.map((r) => r.created_by).filter((id): id is number => id !== null),
    )
    return {
      code: grid.code,
      name: grid.name,
      items: rows.map((r) => ({
        version: r.version,
        validFrom: new Date(r.valid_from).toISOString(),
        validTo: r.valid_to ? new Date(r.valid_to).toISOString() : null,
        reason: r.reason,
        areaM2: Math.round(r.area_m2),
        createdBy: r.created_by === null ? null : { id: r.created_by, name: names.get(r.created_by) ?? '' },
        createdAt: new Date(r.created_at).toISOString(),
      })),
    }
  }

  /** The topology report of one level under an area of the caller's jurisdiction (the top of it by default). */
  async validate(scope: Scope, query: TTopologyQuery): Promise<TTopologyReport> {
    const under = query.under ?? (await this.scopeRoot(scope))
    await this.inScope(scope, under)
    return this.topology.check(this.db, { underCode: under, level: query.level, sliverM2: query.sliverM2 })
  }

  /** The area, when it lies in the caller's jurisdiction; "not found" otherwise, as if it did not exist. */
  async inScope(scope: Scope, code: string): Promise<TArea> {
    const area = await this.queries.find(code)
    if (!area || !pathInScope(area.path, scope)) throw new NotFound(areaWord, code)
    return area
  }

  /** The highest area of a scope: where a check without `under` starts. */
  private async scopeRoot(scope: Scope): Promise<string> {
    const top = [...scope.areaPaths].sort((a, b) => a.split('.').length - b.split('.').length)[0]
    const code = top?.split('.').at(-1)
    if (!code) throw new NotFound(areaWord, '-')
    return code
  }

  /**
   * Adds or updates a batch of areas in one transaction, all or nothing
   * (the demo and scripts; imports use `writeTree` inside their own).
   */
  async saveTree(nodes: AreaNode[], options: Partial<TreeWriteOptions> = {}): Promise<TreeWriteResult> {
    return this.store.transaction((trx) =>
      this.writeTree(trx, nodes, {
        reason: options.reason ?? '初始划定',
        effectiveFrom: options.effectiveFrom ?? this.clock.now(),
        actorUserId: options.actorUserId ?? null,
      }),
    )
  }

  /**
   * Adds or updates areas, parents before children, inside the caller's
   * transaction. Every code is checked against its level and its parent's code;
   * a changed boundary becomes a new version valid from `effectiveFrom`.
   */
  async writeTree(trx: Db, nodes: AreaNode[], options: TreeWriteOptions): Promise<TreeWriteResult> {
    const byCode = new Map(nodes.map((n) => [n.code, n]))
    const known = await this.store.lookup(trx, [
      ...new Set(nodes.map((n) => n.parentCode).filter((c): c is string => c !== null && !byCode.has(c))),
    ])
    const writes: AreaWrite[] = []
    const pathOf = new Map<string, string>()
    const problems: Record<string, ReturnType<typeof text>> = {}

    for (const node of nodes) {
      const parentNode = node.parentCode ? byCode.get(node.parentCode) : undefined
      const parentKnown = node.parentCode ? known.get(node.parentCode) : undefined
      const parentPath = node.parentCode ? (pathOf.get(node.parentCode) ?? parentKnown?.path) : ''
      if (node.parentCode && parentPath === undefined) {
        problems[node.code] = text(
          `上级区域 ${node.parentCode} 不存在`,
          `parent ${node.parentCode} does not exist`,
        )
        continue
      }
      const parentLevel = parentNode?.level ?? parentKnown?.level ?? null
      const check = checkAreaParent(
        { code: node.code, level: node.level },
        node.parentCode && parentLevel ? { code: node.parentCode, level: parentLevel } : null,
      )
      if (!check.ok) {
        problems[node.code] = problemText[check.problem]
        continue
      }
      const path = parentPath ? `${parentPath}.${node.code}` : node.code
      pathOf.set(node.code, path)
      writes.push({
        code: node.code,
        name: node.name,
        level: node.level,
        parentCode: node.parentCode,
        path,
        geometry: node.geometry,
        gridType: node.level === 'grid' ? (node.gridType ?? 'basic') : null,
        servedUnit: node.servedUnit ?? null,
        households: node.households ?? null,
        population: node.population ?? null,
        responsibleParty: node.responsibleParty ?? null,
      })
    }
    if (Object.keys(problems).length > 0) throw new ValidationError(problems)
    const result: TreeWriteResult = { created: [], redrawn: [], unchanged: [] }
    const stamp = { ...options, now: this.clock.now() }
    const existing = await this.store.existing(
      trx,
      writes.map((w) => w.code),
    )
    const fresh = writes.filter((w) => !existing.has(w.code))
    await this.store.insertMany(trx, fresh, stamp)
    result.created.push(...fresh.map((w) => w.code))
    for (const w of writes) {
      if (existing.has(w.code)) result[await this.store.write(trx, w, stamp)].push(w.code)
    }
    return result
  }

  transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.store.transaction(work)
  }
}
