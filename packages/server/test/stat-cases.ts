import { type Channel, channels } from '@onegrid/core/catalog/vocabulary'
import { sql } from 'kysely'
import type { Db } from '../src/platform/db/database.ts'

/**
 * Bulk cases for the statistics' tests and bench: `count` case rows with the
 * timeline rows their facts read (modules/stats/facts-sql.ts), generated inside
 * the database by `INSERT … SELECT … FROM generate_series` in batches — no row
 * crosses the wire. Deterministic: every draw is a hash of (seed, stream, i)
 * (`hashint8extended`), so the same seed over the same world gives the same rows.
 *
 * The world is what the database holds: the grids (with their paths) under the
 * district or area, the current admitted catalog versions (their limits at the
 * case's urgency give the deadlines), the district's units with their department
 * handlers, and its staff (grid workers report in their grid; otherwise any staff
 * of the district reports and takes the intake steps).
 *
 * Each case follows a path of the state machine (core/cases/rules.ts): reported →
 * accepted → registered → dispatched → (returned before signing → ruled: reassigned
 * to another unit, or sent back: 推诿) → signed → handling (an approved extension,
 * or a suspension resumed or still open) → handled (on time or late; or reworked
 * once after a failed verification) → verified → closed → followed up (reached:
 * satisfied, basically or unsatisfied; or unreached); or self-handled on the spot
 * (handled → verified → closed → followed up); or rejected; or merged as a
 * duplicate. Leaders supervise some; the deadline ladder supervises what runs a
 * working day past its handling (or signing) deadline. The path is cut at `now`:
 * steps after it have not happened, so status, flags and clocks are those of the
 * last step before it. The stored `clocks` hold one run per stage (the latest),
 * started and stopped by the steps as rules.ts does, with deadlines from the item's
 * limits by an approximate calendar (working days skip weekends but not holidays;
 * working hours 08:30–17:30 without the lunch break, spilling over one night at
 * most), approved extensions and pauses added. The timeline holds the steps the
 * statistics read: accept, register, dispatch, return, approve_extension,
 * supervise, the ladder's `supervised` alarm and follow_up (so a generated case's
 * page shows that much of its story).
 *
 * Profiles:
 * - `realistic`: reports over [from, to] (office hours mostly), about half
 *   self-handled, every channel, status, deadline situation and flag in
 *   proportions like a district's; the recent cases open (cut at `now`, by
 *   default the end of `to`), a few older ones stalled (overdue, never signed,
 *   suspended, waiting for a ruling, unverified, unclosed, never followed up).
 * - `counts`: exactly each group's count of its outcome, relative to the period
 *   P = [from, to] (see {@link outcomes}); the seeds' figures are built from them.
 */

/** Where a case of the counts profile stands with respect to the period P = [from, to]; all are reported in P. */
export const outcomes = [
  /** Rejected (不予受理) in P: not valid. */
  'rejected',
  /** Merged into another case in P: not valid. */
  'merged',
  /** Self-handled by grid staff, verified, closed and followed up in P. */
  'self_handled',
  /** Registered, dispatched, handled on time and closed, its handling deadline in P. */
  'closed_on_time',
  /** Handled on time in P, its deadline after P (due in P through the early anchor), closed. */
  'handled_early',
  /** Deadline in P, handled after it but within P, closed. */
  'handled_late',
  /** Deadline in P, handled on time in P, waiting for verification (not closed). */
  'handled_unclosed',
  /** Deadline in P, handled after the end of P (late), closed. */
  'handled_after',
  /** Signed, deadline in P, still in handling: overdue and open. */
  'overdue_open',
  /** Dispatched in P, never signed, its signing deadline in P: open. */
  'never_signed',
  /** Registered and signed on the last day of P, deadline after P, handled (on time) after P: not due in P. */
  'not_due',
  /** Registered in P, waiting for dispatch. */
  'undispatched',
  /** Accepted in P, waiting for registration. */
  'accepted',
  /** Reported in P, waiting for acceptance. */
  'reported',
] as const
export type Outcome = (typeof outcomes)[number]

/** local: grid workers and patrols (街镇发现); resident: every other channel. Default: the realistic mix. */
export type ChannelChoice = Channel | 'local' | 'resident'
export type CountsGroup = { outcome: Outcome; count: number; channel?: ChannelChoice }
export type Profile = 'realistic' | { kind: 'counts'; groups: readonly CountsGroup[] }

export type GenerateOptions = {
  seed: number
  count: number
  /** First and last day (Asia/Shanghai) of the reports; for `counts`, the period P (at least 60 days). */
  from: string
  to: string
  /** The district whose grids, units and staff are used (default: the first district with grids). */
  districtCode?: string
  /** Only the grids under this area (a street, community or grid of the district). */
  areaCode?: string
  profile: Profile
  /** The moment the cases are seen at: later steps have not happened. Default: the end of `to` (realistic), 60 days after it (counts). */
  now?: Date
  /** Cases per INSERT (default 50,000). */
  batch?: number
  onProgress?: (done: number, total: number) => void
  /**
   * Skip the tables' triggers while inserting (session_replication_role = replica, which needs a
   * superuser; the foreign keys are then not checked either) and mark the new cases for the
   * statistics' catch-up directly, as the triggers would. Faster for millions of rows (bench).
   */
  skipTriggers?: boolean
  /** Per batch: how long each statement took (for the bench). */
  log?: (message: string) => void
}

export type GenerateResult = { cases: number; events: number; firstId: number | null; lastId: number | null }

const TZ = "'Asia/Shanghai'"
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/

/** Channels' weights in the realistic mix (of the reports that are not self-handled). */
const channelWeights: Record<Channel, number> = {
  grid_worker: 42,
  patrol: 8,
  hotline: 14,
  platform_12345: 16,
  citizen: 7,
  open311: 2,
  department: 4,
  superior: 3,
  iot: 3,
  other: 1,
}
const localChannels: readonly Channel[] = ['grid_worker', 'patrol']
const residentChannels: readonly Channel[] = channels.filter((c) => !localChannels.includes(c))

