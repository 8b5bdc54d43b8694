import { handlingBuckets, type Measure, measures } from '@onegrid/core/stats/measures'
import { type PeriodKind, periodKinds } from '@onegrid/core/stats/periods'
import { type RawBuilder, sql } from 'kysely'

/**
 * The SQL that turns cases into facts and facts into measures. One derivation
 * serves the catch-up job (a batch of changed cases), the rebuild, custom
 * periods and the direct computation the rollups are checked against.
 */

const day = (column: string) => `(${column} AT TIME ZONE 'Asia/Shanghai')::date`

/** The columns of stat_case_facts, in table order. */
export const factColumns = [
  'case_id',
  'district_code',
  'area_path',
  'grid_code',
  'item_code',
  'channel',
  'unit_id',
  'reporter_id',
  'handler_id',
  'reported_day',
  'valid',
  'self_handled',
  'local',
  'accepted_day',
  'registered_day',
  'dispatched_day',
  'returned',
  'shirked',
  'due_day',
  'handled_day',
  'on_time',
  'closed_on_time',
  'extended',
  'handling_secs',
  'close_due_day',
  'closed_day',
  'closed_in_time',
  'reworked',
  'supervised_day',
  'followup_day',
  'reached',
  'satisfaction',
] as const

/**
 * Facts of the cases matching `where` (over cases c), from the case row, its stored
 * clocks (the latest run of each stage) and its timeline:
 * - dispatched: the first 派遣; the handling deadline is the handle stage's, or the
 *   signing deadline for a case never signed (it counts as not handled on time);
 * - handled: the handle stage's stop, while the case stands handled or later (a case
 *   sent back for rework is not handled until handled again);
 * - local (街镇发现): reported by grid workers or patrols;
 * - the follow-up is the last one.
 */
export function factsSelect(where: RawBuilder<boolean>): RawBuilder<unknown> {
  return sql`
    SELECT c.id AS case_id, c.district_code, c.area_path, coalesce(c.grid_code, '') AS grid_code, c.item_code, c.channel,
      coalesce(c.handler_unit_id, 0) AS unit_id, coalesce(c.reporter_user_id, 0) AS reporter_id,
      coalesce(c.handler_user_id, 0) AS handler_id,
      ${sql.raw(day('c.reported_at'))} AS reported_day,
      c.status NOT IN ('rejected', 'merged') AS valid,
      c.self_handled,
      c.channel IN ('grid_worker', 'patrol') AS local,
      ${sql.raw(day('ev.accepted_at'))} AS accepted_day,
      ${sql.raw(day('ev.registered_at'))} AS registered_day,
      ${sql.raw(day('ev.dispatched_at'))} AS dispatched_day,
      ev.returns > 0 AS returned,
      c.shirk_count AS shirked,
      ${sql.raw(day('f.due_at'))} AS due_day,
      ${sql.raw(day('f.handled_at'))} AS handled_day,
      coalesce(f.handled_at <= f.due_at, false) AS on_time,
      coalesce(f.handled_at <= f.due_at AND f.closed_at IS NOT NULL, false) AS closed_on_time,
      ev.extended,
      CASE WHEN f.handled_at IS NOT NULL THEN greatest(0, extract(epoch FROM f.handled_at - k.handle_started))::bigint END
        AS handling_secs,
      ${sql.raw(day('k.overall_deadline'))} AS close_due_day,
      ${sql.raw(day('f.closed_at'))} AS closed_day,
      coalesce(f.closed_at <= k.overall_deadline, false) AS closed_in_time,
      c.rework_count AS reworked,
      ${sql.raw(day('ev.supervised_at'))} AS supervised_day,
      ${sql.raw(day('ev.followup_at'))} AS followup_day,
      coalesce((ev.followup->>'reached')::boolean, false) AS reached,
      CASE WHEN (ev.followup->>'reached')::boolean THEN ev.followup->>'satisfaction' END AS satisfaction
    FROM cases c
    CROSS JOIN LATERAL (
      SELECT
        max((x->>'deadline')::timestamptz) FILTER (WHERE x->>'stage' = 'handle') AS handle_deadline,
        max((x->>'startedAt')::timestamptz) FILTER (WHERE x->>'stage' = 'handle') AS handle_started,
        max((x->>'stoppedAt')::timestamptz) FILTER (WHERE x->>'stage' = 'handle') AS handle_stopped,
        max((x->>'deadline')::timestamptz) FILTER (WHERE x->>'stage' = 'sign') AS sign_deadline,
        max((x->>'deadline')::timestamptz) FILTER (WHERE x->>'stage' = 'overall') AS overall_deadline
      FROM jsonb_array_elements(c.clocks) x
    ) k
    CROSS JOIN LATERAL (
      SELECT
        min(e.at) FILTER (WHERE e.action = 'accept') AS accepted_at,
        min(e.at) FILTER (WHERE e.action = 'register') AS registered_at,
        min(e.at) FILTER (WHERE e.action = 'dispatch') AS dispatched_at,
        count(*) FILTER (WHERE e.action = 'return') AS returns,
        coalesce(bool_or(e.action = 'approve_extension'), false) AS extended,
        min(e.at) FILTER (WHERE e.action = 'supervise'
                            OR (e.action = 'alarm' AND e.data->>'step' IN ('supervised', 'bulletin'))) AS supervised_at,
        max(e.at) FILTER (WHERE e.action = 'follow_up') AS followup_at,
        (array_agg(e.data->'followUp' ORDER BY e.id DESC) FILTER (WHERE e.action = 'follow_up'))[1] AS followup
      FROM case_events e WHERE e.case_id = c.id
    ) ev
    CROSS JOIN LATERAL (
      SELECT
        CASE WHEN ev.dispatched_at IS NOT NULL THEN coalesce(k.handle_deadline, k.sign_deadline) END AS due_at,
        CASE WHEN c.status IN ('handled', 'verified', 'closed', 'archived') AND NOT c.self_handled
             THEN k.handle_stopped END AS handled_at,
        CASE WHEN c.status IN ('closed', 'archived') THEN c.closed_at END AS closed_at
    ) f
    WHERE ${where}`
}

