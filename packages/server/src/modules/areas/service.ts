import type { TArea, TAreaFeatureCollection, TAreaListQuery } from '@onegrid/core/api/areas'
import { type AreaLevel, checkAreaParent } from '@onegrid/core/codes/area-code'
import type { Clock } from '../../platform/clock.ts'
import { NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { AreaQueries } from './queries.ts'
import type { AreaStore, AreaWrite } from './store.ts'

export type AreaNode = {
  code: string
  name: string
  level: AreaLevel
  parentCode: string | null
  geometry: unknown
}

const areaWord = text('区域', 'Area')

const problemText = {
  not_digits: text('代码只能由数字组成', 'the code must be digits only'),
  wrong_length: text('代码位数与层级不符', 'the code length does not match its level'),
  unknown_province: text('省级代码不存在', 'unknown province code'),
  bad_segment: text('代码分段不合规则', 'a segment of the code is out of range'),
  parent_mismatch: text('代码前缀与上级区域不符', 'the code does not start with its parent’s code'),
  parent_level: text('上级区域的层级不对', 'the parent is not one level up'),
} as const

/** The area tree: the one network every jurisdiction scope hangs on. */
export class AreaService {
  constructor(
    private readonly store: AreaStore,
    private readonly queries: AreaQueries,
    private readonly clock: Clock,
  ) {}

  list(query: TAreaListQuery): Promise<TArea[]> {
    return this.queries.list(query)
  }

  async get(code: string): Promise<TArea> {
    const area = await this.queries.find(code)
    if (!area) throw new NotFound(areaWord, code)
    return area
  }

  geojson(query: TAreaListQuery): Promise<TAreaFeatureCollection> {
    return this.queries.geojson(query)
  }

  /**
   * Adds or updates a batch of areas, parents before children, all or nothing.
   * Every code is checked against its level and its parent's code.
   */
  async saveTree(nodes: AreaNode[]): Promise<number> {
    const byCode = new Map(nodes.map((n) => [n.code, n]))
    const writes: AreaWrite[] = []
    const pathOf = new Map<string, string>()
    const problems: Record<string, ReturnType<typeof text>> = {}

    for (const node of nodes) {
      const parentNode = node.parentCode ? byCode.get(node.parentCode) : undefined
      const parentPath = node.parentCode
        ? (pathOf.get(node.parentCode) ?? (await this.queries.pathOf(node.parentCode)))
        : ''
      if (node.parentCode && parentPath === undefined) {
        problems[node.code] = text(
          `上级区域 ${node.parentCode} 不存在`,
          `parent ${node.parentCode} does not exist`,
        )
        continue
      }
      const parentLevel =
        parentNode?.level ?? (node.parentCode ? (await this.get(node.parentCode)).level : null)
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
      writes.push({ ...node, path })
    }
    if (Object.keys(problems).length > 0) throw new ValidationError(problems)
    await this.store.transaction((trx) => this.store.upsertMany(trx, writes, this.clock.now()))
    return writes.length
  }
}
