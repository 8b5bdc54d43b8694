import {
  ZArea,
  ZAreaCodeParams,
  ZAreaFeatureCollection,
  ZAreaList,
  ZAreaListQuery,
} from '@onegrid/core/api/areas'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { AreaService } from './service.ts'

export const areaRoutes =
  (areas: AreaService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/areas',
      {
        // The grid network's geography is public: the citizen page draws it too.
        config: { access: { public: true } },
        schema: {
          operationId: 'listAreas',
          summary: 'List areas of the one grid network, optionally under one area or at one level',
          tags: ['areas'],
          querystring: ZAreaListQuery,
          response: { 200: ZAreaList, 400: ZErrorBody },
        },
      },
      async (request) => ({ items: await areas.list(request.query) }),
    )

    app.get(
      '/api/areas/geojson',
      {
        // The grid network's geography is public: the citizen page draws it too.
        config: { access: { public: true } },
        schema: {
          operationId: 'getAreasGeojson',
          summary: 'Area boundaries as a GeoJSON FeatureCollection (WGS84) for the map',
          tags: ['areas'],
          querystring: ZAreaListQuery,
          response: { 200: ZAreaFeatureCollection, 400: ZErrorBody },
        },
      },
      async (request) => areas.geojson(request.query),
    )

    app.get(
      '/api/areas/:code',
      {
        // The grid network's geography is public: the citizen page draws it too.
        config: { access: { public: true } },
        schema: {
          operationId: 'getArea',
          summary: 'One area by its code',
          tags: ['areas'],
          params: ZAreaCodeParams,
          response: { 200: ZArea, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => areas.get(request.params.code),
    )
  }
