import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import compress from '@fastify/compress'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { ZReportCase } from '@onegrid/core/api/cases'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify'
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import { type DemoStep, demoJob } from './demo/demo-job.ts'
import { campaignGridSource } from './modules/areas/campaign-grids.ts'
import { demoAreaTree } from './modules/areas/demo.ts'
import { geographyScope } from './modules/areas/geography-scope.ts'
import { gridRoutes } from './modules/areas/grid-routes.ts'
import { GridAttributeService } from './modules/areas/import/attributes-service.ts'
import { GridAttributeStore } from './modules/areas/import/attributes-store.ts'
import { AreaExportService } from './modules/areas/import/export-service.ts'
import { ImportQueries } from './modules/areas/import/import-queries.ts'
import { importRoutes } from './modules/areas/import/import-routes.ts'
import { AreaImportService } from './modules/areas/import/import-service.ts'
import { GridLocator } from './modules/areas/locate.ts'
import { AreaQueries } from './modules/areas/queries.ts'
import { GridRedraw } from './modules/areas/redraw.ts'
import { areaRoutes } from './modules/areas/routes.ts'
import { AreaService } from './modules/areas/service.ts'
import { AreaStore } from './modules/areas/store.ts'
import { TopologyChecker } from './modules/areas/topology.ts'
import { type AssessmentServices, assessmentServices } from './modules/assessment/assessment-service.ts'
import { publishDemoAssessments } from './modules/assessment/demo.ts'
import { assessmentRoutes } from './modules/assessment/routes.ts'
import { CalendarQueries } from './modules/calendar/queries.ts'
import { calendarRoutes } from './modules/calendar/routes.ts'
import { CalendarService } from './modules/calendar/service.ts'
import { CalendarStore } from './modules/calendar/store.ts'
import type { CampaignPorts } from './modules/campaigns/campaign-ports.ts'
import { CampaignProgress } from './modules/campaigns/campaign-progress.ts'
import { CampaignQueries, campaignPhotoReader } from './modules/campaigns/campaign-queries.ts'
import { CampaignReminders } from './modules/campaigns/campaign-reminders.ts'
import { type CampaignServices, campaignRoutes } from './modules/campaigns/campaign-routes.ts'
import { CampaignStore } from './modules/campaigns/campaign-store.ts'
import { CampaignService } from './modules/campaigns/campaigns.ts'
import { CreateCampaign } from './modules/campaigns/create-campaign.ts'
import { loadDemoCampaigns } from './modules/campaigns/demo.ts'
import { ExportCampaign } from './modules/campaigns/export-campaign.ts'
import { SubmitCampaignItem } from './modules/campaigns/submit-item.ts'
import { CaseAttachments } from './modules/cases/attachments.ts'
import { caseExportRoutes } from './modules/cases/case-export-routes.ts'
import { CaseView } from './modules/cases/case-view.ts'
import { DeadlineSweep } from './modules/cases/deadline-sweep.ts'
import { loadDemoCases } from './modules/cases/demo.ts'
import { displayNames } from './modules/cases/display-names.ts'
import { CaseDuplicates } from './modules/cases/duplicates.ts'
import { ExportCases } from './modules/cases/export-cases.ts'
import { CaseLists } from './modules/cases/lists.ts'
import { CaseParties } from './modules/cases/parties.ts'
import { casePartyRoutes } from './modules/cases/party-routes.ts'
import { PerformCaseAction } from './modules/cases/perform-action.ts'
import { casePiiTables } from './modules/cases/pii-columns.ts'
import type { CasePorts } from './modules/cases/ports.ts'
import { CaseQueries, presentAttachment } from './modules/cases/queries.ts'
import { ReportCase } from './modules/cases/report-case.ts'
import { RevealReporter } from './modules/cases/reveal-reporter.ts'
import { caseRoutes } from './modules/cases/routes.ts'
import { CaseStore } from './modules/cases/store.ts'
import { AdmissionService } from './modules/catalog/admission.ts'
import { managedComponentClasses } from './modules/catalog/defaults/city-management.ts'
import { defaultBodies, defaultItems, defaultMajors } from './modules/catalog/defaults/index.ts'
import { loadDemoCatalog, withoutOverrides } from './modules/catalog/demo.ts'
import { CatalogImportService } from './modules/catalog/import-catalog.ts'
import { CatalogQueries } from './modules/catalog/queries.ts'
import { ItemRouter } from './modules/catalog/route-item.ts'
import { catalogRoutes } from './modules/catalog/routes.ts'
import { CatalogService } from './modules/catalog/service.ts'
import { CatalogStore } from './modules/catalog/store.ts'
import { Challenges } from './modules/citizen/challenge.ts'
import { CitizenQueries } from './modules/citizen/citizen-queries.ts'
import { CitizenReporting } from './modules/citizen/citizen-report.ts'
import { type CitizenServices, citizenRoutes } from './modules/citizen/citizen-routes.ts'
import { CitizenStore, citizenPiiTables } from './modules/citizen/citizen-store.ts'
import { CitizenTracking } from './modules/citizen/citizen-tracking.ts'
import { loadDemoCitizen } from './modules/citizen/demo.ts'
import { PhoneVerification } from './modules/citizen/phone-verification.ts'
import { PhotoModeration } from './modules/citizen/photo-moderation.ts'
import { PublicCases } from './modules/citizen/public-cases.ts'
import { DailyExport, DailyExportAdmin } from './modules/exchange/daily-export.ts'
import { dailyExportRoutes } from './modules/exchange/daily-export-routes.ts'
import { DailyExportStore } from './modules/exchange/daily-export-store.ts'
import { exportTarget } from './modules/exchange/export-targets.ts'
import { CoverageQueries } from './modules/fieldwork/coverage-queries.ts'
import { demoActor, loadDemoPatrols, walkDemoPatrols } from './modules/fieldwork/patrol-demo.ts'
import { type PatrolServices, patrolRoutes } from './modules/fieldwork/patrol-routes.ts'
import { patrolServices } from './modules/fieldwork/patrol-services.ts'
import { loadDemoVisits } from './modules/fieldwork/visit-demo.ts'
import { VisitPlanSettings } from './modules/fieldwork/visit-plan.ts'
import { VisitQueries } from './modules/fieldwork/visit-queries.ts'
import { type VisitServices, visitRoutes } from './modules/fieldwork/visit-routes.ts'
import { VisitStore } from './modules/fieldwork/visit-store.ts'
import { VisitService, visitPhotoReader } from './modules/fieldwork/visits.ts'
import { demoPasswordOf, loadDemoGridStaff } from './modules/grid-staff/demo.ts'
import { GridStaffQueries } from './modules/grid-staff/queries.ts'
import { gridStaffRoutes } from './modules/grid-staff/routes.ts'
import { GridStaffRules, GridStaffService } from './modules/grid-staff/service.ts'
import { GridStaffStore } from './modules/grid-staff/store.ts'
import { GridWorkerService } from './modules/grid-staff/workers.ts'
import { apiKeyRoutes } from './modules/identity/api-key-routes.ts'
import { ApiKeyService } from './modules/identity/api-keys.ts'
import { AuditService } from './modules/identity/audit.ts'
import { loadDemoIdentity } from './modules/identity/demo.ts'
import { LoginService } from './modules/identity/login.ts'
import { PasswordHasher } from './modules/identity/passwords.ts'
import { identityPiiTables } from './modules/identity/pii-columns.ts'
import { IdentityQueries } from './modules/identity/queries.ts'
import { authRoutes, sessionCookie } from './modules/identity/routes.ts'
import { SessionService } from './modules/identity/sessions.ts'
import { IdentityStore } from './modules/identity/store.ts'
import { userRoutes } from './modules/identity/user-routes.ts'
import { UserService } from './modules/identity/users.ts'
import { HotlineIntake } from './modules/integrations/hotline-intake.ts'
import { hotlineOutboxChannel, hotlineRelay } from './modules/integrations/hotline-relay.ts'
import { hotlineRoutes, machineRoutes } from './modules/integrations/intake-routes.ts'
import { MachineIntake } from './modules/integrations/machine-intake.ts'
import { MachineQueries } from './modules/integrations/machine-queries.ts'
import { OutboxAdmin } from './modules/integrations/outbox-admin.ts'
import { OutboxQueries } from './modules/integrations/outbox-queries.ts'
import { outboxRoutes } from './modules/integrations/outbox-routes.ts'
import { UpstreamInbound } from './modules/integrations/upstream-inbound.ts'
import { upstreamOutboxChannel, upstreamRelay } from './modules/integrations/upstream-relay.ts'
import { upstreamRoutes } from './modules/integrations/upstream-routes.ts'
import { UpstreamStore } from './modules/integrations/upstream-store.ts'
import { jobRoutes } from './modules/jobs/routes.ts'
import { MessageStore } from './modules/messages/message-store.ts'
import {
  ResidentMessages,
  residentOutboxChannel,
  residentRelay,
} from './modules/messages/resident-messages.ts'
import { deadlineReminders, StaffMessages, staffOutboxChannel } from './modules/messages/staff-reminders.ts'
import { notificationRoutes } from './modules/notifications/routes.ts'
import { NotificationService } from './modules/notifications/service.ts'
import { Open311Queries } from './modules/open311/open311-queries.ts'
import { open311Routes } from './modules/open311/open311-routes.ts'
import { Open311Service } from './modules/open311/open311-service.ts'
import { RegistryCampaignTargets } from './modules/registry/campaign-targets.ts'
import { demoRegistryStreet, loadDemoRegistry } from './modules/registry/demo.ts'
import { describeParties } from './modules/registry/describe-parties.ts'
import { ExportPersons } from './modules/registry/export-persons.ts'
import { gridAt } from './modules/registry/grid-of.ts'
import { RegistryHelpers } from './modules/registry/helpers.ts'
import { HouseholdService } from './modules/registry/households.ts'
import { houseImport } from './modules/registry/import/house-import.ts'
import { loadDemoImports } from './modules/registry/import/import-demo.ts'
import { ImportJob } from './modules/registry/import/import-job.ts'
import { registryImportRoutes } from './modules/registry/import/import-routes.ts'
import { RegistryImportService } from './modules/registry/import/import-service.ts'
import { ImportStore } from './modules/registry/import/import-store.ts'
import { organizationImport } from './modules/registry/import/organization-import.ts'
import { personImport } from './modules/registry/import/person-import.ts'
import { PlaceImportStore } from './modules/registry/import/place-import-store.ts'
import { PersonService } from './modules/registry/persons.ts'
import { registryPiiTables } from './modules/registry/pii-columns.ts'
import { BuildingService } from './modules/registry/places/buildings.ts'
import { CameraService } from './modules/registry/places/cameras.ts'
import { ComponentService } from './modules/registry/places/components.ts'
import { loadDemoPlaces } from './modules/registry/places/demo.ts'
import { placeExportRoutes } from './modules/registry/places/export-routes.ts'
import { HouseService } from './modules/registry/places/houses.ts'
import { placeSpecsOf } from './modules/registry/places/kinds.ts'
import { OrganizationService } from './modules/registry/places/organizations.ts'
import { PlaceExport } from './modules/registry/places/place-export.ts'
import { PlaceMap } from './modules/registry/places/place-map.ts'
import { PlaceQueries } from './modules/registry/places/place-queries.ts'
import { PlaceRecords } from './modules/registry/places/place-records.ts'
import { PlaceStore } from './modules/registry/places/place-store.ts'
import { type PlaceServices, placeRoutes } from './modules/registry/places/routes.ts'
import { TenancyService } from './modules/registry/places/tenancies.ts'
import { RegistryQueries } from './modules/registry/queries.ts'
import { RevealPerson } from './modules/registry/reveal-person.ts'
import { type RegistryServices, registryRoutes } from './modules/registry/routes.ts'
import { SpecialGroupService } from './modules/registry/special-groups.ts'
import { loadDemoSpotChecks } from './modules/registry/spot-check-demo.ts'
import { spotCheckRoutes } from './modules/registry/spot-check-routes.ts'
import { SpotCheckService } from './modules/registry/spot-checks.ts'
import { RegistryStore } from './modules/registry/store.ts'
import { RegistryVisitTargets } from './modules/registry/visit-targets.ts'
import { bulletinRoutes } from './modules/stats/bulletin/bulletin-routes.ts'
import { type BulletinService, bulletinService } from './modules/stats/bulletin/bulletin-service.ts'
import { KpiQueries } from './modules/stats/kpi-queries.ts'
import { RollupStore } from './modules/stats/rollup-store.ts'
import { statsRoutes } from './modules/stats/routes.ts'
import { StatScopeQueries } from './modules/stats/scope-queries.ts'
import { StatsService } from './modules/stats/stats-service.ts'
import { syncRoutes } from './modules/sync/routes.ts'
import { SyncBatch } from './modules/sync/sync-batch.ts'
import { mapConfig } from './modules/system/map-config.ts'
import { systemRoutes } from './modules/system/routes.ts'
import { SystemService } from './modules/system/service.ts'
import { loadDemoWhistles } from './modules/whistles/demo.ts'
import { WhistleQueries } from './modules/whistles/queries.ts'
import { whistleRoutes } from './modules/whistles/routes.ts'
import { WhistleStore } from './modules/whistles/store.ts'
import { WhistleSweep } from './modules/whistles/whistle-sweep.ts'
import { WhistleService } from './modules/whistles/whistles.ts'
import { purgeAuditLog } from './platform/audit/audit-log.ts'
import type { Principal, UserPrincipal } from './platform/auth/principal.ts'
import type { Clock } from './platform/clock.ts'
import type { Config } from './platform/config.ts'
import { PiiCipher } from './platform/crypto/pii-cipher.ts'
import type { PiiTable } from './platform/crypto/rotate-key.ts'
import type { DatabaseHandle, Db } from './platform/db/database.ts'
import { accessPlugin, securitySchemes } from './platform/http/access.ts'
import { installErrorHandler } from './platform/http/error-handler.ts'
import { idempotencyPlugin, purgeExpiredIdempotencyKeys } from './platform/http/idempotency.ts'
import { OperationIndex, operationIndexPlugin } from './platform/http/operation-index.ts'
import { serveWebApp, webFallback } from './platform/http/web-app.ts'
import { JobRunner } from './platform/jobs/job-runner.ts'
import { loggerOptions } from './platform/logging.ts'
import type { MessageSender } from './platform/messaging/sender.ts'
import { senderFor, staffSenderFor } from './platform/messaging/sender-for.ts'
import { HttpTransport } from './platform/outbox/http-transport.ts'
import { OutboxDispatcher } from './platform/outbox/outbox.ts'
import { RealtimeHub } from './platform/realtime/hub.ts'
import { EventStreams } from './platform/realtime/sse.ts'
import type { BlobStore } from './platform/storage/blob-store.ts'
import { DiskBlobStore } from './platform/storage/disk-blob-store.ts'
import { FileService } from './platform/storage/file-service.ts'
import { S3BlobStore } from './platform/storage/s3-blob-store.ts'
import { appVersion } from './platform/version.ts'
import { NonceStore } from './platform/webhooks/nonces.ts'

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist')

