import { z } from 'zod'
import { ZAreaLevel } from './areas.ts'

/**
 * The one grid network's API beyond the plain area list: grid attributes, the
 * tree, lookups, the topology check, versioned redraws and imports.
 */

export const gridTypes = ['basic', 'dedicated'] as const
export const ZGridType = z.enum(gridTypes)
export type TGridType = z.infer<typeof ZGridType>

export const ZAreaCode = z.string().regex(/^\d{6,15}$/, '区域代码为 6–15 位数字')
export const ZGridCode = z.string().regex(/^\d{15}$/, '网格编码为 15 位数字')
export const ZGridCodeParams = z.object({ code: ZGridCode })

const ZLng = z.coerce.number().min(-180).max(180)
const ZLat = z.coerce.number().min(-90).max(90)
export const ZPosition = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])

const ZRing = z.array(ZPosition).min(4)
export const ZPolygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(ZRing).min(1) })
export const ZMultiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ZRing).min(1)).min(1),
})
/** A boundary as drawn or imported: Polygon or MultiPolygon, WGS84 lng/lat. */
export const ZBoundaryGeometry = z
  .discriminatedUnion('type', [ZPolygonGeometry, ZMultiPolygonGeometry])
  .meta({ id: 'BoundaryGeometry' })
export type TBoundaryGeometry = z.infer<typeof ZBoundaryGeometry>

const ZAreaRef = z.object({ code: z.string(), name: z.string(), level: ZAreaLevel })
export type TAreaRef = z.infer<typeof ZAreaRef>

/** One area with its grid attributes, its ancestors and its current boundary version. */
export const ZAreaDetail = z
  .object({
    code: z.string(),
    name: z.string(),
    level: ZAreaLevel,
    parentCode: z.string().nullable(),
    path: z.string(),
    hasGeometry: z.boolean(),
    ancestors: z.array(ZAreaRef),
    childCount: z.number().int(),
    /** Grids at or under this area. */
    gridCount: z.number().int(),
    gridType: ZGridType.nullable(),
    /** For a dedicated grid: the school, hospital, park or enterprise it serves. */
    servedUnit: z.string().nullable(),
    /** Own figure for a grid; the sum over its grids for a larger area. */
    households: z.number().int().nullable(),
    population: z.number().int().nullable(),
    responsibleParty: z.string().nullable(),
    areaM2: z.number().nullable(),
    boundaryVersion: z.number().int().nullable(),
    validFrom: z.iso.datetime({ offset: true }).nullable(),
    /** [west, south, east, north] of the current boundary. */
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  })
  .meta({ id: 'AreaDetail' })
export type TAreaDetail = z.infer<typeof ZAreaDetail>

export type TAreaTreeNode = {
  code: string
  name: string
  level: z.infer<typeof ZAreaLevel>
  gridCount: number
  households: number | null
  children: TAreaTreeNode[]
}
export const ZAreaTreeNode: z.ZodType<TAreaTreeNode> = z
  .lazy(() =>
    z.object({
      code: z.string(),
      name: z.string(),
      level: ZAreaLevel,
      gridCount: z.number().int(),
      households: z.number().int().nullable(),
      children: z.array(ZAreaTreeNode),
    }),
  )
  .meta({ id: 'AreaTreeNode' })

export const ZAreaTreeQuery = z.object({
  /** The root of the tree; the top of the network when absent. */
  root: ZAreaCode.optional(),
  /** Levels below the root to include (1 = children only). */
  depth: z.coerce.number().int().min(0).max(5).default(5),
})
export type TAreaTreeQuery = z.infer<typeof ZAreaTreeQuery>
export const ZAreaTree = z.object({ items: z.array(ZAreaTreeNode) }).meta({ id: 'AreaTree' })
export type TAreaTree = z.infer<typeof ZAreaTree>

/** A grid as listed in the console's table. */
export const ZGridRow = z
  .object({
    code: z.string(),
    name: z.string(),
    community: ZAreaRef,
    street: ZAreaRef,
    gridType: ZGridType,
    servedUnit: z.string().nullable(),
    households: z.number().int().nullable(),
    population: z.number().int().nullable(),
    responsibleParty: z.string().nullable(),
    areaM2: z.number().nullable(),
    boundaryVersion: z.number().int().nullable(),
  })
  .meta({ id: 'GridRow' })
export type TGridRow = z.infer<typeof ZGridRow>