// ─── SQL expressions ──────────────────────────────────────────────────────────
// Plain expressions, inlined (a SQL function with a FROM clause is not inlined by the
// planner, and calling one per row costs more than the rest of the row).

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`

/** A CASE over the cumulative weights of draw `u`. */
function weighted(u: string, choices: ReadonlyArray<readonly [string, number]>): string {
  const total = choices.reduce((s, [, w]) => s + w, 0)
  let acc = 0
  const arms = choices.map(([v, w], k) => {
    acc += w
    return k === choices.length - 1 ? `ELSE ${v}` : `WHEN ${u} < ${(acc / total).toFixed(6)} THEN ${v}`
  })
  return `(CASE ${arms.join(' ')} END)`
}
const channelCase = (u: string, among: readonly Channel[]) =>
  weighted(
    u,
    among.map((c) => [lit(c), channelWeights[c]] as const),
  )

/** An instant as JavaScript's toISOString() writes it (the clocks' format). */
const iso = (t: string) => `to_char((${t}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const localOf = (t: string) => `((${t}) AT TIME ZONE ${TZ})`
const dow = (d: string) => `extract(isodow FROM (${d}))::int`
/** The next working day (Monday to Friday) after date d. */
const nextWd = (d: string) => `((${d}) + CASE ${dow(d)} WHEN 5 THEN 3 WHEN 6 THEN 2 ELSE 1 END)`
/** n working days after t's day (which does not count), at close of business (17:30). */
function wd(t: string, n: string): string {
  const day = `${localOf(t)}::date`
  return `(((${day} - greatest(${dow(day)} - 5, 0) + (${n}) + 2 * ((least(${dow(day)}, 5) - 1 + (${n})) / 5)) + time '17:30') AT TIME ZONE ${TZ})`
}
/** h working hours (08:30–17:30, Monday to Friday, one night's spill at most) after t. */
function wh(t: string, h: string): string {
  const l = localOf(t)
  const s0 = `(CASE WHEN ${dow(`${l}::date`)} > 5 THEN ${nextWd(`${l}::date`)} + time '08:30'
    WHEN ${l}::time < time '08:30' THEN ${l}::date + time '08:30'
    WHEN ${l}::time >= time '17:30' THEN ${nextWd(`${l}::date`)} + time '08:30' ELSE ${l} END)`
  const end = `(${s0} + (${h}) * interval '1 hour')`
  const close = `(${s0}::date + time '17:30')`
  return `((CASE WHEN ${end} <= ${close} THEN ${end} ELSE ${nextWd(`${s0}::date`)} + time '08:30' + (${end} - ${close}) END) AT TIME ZONE ${TZ})`
}
/** The deadline of a limit {amount, unit} (jsonb) started at t. */
function deadline(t: string, lim: string): string {
  const amount = `((${lim})->>'amount')`
  return `(CASE (${lim})->>'unit'
    WHEN 'natural_hours' THEN (${t}) + ${amount}::float8 * interval '1 hour'
    WHEN 'natural_days' THEN ((${localOf(t)}::date + ${amount}::int + 1)::timestamp AT TIME ZONE ${TZ})
    WHEN 'working_days' THEN ${wd(t, `${amount}::int`)}
    ELSE ${wh(t, `${amount}::float8`)} END)`
}

/** One stage's clock (core/cases/clocks.ts StageClock as the case row stores it), or NULL when it never started. */
function clock(c: {
  stage: string
  started: string
  stopped: string
  deadline: string
  runs: string
  now: string
  pauses?: string
  extensions?: string
  paused?: string
}): string {
  const { started, stopped, deadline: due, now } = c
  return `CASE WHEN (${started}) IS NULL THEN NULL ELSE jsonb_build_object(
    'stage', ${lit(c.stage)}, 'startedAt', ${iso(started)}, 'stoppedAt', ${iso(stopped)}, 'deadline', ${iso(due)},
    'paused', ${c.paused ?? 'false'}, 'runs', ${c.runs},
    'light', CASE WHEN (${stopped}) IS NOT NULL THEN CASE WHEN (${stopped}) <= (${due}) THEN 'green' ELSE 'red' END
                  WHEN ${now} > (${due}) THEN 'red'
                  WHEN extract(epoch FROM ${now} - (${started})) >= 0.8 * greatest(extract(epoch FROM (${due}) - (${started})), 1) THEN 'yellow'
                  ELSE 'green' END,
    'onTime', CASE WHEN (${stopped}) IS NULL THEN NULL ELSE (${stopped}) <= (${due}) END,
    'pauses', ${c.pauses ?? "'[]'::jsonb"}, 'extensions', ${c.extensions ?? "'[]'::jsonb"}) END`
}

/** A uniform draw in [0, 1) of stream k for row s.i. */
const draw = (seed: number, k: number) =>
  `((hashint8extended(s.i::bigint, ${seed * 64 + k}) & 4503599627370495)::float8 / 4503599627370496.0)`

/** Hours as an interval, drawn between lo and hi (skewed to the short end when skew > 1). */
const hours = (u: string, lo: number, hi: number, skew = 1) =>
  `((${lo} + ${hi - lo} * power(${u}, ${skew})) * interval '1 hour')`

type Batch = { seed: number; from: string; to: string; profile: Profile; lo: number; hi: number; now: Date }

// ─── The plan of each case ──────────────────────────────────────────────────────

function planSql(o: Batch): string {
  const u = (k: number) => draw(o.seed, k)
  const groups = o.profile === 'realistic' ? null : o.profile.groups
  let outcome = 'NULL::text'
  let chosenChannel = 'NULL::text'
  if (groups) {
    let upto = 0
    const arms: string[] = []
    const chans: string[] = []
    for (const g of groups) {
      upto += g.count
      arms.push(`WHEN s.i <= ${upto} THEN ${lit(g.outcome)}`)
      const ch = g.channel
      chans.push(
        `WHEN s.i <= ${upto} THEN ${
          ch === undefined
            ? 'NULL'
            : ch === 'local'
              ? channelCase(u(3), localChannels)
              : ch === 'resident'
                ? channelCase(u(3), residentChannels)
                : lit(ch)
        }`,
      )
    }
    outcome = `(CASE ${arms.join(' ')} END)`
    chosenChannel = `(CASE ${chans.join(' ')} END)`
  }
  const realisticKind = weighted(u(1), [
    ["'reject'", 0.6],
    ["'merge'", 0.4],
    ["'self'", 47],
    ["'normal'", 52],
  ])
  // Where a normal path stalls (an old case left open); otherwise it runs to the follow-up.
  const realisticStall = weighted(u(2), [
    ["'reported'", 0.2],
    ["'accepted'", 0.2],
    ["'registered'", 0.4],
    ["'dispatched'", 0.6],
    ["'returned'", 0.3],
    ["'handling'", 1.2],
    ["'handled'", 0.4],
    ["'verified'", 0.3],
    ["'closed'", 2.5],
    ["'archived'", 94],
  ])
  const byOutcome = (m: Partial<Record<Outcome, string>>, otherwise: string) =>
    `(CASE ${outcome} ${Object.entries(m)
      .map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(v)}`)
      .join(' ')} ELSE ${otherwise} END)`
  const kind = groups
    ? byOutcome({ rejected: 'reject', merged: 'merge', self_handled: 'self' }, "'normal'")
    : realisticKind
  const stall = groups
    ? byOutcome(
        {
          handled_unclosed: 'handled',
          overdue_open: 'handling',
          never_signed: 'dispatched',
          undispatched: 'registered',
          accepted: 'accepted',
          reported: 'reported',
        },
        "'archived'",
      )
    : `(CASE WHEN ${realisticKind} = 'normal' THEN ${realisticStall} ELSE 'archived' END)`
  const timing = groups
    ? byOutcome({ handled_early: 'early', handled_after: 'after', not_due: 'end' }, "'in'")
    : "'free'"

  const from = `DATE ${lit(o.from)}`
  const to = `DATE ${lit(o.to)}`
  const days = `(${to} - ${from} + 1)`
  // Minutes after midnight: office hours mostly.
  const minute = `(CASE WHEN ${u(5)} < 0.8 THEN 480 + floor(${u(6)} * 600) ELSE floor(${u(6)} * 1440) END)`
  const at = (day: string) => `(((${day})::timestamp + ${minute} * interval '1 minute') AT TIME ZONE ${TZ})`
  const dayIn = (lo: string, span: string) => `(${lo} + floor(${u(4)} * (${span}))::int)`
  const counts = groups ? 'true' : 'false'
  return `
  SELECT s.i, s.i AS n, p.outcome, p.kind, p.stall, p.timing,
    coalesce(p.chosen_channel, CASE WHEN p.kind = 'self' THEN ${weighted(u(3), [
      ["'grid_worker'", 9],
      ["'patrol'", 1],
    ])} ELSE ${channelCase(u(3), channels)} END) AS channel,
    -- realistic variants; the counts profile has none, so its days stay where the outcome puts them
    CASE WHEN ${counts} OR p.kind <> 'normal' THEN 0 ELSE ${weighted(u(7), [
      ['1', 2.5],
      ['2', 1.5],
      ['0', 96],
    ])} END AS ret,
    NOT ${counts} AND p.kind = 'normal' AND ${u(8)} < 0.03 AS ext,
    NOT ${counts} AND p.kind = 'normal' AND ${u(9)} < 0.02 AS pause,
    NOT ${counts} AND p.kind = 'normal' AND ${u(10)} < 0.025 AS rework,
    CASE WHEN ${counts} THEN coalesce(p.outcome IN ('handled_late', 'handled_after'), false)
         ELSE p.kind = 'normal' AND ${u(11)} < 0.06 END AS late,
    p.kind = 'normal' AND ${u(12)} < 0.03 AS sup,
    NOT ${counts} AND p.kind IN ('reject', 'merge') AND ${u(13)} < 0.35 AS accepted_first,
    ${u(14)} < 0.87 AS fu_reached,
    ${weighted(u(15), [
      ["'satisfied'", 86],
      ["'basically'", 11],
      ["'unsatisfied'", 3],
    ])} AS fu_sat,
    CASE WHEN ${counts} THEN 'normal' ELSE ${weighted(u(16), [
      ["'normal'", 85],
      ["'urgent'", 12],
      ["'critical'", 3],
    ])} END AS urgency,
    ${weighted(u(17), [
      ["'community'", 45],
      ["'street'", 35],
      ["'district'", 20],
    ])} AS level,
    CASE p.timing
      WHEN 'free' THEN ${at(dayIn(from, days))}
      WHEN 'in' THEN ${at(dayIn(from, `greatest(1, ${days} - 45)`))}
      WHEN 'after' THEN ${at(dayIn(`${to} - 28`, '2'))}
      WHEN 'early' THEN ((${to} - 4)::timestamp + interval '9 hours' + ${u(6)} * interval '20 hours') AT TIME ZONE ${TZ}
      ELSE (${to}::timestamp + interval '8 hours' + ${u(6)} * interval '2 hours') AT TIME ZONE ${TZ}
    END AS reported_at,
    ${u(18)} AS u_grid, ${u(19)} AS u_item, ${u(20)} AS u_unit, ${u(21)} AS u_unit2, ${u(22)} AS u_user,
    ${u(23)} AS u_f, ${u(24)} AS u_f2,
    ${u(25)} AS d1, ${u(26)} AS d2, ${u(27)} AS d3, ${u(28)} AS d4, ${u(29)} AS d5, ${u(30)} AS d6,
    ${u(31)} AS d7, ${u(32)} AS d8, ${u(33)} AS d9, ${u(34)} AS d10, ${u(35)} AS d11, ${u(36)} AS d12
  FROM generate_series(${o.lo}, ${o.hi}) AS s(i)
  CROSS JOIN LATERAL (SELECT ${outcome} AS outcome, ${kind} AS kind, ${stall} AS stall, ${timing} AS timing,
                             ${chosenChannel} AS chosen_channel OFFSET 0) p`
}

// ─── The path, the cut, the clocks ──────────────────────────────────────────────

function rowsSql(o: Batch): string {
  const now = `'${o.now.toISOString()}'::timestamptz`
  const toEnd = `((DATE ${lit(o.to)} + 1)::timestamp AT TIME ZONE ${TZ})`
  const cut = (t: string) => `CASE WHEN ${t} <= ${now} THEN ${t} END`
  const short = (d: string, minutes: number, lo: number, hi: number, skew: number) =>
    `CASE WHEN p.timing = 'end' THEN interval '5 minutes' + ${d} * interval '${minutes} minutes' ELSE ${hours(d, lo, hi, skew)} END`
  const pauseLength = `CASE WHEN c.pause_to IS NOT NULL THEN c.pause_to - c.pause_from
    WHEN c.pause_from IS NOT NULL THEN ${now} - c.pause_from ELSE interval '0' END`
  const open = `('reported', 'accepted', 'registered', 'dispatched', 'handling', 'returned', 'handled', 'verified')`
  return `
  WITH plan AS (${planSql(o)} OFFSET 0),
  placed AS (
    SELECT pl.*, g.code AS grid_code, g.path AS area_path, g.bv, g.lng, g.lat, g.workers, g.place,
      it.code AS item_code, it.version_id, it.name AS item_name, it.limits -> pl.urgency AS lim,
      u1.id AS unit1, u1.handlers AS unit1_handlers, u2.id AS unit2
    FROM plan pl
    JOIN gen_grids g ON g.i = floor(pl.u_grid * (SELECT grids FROM gen_counts))::int
    -- counts: any eligible item alike; realistic: a few items common (index ⌊n·u²⌋), self-handling ones for 自处置
    JOIN gen_items it ON (it.pick, it.i) = (CASE WHEN pl.outcome IS NOT NULL THEN 'counts' WHEN pl.kind = 'self' THEN 'self' ELSE 'all' END,
      CASE WHEN pl.outcome IS NOT NULL THEN floor(pl.u_item * (SELECT counts_items FROM gen_counts))::int
           WHEN pl.kind = 'self' THEN floor(power(pl.u_item, 2) * (SELECT self_items FROM gen_counts))::int
           ELSE floor(power(pl.u_item, 2) * (SELECT items FROM gen_counts))::int END)
    LEFT JOIN gen_units u1 ON u1.i = floor(pl.u_unit * (SELECT units FROM gen_counts))::int
    LEFT JOIN gen_units u2 ON u2.i = floor(pl.u_unit2 * (SELECT units FROM gen_counts))::int
    OFFSET 0
  ),
  -- The planned path, step by step (NULL: the path has no such step).
  t1 AS (
    SELECT p.*,
      ${short('p.d1', 15, 0.08, 3, 2)} AS step_a,
      ${short('p.d2', 15, 0.1, 4, 2)} AS step_b,
      ${short('p.d3', 15, 0.15, 8, 2)} AS step_c,
      ${short('p.d4', 25, 0.15, 6, 2)} AS step_d
    FROM placed p OFFSET 0
  ),
  t2 AS (
    SELECT t.*,
      CASE WHEN (t.kind = 'normal' AND t.stall <> 'reported') OR t.accepted_first THEN t.reported_at + t.step_a END AS p_acc,
      CASE WHEN t.kind IN ('reject', 'merge') THEN t.reported_at + t.step_a + t.step_b END AS p_intake_end,
      CASE WHEN t.kind = 'normal' AND t.stall NOT IN ('reported', 'accepted') THEN t.reported_at + t.step_a + t.step_b END AS p_reg
    FROM t1 t OFFSET 0
  ),
  t3 AS (
    SELECT t.*,
      CASE WHEN t.p_reg IS NOT NULL AND t.stall <> 'registered' THEN t.p_reg + t.step_c END AS p_dis,
      ${deadline('t.p_reg', "t.lim -> 'overall'")} AS overall_base
    FROM t2 t OFFSET 0
  ),
  t4 AS (
    SELECT t.*,
      CASE WHEN t.ret > 0 AND t.p_dis IS NOT NULL THEN t.p_dis + ${hours('t.d5', 1, 24)} END AS p_ret
    FROM t3 t OFFSET 0
  ),
  t5 AS (
    SELECT t.*,
      CASE WHEN t.p_ret IS NOT NULL AND t.stall <> 'returned' THEN t.p_ret + ${hours('t.d6', 0.5, 6)} END AS p_rule
    FROM t4 t OFFSET 0
  ),
  t6 AS (
    SELECT t.*,
      CASE WHEN t.ret = 2 OR t.stall IN ('reported', 'accepted', 'registered', 'dispatched', 'returned') THEN NULL
           WHEN t.ret = 1 THEN t.p_rule + t.step_d ELSE t.p_dis + t.step_d END AS p_sign
    FROM t5 t OFFSET 0
  ),
  t7 AS (
    -- the first handling run starts at the signing, or at the ruling that sent the case back (推诿)
    SELECT t.*, CASE WHEN t.ret = 2 THEN t.p_rule ELSE t.p_sign END AS p_hs
    FROM t6 t OFFSET 0
  ),
  t8 AS (
    SELECT t.*, ${deadline('t.p_hs', "t.lim -> 'handle'")} AS hd_base,
      CASE WHEN t.ext THEN jsonb_build_object('amount', CASE WHEN t.d7 < 0.5 THEN 3 ELSE 5 END, 'unit', 'working_days') END
        AS ext_limit
    FROM t7 t OFFSET 0
  ),
  t9 AS (
    SELECT t.*, ${wd('t.hd_base', "(t.ext_limit->>'amount')::int")} AS hd_ext,
      CASE WHEN t.ext AND t.p_hs IS NOT NULL THEN t.p_hs + 0.3 * (t.hd_base - t.p_hs) END AS p_ext,
      CASE WHEN t.pause AND t.p_hs IS NOT NULL THEN t.p_hs + 0.2 * (t.hd_base - t.p_hs) END AS p_pause_from
    FROM t8 t OFFSET 0
  ),
  t10 AS (
    SELECT t.*,
      -- a suspension of a case stalled in handling may still be open; otherwise it is resumed
      CASE WHEN t.p_pause_from IS NOT NULL AND NOT (t.stall = 'handling' AND t.d9 < 0.5)
        THEN t.p_pause_from + ${hours('t.d8', 20, 240)} END AS p_pause_to
    FROM t9 t OFFSET 0
  ),
  t11 AS (
    SELECT t.*, coalesce(t.hd_ext, t.hd_base) + coalesce(t.p_pause_to - t.p_pause_from, interval '0') AS hd1_planned
    FROM t10 t OFFSET 0
  ),
  t12 AS (
    SELECT t.*,
      CASE WHEN t.p_hs IS NULL OR (t.stall = 'handling' AND NOT t.rework) THEN NULL
           WHEN t.timing = 'after' THEN ${toEnd} + ${hours('t.u_f', 1, 120)}
           WHEN t.timing = 'end' THEN ${toEnd} + ${hours('t.u_f', 24, 72)}
           WHEN t.timing = 'early' THEN ${toEnd} - ${hours('t.u_f', 2, 20)}
           -- handled after the extension's approval and the suspension's end
           ELSE greatest(CASE WHEN t.late THEN t.hd1_planned + ${hours('t.u_f', 1, 72, 2)}
                              ELSE t.p_hs + (0.05 + 0.9 * t.u_f) * (t.hd1_planned - t.p_hs) END,
                         t.p_ext + interval '1 hour', t.p_pause_to + interval '1 hour') END AS p_h1
    FROM t11 t OFFSET 0
  ),
  t13 AS (
    -- a failed verification sends it back to handling: a new run with its own deadline
    SELECT t.*, CASE WHEN t.rework AND t.p_h1 IS NOT NULL THEN t.p_h1 + ${hours('t.d10', 2, 30)} END AS p_rw
    FROM t12 t OFFSET 0
  ),
  t14 AS (
    SELECT t.*, ${deadline('t.p_rw', "t.lim -> 'handle'")} AS hd2
    FROM t13 t OFFSET 0
  ),
  t15 AS (
    SELECT t.*,
      CASE WHEN t.p_rw IS NOT NULL AND t.stall <> 'handling' THEN t.p_rw + (0.05 + 0.9 * t.u_f2) * (t.hd2 - t.p_rw) END AS p_h2
    FROM t14 t OFFSET 0
  ),
  t16 AS (
    SELECT t.*,
      -- the grid worker's own fix is verified, closed and followed up like any other
      CASE WHEN t.kind = 'self' THEN t.reported_at + ${hours('t.d10', 1, 30)}
           WHEN t.stall IN ('reported', 'accepted', 'registered', 'dispatched', 'returned', 'handling', 'handled') THEN NULL
           WHEN t.rework THEN t.p_h2 + ${hours('t.d11', 1, 30)}
           ELSE t.p_h1 + ${hours('t.d11', 1, 30)} END AS p_ver
    FROM t15 t OFFSET 0
  ),
  t17 AS (
    SELECT t.*, CASE WHEN t.p_ver IS NOT NULL AND t.stall <> 'verified' THEN t.p_ver + ${hours('t.d12', 0.5, 20)} END AS p_close
    FROM t16 t OFFSET 0
  ),
  t18 AS (
    SELECT t.*,
      CASE WHEN t.p_close IS NOT NULL AND t.stall <> 'closed' THEN t.p_close + ${hours('t.d9', 2, 60)} END AS p_fu,
      CASE WHEN t.sup AND t.p_hs IS NOT NULL THEN t.p_hs + 0.4 * (coalesce(t.p_h1, t.hd1_planned) - t.p_hs)
           WHEN t.sup AND t.p_dis IS NOT NULL THEN t.p_dis + ${hours('t.d12', 0.2, 2)} END AS p_sup
    FROM t17 t OFFSET 0
  ),
  -- The cut: what has happened by now.
  c1 AS (
    SELECT t.*,
      ${cut('t.p_acc')} AS acc, ${cut('t.p_intake_end')} AS intake_end, ${cut('t.p_reg')} AS reg,
      ${cut('t.p_dis')} AS dis, ${cut('t.p_ret')} AS ret_at, ${cut('t.p_rule')} AS rule_at,
      ${cut('t.p_sign')} AS sign_at, ${cut('t.p_hs')} AS hs, ${cut('t.p_ext')} AS ext_at,
      ${cut('t.p_pause_from')} AS pause_from, ${cut('t.p_pause_to')} AS pause_to,
      ${cut('t.p_h1')} AS h1, ${cut('t.p_rw')} AS rw, ${cut('t.p_h2')} AS h2, ${cut('t.p_ver')} AS ver,
      ${cut('t.p_close')} AS closed, ${cut('t.p_fu')} AS fu, ${cut('t.p_sup')} AS sup_at
    FROM t18 t OFFSET 0
  ),
  c2 AS (
    SELECT c.*,
      -- the first handling run's deadline as it stands: the extension once approved, the pause resumed or running
      CASE WHEN c.hs IS NOT NULL THEN CASE WHEN c.ext_at IS NOT NULL THEN c.hd_ext ELSE c.hd_base END + ${pauseLength} END AS hd1,
      CASE WHEN c.reg IS NOT NULL THEN CASE WHEN c.ext_at IS NOT NULL THEN ${wd('c.overall_base', "(c.ext_limit->>'amount')::int")}
                                            ELSE c.overall_base END + ${pauseLength} END AS overall_deadline,
      CASE WHEN c.rw IS NOT NULL THEN c.h2 ELSE c.h1 END AS hh,
      c.pause_from IS NOT NULL AND c.pause_to IS NULL AS suspended
    FROM c1 c OFFSET 0
  ),
  c3 AS (
    SELECT c.*,
      CASE
        WHEN c.kind = 'reject' THEN CASE WHEN c.intake_end IS NOT NULL THEN 'rejected' WHEN c.acc IS NOT NULL THEN 'accepted' ELSE 'reported' END
        WHEN c.kind = 'merge' THEN CASE WHEN c.intake_end IS NOT NULL THEN 'merged' WHEN c.acc IS NOT NULL THEN 'accepted' ELSE 'reported' END
        WHEN c.fu IS NOT NULL THEN 'archived'
        WHEN c.closed IS NOT NULL THEN 'closed'
        WHEN c.ver IS NOT NULL THEN 'verified'
        WHEN c.kind = 'self' OR c.hh IS NOT NULL THEN 'handled'
        WHEN c.rw IS NOT NULL OR c.hs IS NOT NULL THEN 'handling'
        WHEN c.rule_at IS NOT NULL THEN 'dispatched'
        WHEN c.ret_at IS NOT NULL THEN 'returned'
        WHEN c.dis IS NOT NULL THEN 'dispatched'
        WHEN c.reg IS NOT NULL THEN 'registered'
        WHEN c.acc IS NOT NULL THEN 'accepted'
        ELSE 'reported' END AS status,
      -- the last run of each stage: start, stop
      CASE WHEN c.kind <> 'self' THEN c.reported_at END AS accept_start,
      coalesce(c.intake_end, c.reg) AS accept_stop,
      coalesce(c.ret_at, c.reg) AS dispatch_start,
      CASE WHEN c.ret_at IS NOT NULL THEN c.rule_at ELSE c.dis END AS dispatch_stop,
      CASE WHEN c.ret = 1 AND c.rule_at IS NOT NULL THEN c.rule_at ELSE c.dis END AS sign_start,
      CASE WHEN c.ret = 1 AND c.rule_at IS NOT NULL THEN c.sign_at ELSE coalesce(c.ret_at, c.sign_at) END AS sign_stop,
      coalesce(c.rw, c.hs) AS handle_start,
      CASE WHEN c.rw IS NOT NULL THEN c.h2 ELSE c.h1 END AS handle_stop,
      CASE WHEN c.rw IS NOT NULL THEN c.hd2 ELSE c.hd1 END AS handle_deadline,
      -- first feedback: the handling report, or the extension or suspension request before it
      least(c.h1, c.ext_at, c.pause_from) AS ff_stop,
      CASE WHEN c.kind = 'self' THEN c.reported_at WHEN c.rw IS NOT NULL AND c.h2 IS NULL THEN c.h1 ELSE c.hh END AS verify_start,
      CASE WHEN c.rw IS NOT NULL AND c.h2 IS NULL THEN c.rw ELSE c.ver END AS verify_stop,
      CASE WHEN c.pause_from IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(jsonb_build_object(
        'from', ${iso('c.pause_from')}, 'to', ${iso('c.pause_to')})) END AS pauses,
      CASE WHEN c.ext_at IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(c.ext_limit) END AS extensions
    FROM c2 c OFFSET 0
  ),
  c4 AS (
    SELECT c.*,
      ${deadline('c.accept_start', "c.lim -> 'accept'")} AS accept_deadline,
      ${deadline('c.dispatch_start', "c.lim -> 'dispatch'")} AS dispatch_deadline,
      ${deadline('c.sign_start', "c.lim -> 'sign'")} AS sign_deadline,
      ${deadline('c.sign_at', "c.lim -> 'first_feedback'")} AS ff_deadline,
      ${deadline('c.verify_start', "c.lim -> 'verify'")} AS verify_deadline
    FROM c3 c OFFSET 0
  ),
  c5 AS (
    SELECT c.*,
      ${wd('c.handle_deadline', '1')} AS ladder_handle,
      ${wd('c.sign_deadline', '1')} AS ladder_sign
    FROM c4 c OFFSET 0
  ),
  c6 AS (
    SELECT c.*,
      -- the ladder supervises a working day after a missed handling deadline (a signing one, never signed)
      CASE WHEN c.handle_deadline IS NOT NULL AND coalesce(c.handle_stop, 'infinity') > c.ladder_handle
             THEN ${cut('c.ladder_handle')}
           WHEN c.handle_deadline IS NULL AND c.sign_start IS NOT NULL AND c.sign_stop IS NULL AND c.status = 'dispatched'
             THEN ${cut('c.ladder_sign')} END AS alarm_at,
      array_remove(ARRAY[
        ${clock({ stage: 'accept', started: 'c.accept_start', stopped: 'c.accept_stop', deadline: 'c.accept_deadline', runs: '1', now })},
        ${clock({
          stage: 'dispatch',
          started: 'c.dispatch_start',
          stopped: 'c.dispatch_stop',
          deadline: 'c.dispatch_deadline',
          runs: 'CASE WHEN c.ret_at IS NOT NULL THEN 2 ELSE 1 END',
          now,
        })},
        ${clock({
          stage: 'sign',
          started: 'c.sign_start',
          stopped: 'c.sign_stop',
          deadline: 'c.sign_deadline',
          runs: 'CASE WHEN c.ret = 1 AND c.rule_at IS NOT NULL THEN 2 ELSE 1 END',
          now,
        })},
        ${clock({ stage: 'first_feedback', started: 'c.sign_at', stopped: 'c.ff_stop', deadline: 'c.ff_deadline', runs: '1', now })},
        ${clock({
          stage: 'handle',
          started: 'c.handle_start',
          stopped: 'c.handle_stop',
          deadline: 'c.handle_deadline',
          runs: 'CASE WHEN c.rw IS NOT NULL THEN 2 ELSE 1 END',
          now,
          pauses: "CASE WHEN c.rw IS NULL THEN c.pauses ELSE '[]' END",
          extensions: "CASE WHEN c.rw IS NULL THEN c.extensions ELSE '[]' END",
          paused: '(c.rw IS NULL AND c.suspended AND c.handle_stop IS NULL)',
        })},
        ${clock({
          stage: 'verify',
          started: 'c.verify_start',
          stopped: 'c.verify_stop',
          deadline: 'c.verify_deadline',
          runs: 'CASE WHEN c.h2 IS NOT NULL THEN 2 ELSE 1 END',
          now,
        })},
        ${clock({
          stage: 'overall',
          started: 'c.reg',
          stopped: "CASE WHEN c.status IN ('closed', 'archived') THEN c.closed END",
          deadline: 'c.overall_deadline',
          runs: '1',
          now,
          pauses: 'c.pauses',
          extensions: 'c.extensions',
          paused: '(c.suspended AND c.closed IS NULL)',
        })}
      ]::jsonb[], NULL) AS clock_list
    FROM c5 c OFFSET 0
  )
  SELECT c.*, to_jsonb(c.clock_list) AS clocks,
    w.stage AS due_stage, w.due AS due_at,
    CASE WHEN w.stage IS NOT NULL THEN w.started + 0.8 * (w.due - w.started) END AS warn_at,
    EXISTS (SELECT 1 FROM unnest(c.clock_list) k WHERE k->>'light' = 'red') AS overdue,
    c.sup_at IS NOT NULL AND c.status IN ${open} AS supervised
  FROM c6 c
  -- the running clock that runs out first (a stage before the overall limit), as the case row keeps it
  LEFT JOIN LATERAL (
    SELECT k->>'stage' AS stage, (k->>'deadline')::timestamptz AS due, (k->>'startedAt')::timestamptz AS started
    FROM unnest(c.clock_list) k
    WHERE k->>'stoppedAt' IS NULL AND NOT (k->>'paused')::boolean
    ORDER BY (k->>'stage') = 'overall', (k->>'deadline')::timestamptz
    LIMIT 1
  ) w ON true`
}

/** gen's rows: the path with the people, handlers and the case's other columns decided. */
function genSelectSql(o: Batch): string {
  const staffPick = (u: string) => `(SELECT staff[1 + floor(${u} * cardinality(staff))::int] FROM gen_staff)`
  return `
