// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  TBuilding,
  TBuildingList,
  TBuildingSummary,
  TCamera,
  TCameraList,
  TCameraSummary,
  TComponent,
  TComponentList,
  TComponentSummary,
  TCreateBuilding,
  TCreateCamera,
  TCreateComponent,
  TCreateHouse,
  TCreateOrganization,
  THouse,
  THouseList,
  THouseSummary,
  TOrganization,
  TOrganizationList,
  TOrganizationSummary,
  TPlaceMap,
  TRevealPlaceField,
  TTenancy,
  TTenancyInput,
  TUpdateBuilding,
  TUpdateCamera,
  TUpdateComponent,
  TUpdateHouse,
  TUpdateOrganization,
  TUpdateTenancy,
} from '@onegrid/core/api/places'
import type { PlaceKind } from '@onegrid/core/registry/places'
import { currentLocale } from '../i18n/index.ts'
import { acceptLanguage } from '../i18n/locale.ts'
import { ApiError, buildUrl, errorFromResponse } from './client.ts'
import { api } from './endpoints.ts'
import { compactQuery } from './registry.ts'

export type {
  PlaceKind,
  TBuilding,
  TBuildingList,
  TBuildingSummary,
  TCamera,
  TCameraList,
  TCameraSummary,
  TComponent,
  TComponentList,
  TComponentSummary,
  TCreateBuilding,
  TCreateCamera,
  TCreateComponent,
  TCreateHouse,
  TCreateOrganization,
  THouse,
  THouseList,
  THouseSummary,
  TOrganization,
  TOrganizationList,
  TOrganizationSummary,
  TPlaceMap,
  TRevealPlaceField,
  TTenancy,
  TTenancyInput,
  TUpdateBuilding,
  TUpdateCamera,
  TUpdateComponent,
  TUpdateHouse,
  TUpdateOrganization,
  TUpdateTenancy,
}

export type PlaceMapItem = TPlaceMap['items'][number]
export type RevealablePlaceField = TRevealPlaceField['field']
/** The kinds with a field kept encrypted that `revealPlaceField` returns. */
export type RevealablePlaceKind = 'organization' | 'camera'

/**
 * One search for every kind; the server refuses a filter the kind does not have (by name), so the page
 * sends only the kind's own. Empty values are left out.
 */
