import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZBuilding,
  ZBuildingList,
  ZCamera,
  ZCameraList,
  ZComponent,
  ZComponentList,
  ZCreateBuilding,
  ZCreateCamera,
  ZCreateComponent,
  ZCreateHouse,
  ZCreateOrganization,
  ZHouse,
  ZHouseList,
  ZOrganization,
  ZOrganizationList,
  ZPlaceIdParams,
  ZPlaceMap,
  ZPlaceMapQuery,
  ZPlaceQuery,
  ZRevealedPlaceField,
  ZRevealPlaceField,
  ZRevealPlaceParams,
  ZTenancy,
  ZTenancyInput,
  ZTenancyParams,
  ZUpdateBuilding,
  ZUpdateCamera,
  ZUpdateComponent,
  ZUpdateHouse,
  ZUpdateOrganization,
  ZUpdateTenancy,
} from '@onegrid/core/api/places'
import type { FastifyTypeProviderDefault } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import { requireUser } from '../../../platform/http/access.ts'
import { actorOf } from '../../../platform/http/actor.ts'
import type { BuildingService } from './buildings.ts'
import type { CameraService } from './cameras.ts'
import type { ComponentService } from './components.ts'
import type { HouseService } from './houses.ts'
import type { OrganizationService } from './organizations.ts'
import type { PlaceMap } from './place-map.ts'
import type { PlaceRecords } from './place-records.ts'
import type { PlaceRowBase, PlaceSpec } from './place-spec.ts'
import type { TenancyService } from './tenancies.ts'

export type PlaceServices = {
  records: PlaceRecords
  buildings: BuildingService
  houses: HouseService
  tenancies: TenancyService
  organizations: OrganizationService
  components: ComponentService
  cameras: CameraService
  map: PlaceMap
  /** The kinds whose fields `revealPlaceField` may return. */
  revealable: { organization: PlaceSpec<PlaceRowBase, object>; camera: PlaceSpec<PlaceRowBase, object> }
}

type PlaceQuery = z.output<typeof ZPlaceQuery>

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const read = { access: { permission: 'registry.read' } } as const
const manage = { access: { permission: 'registry.manage' } } as const
const tags = ['registry']

/** One kind's four operations: search, get, create, update. */
type Crud<C extends z.ZodType, U extends z.ZodType, D extends z.ZodType, L extends z.ZodType> = {
  path: string
  /** Operation names: search{plural}, get{one}, create{one}, update{one}. */
  one: string
  plural: string
  what: string
  schemas: { create: C; update: U; detail: D; list: L }
  service: {
    search(p: UserPrincipal, q: PlaceQuery): Promise<z.input<L>>
    get(p: UserPrincipal, id: number): Promise<z.input<D>>
    create(p: UserPrincipal, actor: Actor, body: z.output<C>): Promise<z.input<D>>
    update(p: UserPrincipal, actor: Actor, id: number, body: z.output<U>): Promise<z.input<D>>
  }
}

/**
 * The four routes of a kind. Generic schemas defeat the zod type provider's
 * inference, so these routes are registered on the untyped instance and the
 * handlers name the types the schemas have already validated (the instance's
 * zod validator runs before a handler, the serializer after).
 */
