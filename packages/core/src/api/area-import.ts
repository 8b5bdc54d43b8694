import { z } from 'zod'
import { ZAreaCode, ZPosition, ZTopologyReport } from './grids.ts'

/**
 * Importing and exporting the grid network: boundaries as GeoJSON or a zipped
 * Shapefile, grid attributes as an XLSX sheet. An import is a dry run unless
 * `dryRun=false`; it answers a report and writes nothing while the report
 * has a problem.
 */

/** An uploaded file (multipart/form-data part). */
export const ZUploadedFile = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, '请上传文件 / a file is required')
  .meta({ type: 'string', format: 'binary' })

/** A downloaded file (XLSX, zip, GeoJSON attachment). */
export const ZDownloadedFile = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array)
  .meta({ type: 'string', format: 'binary' })

/** Multipart text fields arrive as strings: "true"/"false", "1"/"0". */
const ZFormBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .meta({ type: 'boolean' })

export const importLevels = ['street', 'community', 'grid'] as const
export const ZImportLevel = z.enum(importLevels)
export type TImportLevel = z.infer<typeof ZImportLevel>

/** `gcj02`: the file's coordinates are GCJ-02 ("Mars") lng/lat, as from Amap/Tencent maps; converted to WGS84. */
export const importCrsFlags = ['wgs84', 'gcj02'] as const
export const ZImportCrsFlag = z.enum(importCrsFlags)
export type TImportCrsFlag = z.infer<typeof ZImportCrsFlag>

const ZPropertyName = z.string().trim().min(1).max(64)

export const ZAreaImportForm = z.object({
  /** `.geojson`/`.json` FeatureCollection, or a `.zip` holding one Shapefile (.shp, .shx, .dbf, .prj, .cpg). */
  file: ZUploadedFile,
  level: ZImportLevel,
  crs: ZImportCrsFlag.default('wgs84'),
  /** Property holding the code; by default `code`, `CODE`, `编码`, `网格编码`, `区划代码`. */
  codeField: ZPropertyName.optional(),
  /** Property holding the name; by default `name`, `NAME`, `名称`, `网格名称`. */
  nameField: ZPropertyName.optional(),
  reason: z.string().trim().min(2, '请填写导入原因 / give a reason').max(200).default('批量导入 import'),
  /** When new and redrawn boundaries take effect (default: now). */
  effectiveFrom: z.iso.datetime({ offset: true }).optional(),
  /** Parts and gaps smaller than this many m² are slivers. */
  sliverM2: z.coerce.number().min(0).max(100_000).default(200),
  /** Check and report only (the default); `false` writes when the report has no problem. */
  dryRun: ZFormBoolean.default(true),
})
export type TAreaImportForm = z.infer<typeof ZAreaImportForm>

export const featureProblemKinds = [
  'invalid_code',
  'wrong_level',
  'parent_missing',
  'duplicate_code',
  'missing_name',
  'bad_name',
  'not_polygon',
  'empty_geometry',
  'invalid_geometry',
] as const
export const ZFeatureProblemKind = z.enum(featureProblemKinds)
export type TFeatureProblemKind = z.infer<typeof ZFeatureProblemKind>

export const ZFeatureProblem = z
  .object({
    kind: ZFeatureProblemKind,
    /** 0-based position of the feature in the file. */
    index: z.number().int(),
    code: z.string().nullable(),
    /** In the caller's language. */
    message: z.string(),
    /** Where, for geometry problems (e.g. the point of a self-intersection). */
    location: ZPosition.nullable(),
  })
  .meta({ id: 'ImportFeatureProblem' })
export type TFeatureProblem = z.infer<typeof ZFeatureProblem>

