import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export type OperationRoute = { method: string; url: string }

/**
 * The routes of the app by operationId, as they are registered. Lets one operation stand for
 * another (syncBatch sends each queued item to the operation it names) without repeating paths.
 */
export class OperationIndex {
  private readonly routes = new Map<string, OperationRoute>()

  add(operationId: string, route: OperationRoute): void {
    this.routes.set(operationId, route)
  }

  get(operationId: string): OperationRoute | undefined {
    return this.routes.get(operationId)
  }
}

async function collect(app: FastifyInstance, opts: { index: OperationIndex }): Promise<void> {
  app.addHook('onRoute', (route) => {
    const operationId = (route.schema as { operationId?: unknown } | undefined)?.operationId
    if (typeof operationId !== 'string') return
    const method = Array.isArray(route.method) ? route.method[0] : route.method
    if (method) opts.index.add(operationId, { method, url: route.url })
  })
}

/** Register before the routes: it records each route that carries an operationId. */
export const operationIndexPlugin = fp(collect, { name: 'onegrid-operation-index' })
