import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../platform/db/database.ts'
import { defineJob } from '../platform/jobs/job-definition.ts'

/** One part of the demo district, contributed by the module that owns the data. */
export type DemoStep = { name: string; label: string; run: () => Promise<void> }

export const demoJobKind = 'demo.load'
const loadedKey = 'demo.loaded'

/**
 * Loads the demo district step by step. The checkpoint records finished steps,
 * so a load interrupted by a restart carries on where it stopped.
 */
export function demoJob(db: Db, steps: DemoStep[]) {
  return defineJob({
    kind: demoJobKind,
    payload: z.object({}),
    maxAttempts: 1,
    async run(ctx) {
      const done = new Set<string>(Array.isArray(ctx.resumeFrom) ? (ctx.resumeFrom as string[]) : [])
      await ctx.progress({ done: done.size, total: steps.length, message: 'starting' })
      for (const step of steps) {
        if (done.has(step.name)) continue
        await ctx.progress({ done: done.size, message: step.label })
        await step.run()
        done.add(step.name)
        await ctx.checkpoint([...done], { done: done.size, message: step.label })
      }
      // Fresh statistics for the planner after bulk loading (the embedded database has no autovacuum).
      await sql`ANALYZE`.execute(db)
      await db
        .insertInto('settings')
        .values({ key: loadedKey, value: JSON.stringify({ steps: [...done] }) })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: sql`now()` })),
        )
        .execute()
      return { steps: [...done] }
    },
  })
}

export async function isDemoLoaded(db: Db): Promise<boolean> {
  const row = await db.selectFrom('settings').select('key').where('key', '=', loadedKey).executeTakeFirst()
  return row !== undefined
}
