import { createHash } from 'node:crypto'
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type pg from 'pg'

/**
 * Names the statements the server runs again and again, so that each
 * connection parses them once and PostgreSQL may keep their plans (a named
 * statement of the extended protocol). Without a name every query is parsed,
 * analysed and planned anew: on a report that was twice the time spent
 * executing it.
 *
 * A text gets a name on its second use, and at most `max` texts get one, so
 * statements built with a varying shape (a list of n values, a batch of n
 * rows) stay unnamed once the budget is spent instead of piling up in every
 * backend.
 */
export class StatementNames {
  private readonly names = new Map<string, string>()
  private readonly seenOnce = new Set<string>()
  private epoch = 0

  constructor(private readonly max = 400) {}

  nameFor(text: string): string | undefined {
    const known = this.names.get(text)
    if (known) return known
    if (this.names.size >= this.max) return undefined
    if (!this.seenOnce.has(text)) {
      if (this.seenOnce.size < this.max * 10) this.seenOnce.add(text)
      return undefined
    }
    this.seenOnce.delete(text)
    const hash = createHash('sha1').update(text).digest('base64url').slice(0, 24)
    const name = `og${this.epoch}_${hash}`
    this.names.set(text, name)
    return name
  }

  /**
   * After a schema change under a prepared statement whose result shape it
   * changed, PostgreSQL refuses to run it on that connection. Every statement
   * then gets a new name, so each connection prepares it again; the old ones
   * go away with their connections.
   */
  renameAll(): void {
    this.epoch += 1
    this.names.clear()
    this.seenOnce.clear()
  }
}

/** PostgreSQL's refusal of a prepared statement whose result changed shape under it. */
export function isStalePlan(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { code?: unknown }).code === '0A000' &&
    String((err as { message?: unknown }).message).includes('cached plan must not change result type')
  )
}

/** A pool for Kysely's PostgresDialect whose clients run named statements. */
export function namingPool(pool: pg.Pool, names: StatementNames): PostgresPool {
  return {
    options: pool.options,
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect()
      const query = (
        textOrCursor: string | PostgresCursor<unknown>,
        parameters?: ReadonlyArray<unknown>,
      ): Promise<PostgresQueryResult<unknown>> | PostgresCursor<unknown> => {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor as never)
        const name = names.nameFor(textOrCursor)
        const values = parameters ? [...parameters] : []
        const run = name
          ? client.query({ name, text: textOrCursor, values })
          : client.query(textOrCursor, values)
        return run.catch((err: unknown) => {
          if (name && isStalePlan(err)) names.renameAll()
          throw err
        }) as Promise<PostgresQueryResult<unknown>>
      }
      return {
        query: query as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
        get processID() {
          return (client as { processID?: number }).processID
        },
      } as PostgresPoolClient
    },
    end: () => pool.end(),
  }
}