SELECT nextval('cases_id_seq') AS id,
  r.n, r.kind, r.status, r.channel, r.urgency, r.reported_at, r.grid_code, r.area_path, r.bv, r.lng, r.lat, r.u_f, r.u_f2,
  r.item_code, r.version_id, r.item_name, r.unit1, r.unit2, r.acc, r.reg, r.dis, r.ret, r.ret_at, r.rule_at, r.rw,
  r.ext_at, r.ext_limit, r.sup_at, r.alarm_at, r.fu, r.fu_reached, r.fu_sat, r.closed, r.supervised, r.suspended,
  r.overdue, r.clocks, r.due_at, r.warn_at, r.due_stage, r.handle_deadline, r.sign_deadline,
  split_part(r.area_path::text, '.', 1) AS district,
  -- community cases go to the grid's own staff when it has some, else to the street
  CASE WHEN r.level = 'community' AND cardinality(r.workers) = 0 THEN 'street' ELSE r.level END AS case_level,
  CASE WHEN r.kind = 'self' OR r.channel IN ('grid_worker', 'patrol', 'department', 'superior') THEN 'staff'
       WHEN r.channel IN ('iot', 'other') THEN 'anonymous' ELSE 'resident' END AS reporter_kind,
  CASE WHEN r.kind = 'self' OR r.channel IN ('grid_worker', 'patrol')
         THEN coalesce(r.workers[1 + floor(r.u_user * cardinality(r.workers))::int], ${staffPick('r.u_user')})
       WHEN r.channel IN ('department', 'superior') THEN ${staffPick('r.u_user')} END AS reporter_id,
  (SELECT staff[1 + (r.n % cardinality(staff))] FROM gen_staff) AS intake_id,
  -- who the case went to first: the grid's worker (community), else a unit and maybe one of its handlers
  CASE WHEN r.level = 'community' AND cardinality(r.workers) > 0 THEN r.workers[1 + floor(r.u_unit * cardinality(r.workers))::int]
       WHEN cardinality(r.unit1_handlers) > 0 AND r.u_user < 0.5
         THEN r.unit1_handlers[1 + floor(r.u_user * 2 * cardinality(r.unit1_handlers))::int] END AS first_user,
  coalesce(r.place, '') || (ARRAY['通惠路','新华大街','玉带河大街','梨园路','九棵树路','土桥路','云景东路','北苑路'])[1 + r.n % 8]
    || (1 + r.n % 300)::text || '号' AS address,
  greatest(r.reported_at, r.acc, r.intake_end, r.reg, r.dis, r.ret_at, r.rule_at, r.sign_at, r.ext_at, r.pause_from,
           r.pause_to, r.h1, r.rw, r.h2, r.ver, r.closed, r.fu, r.sup_at, r.alarm_at) AS updated_at,
  1 + (r.acc IS NOT NULL)::int + (r.intake_end IS NOT NULL)::int + (r.reg IS NOT NULL)::int + (r.dis IS NOT NULL)::int
    + (r.ret_at IS NOT NULL)::int + (r.rule_at IS NOT NULL)::int + (r.sign_at IS NOT NULL)::int + 2 * (r.ext_at IS NOT NULL)::int
    + 2 * (r.pause_from IS NOT NULL)::int + (r.pause_to IS NOT NULL)::int + (r.h1 IS NOT NULL)::int + (r.rw IS NOT NULL)::int
    + (r.h2 IS NOT NULL)::int + (r.ver IS NOT NULL)::int + (r.closed IS NOT NULL)::int + (r.fu IS NOT NULL)::int
    + (r.sup_at IS NOT NULL)::int AS version,
  NULL::bigint AS handler_unit, NULL::bigint AS handler_user, NULL::bigint AS master
