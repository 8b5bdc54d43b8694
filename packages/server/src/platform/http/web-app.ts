import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** The four front ends, by URL prefix; each is a single-page app with history routing. */
const entries = [
  { prefix: '/field/', index: 'field/index.html' },
  { prefix: '/citizen/', index: 'citizen/index.html' },
  { prefix: '/screen/', index: 'screen/index.html' },
  { prefix: '/', index: 'index.html' },
] as const

const apiPrefixes = ['/api/', '/open311/', '/docs', '/openapi.json', '/health']

/**
 * Serves the built web app from `dist`. Unknown paths under an entry fall back
 * to that entry's index.html; unknown API paths stay JSON 404s.
 */
export async function serveWebApp(app: FastifyInstance, dist: string): Promise<boolean> {
  if (!fs.existsSync(path.join(dist, 'index.html'))) return false
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    cacheControl: false,
    setHeaders(reply, file) {
      // Hashed assets never change; HTML must always be revalidated.
      reply.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
    },
  })
  return true
}

/** For the not-found handler: answers with an entry's index.html when the request is a page navigation. */
export function webFallback(request: FastifyRequest, reply: FastifyReply): FastifyReply | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null
  const url = request.url.split('?')[0] ?? '/'
  if (apiPrefixes.some((p) => url.startsWith(p))) return null
  if (!String(request.headers.accept ?? '').includes('text/html')) return null
  const entry = entries.find((e) => url.startsWith(e.prefix) || `${url}/` === e.prefix)
  if (!entry) return null
  if (`${url}/` === entry.prefix) return reply.redirect(entry.prefix)
  return reply.header('cache-control', 'no-cache').sendFile(entry.index)
}
