import type { TAreaFeatureCollection, TAreaList } from '@onegrid/core/api/areas'
import type { THealth, TVersionInfo } from '@onegrid/core/api/system'
import type { AreaLevel } from '@onegrid/core/codes/area-code'
import { currentLocale } from '../i18n/index.ts'
import { createApiClient } from './client.ts'

export const api = createApiClient({ locale: currentLocale })

export interface AreaFilter {
  under?: string | undefined
  level?: AreaLevel | undefined
}

export const getHealth = (signal?: AbortSignal) => api.get<THealth>('/health', undefined, { signal })

export const getVersion = (signal?: AbortSignal) =>
  api.get<TVersionInfo>('/api/version', undefined, { signal })

export const listAreas = (filter: AreaFilter = {}, signal?: AbortSignal) =>
  api.get<TAreaList>('/api/areas', { ...filter }, { signal })

export const getAreasGeoJson = (filter: AreaFilter = {}, signal?: AbortSignal) =>
  api.get<TAreaFeatureCollection>('/api/areas/geojson', { ...filter }, { signal })