/** Every encrypted column of every module, for `onegrid pii rotate-key`. */
export const piiTables: readonly PiiTable[] = [
  ...identityPiiTables,
  ...casePiiTables,
  ...registryPiiTables,
  ...citizenPiiTables,
]

export type AppDeps = {
  config: Config
  database: DatabaseHandle
  clock: Clock
  piiKey: Buffer
  /** Tests pass their own logger (usually silent); the server builds one from config. */
  logger?: FastifyBaseLogger
  serveWeb?: boolean
}

export type App = {
  http: FastifyInstance
  database: DatabaseHandle
  runner: JobRunner
  hub: RealtimeHub
  services: {
    areas: AreaService
    files: FileService
    system: SystemService
    pii: PiiCipher
    users: UserService
    sessions: SessionService
    login: LoginService
    apiKeys: ApiKeyService
    gridStaff: GridStaffService
    gridWorkers: GridWorkerService
    catalog: CatalogService
    admission: AdmissionService
    calendar: CalendarService
    cases: {
      report: ReportCase
      actions: PerformCaseAction
      view: CaseView
      sweep: DeadlineSweep
      store: CaseStore
    }
    registry: RegistryServices
    places: PlaceServices
    registryImports: RegistryImportService
    notifications: NotificationService
    patrols: PatrolServices
    visits: VisitServices
    campaigns: CampaignServices & { reminders: CampaignReminders; store: CampaignStore }
    stats: StatsService
    assessment: AssessmentServices
    bulletins: BulletinService
    /** The scheduled daily export; null when no target is configured. */
    dailyExport: DailyExport | null
    whistles: { whistles: WhistleService; sweep: WhistleSweep }
  }
  outbox: OutboxDispatcher
  /** The demo district's steps in loading order, as the `demo.load` job runs them (tests run some alone). */
  demoSteps: readonly DemoStep[]
  /** Starts background work (jobs, outbox, realtime listener). */
  start(): Promise<void>
  /** Graceful stop: no new connections, in-flight requests finish, jobs are handed back, db closed. */
  close(): Promise<void>
}

