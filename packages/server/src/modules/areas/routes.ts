import { ZAreaCodeParams, ZAreaFeatureCollection, ZAreaList, ZAreaListQuery } from '@onegrid/core/api/areas'
import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZAreaDetail, ZAreaTree, ZAreaTreeQuery } from '@onegrid/core/api/grids'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { AreaService } from './service.ts'

// The grid network's geography (codes, names, boundaries, planning figures) is
// public: the citizen page draws it too, and districts publish it. Staff, load
// and history are not; they live behind sign-in in grid-routes.ts.
const publicGeography = { access: { public: true } } as const

export const areaRoutes =
  (areas: AreaService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/areas',
      {
        config: publicGeography,
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
      '/api/areas/tree',
      {
        config: publicGeography,
        schema: {
          operationId: 'getAreaTree',
          summary: 'The area tree under a root, with grid counts and households summed over each subtree',
          tags: ['areas'],
          querystring: ZAreaTreeQuery,
          response: { 200: ZAreaTree, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => areas.tree(request.query),
    )

    app.get(
      '/api/areas/geojson',
      {
        config: publicGeography,
        schema: {
          operationId: 'getAreasGeojson',
          summary:
            'Area boundaries as a GeoJSON FeatureCollection (WGS84); with `zoom`, simplified for that map zoom',
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
        config: publicGeography,
        schema: {
          operationId: 'getArea',
          summary: 'One area: ancestors, counts, grid attributes and its current boundary version',
          tags: ['areas'],
          params: ZAreaCodeParams,
          response: { 200: ZAreaDetail, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => areas.detail(request.params.code),
    )
  }
