import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZDashboard,
  ZDashboardQuery,
  ZKpiDefinitionList,
  ZKpiQuery,
  ZKpiReport,
  ZKpiTrend,
  ZKpiTrendQuery,
  ZRanking,
  ZRankingQuery,
  ZStatSettings,
} from '@onegrid/core/api/stats'
import { kpiDefinitions } from '@onegrid/core/stats/kpis'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import type { StatsService } from './stats-service.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody }
const reads = { access: { permission: 'stats.read' } } as const
const manages = { access: { permission: 'assessment.manage' } } as const
const tags = ['stats']

/** Statistics (统计): KPIs, trends, rankings, the dashboard. Handlers only translate HTTP. */
export const statsRoutes =
  (s: StatsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/stats/kpis',
      {
        config: reads,
        schema: {
          operationId: 'getKpis',
          summary:
            'KPIs of one’s jurisdiction (or an area or department of it) for a period: totals and a breakdown by area level, category, channel, department or person; every rate with its numerator and denominator',
          tags,
          querystring: ZKpiQuery,
          response: { 200: ZKpiReport, ...errors },
        },
      },
      async (request) => s.getKpis(requireUser(request), request.query),
    )

    app.get(
      '/api/stats/trend',
      {
        config: reads,
        schema: {
          operationId: 'getKpiTrend',
          summary:
            'KPIs over the last N periods of a kind (days, weeks, half months, months, quarters, years)',
          tags,
          querystring: ZKpiTrendQuery,
          response: { 200: ZKpiTrend, ...errors },
        },
      },
      async (request) => s.getTrend(requireUser(request), request.query),
    )

    app.get(
      '/api/stats/ranking',
      {
        config: reads,
        schema: {
          operationId: 'getRanking',
          summary:
            'Streets, communities, grids, departments or people ranked by a KPI; the bottom N flagged, small samples listed unranked (or left out)',
          tags,
          querystring: ZRankingQuery,
          response: { 200: ZRanking, ...errors },
        },
      },
      async (request) => s.getRanking(requireUser(request), request.query),
    )

    app.get(
      '/api/stats/dashboard',
      {
        config: reads,
        schema: {
          operationId: 'getDashboard',
          summary:
            'The command center’s dashboard of one’s scope: headline KPIs with the previous period, today, a 30-day trend, category and channel shares, the next level ranked, open cases by deadline light and the most overdue',
          tags,
          querystring: ZDashboardQuery,
          response: { 200: ZDashboard, ...errors },
        },
      },
      async (request) => s.getDashboard(requireUser(request), request.query),
    )

    app.get(
      '/api/stats/definitions',
      {
        config: reads,
        schema: {
          operationId: 'listKpiDefinitions',
          summary: 'Every KPI: key, name, formula, numerator and denominator (docs/KPI.md)',
          tags,
          response: { 200: ZKpiDefinitionList, ...errors },
        },
      },
      async () => ({
        items: kpiDefinitions.map((d) => ({
          key: d.key,
          name: d.name,
          kind: d.kind,
          better: d.better,
          formula: d.formula,
          numerator: typeof d.numerator === 'string' ? [d.numerator] : [...d.numerator],
          denominator: ('denominator' in d ? d.denominator : undefined) ?? null,
        })),
      }),
    )

    app.get(
      '/api/stats/settings',
      {
        config: reads,
        schema: {
          operationId: 'getStatSettings',
          summary: 'The district’s statistics settings: the small-sample minimum and which 结案率 it shows',
          tags,
          response: { 200: ZStatSettings, ...errors },
        },
      },
      async (request) => s.settingsFor(requireUser(request)),
    )

    app.put(
      '/api/stats/settings',
      {
        config: manages,
        schema: {
          operationId: 'updateStatSettings',
          summary: 'Set the small-sample minimum and the 结案率 variant (district-wide staff)',
          tags,
          body: ZStatSettings,
          response: { 200: ZStatSettings, ...errors },
        },
      },
      async (request) => s.updateSettings(requireUser(request), request.body),
    )
  }
