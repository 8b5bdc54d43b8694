import type {
  TAreaImportReport,
  TGridAttributesImportReport,
  TImportCrsFlag,
  TImportLevel,
} from '@onegrid/core/api/area-import'
import type { TAreaFeatureCollection, TAreaList } from '@onegrid/core/api/areas'
import type {
  TAddQualificationBody,
  TAddTrainingBody,
  TAssignGridStaffBody,
  TEmployment,
  TGridStaff,
  TGridStaffing,
  TGridWorkerList,
  TUpdateWorkerProfileBody,
  TWorkerProfile,
} from '@onegrid/core/api/grid-staff'
import type {
  TAreaDetail,
  TAreaTree,
  TGridFeature,
  TGridHistory,
  TGridList,
  TGridType,
  TLocation,
  TRedrawBody,
  TRedrawResult,
  TTopologyQuery,
  TTopologyReport,
} from '@onegrid/core/api/grids'
import type { THealth, TMapConfig, TVersionInfo } from '@onegrid/core/api/system'
import type { AreaLevel } from '@onegrid/core/codes/area-code'
import { currentLocale } from '../i18n/index.ts'
import { buildUrl, createApiClient } from './client.ts'

export const api = createApiClient({ locale: currentLocale })

export interface AreaFilter {
  under?: string | undefined
  level?: AreaLevel | undefined
}

export const getHealth = (signal?: AbortSignal) => api.get<THealth>('/health', undefined, { signal })

export const getVersion = (signal?: AbortSignal) =>
  api.get<TVersionInfo>('/api/version', undefined, { signal })

export const getMapConfig = () => api.get<TMapConfig>('/api/map-config')

export const listAreas = (filter: AreaFilter = {}, signal?: AbortSignal) =>
  api.get<TAreaList>('/api/areas', { ...filter }, { signal })

export const getAreasGeoJson = (
  /** `zoom`: simplified for that map zoom; `rev`: a new value skips the browser's cached copy (after a redraw). */
  filter: AreaFilter & { zoom?: number | undefined; rev?: number | undefined } = {},
  signal?: AbortSignal,
) => api.get<TAreaFeatureCollection>('/api/areas/geojson', { ...filter }, { signal })

// ---------------------------------------------------------------- the grid network

export const getAreaTree = (query: { root?: string | undefined; depth?: number | undefined } = {}) =>
  api.get<TAreaTree>('/api/areas/tree', { ...query })

export const getAreaDetail = (code: string, signal?: AbortSignal) =>
  api.get<TAreaDetail>(`/api/areas/${encodeURIComponent(code)}`, undefined, { signal })

export interface GridListQuery {
  under?: string | undefined
  q?: string | undefined
  type?: TGridType | undefined
  limit?: number | undefined
  offset?: number | undefined
}
export const listGrids = (query: GridListQuery = {}, signal?: AbortSignal) =>
  api.get<TGridList>('/api/grids', { ...query }, { signal })

/** A grid's boundary at full precision, now or valid at `at` (ISO date-time). */
export const getGridGeometry = (code: string, at?: string) =>
  api.get<TGridFeature>(`/api/grids/${encodeURIComponent(code)}/geometry`, { at })

export const getGridHistory = (code: string) =>
  api.get<TGridHistory>(`/api/grids/${encodeURIComponent(code)}/history`)

export const redrawGrid = (code: string, body: TRedrawBody) =>
  api.post<TRedrawResult>(`/api/grids/${encodeURIComponent(code)}/redraw`, body)

export const checkTopology = (query: Partial<TTopologyQuery> = {}) =>
  api.get<TTopologyReport>('/api/grids/topology', { ...query })

export const locateGrid = (lng: number, lat: number) => api.get<TLocation>('/api/grids/locate', { lng, lat })

/** Per grid under an area: staff counts and household load per grid worker (the map's "by load"). */
export const getGridStaffing = (under: string | undefined, signal?: AbortSignal) =>
  api.get<TGridStaffing>('/api/grids/staffing', { under }, { signal })

/** Who is posted to a grid: leader, workers, supervisors, department liaisons, with loads and flags. */
export const listGridStaff = (code: string, signal?: AbortSignal) =>
  api.get<TGridStaff>(`/api/grids/${encodeURIComponent(code)}/staff`, undefined, { signal })

/** Replaces the grid's whole staff set; the answer carries warnings (a worker's load over the limit). */
export const assignGridStaff = (code: string, body: TAssignGridStaffBody) =>
  api.request<TGridStaff>('PUT', `/api/grids/${encodeURIComponent(code)}/staff`, { body })

export interface GridWorkerFilter {
  under?: string | undefined
  q?: string | undefined
  qualified?: boolean | undefined
  role?: 'grid_leader' | 'grid_worker' | undefined
  employment?: TEmployment | undefined
  limit?: number | undefined
  offset?: number | undefined
}

export const listGridWorkers = (filter: GridWorkerFilter = {}, signal?: AbortSignal) =>
  api.get<TGridWorkerList>('/api/grid-workers', { ...filter }, { signal })

export const getWorkerProfile = (userId: number) => api.get<TWorkerProfile>(`/api/grid-workers/${userId}`)

export const updateWorkerProfile = (userId: number, body: TUpdateWorkerProfileBody) =>
  api.patch<TWorkerProfile>(`/api/grid-workers/${userId}`, body)

export const addWorkerTraining = (userId: number, body: TAddTrainingBody) =>
  api.post<TWorkerProfile>(`/api/grid-workers/${userId}/trainings`, body)

export const addWorkerQualification = (userId: number, body: TAddQualificationBody) =>
  api.post<TWorkerProfile>(`/api/grid-workers/${userId}/qualifications`, body)

// ---------------------------------------------------------------- importing and exporting the network

export interface AreaImportFields {
  file: Blob
  /** The file's name as picked; the server judges the file by its bytes, not its name. */
  filename: string
  level: TImportLevel
  crs: TImportCrsFlag
  reason: string
  /** ISO date-time; left out, the import takes effect now. */
  effectiveFrom?: string | undefined
  dryRun: boolean
}

/** Boundaries of one level from GeoJSON or a zipped Shapefile: a report, written only when confirmed and clean. */
export function importAreas(fields: AreaImportFields) {
  const form = new FormData()
  form.set('level', fields.level)
  form.set('crs', fields.crs)
  form.set('reason', fields.reason)
  if (fields.effectiveFrom) form.set('effectiveFrom', fields.effectiveFrom)
  form.set('dryRun', String(fields.dryRun))
  form.set('file', fields.file, fields.filename)
  return api.post<TAreaImportReport>('/api/areas/import', form)
}

/** The grid attribute sheet back (XLSX): a report per row and cell, written only when confirmed and clean. */
export function importGridAttributes(fields: { file: Blob; filename: string; dryRun: boolean }) {
  const form = new FormData()
  form.set('dryRun', String(fields.dryRun))
  form.set('file', fields.file, fields.filename)
  return api.post<TGridAttributesImportReport>('/api/grids/attributes/import', form)
}

/** A download link (same origin, the session cookie goes along) for one level's boundaries. */
export const exportAreasUrl = (query: {
  level: TImportLevel
  under?: string | undefined
  format: 'geojson' | 'shapefile'
}) => buildUrl('', '/api/areas/export', { ...query })

/** A download link for the grid attribute sheet (XLSX) under an area. */
export const gridAttributesUrl = (under?: string) => buildUrl('', '/api/grids/attributes.xlsx', { under })