export interface PlaceQuery {
  q?: string | undefined
  areaCode?: string | undefined
  tag?: string | undefined
  /** Buildings' and houses' use. */
  use?: string | undefined
  /** Organizations' and cameras' kind. */
  kind?: string | undefined
  /** Components' state, organizations' and cameras' status. */
  state?: string | undefined
  buildingId?: number | undefined
  /** Houses with (true) or without (false) a current tenant. */
  rented?: boolean | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

/** What each kind's list, record and create/update carry. */
export interface PlaceTypes {
  building: { summary: TBuildingSummary; detail: TBuilding; create: TCreateBuilding; update: TUpdateBuilding }
  house: { summary: THouseSummary; detail: THouse; create: TCreateHouse; update: TUpdateHouse }
  organization: {
    summary: TOrganizationSummary
    detail: TOrganization
    create: TCreateOrganization
    update: TUpdateOrganization
  }
  component: {
    summary: TComponentSummary
    detail: TComponent
    create: TCreateComponent
    update: TUpdateComponent
  }
  camera: { summary: TCameraSummary; detail: TCamera; create: TCreateCamera; update: TUpdateCamera }
}

export type PlaceSummary<K extends PlaceKind = PlaceKind> = PlaceTypes[K]['summary']
export type PlaceDetail<K extends PlaceKind = PlaceKind> = PlaceTypes[K]['detail']
export interface PlaceList<K extends PlaceKind> {
  items: PlaceSummary<K>[]
  total: number
  totalCapped: boolean
  page: number
  pageSize: number
}

/** The collection each kind lives under. */
export const placePaths: Readonly<Record<PlaceKind, string>> = {
  building: '/api/registry/buildings',
  house: '/api/registry/houses',
  organization: '/api/registry/organizations',
  component: '/api/registry/components',
  camera: '/api/registry/cameras',
}

const onePath = (kind: PlaceKind, id: number) => `${placePaths[kind]}/${id}`

/** A kind's records in the caller's jurisdiction by text, area, tag and the kind's filters, paged. */
export const searchPlaces = <K extends PlaceKind>(kind: K, query: PlaceQuery, signal?: AbortSignal) =>
  api.get<PlaceList<K>>(placePaths[kind], compactQuery({ ...query }), { signal })

/** The record with its history and the cases it is a party to (and a building's houses, a house's tenancies…). */
export const getPlace = <K extends PlaceKind>(kind: K, id: number, signal?: AbortSignal) =>
  api.get<PlaceDetail<K>>(onePath(kind, id), undefined, { signal })

/** 201 with the record; 400 names the fields in the caller's language. */
export const createPlace = <K extends PlaceKind>(kind: K, body: PlaceTypes[K]['create']) =>
  api.post<PlaceDetail<K>>(placePaths[kind], body)

/** Only the fields given change; 409 when `version` is no longer the current one. */
export const updatePlace = <K extends PlaceKind>(kind: K, id: number, body: PlaceTypes[K]['update']) =>
  api.patch<PlaceDetail<K>>(onePath(kind, id), body)

export const searchBuildings = (query: PlaceQuery, signal?: AbortSignal) =>
  searchPlaces('building', query, signal)
export const searchHouses = (query: PlaceQuery, signal?: AbortSignal) => searchPlaces('house', query, signal)
export const searchOrganizations = (query: PlaceQuery, signal?: AbortSignal) =>
  searchPlaces('organization', query, signal)
export const searchComponents = (query: PlaceQuery, signal?: AbortSignal) =>
  searchPlaces('component', query, signal)
export const searchCameras = (query: PlaceQuery, signal?: AbortSignal) =>
  searchPlaces('camera', query, signal)

export const getBuilding = (id: number, signal?: AbortSignal) => getPlace('building', id, signal)
export const getHouse = (id: number, signal?: AbortSignal) => getPlace('house', id, signal)
export const getOrganization = (id: number, signal?: AbortSignal) => getPlace('organization', id, signal)
export const getComponent = (id: number, signal?: AbortSignal) => getPlace('component', id, signal)
export const getCamera = (id: number, signal?: AbortSignal) => getPlace('camera', id, signal)

export const createBuilding = (body: TCreateBuilding) => createPlace('building', body)
export const createHouse = (body: TCreateHouse) => createPlace('house', body)
export const createOrganization = (body: TCreateOrganization) => createPlace('organization', body)
export const createComponent = (body: TCreateComponent) => createPlace('component', body)
export const createCamera = (body: TCreateCamera) => createPlace('camera', body)

export const updateBuilding = (id: number, body: TUpdateBuilding) => updatePlace('building', id, body)
export const updateHouse = (id: number, body: TUpdateHouse) => updatePlace('house', id, body)
export const updateOrganization = (id: number, body: TUpdateOrganization) =>
  updatePlace('organization', id, body)
export const updateComponent = (id: number, body: TUpdateComponent) => updatePlace('component', id, body)
export const updateCamera = (id: number, body: TUpdateCamera) => updatePlace('camera', id, body)

/** Who rents (a room of) the house from when; the tenant is a person of the registry. */
export const addTenancy = (houseId: number, body: TTenancyInput) =>
  api.post<TTenancy>(`${placePaths.house}/${houseId}/tenancies`, body)

/** Corrects a tenancy, or ends it by giving its end date; 409 on a stale version. */
export const updateTenancy = (houseId: number, tenancyId: number, body: TUpdateTenancy) =>
  api.patch<TTenancy>(`${placePaths.house}/${houseId}/tenancies/${tenancyId}`, body)

/** Ending a tenancy is setting its end date (the last day the tenant lives there). */
export const endTenancy = (houseId: number, tenancy: Pick<TTenancy, 'id' | 'version'>, endDate: string) =>
  updateTenancy(houseId, tenancy.id, { endDate, version: tenancy.version })

/** Points of the chosen kinds inside an area (the caller's whole jurisdiction without one), capped. */
export const listPlacesOnMap = (
  query: { areaCode?: string | null | undefined; kinds?: readonly PlaceKind[] | undefined },
  signal?: AbortSignal,
) =>
  api.get<TPlaceMap>(
    '/api/registry/places/map',
    compactQuery({
      areaCode: query.areaCode,
      kinds: query.kinds?.length ? query.kinds.join(',') : undefined,
    }),
    { signal },
  )

/** An organization contact's phone or a camera's stream URL in full, with the reason; audited. */
export const revealPlaceField = (kind: RevealablePlaceKind, id: number, body: TRevealPlaceField) =>
  api.post<{ field: RevealablePlaceField; value: string | null }>(
    `/api/registry/places/${kind}/${id}/reveal`,
    body,
  )

/** The address of a kind's export: the list's filters, every page (so no paging). */
export function placesExportUrl(kind: PlaceKind, query: PlaceQuery): string {
  const { page: _page, pageSize: _pageSize, ...filters } = query
  return buildUrl('', `${placePaths[kind]}/export`, compactQuery({ ...filters }))
}

/** The file name the server gives (`filename*=UTF-8''房屋-2026-11-20.xlsx`), else the plain one, else none. */
export function attachmentName(disposition: string | null): string | null {
  if (!disposition) return null
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1]
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim())
    } catch {
      // A malformed escape: the plain name below.
    }
  }
  return /(?:^|;)\s*filename="?([^";]+)"?/i.exec(disposition)?.[1]?.trim() ?? null
}

/**
 * A kind's filtered list as an XLSX sheet (exportBuildings … exportCameras; needs registry.import). Fetched
 * rather than followed as a link, so that a refusal — a list over 200,000 rows is a 400 naming the
 * filter to narrow — reaches the page as an ApiError instead of replacing it with the error's JSON. The
 * sheet is held in memory until saved: at most a few tens of megabytes.
 */
export async function downloadPlacesExport(
  kind: PlaceKind,
  query: PlaceQuery,
  signal?: AbortSignal,
): Promise<{ blob: Blob; fileName: string }> {
  let response: Response
  try {
    response = await fetch(placesExportUrl(kind, query), {
      headers: { 'Accept-Language': acceptLanguage(currentLocale()) },
      credentials: 'same-origin',
      signal: signal ?? null,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError({ status: 0, code: 'network', message: 'Network request failed', cause })
  }
  if (!response.ok) throw await errorFromResponse(response)
  const fileName = attachmentName(response.headers.get('content-disposition')) ?? `${kind}.xlsx`
  return { blob: await response.blob(), fileName }
}
