import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZGridCodeParams,
  ZGridFeature,
  ZGridGeometryQuery,
  ZGridHistory,
  ZGridList,
  ZGridListQuery,
  ZLocateBatchBody,
  ZLocateBatchResult,
  ZLocateQuery,
  ZLocation,
  ZRedrawBody,
  ZRedrawResult,
  ZTopologyQuery,
  ZTopologyReport,
} from '@onegrid/core/api/grids'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { GeographyScope } from './geography-scope.ts'
import type { GridLocator } from './locate.ts'
import type { GridRedraw } from './redraw.ts'
import type { AreaService } from './service.ts'

export type GridServices = { locator: GridLocator; redraw: GridRedraw; readScope: GeographyScope }

const signedIn = { access: { signedIn: true } } as const

export const gridRoutes =
  (areas: AreaService, grids: GridServices): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/grids',
      {
        config: signedIn,
        schema: {
          operationId: 'listGrids',
          summary: 'Grids of the caller’s jurisdiction with their attributes; search by code prefix or name',
          tags: ['grids'],
          querystring: ZGridListQuery,
          response: { 200: ZGridList, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => areas.listGrids(await grids.readScope(requireUser(request).scope), request.query),
    )

    app.get(
      '/api/grids/locate',
      {
        config: signedIn,
        schema: {
          operationId: 'locateGrid',
          summary:
            'Point (WGS84) → grid, community, street and district; `at` uses the boundaries of that time',
          tags: ['grids'],
          querystring: ZLocateQuery,
          response: { 200: ZLocation, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => {
        const { lng, lat, at } = request.query
        return grids.locator.locate(
          await grids.readScope(requireUser(request).scope),
          lng,
          lat,
          at ? new Date(at) : null,
        )
      },
    )

    app.post(
      '/api/grids/locate-batch',
      {
        config: signedIn,
        // 20,000 [lng, lat] pairs as JSON are about 800 KB.
        bodyLimit: 4 * 1024 * 1024,
        schema: {
          operationId: 'locateGridsBatch',
          summary: 'Many points → grids in one call (null where a point is in no grid of the jurisdiction)',
          tags: ['grids'],
          body: ZLocateBatchBody,
          response: { 200: ZLocateBatchResult, 400: ZErrorBody },
        },
      },
      async (request) => {
        const { points, at } = request.body
        return grids.locator.locateMany(
          await grids.readScope(requireUser(request).scope),
          points,
          at ? new Date(at) : null,
        )
      },
    )

    app.get(
      '/api/grids/topology',
      {
        config: signedIn,
        schema: {
          operationId: 'validateGrids',
          summary:
            'Topology check of one level under an area: invalid shapes, overlaps, gaps, parts outside the parent, slivers',
          tags: ['grids'],
          querystring: ZTopologyQuery,
          response: { 200: ZTopologyReport, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => areas.validate(await grids.readScope(requireUser(request).scope), request.query),
    )

    app.get(
      '/api/grids/:code/geometry',
      {
        // Boundaries are public geography, past versions included.
        config: { access: { public: true } },
        schema: {
          operationId: 'getGridGeometry',
          summary: 'A grid’s boundary as a GeoJSON Feature at full precision, current or valid at `at`',
          tags: ['grids'],
          params: ZGridCodeParams,
          querystring: ZGridGeometryQuery,
          response: { 200: ZGridFeature, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => areas.gridFeature(request.params.code, request.query.at),
    )

    app.get(
      '/api/grids/:code/history',
      {
        config: signedIn,
        schema: {
          operationId: 'listGridHistory',
          summary: 'Every boundary version of a grid: validity, reason, who, area',
          tags: ['grids'],
          params: ZGridCodeParams,
          response: { 200: ZGridHistory, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) =>
        areas.history(await grids.readScope(requireUser(request).scope), request.params.code),
    )

    app.post(
      '/api/grids/:code/redraw',
      {
        config: { access: { permission: 'areas.manage' } },
        schema: {
          operationId: 'redrawGrid',
          summary:
            'Redraw a grid: a new boundary version (neighbours it overlaps are trimmed); `dryRun` reports without writing',
          tags: ['grids'],
          params: ZGridCodeParams,
          body: ZRedrawBody,
          response: { 200: ZRedrawResult, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) =>
        grids.redraw.redraw(requireUser(request).scope, actorOf(request), request.params.code, request.body),
    )
  }
