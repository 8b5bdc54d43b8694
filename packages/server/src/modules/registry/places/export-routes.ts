import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZPlaceExportQuery } from '@onegrid/core/api/places'
import type { PlaceKind } from '@onegrid/core/registry/places'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import type { UserPrincipal } from '../../../platform/auth/principal.ts'
import { requireUser } from '../../../platform/http/access.ts'
import { actorOf } from '../../../platform/http/actor.ts'
import { ZStreamedFile } from '../../../platform/http/streamed-file.ts'
import { type ExportColumn, type PlaceExport, placeSheets } from './place-export.ts'
import type { PlaceServices } from './routes.ts'

type ExportQuery = z.output<typeof ZPlaceExportQuery>
type Searcher<S> = {
  search(
    p: UserPrincipal,
    q: ExportQuery & { page: number; pageSize: number },
  ): Promise<{ items: S[]; total: number; totalCapped: boolean }>
}

/** One kind's export route and what it needs: the sheet's columns and the kind's own search. */
type ExportDef<S> = {
  path: string
  plural: string
  kind: PlaceKind
  columns: readonly ExportColumn<S>[]
  service: Searcher<S>
}

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody }
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * export{Buildings,Houses,Organizations,Components,Cameras}: a kind's list, with
 * the filters of its search, as an XLSX sheet. Like exportRegistry it needs
 * registry.import: a whole list leaves the system.
 */
export const placeExportRoutes =
  (s: PlaceServices, exporter: PlaceExport): FastifyPluginAsyncZod =>
  async (app) => {
    const route = <S>(def: ExportDef<S>) =>
      app.get(
        `${def.path}/export`,
        {
          config: { access: { permission: 'registry.import' } },
          schema: {
            operationId: `export${def.plural}`,
            summary: `The filtered list of ${def.plural.toLowerCase()} as an XLSX sheet, as the list shows it (phones and stream URLs masked); audited`,
            tags: ['registry'],
            querystring: ZPlaceExportQuery,
            produces: [xlsx],
            response: { 200: ZStreamedFile, ...errors },
          },
        },
        async (request, reply) => {
          const p = requireUser(request)
          const { filename, stream } = await exporter.export(
            p,
            actorOf(request),
            def.kind,
            def.columns,
            (page, pageSize) => def.service.search(p, { ...request.query, page, pageSize }),
            request.query,
          )
          return reply
            .header('content-type', xlsx)
            .header(
              'content-disposition',
              `attachment; filename="${def.kind}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
            )
            .send(stream)
        },
      )
    route({
      path: '/api/registry/buildings',
      plural: 'Buildings',
      kind: 'building',
      columns: placeSheets.building,
      service: s.buildings,
    })
    route({
      path: '/api/registry/houses',
      plural: 'Houses',
      kind: 'house',
      columns: placeSheets.house,
      service: s.houses,
    })
    route({
      path: '/api/registry/organizations',
      plural: 'Organizations',
      kind: 'organization',
      columns: placeSheets.organization,
      service: s.organizations,
    })
    route({
      path: '/api/registry/components',
      plural: 'Components',
      kind: 'component',
      columns: placeSheets.component,
      service: s.components,
    })
    route({
      path: '/api/registry/cameras',
      plural: 'Cameras',
      kind: 'camera',
      columns: placeSheets.camera,
      service: s.cameras,
    })
  }
