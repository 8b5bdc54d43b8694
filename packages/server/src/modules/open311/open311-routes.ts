import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/actor.ts'
import { preferredLanguage } from '../../platform/http/language.ts'
import { Open311Error } from './open311-errors.ts'
import type { Form, Open311Service } from './open311-service.ts'
import { xmlDocument } from './open311-xml.ts'

type Format = 'json' | 'xml'

/** The root element of each answer in XML (the JSON is the list or object itself). */
type Root =
  | 'discovery'
  | 'services'
  | 'service_definition'
  | 'service_requests'
  | 'service_request_updates'
  | 'errors'

function send(reply: FastifyReply, format: Format, root: Root, body: unknown, status = 200) {
  reply.code(status)
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(body))
  return reply.type('text/xml; charset=utf-8').send(xmlDocument(root, body))
}

/** `services.json` → json; anything but json and xml is not a resource here. */
function formatOf(request: FastifyRequest): Format {
  const format = (request.params as { format?: string }).format
  if (format === 'json' || format === 'xml') return format
  throw new Open311Error(404, [
    { param: 'format', zh: '只提供 .xml 和 .json', en: 'only .xml and .json are served' },
  ])
}

/** `a=1&attribute[x][]=p&attribute[x][]=q`: repeated keys become lists. */
export function parseForm(body: string): Form {
  const form: Form = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const prior = form[key]
    if (prior === undefined) form[key] = key.endsWith('[]') ? [value] : value
    else form[key] = Array.isArray(prior) ? [...prior, value] : [prior, value]
  }
  return form
}

const hide = { hide: true }

/**
 * Open311 GeoReport v2 under `/open311/v2`, in XML and JSON as the
 * specification shapes them (docs/API.md). Not under `/api/`: its access
 * rule is its own (GET is public, POST needs an `open311` API key in the
 * form), and so are its errors (`[{code, description}]`, `<errors>`).
 */
export const open311Routes = (s: Open311Service) => async (app: FastifyInstance) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, parseForm(String(body)))
    },
  )

  app.setErrorHandler((err, request, reply) => {
    const format = (request.params as { format?: string }).format === 'json' ? 'json' : 'xml'
    const language = preferredLanguage(request.headers['accept-language'])
    if (err instanceof Open311Error) return send(reply, format, 'errors', err.items(language), err.status)
    const status = (err as { statusCode?: number }).statusCode
    if (status && status >= 400 && status < 500)
      return send(reply, format, 'errors', [{ code: status, description: (err as Error).message }], status)
    request.log.error({ err }, 'open311 request failed')
    return send(reply, format, 'errors', [{ code: 500, description: 'internal error' }], 500)
  })

  const base = (request: FastifyRequest) => `${request.protocol}://${request.host}`
  const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>

  app.get('/open311/v2/discovery.:format', { schema: hide }, async (request, reply) =>
    send(reply, formatOf(request), 'discovery', s.discovery(base(request))),
  )

  app.get('/open311/v2/services.:format', { schema: hide }, async (request, reply) => {
    const format = formatOf(request)
    return send(reply, format, 'services', await s.services())
  })

  app.get('/open311/v2/services/:code.:format', { schema: hide }, async (request, reply) => {
    const format = formatOf(request)
    const { code } = request.params as { code: string }
    return send(reply, format, 'service_definition', await s.serviceDefinition(code))
  })

  app.post('/open311/v2/requests.:format', { schema: hide }, async (request, reply) => {
    const format = formatOf(request)
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Form
    return send(reply, format, 'service_requests', await s.createRequest(form, actorOf(request)))
  })

  app.get('/open311/v2/requests.:format', { schema: hide }, async (request, reply) => {
    const format = formatOf(request)
    return send(reply, format, 'service_requests', await s.requests(query(request)))
  })

  app.get('/open311/v2/requests/:id.:format', { schema: hide }, async (request, reply) => {
    const format = formatOf(request)
    const { id } = request.params as { id: string }
    return send(reply, format, 'service_requests', await s.request(id))
  })

  app.get('/open311/v2/servicerequestupdates.:format', { schema: hide }, async (request, reply) => {
    const format = formatOf(request)
    return send(reply, format, 'service_request_updates', await s.updates(query(request)))
  })

  app.post('/open311/v2/servicerequestupdates.:format', { schema: hide }, async (request, reply) => {
    const format = formatOf(request)
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Form
    return send(reply, format, 'service_request_updates', await s.createUpdate(form))
  })

  app.get('/open311/v2/tokens/:token.:format', { schema: hide }, async (request) => {
    formatOf(request)
    return s.token((request.params as { token: string }).token)
  })
}