FROM (${rowsSql(o)}) r`
}

const resident = {
  surnames: "ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴']",
  given: "ARRAY['华','明','芳','军','敏','静','磊','洋','艳','勇']",
}

/** The case rows of the batch in gen. */
const insertCasesSql = `
INSERT INTO cases (id, code, district_code, channel, item_code, item_version_id, title, description, address,
  location, area_code, area_path, grid_code, boundary_version, urgency, level, status,
  handler_unit_id, handler_user_id, reporter_kind, reporter_user_id, reporter_name_masked, reporter_phone_masked,
  fields, external_ref, self_handled, supervised, suspended, pending_extension, pending_suspension, overdue, bulletin,
  rework_count, shirk_count, merged_into, satisfaction, clocks, due_at, warn_at, due_stage, alarm_step, next_alarm_at,
  occurred_at, reported_at, updated_at, closed_at, version)
SELECT g.id,
  g.district || to_char(g.reported_at AT TIME ZONE ${TZ}, 'YYYYMMDD') || lpad(g.code_n, greatest(6, length(g.code_n)), '0'),
  g.district, g.channel, g.item_code, g.version_id, g.item_name,
  g.item_name || '：' || g.address || '，' || CASE WHEN g.reporter_kind = 'staff' THEN '现场发现' ELSE '群众反映' END || '，请及时处置。',
  g.address,
  CASE WHEN g.lng IS NOT NULL THEN ST_SetSRID(ST_MakePoint(g.lng + (g.u_f - 0.5) * 0.0004, g.lat + (g.u_f2 - 0.5) * 0.0004), 4326) END,
  g.grid_code, g.area_path, g.grid_code, g.bv, g.urgency, g.case_level, g.status,
  g.handler_unit, g.handler_user, g.reporter_kind, g.reporter_id,
  CASE WHEN g.reporter_kind = 'resident' THEN (${resident.surnames})[1 + g.n % 10] || '*' || (${resident.given})[1 + (g.n / 10) % 10] END,
  CASE WHEN g.reporter_kind = 'resident' THEN '1' || (3 + g.n % 7)::text || (g.n % 10)::text || '****' || lpad((g.n % 10000)::text, 4, '0') END,
  '{}'::jsonb,
  CASE WHEN g.channel = 'platform_12345' THEN 'GD' || to_char(g.reported_at AT TIME ZONE ${TZ}, 'YYYYMMDD') || lpad((g.n % 100000)::text, 5, '0') END,
  g.kind = 'self', g.supervised, g.suspended AND g.status = 'handling', false, false, g.overdue, false,
  CASE WHEN g.rw IS NOT NULL THEN 1 ELSE 0 END,
  CASE WHEN g.ret = 2 AND g.rule_at IS NOT NULL THEN 1 ELSE 0 END,
  CASE WHEN g.status = 'merged' THEN g.master END,
  CASE WHEN g.status = 'archived' AND g.fu_reached THEN g.fu_sat END,
  g.clocks, g.due_at, g.warn_at, g.due_stage,
  CASE WHEN g.alarm_at IS NOT NULL AND g.status IN ('dispatched', 'handling') THEN 3 ELSE 0 END,
  NULL,
  CASE WHEN g.reporter_kind <> 'staff' AND g.u_f < 0.4 THEN g.reported_at - (10 + g.u_f2 * 600) * interval '1 minute' END,
  g.reported_at, g.updated_at,
  CASE WHEN g.status IN ('closed', 'archived') THEN g.closed END,
  g.version