type Anchor = { day: string; when?: string; set: Partial<Record<Measure, string>> }

const int = (cond: string) => `(coalesce(${cond}, false))::int`
const bucketOf = (i: number) => {
  const lower = i === 0 ? null : (handlingBuckets[i - 1] as number) * 3600
  const upper = handlingBuckets[i] as number
  const conds = [
    ...(lower === null ? [] : [`f.handling_secs > ${lower}`]),
    ...(Number.isFinite(upper) ? [`f.handling_secs <= ${upper * 3600}`] : []),
  ]
  return int(conds.join(' AND ') || 'true')
}
const handlingMeasures: Partial<Record<Measure, string>> = {
  handled_n: '1',
  handled_secs: 'f.handling_secs',
  ...Object.fromEntries(handlingBuckets.map((_, i) => [`h${i}`, bucketOf(i)])),
}

/**
 * Which measures a fact adds to the period (of kind k.kind) of each of its anchor days.
 * `pend` is the last day of that period: "by the end of P". The second due and
 * close anchors count a case handled (closed) on time in an earlier period than its
 * deadline's: it was due there too ("handled in P before their deadline").
 */
const anchors: Anchor[] = [
  {
    day: 'f.reported_day',
    set: {
      reported: '1',
      valid: int('f.valid'),
      self_handled: int('f.valid AND f.self_handled'),
      completed: int('f.closed_day <= $PEND'),
    },
  },
  { day: 'f.accepted_day', set: { accepted: '1', accepted_handled: int('f.handled_day <= $PEND') } },
  { day: 'f.registered_day', set: { registered: '1', discovered_locally: int('f.local') } },
  { day: 'f.dispatched_day', set: { dispatched: '1', returned: int('f.returned'), shirked: 'f.shirked' } },
  {
    day: 'f.due_day',
    set: {
      due: '1',
      handled: int('f.handled_day <= $PEND'),
      handled_on_time: int('f.on_time'),
      closed_on_time: int('f.closed_on_time'),
      extended: int('f.extended'),
    },
  },
  {
    day: 'f.handled_day',
    when: 'f.on_time AND stat_period_start(k.kind, f.handled_day) < stat_period_start(k.kind, f.due_day)',
    set: {
      due: '1',
      handled: '1',
      handled_on_time: '1',
      closed_on_time: int('f.closed_on_time'),
      extended: int('f.extended'),
    },
  },
  {
    day: 'f.close_due_day',
    set: { due_close: '1', closed_due: int('f.closed_day <= $PEND'), reworked: int('f.reworked > 0') },
  },
  {
    day: 'f.closed_day',
    when: 'f.closed_in_time AND stat_period_start(k.kind, f.closed_day) < stat_period_start(k.kind, f.close_due_day)',
    set: { due_close: '1', closed_due: '1', reworked: int('f.reworked > 0') },
  },
  { day: 'f.closed_day', set: { closed: '1', closed_first_time: int('f.reworked = 0') } },
  { day: 'f.supervised_day', set: { supervised: '1' } },
  {
    day: 'f.followup_day',
    set: {
      followups: '1',
      reached: int('f.reached'),
      satisfied: int("f.satisfaction = 'satisfied'"),
      basically: int("f.satisfaction = 'basically'"),
    },
  },
  { day: 'f.handled_day', when: 'f.handling_secs IS NOT NULL', set: handlingMeasures },
]

/** The fact columns a contribution's period is taken from. */
export const anchorDays: readonly string[] = [...new Set(anchors.map((a) => a.day))]

/** The key columns a contribution carries (the grains pick from them). */
const keyColumns = 'f.area_path, f.grid_code, f.item_code, f.channel, f.unit_id, f.reporter_id, f.handler_id'

/**
 * One row per fact, period kind and anchor: (kind, period_start, keys…, measures × sign).
 * `facts` is a relation of stat_case_facts' shape; `kinds` the period kinds (default all).
 */
