import { channels } from '@onegrid/core/catalog/vocabulary'
import type { Measure } from '@onegrid/core/stats/measures'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../src/app.ts'
import { caseWorld } from '../src/modules/cases/test-fixtures.ts'
import { generateCases, type Outcome, outcomes } from './stat-cases.ts'
import { createTestApp } from './test-app.ts'

/**
 * The generator's counts profile puts every case where its outcome says, as the
 * statistics count it: each outcome gets a channel of its own, and the direct
 * computation over the period, broken down by channel, must give these measures
 * per case (1: counted, 0: not; null: either, as the case's later steps fall).
 */
const keys = [
  'reported',
  'valid',
  'self_handled',
  'accepted',
  'accepted_handled',
  'registered',
  'discovered_locally',
  'dispatched',
  'due',
  'handled',
  'handled_on_time',
  'closed_on_time',
  'completed',
] as const satisfies readonly Measure[]
type Row = Record<(typeof keys)[number], 0 | 1 | null>
const row = (...v: Array<0 | 1 | null>): Row => Object.fromEntries(keys.map((k, i) => [k, v[i]])) as Row

//                                       rep val self acc accH reg loc dis due hdl ontime cOnT compl
const expected: Record<Outcome, Row> = {
  rejected: row(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  merged: row(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  self_handled: row(1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
  closed_on_time: row(1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
  handled_early: row(1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, null),
  handled_late: row(1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1),
  handled_unclosed: row(1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0),
  handled_after: row(1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0),
  overdue_open: row(1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0),
  never_signed: row(1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0),
  not_due: row(1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0),
  undispatched: row(1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0),
  accepted: row(1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  reported: row(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
}

const N = 40
const period = { kind: 'custom' as const, from: '2026-01-01', to: '2026-06-30' }
// Two streets, each outcome with a channel of its own there (ten channels, fourteen outcomes).
const halves = [
  { street: '110120001', outcomes: outcomes.slice(0, 7) },
  { street: '110120002', outcomes: outcomes.slice(7) },
]

describe('the bulk case generator (test/stat-cases.ts)', () => {
  let app: App

  beforeAll(async () => {
    app = await createTestApp()
    await caseWorld(app)
    for (const [k, h] of halves.entries())
      await generateCases(app.database.db, {
        seed: 31 + k,
        count: h.outcomes.length * N,
        ...period,
        areaCode: h.street,
        profile: {
          kind: 'counts',
          // Grid staff report what is discovered locally; residents the rest, so 街镇发现 is checked too.
          groups: h.outcomes.map((outcome, j) => ({ outcome, count: N, channel: channels[j] })),
        },
      })
    await app.services.stats.catchUp()
  }, 300_000)
  afterAll(async () => {
    await app.close()
  })

  it('puts each outcome of the counts profile where it says, as the statistics count it', async () => {
    for (const h of halves) {
      const rows = await app.services.stats.raw(
        period,
        { areaPaths: [`110120.${h.street}`], unitIds: null },
        'channel',
      )
      for (const [j, outcome] of h.outcomes.entries()) {
        const channel = channels[j] as string
        const m = rows.find((r) => r.key === channel)?.measures
        const local = channel === 'grid_worker' || channel === 'patrol'
        for (const key of keys) {
          let want = expected[outcome][key]
          if (key === 'discovered_locally' && !local) want = want === null ? null : 0
          if (want === null) continue
          expect(m?.[key], `${outcome} ${key}`).toBe(want * N)
        }
      }
    }
  })

  it('writes rows the case tables accept, with unique codes and the timeline the facts read', async () => {
    const [c] = (
      await sql<{ cases: number; codes: number; merged: number; masters: number; events: number }>`
        SELECT count(*)::int AS cases, count(DISTINCT code)::int AS codes,
          count(*) FILTER (WHERE status = 'merged')::int AS merged,
          count(*) FILTER (WHERE status = 'merged' AND merged_into IS NOT NULL)::int AS masters,
          (SELECT count(*)::int FROM case_events) AS events
        FROM cases`.execute(app.database.db)
    ).rows
    expect(c).toMatchObject({ cases: outcomes.length * N, codes: outcomes.length * N, merged: N, masters: N })
    expect(c?.events).toBeGreaterThan(outcomes.length * N)
    // The deadline the case row shows is its running stage's, as the case service keeps it.
    const [d] = (
      await sql<{ wrong: number }>`
        SELECT count(*)::int AS wrong FROM cases c
        WHERE c.due_at IS DISTINCT FROM (
          SELECT (k->>'deadline')::timestamptz FROM jsonb_array_elements(c.clocks) k
          WHERE k->>'stoppedAt' IS NULL AND NOT (k->>'paused')::boolean
          ORDER BY k->>'stage' = 'overall', (k->>'deadline')::timestamptz LIMIT 1)`.execute(app.database.db)
    ).rows
    expect(d?.wrong).toBe(0)
  })
})
