// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  CampaignItemStatus,
  TCampaign,
  TCampaignAreaProgress,
  TCampaignFigures,
  TCampaignItem,
  TCampaignList,
  TCampaignProgress,
  TCampaignTargetPreview,
  TCampaignTargets,
  TCreateCampaign,
} from '@onegrid/core/api/campaigns'
import type { CampaignTemplate } from '@onegrid/core/campaigns/templates'
import { buildUrl } from './client.ts'
import { api } from './endpoints.ts'
import { compactQuery } from './registry.ts'

export type {
  CampaignItemStatus,
  TCampaign,
  TCampaignAreaProgress,
  TCampaignFigures,
  TCampaignItem,
  TCampaignList,
  TCampaignProgress,
  TCampaignTargetPreview,
  TCampaignTargets,
  TCreateCampaign,
}

export type CampaignSummary = TCampaignList['items'][number]
export type CampaignStatus = TCampaign['status']
export type ProgressLevel = 'street' | 'community' | 'grid'

export interface CampaignListQuery {
  status?: CampaignStatus | undefined
  q?: string | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

export interface CampaignItemQuery {
  status?: CampaignItemStatus | undefined
  areaCode?: string | undefined
  assigneeId?: number | undefined
  hazard?: boolean | undefined
  overdue?: boolean | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

export interface CampaignItemList {
  items: TCampaignItem[]
  total: number
  page: number
  pageSize: number
}

const base = '/api/campaigns'

/** The templates the server offers (the four defaults, and any added later). */
export const listCampaignTemplates = () => api.get<{ items: CampaignTemplate[] }>('/api/campaign-templates')

/** How many items a selection would make, per area named, and grids with nobody on duty. */
export const previewCampaignTargets = (targets: TCampaignTargets, signal?: AbortSignal) =>
  api.request<TCampaignTargetPreview>('POST', `${base}/preview`, { body: { targets }, signal })

/** 201 with the campaign; 400 names the field (`targets.areaCodes`, `form.questions.2.options`, `deadlineDate`). */
export const createCampaign = (body: TCreateCampaign) => api.post<TCampaign>(base, body)

export const listCampaigns = (query: CampaignListQuery, signal?: AbortSignal) =>
  api.get<TCampaignList>(base, compactQuery({ ...query }), { signal })

export const getCampaign = (id: number, signal?: AbortSignal) =>
  api.get<TCampaign>(`${base}/${id}`, undefined, { signal })

export const getCampaignProgress = (
  id: number,
  query: { level?: ProgressLevel | undefined; under?: string | undefined; laggards?: number | undefined },
  signal?: AbortSignal,
) => api.get<TCampaignProgress>(`${base}/${id}/progress`, compactQuery({ ...query }), { signal })

export const listCampaignItems = (id: number, query: CampaignItemQuery, signal?: AbortSignal) =>
  api.get<CampaignItemList>(`${base}/${id}/items`, compactQuery({ ...query }), { signal })

/** The grid leader hands items of their grids to another worker of the grid. */
export const reassignCampaignItems = (id: number, body: { itemIds: number[]; assigneeId: number }) =>
  api.post<{ reassigned: number }>(`${base}/${id}/reassign`, body)

/** Ends the campaign and freezes its figures; 409 when it was closed already. */
export const closeCampaign = (id: number) => api.post<TCampaign>(`${base}/${id}/close`)

/** The results as a file: one row per item with its answers (XLSX), or the summary report (PDF). */
export const campaignExportUrl = (id: number, format: 'xlsx' | 'pdf') =>
  buildUrl('', `${base}/${id}/export`, { format })