export function contributions(
  facts: RawBuilder<unknown>,
  sign: 1 | -1,
  kinds: readonly PeriodKind[] = periodKinds,
): RawBuilder<unknown> {
  const kindRows = kinds.map((k) => `('${k}')`).join(', ')
  const arms = anchors.map((a) => {
    const values = measures.map((m) => {
      const e = a.set[m]
      return e === undefined ? `0 AS ${m}` : `(${e}) * ${sign} AS ${m}`
    })
    const pend = `stat_period_end(k.kind, ${a.day})`
    return `SELECT k.kind, stat_period_start(k.kind, ${a.day}) AS period_start, ${keyColumns},
        ${values.join(', ').replaceAll('$PEND', pend)}
      FROM facts_src f CROSS JOIN (VALUES ${kindRows}) AS k(kind)
      WHERE ${a.day} IS NOT NULL${a.when ? ` AND ${a.when}` : ''}`
  })
  return sql`WITH facts_src AS (${facts}) ${sql.raw(arms.join('\nUNION ALL\n'))}`
}

/**
 * The measures of the facts in a custom period [from, to], computed directly (no
 * rollup): the same definitions as the anchors above, with P fixed.
 */
export function measuresInRange(from: string, to: string): string {
  // Inlined as literals (the statement is built once per query); the shape is checked here, not trusted.
  for (const d of [from, to]) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a day: ${d}`)
  const inP = (col: string) => `${col} BETWEEN DATE '${from}' AND DATE '${to}'`
  const earlyDue = `(f.on_time AND ${inP('f.handled_day')} AND f.due_day > DATE '${to}')`
  const due = `(${inP('f.due_day')} OR ${earlyDue})`
  const earlyClose = `(f.closed_in_time AND ${inP('f.closed_day')} AND f.close_due_day > DATE '${to}')`
  const dueClose = `(${inP('f.close_due_day')} OR ${earlyClose})`
  const cnt = (cond: string) => `count(*) FILTER (WHERE ${cond})`
  const end = `DATE '${to}'`
  const exprs: Record<Measure, string> = {
    reported: cnt(inP('f.reported_day')),
    valid: cnt(`${inP('f.reported_day')} AND f.valid`),
    self_handled: cnt(`${inP('f.reported_day')} AND f.valid AND f.self_handled`),
    completed: cnt(`${inP('f.reported_day')} AND f.closed_day <= ${end}`),
    accepted: cnt(inP('f.accepted_day')),
    accepted_handled: cnt(`${inP('f.accepted_day')} AND f.handled_day <= ${end}`),
    registered: cnt(inP('f.registered_day')),
    discovered_locally: cnt(`${inP('f.registered_day')} AND f.local`),
    dispatched: cnt(inP('f.dispatched_day')),
    returned: cnt(`${inP('f.dispatched_day')} AND f.returned`),
    shirked: `coalesce(sum(f.shirked) FILTER (WHERE ${inP('f.dispatched_day')}), 0)`,
    due: cnt(due),
    handled: cnt(`(${inP('f.due_day')} AND f.handled_day <= ${end}) OR ${earlyDue}`),
    handled_on_time: cnt(`${due} AND f.on_time`),
    closed_on_time: cnt(`${due} AND f.closed_on_time`),
    extended: cnt(`${due} AND f.extended`),
    due_close: cnt(dueClose),
    closed_due: cnt(`(${inP('f.close_due_day')} AND f.closed_day <= ${end}) OR ${earlyClose}`),
    reworked: cnt(`${dueClose} AND f.reworked > 0`),
    closed: cnt(inP('f.closed_day')),
    closed_first_time: cnt(`${inP('f.closed_day')} AND f.reworked = 0`),
    supervised: cnt(inP('f.supervised_day')),
    followups: cnt(inP('f.followup_day')),
    reached: cnt(`${inP('f.followup_day')} AND f.reached`),
    satisfied: cnt(`${inP('f.followup_day')} AND f.satisfaction = 'satisfied'`),
    basically: cnt(`${inP('f.followup_day')} AND f.satisfaction = 'basically'`),
    handled_n: cnt(`${inP('f.handled_day')} AND f.handling_secs IS NOT NULL`),
    handled_secs: `coalesce(sum(f.handling_secs) FILTER (WHERE ${inP('f.handled_day')}), 0)`,
    h0: '0',
    h1: '0',
    h2: '0',
    h3: '0',
    h4: '0',
    h5: '0',
    h6: '0',
    h7: '0',
    h8: '0',
    h9: '0',
    h10: '0',
    h11: '0',
  }
  for (let i = 0; i < handlingBuckets.length; i++) {
    const cond = bucketOf(i).replace(/^\(coalesce\((.*), false\)\)::int$/, '$1')
    exprs[`h${i}` as Measure] = cnt(`${inP('f.handled_day')} AND f.handling_secs IS NOT NULL AND ${cond}`)
  }
  return measures.map((m) => `${exprs[m]} AS ${m}`).join(',\n')
}