export const ZGridListQuery = z.object({
  under: ZAreaCode.optional(),
  /** Code prefix or part of the name. */
  q: z.string().trim().min(1).max(50).optional(),
  type: ZGridType.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type TGridListQuery = z.infer<typeof ZGridListQuery>
export const ZGridList = z
  .object({ items: z.array(ZGridRow), total: z.number().int() })
  .meta({ id: 'GridList' })
export type TGridList = z.infer<typeof ZGridList>

/** A boundary of one grid (current or at a time) as a GeoJSON Feature. */
export const ZGridGeometryQuery = z.object({ at: z.iso.datetime({ offset: true }).optional() })
export const ZGridFeature = z
  .object({
    type: z.literal('Feature'),
    properties: z.object({
      code: z.string(),
      name: z.string(),
      version: z.number().int(),
      validFrom: z.iso.datetime({ offset: true }),
      validTo: z.iso.datetime({ offset: true }).nullable(),
      areaM2: z.number(),
    }),
    geometry: ZMultiPolygonGeometry,
  })
  .meta({ id: 'GridFeature' })
export type TGridFeature = z.infer<typeof ZGridFeature>

// ---------------------------------------------------------------- lookups

export const ZLocateQuery = z.object({
  lng: ZLng,
  lat: ZLat,
  /** Use the boundaries valid at this time (default: now). */
  at: z.iso.datetime({ offset: true }).optional(),
})
export type TLocateQuery = z.infer<typeof ZLocateQuery>

export const ZLocation = z
  .object({
    grid: z.object({ code: z.string(), name: z.string(), version: z.number().int() }),
    community: ZAreaRef,
    street: ZAreaRef,
    district: ZAreaRef,
  })
  .meta({ id: 'GridLocation' })
export type TLocation = z.infer<typeof ZLocation>

export const maxBatchPoints = 20_000
export const ZLocateBatchBody = z.object({
  /** [lng, lat] pairs, WGS84. */
  points: z.array(ZPosition).min(1).max(maxBatchPoints),
  at: z.iso.datetime({ offset: true }).optional(),
})
export type TLocateBatchBody = z.infer<typeof ZLocateBatchBody>
export const ZBatchLocation = z.object({
  gridCode: z.string(),
  gridName: z.string(),
  version: z.number().int(),
  communityCode: z.string(),
  streetCode: z.string(),
  districtCode: z.string(),
})
export type TBatchLocation = z.infer<typeof ZBatchLocation>
export const ZLocateBatchResult = z
  .object({
    /** One entry per point, in order; null where the point is in no grid of the caller's jurisdiction. */
    items: z.array(ZBatchLocation.nullable()),
    located: z.number().int(),
    missed: z.number().int(),
  })
  .meta({ id: 'GridLocateBatchResult' })
export type TLocateBatchResult = z.infer<typeof ZLocateBatchResult>

// ---------------------------------------------------------------- topology

export const topologyKinds = [
  'invalid_geometry',
  'overlap',
  'gap',
  'outside_parent',
  'sliver',
  'missing_geometry',
] as const
export const ZTopologyKind = z.enum(topologyKinds)
export type TTopologyKind = z.infer<typeof ZTopologyKind>

export const ZTopologyProblem = z.object({
  kind: ZTopologyKind,
  /** The areas involved: one for most kinds, two for an overlap, the parent for a gap. */
  codes: z.array(z.string()),
  /** Area of the problem in m² (overlap, gap, outside part, sliver). */
  areaM2: z.number().nullable(),
  /** A point on the problem, for the map and the report. */
  location: ZPosition.nullable(),
  /** The problem's shape, for highlighting; null when it is a point (e.g. a self-intersection). */
  geometry: ZMultiPolygonGeometry.nullable(),
  detail: z.string().nullable(),
})
export type TTopologyProblem = z.infer<typeof ZTopologyProblem>

export const ZTopologyQuery = z.object({
  under: ZAreaCode.optional(),
  level: z.enum(['street', 'community', 'grid']).default('grid'),
  /** Parts and gaps smaller than this many m² are slivers. */
  sliverM2: z.coerce.number().min(0).max(100_000).default(200),
})
export type TTopologyQuery = z.infer<typeof ZTopologyQuery>

export const ZTopologyReport = z
  .object({
    level: ZAreaLevel,
    under: z.string(),
    checked: z.number().int(),
    ok: z.boolean(),
    counts: z.record(ZTopologyKind, z.number().int()),
    problems: z.array(ZTopologyProblem),
    durationMs: z.number(),
  })
  .meta({ id: 'TopologyReport' })
export type TTopologyReport = z.infer<typeof ZTopologyReport>

// ---------------------------------------------------------------- redraw and history

export const ZRedrawBody = z.object({
  geometry: ZBoundaryGeometry,
  reason: z.string().trim().min(2, '请填写调整原因').max(200),
  /** When the new boundary takes effect; not in the future, and after the current version began. */
  effectiveFrom: z.iso.datetime({ offset: true }),
  /** Neighbours the new boundary overlaps give up that part (each gets a new version too). */
  trimNeighbours: z.boolean().default(true),
  /** Check and report only; write nothing. */
  dryRun: z.boolean().default(false),
})
export type TRedrawBody = z.infer<typeof ZRedrawBody>

export const ZBoundaryChange = z.object({
  code: z.string(),
  name: z.string(),
  version: z.number().int(),
  areaM2Before: z.number(),
  areaM2After: z.number(),
})
export const ZRedrawResult = z
  .object({
    applied: z.boolean(),
    grid: ZBoundaryChange,
    /** Neighbours trimmed to make room. */
    trimmed: z.array(ZBoundaryChange),
    /** The community's topology after the change (gaps show up here as warnings). */
    report: ZTopologyReport,
  })
  .meta({ id: 'RedrawResult' })
export type TRedrawResult = z.infer<typeof ZRedrawResult>

export const ZBoundaryVersion = z
  .object({
    version: z.number().int(),
    validFrom: z.iso.datetime({ offset: true }),
    validTo: z.iso.datetime({ offset: true }).nullable(),
    reason: z.string(),
    areaM2: z.number(),
    createdBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'BoundaryVersion' })
export type TBoundaryVersion = z.infer<typeof ZBoundaryVersion>
export const ZGridHistory = z
  .object({ code: z.string(), name: z.string(), items: z.array(ZBoundaryVersion) })
  .meta({ id: 'GridHistory' })
export type TGridHistory = z.infer<typeof ZGridHistory>