function crud<C extends z.ZodType, U extends z.ZodType, D extends z.ZodType, L extends z.ZodType>(
  typed: Parameters<FastifyPluginAsyncZod>[0],
  def: Crud<C, U, D, L>,
): void {
  const app = typed.withTypeProvider<FastifyTypeProviderDefault>()
  const { path, schemas, service } = def
  const idOf = (params: unknown) => (params as z.output<typeof ZPlaceIdParams>).id
  app.get(
    path,
    {
      config: read,
      schema: {
        operationId: `search${def.plural}`,
        summary: `Find ${def.what} in the caller's jurisdiction by text, area, tag and the kind's filters`,
        tags,
        querystring: ZPlaceQuery,
        response: { 200: schemas.list, ...errors },
      },
    },
    async (request) => service.search(requireUser(request), request.query as PlaceQuery),
  )
  app.post(
    path,
    {
      config: manage,
      schema: {
        operationId: `create${def.one}`,
        summary: `Record a ${def.one.toLowerCase()}; its grid is the one chosen or the one at its point`,
        tags,
        body: schemas.create,
        response: { 201: schemas.detail, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.create(requireUser(request), actorOf(request), request.body as z.output<C>)),
  )
  app.get(
    `${path}/:id`,
    {
      config: read,
      schema: {
        operationId: `get${def.one}`,
        summary: `A ${def.one.toLowerCase()} with its history and the cases it is a party to`,
        tags,
        params: ZPlaceIdParams,
        response: { 200: schemas.detail, ...errors },
      },
    },
    async (request) => service.get(requireUser(request), idOf(request.params)),
  )
  app.patch(
    `${path}/:id`,
    {
      config: manage,
      schema: {
        operationId: `update${def.one}`,
        summary: `Correct a ${def.one.toLowerCase()}; the version read must still be current (409 otherwise)`,
        tags,
        params: ZPlaceIdParams,
        body: schemas.update,
        response: { 200: schemas.detail, ...errors },
      },
    },
    async (request) =>
      service.update(
        requireUser(request),
        actorOf(request),
        idOf(request.params),
        request.body as z.output<U>,
      ),
  )
}

/** The registry's places and things. Handlers only translate HTTP. */
export const placeRoutes =
  (s: PlaceServices): FastifyPluginAsyncZod =>
  async (app) => {
    crud(app, {
      path: '/api/registry/buildings',
      one: 'Building',
      plural: 'Buildings',
      what: 'buildings (楼栋)',
      schemas: { create: ZCreateBuilding, update: ZUpdateBuilding, detail: ZBuilding, list: ZBuildingList },
      service: s.buildings,
    })
    crud(app, {
      path: '/api/registry/houses',
      one: 'House',
      plural: 'Houses',
      what: 'houses and rooms (房屋)',
      schemas: { create: ZCreateHouse, update: ZUpdateHouse, detail: ZHouse, list: ZHouseList },
      service: s.houses,
    })
    crud(app, {
      path: '/api/registry/organizations',
      one: 'Organization',
      plural: 'Organizations',
      what: 'organizations (单位)',
      schemas: {
        create: ZCreateOrganization,
        update: ZUpdateOrganization,
        detail: ZOrganization,
        list: ZOrganizationList,
      },
      service: s.organizations,
    })
    crud(app, {
      path: '/api/registry/components',
      one: 'Component',
      plural: 'Components',
      what: 'city components (部件)',
      schemas: {
        create: ZCreateComponent,
        update: ZUpdateComponent,
        detail: ZComponent,
        list: ZComponentList,
      },
      service: s.components,
    })
    crud(app, {
      path: '/api/registry/cameras',
      one: 'Camera',
      plural: 'Cameras',
      what: 'cameras (视频监控)',
      schemas: { create: ZCreateCamera, update: ZUpdateCamera, detail: ZCamera, list: ZCameraList },
      service: s.cameras,
    })

    app.post(
      '/api/registry/houses/:id/tenancies',
      {
        config: manage,
        schema: {
          operationId: 'addTenancy',
          summary: 'Record who rents (a room of) the house, from when (to when); on the house’s history',
          tags,
          params: ZPlaceIdParams,
          body: ZTenancyInput,
          response: { 201: ZTenancy, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await s.tenancies.add(requireUser(request), actorOf(request), request.params.id, request.body),
          ),
    )

    app.patch(
      '/api/registry/houses/:id/tenancies/:tenancyId',
      {
        config: manage,
        schema: {
          operationId: 'updateTenancy',
          summary: 'End or correct a tenancy (end date, room, contract, 登记备案)',
          tags,
          params: ZTenancyParams,
          body: ZUpdateTenancy,
          response: { 200: ZTenancy, ...errors },
        },
      },
      async (request) =>
        s.tenancies.update(
          requireUser(request),
          actorOf(request),
          request.params.id,
          request.params.tenancyId,
          request.body,
        ),
    )

    app.get(
      '/api/registry/places/map',
      {
        config: read,
        schema: {
          operationId: 'listPlacesOnMap',
          summary: 'Points of buildings, houses, organizations, components and cameras in an area (capped)',
          tags,
          querystring: ZPlaceMapQuery,
          response: { 200: ZPlaceMap, ...errors },
        },
      },
      async (request) => s.map.points(requireUser(request), request.query),
    )

    app.post(
      '/api/registry/places/:kind/:id/reveal',
      {
        config: { access: { permission: 'pii.reveal' } },
        schema: {
          operationId: 'revealPlaceField',
          summary: 'An organization contact’s phone or a camera’s stream URL in full, with a reason; audited',
          tags,
          params: ZRevealPlaceParams,
          body: ZRevealPlaceField,
          response: { 200: ZRevealedPlaceField, ...errors },
        },
      },
      async (request) =>
        s.records.reveal(
          requireUser(request),
          actorOf(request),
          s.revealable[request.params.kind],
          request.params.id,
          request.body,
        ),
    )
  }