export const ZAreaImportReport = z
  .object({
    /** True only when the import was confirmed and written. */
    applied: z.boolean(),
    dryRun: z.boolean(),
    /** No feature problem and no topology problem: a confirmed import would be written. */
    ok: z.boolean(),
    level: ZImportLevel,
    format: z.enum(['geojson', 'shapefile']),
    /** What the coordinates were read as, e.g. `EPSG:4326`, `CGCS2000 3-degree Gauss-Kruger zone 39`. */
    sourceCrs: z.string(),
    /** False when the file named no CRS and its coordinates were taken as lng/lat. */
    crsDeclared: z.boolean(),
    /** The coordinates were converted from GCJ-02. */
    convertedFromGcj02: z.boolean(),
    featuresRead: z.number().int(),
    problems: z.array(ZFeatureProblem),
    /** Codes that would be (or were) created, redrawn (new boundary version), or left as they are. */
    created: z.array(z.string()),
    redrawn: z.array(z.string()),
    unchanged: z.array(z.string()),
    /** The topology of every parent the import touches, with the import in place. */
    topology: z.array(ZTopologyReport),
  })
  .meta({ id: 'AreaImportReport' })
export type TAreaImportReport = z.infer<typeof ZAreaImportReport>

// ---------------------------------------------------------------- export

export const ZAreaExportQuery = z.object({
  level: ZImportLevel.default('grid'),
  /** Only areas under this one (default: the caller's whole jurisdiction). */
  under: ZAreaCode.optional(),
  format: z.enum(['geojson', 'shapefile']).default('geojson'),
})
export type TAreaExportQuery = z.infer<typeof ZAreaExportQuery>

// ---------------------------------------------------------------- grid attributes (XLSX)

export const ZGridAttributesExportQuery = z.object({ under: ZAreaCode.optional() })
export type TGridAttributesExportQuery = z.infer<typeof ZGridAttributesExportQuery>

export const ZGridAttributesImportForm = z.object({
  /** The sheet as exported by `exportGridAttributes` (first worksheet, header in row 1). */
  file: ZUploadedFile,
  dryRun: ZFormBoolean.default(true),
})
export type TGridAttributesImportForm = z.infer<typeof ZGridAttributesImportForm>

export const gridAttributeFields = [
  'gridType',
  'servedUnit',
  'households',
  'population',
  'responsibleParty',
] as const
export const ZGridAttributeField = z.enum(gridAttributeFields)
export type TGridAttributeField = z.infer<typeof ZGridAttributeField>

export const attributeProblemKinds = [
  'missing_code',
  'unknown_grid',
  'duplicate_code',
  'bad_type',
  'bad_number',
  'served_unit_on_basic',
  'too_long',
] as const
export const ZAttributeProblemKind = z.enum(attributeProblemKinds)

export const ZAttributeProblem = z
  .object({
    kind: ZAttributeProblemKind,
    /** Spreadsheet row number (1 is the header). */
    row: z.number().int(),
    /** The column's header as in the sheet, and its letter. */
    column: z.string(),
    cell: z.string(),
    code: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'GridAttributeProblem' })
export type TAttributeProblem = z.infer<typeof ZAttributeProblem>

const ZAttributeValue = z.union([z.string(), z.number(), z.null()])
export const ZAttributeChange = z
  .object({
    row: z.number().int(),
    code: z.string(),
    name: z.string(),
    changes: z.array(
      z.object({ field: ZGridAttributeField, before: ZAttributeValue, after: ZAttributeValue }),
    ),
  })
  .meta({ id: 'GridAttributeChange' })
export type TAttributeChange = z.infer<typeof ZAttributeChange>

export const ZGridAttributesImportReport = z
  .object({
    applied: z.boolean(),
    dryRun: z.boolean(),
    ok: z.boolean(),
    rowsRead: z.number().int(),
    /** Columns recognised in the header; absent columns are left as they are. */
    columns: z.array(ZGridAttributeField),
    changed: z.array(ZAttributeChange),
    unchanged: z.number().int(),
    problems: z.array(ZAttributeProblem),
  })
  .meta({ id: 'GridAttributesImportReport' })
export type TGridAttributesImportReport = z.infer<typeof ZGridAttributesImportReport>
