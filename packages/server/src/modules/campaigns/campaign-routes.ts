import {
  ZCampaign,
  ZCampaignIdParams,
  ZCampaignItem,
  ZCampaignItemIdParams,
  ZCampaignItemList,
  ZCampaignItemListQuery,
  ZCampaignList,
  ZCampaignListQuery,
  ZCampaignProgress,
  ZCampaignProgressQuery,
  ZCampaignTargetPreview,
  ZCampaignTemplates,
  ZCreateCampaign,
  ZExportCampaignQuery,
  ZMyCampaignItems,
  ZMyCampaignItemsQuery,
  ZPreviewCampaignTargets,
  ZReassignCampaignItems,
  ZReassigned,
  ZSubmitCampaignItem,
} from '@onegrid/core/api/campaigns'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import { ZStreamedFile } from '../../platform/http/streamed-file.ts'
import type { CampaignProgress } from './campaign-progress.ts'
import type { CampaignService } from './campaigns.ts'
import type { CreateCampaign } from './create-campaign.ts'
import type { ExportCampaign } from './export-campaign.ts'
import type { SubmitCampaignItem } from './submit-item.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const manages = { access: { permission: 'campaigns.manage' } } as const
const reads = { access: { permission: 'campaigns.read' } } as const
const assigns = { access: { permission: 'campaigns.assign' } } as const
const does = { access: { permission: 'fieldwork.do' } } as const
const tags = ['campaigns']

export type CampaignServices = {
  campaigns: CampaignService
  create: CreateCampaign
  submit: SubmitCampaignItem
  progress: CampaignProgress
  export: ExportCampaign
}

/** Campaigns (专项任务) and their items. Handlers only translate HTTP. */
export const campaignRoutes =
  (s: CampaignServices): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/campaign-templates',
      {
        config: reads,
        schema: {
          operationId: 'listCampaignTemplates',
          summary:
            'The default campaign templates (出租房屋消防安全检查, 独居老人探访, 汛期巡查, 疫情入户排查)',
          tags,
          response: { 200: ZCampaignTemplates, ...errors },
        },
      },
      async () => s.campaigns.templates(),
    )

    app.post(
      '/api/campaigns/preview',
      {
        config: manages,
        schema: {
          operationId: 'previewCampaignTargets',
          summary:
            'How many work items a target selection would make within one’s jurisdiction: per chosen area, grids, grids without a worker',
          tags,
          body: ZPreviewCampaignTargets,
          response: { 200: ZCampaignTargetPreview, ...errors },
        },
      },
      async (request) => s.create.preview(requireUser(request), request.body.targets),
    )

    app.post(
      '/api/campaigns',
      {
        config: manages,
        schema: {
          operationId: 'createCampaign',
          summary:
            'Issue a campaign: one work item per target object of the chosen areas within one’s jurisdiction, each assigned to its grid’s worker; deadline by the working-day calendar; audited',
          tags,
          body: ZCreateCampaign,
          response: { 201: ZCampaign, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.create.create(requireUser(request), actorOf(request), request.body)),
    )

    app.get(
      '/api/campaigns',
      {
        config: reads,
        schema: {
          operationId: 'listCampaigns',
          summary: 'Campaigns sent to areas of one’s jurisdiction, active first, with figures for one’s part',
          tags,
          querystring: ZCampaignListQuery,
          response: { 200: ZCampaignList, ...errors },
        },
      },
      async (request) => s.campaigns.list(requireUser(request), request.query),
    )

    app.get(
      '/api/campaigns/:id',
      {
        config: reads,
        schema: {
          operationId: 'getCampaign',
          summary: 'One campaign with its form and figures for one’s part of it',
          tags,
          params: ZCampaignIdParams,
          response: { 200: ZCampaign, ...errors },
        },
      },
      async (request) => s.campaigns.get(requireUser(request), request.params.id),
    )

    app.get(
      '/api/campaigns/:id/progress',
      {
        config: reads,
        schema: {
          operationId: 'getCampaignProgress',
          summary:
            'Progress per street, community or grid under an area: done/total, overdue, hazards and their cases’ state, laggards behind the time elapsed; frozen once closed',
          tags,
          params: ZCampaignIdParams,
          querystring: ZCampaignProgressQuery,
          response: { 200: ZCampaignProgress, ...errors },
        },
      },
      async (request) => s.progress.progress(requireUser(request), request.params.id, request.query),
    )

    app.get(
      '/api/campaigns/:id/items',
      {
        config: reads,
        schema: {
          operationId: 'listCampaignItems',
          summary:
            'A campaign’s work items within one’s jurisdiction (a grid worker: their own), by area, status, assignee, hazard, overdue',
          tags,
          params: ZCampaignIdParams,
          querystring: ZCampaignItemListQuery,
          response: { 200: ZCampaignItemList, ...errors },
        },
      },
      async (request) => s.campaigns.items(requireUser(request), request.params.id, request.query),
    )

    app.get(
      '/api/campaign-items/mine',
      {
        config: does,
        schema: {
          operationId: 'listMyCampaignItems',
          summary: 'The field app’s list: one’s open items of active campaigns, with each campaign’s form',
          tags,
          querystring: ZMyCampaignItemsQuery,
          response: { 200: ZMyCampaignItems, ...errors },
        },
      },
      async (request) => s.campaigns.mine(requireUser(request), request.query),
    )

    app.post(
      '/api/campaign-items/:id',
      {
        config: does,
        schema: {
          operationId: 'submitCampaignItem',
          summary:
            'Save one’s answers to an item (partial: in progress; complete: done); a hazard can become a case, once per item; once per Idempotency-Key; 409 when the campaign is closed',
          tags,
          params: ZCampaignItemIdParams,
          body: ZSubmitCampaignItem,
          response: { 200: ZCampaignItem, ...errors },
        },
      },
      async (request) =>
        s.submit.submit(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/campaigns/:id/reassign',
      {
        config: assigns,
        schema: {
          operationId: 'reassignCampaignItems',
          summary: 'The grid leader hands items of their grids to another worker posted on the grid; audited',
          tags,
          params: ZCampaignIdParams,
          body: ZReassignCampaignItems,
          response: { 200: ZReassigned, ...errors },
        },
      },
      async (request) =>
        s.campaigns.reassign(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/campaigns/:id/close',
      {
        config: manages,
        schema: {
          operationId: 'closeCampaign',
          summary:
            'Close a campaign (the issuing office): its figures are frozen, later submissions refused; audited',
          tags,
          params: ZCampaignIdParams,
          response: { 200: ZCampaign, ...errors },
        },
      },
      async (request) => s.campaigns.close(requireUser(request), actorOf(request), request.params.id),
    )

    app.get(
      '/api/campaigns/:id/export',
      {
        config: manages,
        schema: {
          operationId: 'exportCampaignResults',
          summary:
            'The results within one’s jurisdiction: XLSX, one row per item with every question as a column; or PDF, the summary report for the issuing office; audited',
          tags,
          params: ZCampaignIdParams,
          querystring: ZExportCampaignQuery,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf'],
          response: { 200: ZStreamedFile, ...errors },
        },
      },
      async (request, reply) => {
        const { filename, contentType, body } = await s.export.export(
          requireUser(request),
          actorOf(request),
          request.params.id,
          request.query.format,
        )
        const ascii = filename.replace(/[^\x20-\x7e]/g, '_')
        return reply
          .header('content-type', contentType)
          .header(
            'content-disposition',
            `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          )
          .send(body)
      },
    )
  }