FROM (SELECT gen.*, CAST(nextval('case_code_seq') AS text) AS code_n FROM gen) g`

/** The timeline rows the facts read, of the batch in gen. */
const insertEventsSql = `
INSERT INTO case_events (case_id, district_code, at, action, actor_id, actor_name, role, from_status, to_status, note, data, clock)
SELECT g.id, g.district, e.at, e.action, e.actor_id, e.actor_name, e.role, e.from_status, e.to_status, e.note, e.data, e.clock
FROM gen g
CROSS JOIN LATERAL (VALUES
  (g.acc, 'accept', g.intake_id, '受理员', 'operator', 'reported', 'accepted', NULL, '{}'::jsonb, '{}'::jsonb),
  (g.reg, 'register', g.intake_id, '值班长', 'shift_leader', 'accepted', 'registered', NULL, '{}'::jsonb,
    '{"stop":["accept"],"start":["dispatch","overall"]}'::jsonb),
  (g.dis, 'dispatch', g.intake_id, '派遣员', 'dispatcher', 'registered', 'dispatched', NULL,
    jsonb_build_object('toUnitId', CASE WHEN g.case_level = 'community' AND g.first_user IS NOT NULL THEN NULL ELSE g.unit1 END,
                       'toUserId', g.first_user, 'level', g.case_level),
    '{"stop":["dispatch"],"start":["sign"]}'::jsonb),
  (g.ret_at, 'return', g.first_user, '处置人员', CASE WHEN g.case_level = 'community' THEN 'grid_worker' ELSE 'dept_handler' END,
    'dispatched', 'returned', '不属于本单位职责', '{}'::jsonb,
    '{"stop":["sign","first_feedback","handle"],"start":["dispatch"]}'::jsonb),
  (g.ext_at, 'approve_extension', g.intake_id, '值班长', 'shift_leader', 'handling', 'handling', NULL,
    jsonb_build_object('extension', g.ext_limit), jsonb_build_object('extend', g.ext_limit)),
  (g.sup_at, 'supervise', NULL::bigint, '区领导', 'leader', g.status, g.status, '请加快办理', '{}'::jsonb, '{}'::jsonb),
  (g.alarm_at, 'alarm', NULL::bigint, '系统', NULL, g.status, g.status, '超期督办',
    jsonb_build_object('step', 'supervised', 'stage', CASE WHEN g.handle_deadline IS NULL THEN 'sign' ELSE 'handle' END,
      'dueAt', ${iso('coalesce(g.handle_deadline, g.sign_deadline)')}), NULL::jsonb),
  (g.fu, 'follow_up', g.intake_id, '受理员', 'operator', 'closed', 'archived', NULL,
    jsonb_build_object('followUp', jsonb_strip_nulls(jsonb_build_object('reached', g.fu_reached,
      'satisfaction', CASE WHEN g.fu_reached THEN g.fu_sat END, 'forCause', false))), '{}'::jsonb)
) AS e(at, action, actor_id, actor_name, role, from_status, to_status, note, data, clock)
WHERE e.at IS NOT NULL`

const worldTables = ['gen', 'gen_grids', 'gen_items', 'gen_units', 'gen_staff', 'gen_counts'] as const

/** The world the cases are generated in (grids, items, units, staff of the district), as temporary tables. */
async function prepareWorld(
  conn: Db,
  districtCode: string | undefined,
  areaCode: string | undefined,
): Promise<void> {
  const district =
    districtCode ??
    (
      await sql<{ code: string }>`
        SELECT split_part(path::text, '.', 1) AS code FROM areas WHERE level = 'grid' ORDER BY code LIMIT 1`.execute(
        conn,
      )
    ).rows[0]?.code
  if (!district) throw new Error('generateCases: no grids in the database')
  const under = areaCode ?? district
  const root = (
    await sql<{ path: string }>`SELECT path::text AS path FROM areas WHERE code = ${under}`.execute(conn)
  ).rows[0]?.path
  if (!root) throw new Error(`generateCases: no area ${under}`)
  if (root.split('.')[0] !== district)
    throw new Error(`generateCases: ${under} is not in district ${district}`)
  for (const t of worldTables) await sql`DROP TABLE IF EXISTS ${sql.raw(t)}`.execute(conn)
  await sql`
    CREATE TEMP TABLE gen_grids AS
    SELECT (row_number() OVER (ORDER BY a.code))::int - 1 AS i, a.code, a.path, coalesce(a.boundary_version, 1) AS bv,
      ST_X(a.p) AS lng, ST_Y(a.p) AS lat,
      (SELECT up.name FROM areas up WHERE up.path = subpath(a.path, 0, nlevel(a.path) - 1)) AS place,
      coalesce((SELECT array_agg(DISTINCT ra.user_id ORDER BY ra.user_id) FROM role_assignments ra
                WHERE ra.area_code = a.code AND ra.role IN ('grid_worker', 'grid_leader')), '{}')::bigint[] AS workers
    FROM (SELECT code, path, boundary_version, ST_PointOnSurface(geom) AS p FROM areas
          WHERE level = 'grid' AND path <@ CAST(${root} AS ltree)) a`.execute(conn)
  await sql`ANALYZE gen_grids`.execute(conn)
  // Each item once per pick it can be drawn by: all, self (may be self-handled), counts (limits the counts profile needs).
  await sql`
    CREATE TEMP TABLE gen_items AS
    SELECT k.pick, (row_number() OVER (PARTITION BY k.pick ORDER BY v.item_code))::int - 1 AS i,
      v.item_code AS code, v.id AS version_id, v.name, v.rules->'limits' AS limits
    FROM catalog_item_versions v
    JOIN catalog_items ci ON ci.code = v.item_code AND ci.current_version = v.version
    -- the counts profile needs the normal handling limit in working days (7–15) and short earlier stages
    CROSS JOIN LATERAL (SELECT coalesce((v.rules->>'selfHandle')::boolean, false) AS self_ok,
      v.rules->'limits'->'normal'->'handle'->>'unit' = 'working_days'
      AND (v.rules->'limits'->'normal'->'handle'->>'amount')::numeric BETWEEN 7 AND 15
      AND v.rules->'limits'->'normal'->'overall'->>'unit' = 'working_days'
      AND v.rules->'limits'->'normal'->'sign'->>'unit' IN ('working_hours', 'natural_hours')
      AND (v.rules->'limits'->'normal'->'sign'->>'amount')::numeric <= 8 AS counts_ok) e
    CROSS JOIN LATERAL (VALUES ('all', true), ('self', e.self_ok), ('counts', e.counts_ok)) AS k(pick, ok)
    WHERE v.admitted AND NOT ci.retired AND k.ok`.execute(conn)
  await sql`ANALYZE gen_items`.execute(conn)
  await sql`
    CREATE TEMP TABLE gen_units AS
    SELECT (row_number() OVER (ORDER BY u.id))::int - 1 AS i, u.id::bigint AS id,
      coalesce((SELECT array_agg(DISTINCT ra.user_id ORDER BY ra.user_id) FROM role_assignments ra
                WHERE ra.unit_id = u.id AND ra.role = 'dept_handler'), '{}')::bigint[] AS handlers
    FROM units u WHERE u.area_path <@ CAST(${district} AS ltree)`.execute(conn)
  await sql`ANALYZE gen_units`.execute(conn)
  await sql`
    CREATE TEMP TABLE gen_staff AS
    SELECT coalesce(array_agg(DISTINCT ra.user_id ORDER BY ra.user_id), '{}')::bigint[] AS staff
    FROM role_assignments ra
    WHERE ra.area_path <@ CAST(${district} AS ltree)
      AND ra.role IN ('grid_worker', 'grid_leader', 'supervisor', 'operator', 'shift_leader', 'dispatcher')`.execute(
    conn,
  )
  await sql`
    CREATE TEMP TABLE gen_counts AS SELECT
      (SELECT count(*) FROM gen_grids)::int AS grids,
      (SELECT count(*) FROM gen_items WHERE pick = 'all')::int AS items,
      (SELECT count(*) FROM gen_items WHERE pick = 'self')::int AS self_items,
      (SELECT count(*) FROM gen_items WHERE pick = 'counts')::int AS counts_items,
      (SELECT count(*) FROM gen_units)::int AS units,
      (SELECT cardinality(staff) FROM gen_staff)::int AS staff`.execute(conn)
  const n = (await sql<Record<string, number>>`SELECT * FROM gen_counts`.execute(conn)).rows[0] ?? {}
  for (const what of ['grids', 'items', 'self_items', 'counts_items', 'staff'])
    if (!Number(n[what]))
      throw new Error(`generateCases: the district ${district} has no ${what.replace('_', ' ')}`)
}

/**
 * Inserts `count` cases and their timeline rows (see the file comment); the
 * statistics' triggers mark them as usual, so the catch-up counts them.
 */
export async function generateCases(db: Db, options: GenerateOptions): Promise<GenerateResult> {
  const { seed, count, from, to, profile } = options
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 40)
    throw new Error('generateCases: seed in 0..2^40')
  if (!Number.isSafeInteger(count) || count < 0)
    throw new Error('generateCases: count must be a whole number')
  if (!DAY_RE.test(from) || !DAY_RE.test(to) || to < from)
    throw new Error('generateCases: from ≤ to, as YYYY-MM-DD')
  if (profile !== 'realistic') {
    for (const g of profile.groups) {
      if (!Number.isSafeInteger(g.count) || g.count < 0) throw new Error('generateCases: a group count')
      if (!outcomes.includes(g.outcome)) throw new Error(`generateCases: no outcome ${g.outcome}`)
      if (
        g.channel !== undefined &&
        g.channel !== 'local' &&
        g.channel !== 'resident' &&
        !channels.includes(g.channel)
      )
        throw new Error(`generateCases: no channel ${g.channel}`)
    }
    const total = profile.groups.reduce((s, g) => s + g.count, 0)
    if (total !== count) throw new Error(`generateCases: the groups add up to ${total}, not ${count}`)
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1
    if (days < 60) throw new Error('generateCases: the counts profile needs a period of at least 60 days')
  }
  const endOfTo = Date.parse(`${to}T00:00:00+08:00`) + 86_400_000 - 1000
  const now = options.now ?? new Date(endOfTo + (profile === 'realistic' ? 0 : 60 * 86_400_000))
  const batch = options.batch ?? 50_000
  if (count === 0) return { cases: 0, events: 0, firstId: null, lastId: null }
  const base = { seed, from, to, profile, now }

  // One connection: the temporary tables live on it.
  return db.connection().execute(async (conn) => {
    let skip = false
    if (options.skipTriggers) {
      try {
        await sql`SET session_replication_role = replica`.execute(conn)
        await sql`SET session_replication_role = DEFAULT`.execute(conn)
        skip = true
      } catch {
        // not a superuser: the triggers mark the cases
      }
    }
    let events = 0
    let firstId: number | null = null
    let lastId: number | null = null
    try {
      await prepareWorld(conn, options.districtCode, options.areaCode)
      await sql`CREATE TEMP TABLE gen AS ${sql.raw(genSelectSql({ ...base, lo: 1, hi: 0 }))}`.execute(conn)
      for (let lo = 1; lo <= count; lo += batch) {
        const hi = Math.min(count, lo + batch - 1)
        const times: string[] = []
        let t0 = performance.now()
        const step = (name: string) => {
          const t1 = performance.now()
          times.push(`${name} ${Math.round(t1 - t0)} ms`)
          t0 = t1
        }
        await sql`TRUNCATE gen`.execute(conn)
        await sql`INSERT INTO gen ${sql.raw(genSelectSql({ ...base, lo, hi }))}`.execute(conn)
        step('plan')
        // Who has it now (the unit a ruling reassigned it to), and the case each duplicate was merged into.
        await sql`
          UPDATE gen SET
            handler_unit = CASE WHEN dis IS NULL THEN NULL
                                WHEN ret = 1 AND rule_at IS NOT NULL THEN coalesce(unit2, unit1)
                                WHEN case_level = 'community' AND first_user IS NOT NULL THEN NULL
                                ELSE unit1 END,
            handler_user = CASE WHEN dis IS NULL OR (ret = 1 AND rule_at IS NOT NULL) THEN NULL ELSE first_user END,
            master = (SELECT min(id) FROM gen WHERE kind <> 'merge')`.execute(conn)
        step('handlers')
        if (skip) await sql`SET session_replication_role = replica`.execute(conn)
        await sql.raw(insertCasesSql).execute(conn)
        step('cases')
        const ev = await sql.raw(insertEventsSql).execute(conn)
        step('events')
        if (skip) {
          await sql`SET session_replication_role = DEFAULT`.execute(conn)
          await sql`INSERT INTO stat_dirty (case_id) SELECT id FROM gen ON CONFLICT DO NOTHING`.execute(conn)
          step('marked')
        }
        events += Number(ev.numAffectedRows ?? 0)
        options.log?.(`generateCases ${lo}–${hi}: ${times.join(', ')}`)
        const ids = (
          await sql<{
            lo: number | null
            hi: number | null
          }>`SELECT min(id) AS lo, max(id) AS hi FROM gen`.execute(conn)
        ).rows[0]
        if (ids?.lo != null) firstId = firstId === null ? Number(ids.lo) : Math.min(firstId, Number(ids.lo))
        if (ids?.hi != null) lastId = lastId === null ? Number(ids.hi) : Math.max(lastId, Number(ids.hi))
        options.onProgress?.(hi, count)
      }
    } finally {
      if (skip) await sql`SET session_replication_role = DEFAULT`.execute(conn)
      for (const t of worldTables) await sql`DROP TABLE IF EXISTS ${sql.raw(t)}`.execute(conn)
    }
    return { cases: count, events, firstId, lastId }
  })
}