function blobStoreFor(config: Config): BlobStore {
  return config.storage.kind === 's3'
    ? new S3BlobStore(config.storage)
    : new DiskBlobStore(config.storage.dir)
}

const defaultCatalog = { bodies: defaultBodies, majors: defaultMajors, items: defaultItems }

/**
 * Reference data every deployment needs, demo or not: the State Council holiday
 * schedules the calendar lacks, and the default catalog on an empty database.
 * Runs after migrations (start, `db migrate`, the test templates); idempotent.
 */
export async function seedReferenceData(database: DatabaseHandle, clock: Clock): Promise<void> {
  const calendar = new CalendarService(
    new CalendarStore(database.db),
    new CalendarQueries(database.db),
    clock,
  )
  await calendar.loadPublished()
  const catalog = new CatalogService(
    new CatalogStore(database.db),
    new CatalogQueries(database.db),
    clock,
    // The default catalog names no area.
    async () => new Set<string>(),
  )
  await catalog.ensureDefaults(withoutOverrides(defaultCatalog))
}

/** The composition root: the one place that wires stores → services → routes. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, database, clock } = deps
  const http = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: loggerOptions(config) }),
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID()
    },
    bodyLimit: 2 * 1024 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>()
  http.setValidatorCompiler(validatorCompiler)
  http.setSerializerCompiler(serializerCompiler)
  let closing = false
  http.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    // A keep-alive connection would hold a graceful close open until it times out.
    if (closing) reply.header('connection', 'close')
  })
  const log = http.log

  // Platform services.
  const pii = new PiiCipher(deps.piiKey, config.pii.cipher)
  const hub = new RealtimeHub(database, clock, log)
  const streams = new EventStreams(hub)
  const runner = new JobRunner({
    db: database.db,
    clock,
    log,
    pollMs: config.jobs.pollMs,
    ...(config.instanceId ? { instanceId: config.instanceId } : {}),
    onProgress: (job, ownerId) => {
      // A person's job (an import of their file) is theirs alone; system jobs (the demo) show to all.
      hub
        .publish('job.progress', job, ownerId !== null ? { userId: ownerId } : {})
        .catch((err: unknown) => log.warn({ err }, 'job progress not published'))
    },
  })
  const notifications = new NotificationService(database.db, hub, clock)
  // Who residents and staff hear from outside the consoles (ONEGRID_SENDER, ONEGRID_STAFF_SENDER; docs/OPERATIONS.md).
  const residentSender = senderFor(config, log, clock)
  const staffSender = staffSenderFor(config, log, clock)
  const messageStore = new MessageStore(database.db)
  const outbox = new OutboxDispatcher({
    db: database.db,
    clock,
    log,
    transports: {
      http: new HttpTransport(),
      [NotificationService.channel]: notifications,
      // Residents' case news; the phone is read from the case when it is sent.
      [residentOutboxChannel]: new ResidentMessages({
        store: messageStore,
        pii,
        sender: residentSender,
        log,
        publicUrl: config.messaging.publicUrl,
        trackingCode: async (caseId) => (await citizenQueries.byCase(caseId))?.tracking_code ?? null,
      }),
      ...(staffSender
        ? { [staffOutboxChannel]: new StaffMessages({ store: messageStore, pii, sender: staffSender, log }) }
        : {}),
      // Pushes to the superior platform (贯通), signed with its secret (docs/API.md).
      ...(config.upstream.secret
        ? { [upstreamOutboxChannel]: new HttpTransport({ signingSecret: config.upstream.secret, clock }) }
        : {}),
      // The 12345 platform's callbacks, signed with its secret (docs/API.md).
      ...(config.hotline.callbackSecret
        ? {
            [hotlineOutboxChannel]: new HttpTransport({
              signingSecret: config.hotline.callbackSecret,
              clock,
            }),
          }
        : {}),
    },
  })
  const files = new FileService(database.db, blobStoreFor(config), clock)
  // What residents and staff are told outside the consoles (one-time codes, case news, reminders).
  const messages: MessageSender = residentSender

  // Feature modules.
  const identityStore = new IdentityStore(database.db)
  const identityQueries = new IdentityQueries(database.db)
  const areaStore = new AreaStore(database.db)
  const topology = new TopologyChecker()
  const areas = new AreaService(
    database.db,
    areaStore,
    new AreaQueries(database.db),
    topology,
    clock,
    (ids) => identityQueries.displayNames(ids),
  )
  const geography = geographyScope((ids) => identityQueries.unitAreaPaths(ids))
  const grids = {
    locator: new GridLocator(database.db),
    redraw: new GridRedraw(database.db, areaStore, topology, clock),
    readScope: geography,
  }
  const importQueries = new ImportQueries(database.db)
  const imports = {
    imports: new AreaImportService(areas, topology, importQueries, clock),
    attributes: new GridAttributeService(areas, importQueries, new GridAttributeStore(database.db), clock),
    exports: new AreaExportService(areas, importQueries),
    readScope: grids.readScope,
  }
  const system = new SystemService(database, clock)
  const sessions = new SessionService(identityStore, identityQueries, clock, config.sessions)
  const passwords = new PasswordHasher(config.passwords)
  const identity = {
    sessions,
    login: new LoginService(identityStore, identityQueries, sessions, passwords, clock),
    users: new UserService(identityStore, identityQueries, areas, pii, passwords, clock),
    apiKeys: new ApiKeyService(identityStore, identityQueries, areas, clock),
    audit: new AuditService(identityQueries),
  }
  const gridStaffStore = new GridStaffStore(database.db)
  const gridStaffQueries = new GridStaffQueries(database.db, identityQueries)
  const gridStaffRules = new GridStaffRules(config.gridStaff, clock, geography, gridStaffQueries)
  const gridStaff = {
    staff: new GridStaffService(gridStaffStore, gridStaffQueries, identity.users, gridStaffRules, clock),
    workers: new GridWorkerService(gridStaffStore, gridStaffQueries, gridStaffRules, clock),
  }
  const calendar = new CalendarService(
    new CalendarStore(database.db),
    new CalendarQueries(database.db),
    clock,
  )
  const catalogStore = new CatalogStore(database.db)
  const catalogQueries = new CatalogQueries(database.db)
  const catalog = new CatalogService(catalogStore, catalogQueries, clock, (codes) => areas.existing(codes))
  const catalogServices = {
    catalog,
    admission: new AdmissionService(catalogStore, catalogQueries, clock),
    imports: new CatalogImportService(catalog, catalogStore, catalogQueries, clock),
    queries: catalogQueries,
    router: new ItemRouter(catalogQueries, {
      areaPathOf: async (code) => (await areas.get(code)).path,
      unitOfBody: (body, areaCode) => identityQueries.unitOfBody(body, areaCode),
    }),
  }
  const casePorts: CasePorts = {
    store: new CaseStore(database.db),
    queries: new CaseQueries(database.db),
    clock,
    pii,
    hub,
    notifications,
    calendar: () => calendar.calendar(),
    catalogItem: (code) => catalogQueries.item(code),
    admission: catalogServices.admission,
    locate: (scope, lng, lat) => grids.locator.locate(scope, lng, lat, null),
    area: (code) => areas.get(code),
    route: (itemCode, areaCode) => catalogServices.router.route(itemCode, areaCode),
    unit: (id) => identityQueries.unitById(id),
    user: (id) => identityQueries.userById(id),
    displayName: displayNames((ids) => identityQueries.displayNames(ids), clock),
    escalatesUpstream: config.upstream.url !== undefined,
    relays: [hotlineRelay(config.hotline.callbackUrl), upstreamRelay(config.upstream), residentRelay()],
  }
  const caseView = new CaseView(casePorts)
  const visitTargets = new RegistryVisitTargets(database.db)
  const visitQueries = new VisitQueries(database.db, visitTargets)
  const campaignQueries = new CampaignQueries(database.db)
  const caseActions = new PerformCaseAction(casePorts, caseView)
  const cases = {
    view: caseView,
    lists: new CaseLists(casePorts.queries, casePorts.area, clock),
    report: new ReportCase(casePorts, caseView),
    actions: caseActions,
    // A visit's photos are read by whoever may see the visit (fieldwork answers, through its port).
    attachments: new CaseAttachments(files, casePorts.store, casePorts.queries, clock, [
      visitPhotoReader(visitQueries),
      campaignPhotoReader(campaignQueries),
    ]),
    duplicates: new CaseDuplicates(casePorts.queries, caseView, caseActions, clock, {
      radiusMeters: config.cases.duplicateRadiusMeters,
      windowDays: config.cases.duplicateWindowDays,
    }),
    reveal: new RevealReporter(database.db, casePorts, caseView),
  }
  const sweep = new DeadlineSweep(database.db, casePorts, log, {
    onDeadlineNear: deadlineReminders({ store: messageStore, staffSender }),
  })
  const caseExport = new ExportCases(cases.lists, database.db, clock, log)
  /** The account a link to another system enters cases as; null when missing or disabled. */
  const linkAccount = async (username: string): Promise<UserPrincipal | null> => {
    const user = await identityQueries.userByUsername(username)
    return user?.status === 'active' ? sessions.principalFor(user.id, user.username, 'link', false) : null
  }
  const upstream = new UpstreamInbound({
    config: { url: config.upstream.url, secret: config.upstream.inboundSecret },
    db: database.db,
    store: new UpstreamStore(database.db),
    nonces: new NonceStore(database.db),
    hub,
    clock,
    log,
  })
  const hotline = new HotlineIntake({
    config: config.hotline,
    db: database.db,
    nonces: new NonceStore(database.db),
    report: cases.report,
    principalOf: linkAccount,
    clock,
    log,
  })
  const machine = new MachineIntake({
    config: {
      account: config.machine.account,
      radiusMeters: config.cases.duplicateRadiusMeters,
      windowDays: config.cases.duplicateWindowDays,
    },
    queries: new MachineQueries(database.db),
    report: cases.report,
    principalOf: linkAccount,
    clock,
    log,
  })
  const outboxAdmin = new OutboxAdmin(database.db, new OutboxQueries(database.db), clock)
  const dailyExportStore = new DailyExportStore(database.db)
  const dailyExportSetup = config.dailyExport
    ? { settings: config.dailyExport, target: exportTarget(config.dailyExport.target) }
    : null
  const dailyExport = dailyExportSetup
    ? new DailyExport({
        ...dailyExportSetup,
        store: dailyExportStore,
        exporter: caseExport,
        clock,
        instanceId: runner.instanceId,
        log,
      })
    : null
  const dailyExportAdmin = new DailyExportAdmin(dailyExportStore, dailyExportSetup)
  const open311 = new Open311Service({
    config: config.open311,
    catalog: catalogQueries,
    queries: new Open311Queries(database.db),
    report: cases.report,
    principalOf: linkAccount,
    authenticate: (key) => sessions.authenticateApiKey(key),
    clock,
  })
  const citizenStore = new CitizenStore(database.db)
  const citizenQueries = new CitizenQueries(database.db)
  const phones = new PhoneVerification({ store: citizenStore, pii, sender: messages, clock, log })
  const citizenReporting = new CitizenReporting({
    account: config.citizen.account,
    phones,
    store: citizenStore,
    queries: citizenQueries,
    cases: casePorts.queries,
    catalog: catalogQueries,
    report: cases.report,
    attachments: cases.attachments,
    challenges: new Challenges((value) => pii.blindIndex(value, 'citizen.challenge')),
    nonces: new NonceStore(database.db),
    principalOf: linkAccount,
    clock,
    log,
  })
  const citizen: CitizenServices = {
    phones,
    reporting: citizenReporting,
    tracking: new CitizenTracking({
      queries: citizenQueries,
      store: citizenStore,
      reporting: citizenReporting,
      actions: caseActions,
      clock,
      log,
    }),
    publicCases: new PublicCases(citizenQueries, files, clock),
    moderation: new PhotoModeration(database.db, citizenQueries, citizenStore, clock),
  }
  const registryQueries = new RegistryQueries(database.db)
  const placeQueries = new PlaceQueries(database.db)
  const componentClasses = managedComponentClasses()
  const placeSpecs = placeSpecsOf(componentClasses)
  const caseParties = new CaseParties(
    database.db,
    caseView,
    describeParties(registryQueries, { queries: placeQueries, specs: placeSpecs }),
    () => clock.now(),
  )
  const registryPorts = {
    store: new RegistryStore(database.db),
    queries: registryQueries,
    clock,
    pii,
    area: (code: string) => areas.get(code),
    locate: casePorts.locate,
    displayNames: (ids: number[]) => identityQueries.displayNames(ids),
    casesOf: caseParties.casesOf.bind(caseParties),
    deriveHouseholds: (executor: Db, codes: readonly string[]) => areaStore.deriveHouseholds(executor, codes),
  }
  const persons = new PersonService(registryPorts)
  const registry = {
    persons,
    households: new HouseholdService(registryPorts, persons),
    groups: new SpecialGroupService(registryPorts, persons),
    reveal: new RevealPerson(registryPorts),
    exports: new ExportPersons(registryPorts, persons, log),
    helpers: new RegistryHelpers(database.db, registryPorts, identityQueries.readModelSources()),
  }
  const placeRecords = new PlaceRecords({
    ...registryPorts,
    db: database.db,
    queries: placeQueries,
    store: new PlaceStore(),
    registryStore: registryPorts.store,
    registryQueries,
  })
  const tenancies = new TenancyService(placeRecords)
  const houses = new HouseService(placeRecords, tenancies)
  const places: PlaceServices = {
    records: placeRecords,
    buildings: new BuildingService(placeRecords, () => houses),
    houses,
    tenancies,
    organizations: new OrganizationService(placeRecords, () => houses),
    components: new ComponentService(placeRecords, componentClasses),
    cameras: new CameraService(placeRecords),
    map: new PlaceMap(placeRecords, placeSpecs),
    revealable: { organization: placeSpecs.organization, camera: placeSpecs.camera },
  }
  const placeExport = new PlaceExport(placeRecords, log)
  const spotChecks = new SpotCheckService(registryPorts, identityQueries.readModelSources())
  const importStore = new ImportStore(database.db)
  const placeImportStore = new PlaceImportStore(database.db)
  const importKinds = {
    persons: personImport(importStore),
    houses: houseImport(placeImportStore),
    organizations: organizationImport(placeImportStore),
  }
  const registryImports = new RegistryImportService(importStore, importKinds, files, pii, runner, clock)
  const registryImportJob = new ImportJob(
    importStore,
    importKinds,
    files,
    pii,
    clock,
    (executor, codes) => areaStore.deriveHouseholds(executor, codes),
    config.imports.workerFromRows,
    (scope, lng, lat) => gridAt(registryPorts.locate, scope, lng, lat),
  )
  const visitPlan = new VisitPlanSettings(database.db, clock, async (id) =>
    (await identityQueries.displayNames([id])).get(id),
  )
  const visitPorts = {
    db: database.db,
    clock,
    targets: visitTargets,
    area: (code: string) => areas.get(code),
    displayNames: (ids: number[]) => identityQueries.displayNames(ids),
    attachments: {
      owners: (ids: readonly number[]) => casePorts.queries.attachments({ ids }),
      present: async (ids: readonly number[]) =>
        (await casePorts.queries.attachments({ ids })).map(presentAttachment),
    },
  }
  const visits: VisitServices = {
    plan: visitPlan,
    visits: new VisitService(visitPorts, visitQueries, new VisitStore(database.db), visitPlan),
  }
  const areaReads = new AreaQueries(database.db)
  const campaignPorts: CampaignPorts = {
    db: database.db,
    clock,
    calendar: () => calendar.calendar(),
    area: (code) => areas.get(code),
    areasUnder: (code, level) => areaReads.list({ under: code, level }),
    areaNames: (codes) => areaReads.names(codes),
    displayNames: (ids) => identityQueries.displayNames(ids),
    registry: new RegistryCampaignTargets(),
    grids: campaignGridSource,
    staff: identityQueries.readModelSources(),
    attachments: visitPorts.attachments,
    reportCase: async (p, actor, input, intakeKey) => {
      const made = await cases.report.report(p, actor, ZReportCase.parse(input), intakeKey)
      return { id: made.case.id, code: made.case.code, status: made.case.status }
    },
    caseStates: (ids) => casePorts.queries.states(ids),
    notify: (trx, message, now) => notifications.enqueue(trx, message, now),
  }
  const campaignStore = new CampaignStore(database.db, campaignPorts.staff)
  const campaignService = new CampaignService(campaignPorts, campaignQueries, campaignStore)
  const campaignProgress = new CampaignProgress(campaignPorts, campaignService)
  const campaigns: CampaignServices = {
    campaigns: campaignService,
    create: new CreateCampaign(campaignPorts, campaignStore, campaignService),
    submit: new SubmitCampaignItem(campaignPorts, campaignQueries, campaignStore, campaignService),
    progress: campaignProgress,
    export: new ExportCampaign(campaignPorts, campaignQueries, campaignService, campaignProgress, log),
  }
  const campaignReminders = new CampaignReminders(campaignPorts, log)
  const stats = new StatsService(
    database.db,
    new KpiQueries(database.db),
    new StatScopeQueries(database.db),
    new RollupStore(database.db),
    clock,
  )
  const bulletins = bulletinService({ db: database.db, stats, files, clock })
  const whistleQueries = new WhistleQueries(database.db)
  const whistlePorts = {
    db: database.db,
    clock,
    hub,
    notifications,
    locate: casePorts.locate,
    visibleCase: async (p: UserPrincipal, id: number) => {
      const row = await caseView.visibleRow(p, id)
      return { id: row.id, code: row.code, title: row.title, areaPath: row.areaPath, status: row.status }
    },
    caseRefs: async (ids: readonly number[], executor?: Db) => {
      const rows = await Promise.all(ids.map((id) => casePorts.queries.row(id, executor)))
      return new Map(
        rows.flatMap((r) =>
          r
            ? [[r.id, { id: r.id, code: r.code, title: r.title, areaPath: r.areaPath, status: r.status }]]
            : [],
        ),
      )
    },
    units: (ids: readonly number[]) => identityQueries.unitsByIds(ids),
    summonable: async (districtCode: string) =>
      (await new AuditService(identityQueries).units({ areaPaths: [districtCode], unitIds: [] })).filter(
        (u) => u.kind === 'department' || u.kind === 'platform',
      ),
    displayNames: (ids: number[]) => identityQueries.displayNames(ids),
  }
  const whistleStore = new WhistleStore(database.db)
  const whistles = {
    whistles: new WhistleService(whistlePorts, whistleQueries, whistleStore),
    sweep: new WhistleSweep(whistlePorts, log),
  }
  const districtScope = (path: string) => ({ areaPaths: [path], unitIds: [] })
  const coverageQueries = new CoverageQueries(database.db)
  const assessment = assessmentServices(
    {
      db: database.db,
      clock,
      stats,
      visitsByGrid: async (areaPath, from, to, lastDay) =>
        visitQueries.monthByGrid({
          sources: { scope: districtScope(areaPath) },
          rates: await visitPlan.rates(),
          today: lastDay,
          withPersons: true,
          areaPath,
          from,
          to,
        }),
      coverageByGrid: (areaPath, fromDay, toDay) =>
        coverageQueries.coverageSums(districtScope(areaPath), areaPath, fromDay, toDay),
      whistlesByUnit: (district, from, to, cutoff) => whistleQueries.byUnit(district, from, to, cutoff),
      displayName: async (id) => (await identityQueries.displayNames([id])).get(id),
    },
    identityQueries.readModelSources(),
  )
  const patrols = patrolServices({
    db: database.db,
    clock,
    staff: identityQueries.readModelSources(),
    area: (code) => areas.get(code),
    casesReportedBy: (p, userId, from, to) => casePorts.queries.reportedBy(p, userId, from, to),
  })
  const resolvePrincipal = async (request: FastifyRequest): Promise<Principal | null> => {
    const header = request.headers.authorization
    const bearer =
      typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined
    const apiKey = request.headers['x-api-key']
    if (typeof apiKey === 'string') return sessions.authenticateApiKey(apiKey)
    if (bearer) return (await sessions.authenticate(bearer)) ?? (await sessions.authenticateApiKey(bearer))
    const token = request.cookies[sessionCookie]
    return token ? sessions.authenticate(token) : null
  }

  // Background work.
  /** A demo account as a signed-in principal, for the demo steps that act through the services. */
  const demoPrincipal = async (who: string | number): Promise<UserPrincipal | null> => {
    const user =
      typeof who === 'number'
        ? await identityQueries.userById(who)
        : await identityQueries.userByUsername(who)
    return user ? sessions.principalFor(user.id, user.username, 'demo', false) : null
  }
  /** Runs a job to its end here; when the runner's polling took it first, waits for it there. */
  const runDemoJob = async (jobId: number): Promise<void> => {
    let job = await runner.runNow(jobId)
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50))
      job = (await runner.get(jobId)) ?? job
    }
    if (job.status !== 'succeeded') throw new Error(`job ${jobId} ${job.status}: ${job.error ?? ''}`)
  }
  /** The demo's grid workers with their grids, for the field work the demo has them do. */
  const demoGridWorkers = async () =>
    (
      await identityQueries
        .readModelSources()
        .assignments.where('role', '=', 'grid_worker')
        .where('area_code', 'is not', null)
        .execute()
    ).map((a) => ({ userId: Number(a.user_id), gridCode: String(a.area_code) }))
  /** The demo grid worker of the README (wanggeyuan), whose day the demo fills. */
  const demoWorkerId = async () => (await identityQueries.userByUsername('wanggeyuan'))?.id
  const demoSteps: DemoStep[] = [
    {
      name: 'areas',
      label: '区域树 area tree',
      run: async () => {
        // The demo's boundaries have been in force since New Year a year ago, so "at" lookups have a past.
        const since = new Date(`${clock.now().getFullYear() - 1}-01-01T00:00:00+08:00`)
        await areas.saveTree(await demoAreaTree(database.db), {
          reason: '演示区划初始划定',
          effectiveFrom: since,
        })
      },
    },
    {
      name: 'identity',
      label: '单位与演示账号 units and demo accounts',
      run: () =>
        loadDemoIdentity({
          store: identityStore,
          queries: identityQueries,
          areas,
          clock,
          dataDir: config.dataDir,
          password: config.demo.password,
          passwords,
          linkAccounts: [
            { username: config.citizen.account, displayName: '群众自报（公众端）' },
            { username: config.hotline.account, displayName: '12345 平台对接' },
            { username: config.open311.account, displayName: 'Open311 对接' },
            { username: config.machine.account, displayName: '视频物联感知对接' },
          ],
        }),
    },
    {
      name: 'grid-staff',
      label: '网格队伍 grid leaders and workers',
      run: async () =>
        void (await loadDemoGridStaff({
          areas,
          users: identity.users,
          queries: gridStaffQueries,
          store: gridStaffStore,
          clock,
          password: await demoPasswordOf(config.demo.password, config.dataDir),
        })),
    },
    {
      name: 'catalog',
      label: '事项清单 local routing of the catalog',
      run: () =>
        loadDemoCatalog({
          catalog,
          queries: catalogQueries,
          store: catalogStore,
          clock,
          defaults: defaultCatalog,
        }),
    },
    {
      name: 'cases',
      label: '案件 a month of cases',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoCases({
          db: database.db,
          clock,
          calendar: await calendar.calendar(),
          pii,
          files,
        })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo cases loaded')
      },
    },
    {
      name: 'citizen',
      label: '群众自报 tracking codes and photo moderation',
      run: async () => {
        const loaded = await loadDemoCitizen({ db: database.db, pii, clock, dataDir: config.dataDir })
        log.info(loaded, 'demo citizen reports loaded')
      },
    },
    {
      name: 'registry',
      label: '实有人口 households, residents and special groups',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoRegistry({
          db: database.db,
          clock,
          pii,
          deriveHouseholds: registryPorts.deriveHouseholds,
        })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo registry loaded')
      },
    },
    {
      name: 'places',
      label: '地、物、组织 buildings, houses, organizations, components and cameras',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoPlaces({ db: database.db, clock, pii, componentClasses })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo places loaded')
      },
    },
    {
      name: 'spot-checks',
      label: '人口信息抽查 spot checks of the registry',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoSpotChecks({
          db: database.db,
          clock,
          service: (at) =>
            new SpotCheckService({ ...registryPorts, clock: at }, identityQueries.readModelSources()),
          principal: demoPrincipal,
        })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo spot checks loaded')
      },
    },
    {
      name: 'imports',
      label: '批量导入 imports of residents, houses and organizations',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoImports({
          db: database.db,
          clock,
          imports: registryImports,
          runJob: runDemoJob,
          principal: demoPrincipal,
        })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo imports loaded')
      },
    },
    {
      name: 'visits',
      label: '走访 a month of visits by the grid workers',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoVisits({
          db: database.db,
          clock,
          queries: visitQueries,
          rates: await visitPlan.rates(),
          scope: { areaPaths: [(await areas.get(demoRegistryStreet)).path], unitIds: [] },
          workers: demoGridWorkers,
          demoWorkerId: await demoWorkerId(),
        })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo visits loaded')
      },
    },
    {
      name: 'patrols',
      label: '巡查 a month of patrols, check-ins and coverage',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoPatrols({
          db: database.db,
          clock,
          coverage: patrols.coverage,
          workers: demoGridWorkers,
          demoWorkerId: await demoWorkerId(),
        })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo patrols loaded')
      },
    },
    {
      name: 'campaigns',
      label: '专项任务 campaigns: a fire safety check of rental houses, a closed flood season patrol',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoCampaigns({
          db: database.db,
          clock,
          create: campaigns.create,
          submit: campaigns.submit,
          campaigns: campaignService,
          store: campaignStore,
          principal: demoPrincipal,
          upload: (p, bytes) => cases.attachments.upload(p, bytes),
          street: demoRegistryStreet,
          demoWorkerId: await demoWorkerId(),
        })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo campaigns loaded')
      },
    },
    {
      name: 'whistles',
      label: '吹哨报到 whistles in the demo grid worker’s grid',
      run: async () => {
        const started = performance.now()
        const loaded = await loadDemoWhistles({
          db: database.db,
          clock,
          actor: demoActor,
          service: (at) => new WhistleService({ ...whistlePorts, clock: at }, whistleQueries, whistleStore),
          sweep: (at) => new WhistleSweep({ ...whistlePorts, clock: at }, log),
          principal: demoPrincipal,
          unitIds: async (names) =>
            new Map(
              (
                await identityQueries
                  .readModelSources()
                  .units.where('name', 'in', [...names])
                  .where('kind', '=', 'department')
                  .execute()
              ).map((u) => [u.name, Number(u.id)]),
            ),
          reportCase: async (worker, at, photo, input) => {
            const uploaded = await new CaseAttachments(files, casePorts.store, casePorts.queries, at).upload(
              worker,
              photo,
            )
            const reported = await new ReportCase({ ...casePorts, clock: at }, caseView).report(
              worker,
              demoActor,
              { ...input, attachmentIds: [uploaded.id] },
              null,
            )
            return reported.case.id
          },
        })
        log.info({ ...loaded, ms: Math.round(performance.now() - started) }, 'demo whistles loaded')
      },
    },
    {
      name: 'statistics',
      label: '统计 counting the month into the statistics',
      run: async () => {
        // The catch-up job would count the month within seconds anyway; counting here makes the first dashboard complete.
        const started = performance.now()
        const counted = await stats.catchUp()
        log.info({ counted, ms: Math.round(performance.now() - started) }, 'demo statistics counted')
      },
    },
    {
      name: 'assessment',
      label: '考核 last month’s assessments published',
      run: async () => {
        const started = performance.now()
        const published = await publishDemoAssessments({
          service: assessment.assessment,
          clock,
          principal: () => demoPrincipal('leader'),
        })
        log.info({ ...published, ms: Math.round(performance.now() - started) }, 'demo assessments published')
      },
    },
  ]
  runner.register(demoJob(database.db, demoSteps))
  runner.register(registryImportJob.definition())
  runner.every('outbox', config.jobs.pollMs, async () => void (await outbox.dispatchDue()))
  runner.every('deadline-sweep', config.cases.sweepMs, async () => void (await sweep.sweep()))
  // A day before a campaign's deadline its workers hear of their open items; after it, the laggards' grid leaders.
  runner.every('campaign-reminders', 60_000, async () => void (await campaignReminders.run()))
  // Whistle responses past their arrival limit become misses (吹哨未到), told once.
  runner.every('whistle-sweep', config.cases.sweepMs, async () => void (await whistles.sweep.sweep()))
  // Cases changed since the last run are counted into the statistics within about a second.
  runner.every('stats-catch-up', config.stats.catchUpMs, async () => void (await stats.catchUp()))
  // Every instance asks each minute; the day's row in daily_exports lets one of them export it.
  if (dailyExport) runner.every('daily-export', 60_000, async () => dailyExport.kick())
  runner.every(
    'idempotency-expiry',
    3_600_000,
    async () => void (await purgeExpiredIdempotencyKeys(database.db, clock.now())),
  )
  if (database.kind === 'pglite') {
    // The embedded database runs no autovacuum: without statistics the planner picks nested loops
    // that turn a 100 ms staffing query into 10 s. Hourly, and once at start.
    runner.every('pglite-analyze', 3_600_000, async () => void (await sql`ANALYZE`.execute(database.db)))
  }
  runner.every('audit-retention', 3_600_000, async () => {
    await purgeAuditLog(
      database.db,
      new Date(clock.now().getTime() - config.audit.retentionDays * 86_400_000),
    )
  })
  // The demo's workers on duty keep walking while the server runs (nothing to do without the demo).
  runner.every('demo-patrols', 60_000, async () => {
    await walkDemoPatrols({
      db: database.db,
      clock,
      append: async (userId, patrolId, point) => {
        const principal = await demoPrincipal(userId)
        if (principal) await patrols.patrols.append(principal, demoActor, patrolId, { points: [point] })
      },
    })
  })
  runner.every('heartbeat', 15_000, async () => {
    if (hub.subscriberCount > 0)
      await hub.publish('system.heartbeat', { at: clock.now().toISOString(), instance: runner.instanceId })
  })

  // HTTP.
  await http.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        // Deployments on a LAN often serve plain HTTP by IP; upgrading would break every asset.
        upgradeInsecureRequests: null,
      },
    },
  })
  await http.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'OneGrid API', version: appVersion, description: '网格化社会治理平台 OneGrid 的接口' },
      tags: [
        { name: 'system', description: 'health, version, live events' },
        { name: 'jobs', description: 'background work with progress' },
        { name: 'areas', description: 'the one grid network: areas and boundaries' },
        { name: 'grids', description: 'grids: attributes, lookups, topology, versioned redraws' },
        { name: 'identity', description: 'accounts, roles, sessions, API keys, audit log' },
        { name: 'grid-staff', description: 'staff on grids, grid workers’ training and qualifications' },
        {
          name: 'catalog',
          description: 'the event catalog (事项清单), admission (准入) and refusals (回绝)',
        },
        { name: 'calendar', description: 'the working-day calendar and deadline arithmetic' },
        {
          name: 'assessment',
          description:
            'monthly assessment (考核): scores and grades, publication, schemes, the grid worker pay helper',
        },
        {
          name: 'citizen',
          description:
            'the citizen page: phone codes, reports, tracking, rating, the public map, photo moderation',
        },
        {
          name: 'integrations',
          description:
            'other systems: the 12345 platform link, the superior platform (贯通), machine intake, the outbox (dead letters)',
        },
        {
          name: 'cases',
          description: 'the closed loop: report, accept, dispatch, handle, verify, close, follow up',
        },
        { name: 'notifications', description: 'in-app notifications (live over streamEvents)' },
        {
          name: 'whistles',
          description:
            'the whistle (吹哨报到): departments summoned to a place, their acknowledgement and arrival',
        },
        {
          name: 'registry',
          description: 'persons, households and special groups (人、地、事、物、组织); personal data masked',
        },
        {
          name: 'campaigns',
          description: 'campaigns (专项任务): work items per target object, progress, results',
        },
        {
          name: 'fieldwork',
          description: 'the grid worker’s day: patrols, check-ins, visits, and the offline queue (syncBatch)',
        },
      ],
      components: { securitySchemes },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  })
  await http.register(swaggerUi, { routePrefix: '/docs' })
  http.get('/openapi.json', { schema: { hide: true } }, async () => http.swagger())
  installErrorHandler(http, deps.serveWeb ? webFallback : undefined)
  // Boundaries and reports are large JSON; gzip/brotli them when the client accepts it.
  await http.register(compress, { threshold: 2048 })
  await http.register(cookie)
  await http.register(accessPlugin, { resolve: resolvePrincipal })
  // Limits are per route (intake from outside); after access, so a key's limit can be keyed by the key.
  await http.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`rate limit of ${context.max} per ${context.after} exceeded`), {
        statusCode: 429,
      }),
  })
  await http.register(idempotencyPlugin, {
    db: database.db,
    clock,
    scopeOf: (request) => {
      const p = request.principal
      return p?.kind === 'user' ? `user:${p.userId}` : p?.kind === 'api_key' ? `key:${p.keyId}` : 'anonymous'
    },
  })

  const operations = new OperationIndex()
  await http.register(operationIndexPlugin, { index: operations })
  // syncBatch sends each queued item through the app's own router, as the caller, one after another.
  const syncBatch = new SyncBatch(operations, async (r) => {
    const answer = await http.inject({
      method: r.method as 'POST',
      url: r.url,
      headers: r.headers,
      ...(r.body === undefined ? {} : { payload: r.body as string }),
      remoteAddress: r.remoteAddress,
    })
    return { status: answer.statusCode, headers: answer.headers, body: answer.body }
  })

  await http.register(systemRoutes(system, streams, mapConfig(config.map)))
  await http.register(jobRoutes(runner))
  await http.register(areaRoutes(areas))
  await http.register(gridRoutes(areas, grids))
  await http.register(importRoutes(imports))
  await http.register(authRoutes(identity))
  await http.register(userRoutes(identity))
  await http.register(apiKeyRoutes(identity))
  await http.register(gridStaffRoutes(gridStaff))
  await http.register(catalogRoutes(catalogServices))
  await http.register(calendarRoutes(calendar))
  await http.register(caseExportRoutes(caseExport))
  await http.register(caseRoutes(cases))
  await http.register(casePartyRoutes(caseParties))
  await http.register(notificationRoutes(notifications))
  await http.register(whistleRoutes(whistles.whistles))
  await http.register(registryRoutes(registry))
  await http.register(placeRoutes(places))
  await http.register(placeExportRoutes(places, placeExport))
  await http.register(spotCheckRoutes(spotChecks))
  await http.register(registryImportRoutes(registryImports))
  await http.register(patrolRoutes(patrols))
  await http.register(visitRoutes(visits))
  await http.register(campaignRoutes(campaigns))
  await http.register(syncRoutes(syncBatch))
  await http.register(statsRoutes(stats))
  await http.register(assessmentRoutes(assessment))
  await http.register(bulletinRoutes(bulletins))
  await http.register(hotlineRoutes(hotline, { perMinute: config.hotline.perMinute }))
  await http.register(machineRoutes(machine, { perMinute: config.machine.perMinute }))
  await http.register(outboxRoutes(outboxAdmin))
  await http.register(dailyExportRoutes(dailyExportAdmin))
  await http.register(upstreamRoutes(upstream, { perMinute: config.upstream.perMinute }))
  await http.register(open311Routes(open311))
  await http.register(citizenRoutes(citizen))
  if (deps.serveWeb) await serveWebApp(http, webDist)

  http.addHook('preClose', async () => {
    closing = true
    streams.closeAll()
  })

  let started = false
  return {
    http,
    database,
    runner,
    hub,
    outbox,
    demoSteps,
    services: {
      areas,
      files,
      system,
      pii,
      users: identity.users,
      sessions,
      login: identity.login,
      apiKeys: identity.apiKeys,
      gridStaff: gridStaff.staff,
      gridWorkers: gridStaff.workers,
      catalog,
      admission: catalogServices.admission,
      calendar,
      cases: { report: cases.report, actions: caseActions, view: caseView, sweep, store: casePorts.store },
      registry,
      places,
      registryImports,
      notifications,
      visits,
      campaigns: { ...campaigns, reminders: campaignReminders, store: campaignStore },
      patrols,
      stats,
      assessment,
      bulletins,
      dailyExport,
      whistles,
    },
    async start() {
      await hub.start()
      await sessions.cache.start(database)
      runner.start()
      started = true
    },
    async close() {
      await http.close()
      if (started) {
        await runner.stop()
        await hub.stop()
        await sessions.cache.stop()
      }
      await database.close()
    },
  }
}
