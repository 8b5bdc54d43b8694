/**
 * The counts kept per period, area, category, channel and department: the
 * columns of the rollups, each a count of cases (or a sum) for one period.
 * Every KPI is a count or a ratio of these (kpis.ts); docs/KPI.md defines each.
 *
 * Which period a case counts in is its anchor: the day of the step the measure
 * is about (reported, accepted, registered, dispatched, handling deadline,
 * handled, closed, closing deadline, supervised, followed up). Measures marked
 * "by the end of P" depend on the period's length, which is why rollups are kept
 * per standard period rather than summed from days.
 */
export const measures = [
  /** anchor: reported. Reports received. */
  'reported',
  /** anchor: reported. Not rejected (不予受理) nor merged as a duplicate. */
  'valid',
  /** anchor: reported. Valid and handled on the spot by grid staff (自处置). */
  'self_handled',
  /** anchor: reported. Closed by the end of P (办结, Danyang's 办结率). */
  'completed',
  /** anchor: accepted (受理). */
  'accepted',
  /** anchor: accepted. Handling completed by the end of P (Zhongshan's 结案率). */
  'accepted_handled',
  /** anchor: registered (立案). */
  'registered',
  /** anchor: registered. Reported by grid or street staff (街镇发现). */
  'discovered_locally',
  /** anchor: first dispatched. */
  'dispatched',
  /** anchor: first dispatched. Returned (退回) by a handler at least once. */
  'returned',
  /** anchor: first dispatched. Unjustified returns (推诿), summed. */
  'shirked',
  /** anchor: handling deadline, or handled on time in P before a later deadline (应处置数). */
  'due',
  /** of due: handling completed by the end of P (处置数). */
  'handled',
  /** of due: handling completed by the handling deadline. */
  'handled_on_time',
  /** of due: closed, with handling completed by the deadline (按时结案数). */
  'closed_on_time',
  /** of due: an extension (延期) was approved. */
  'extended',
  /** anchor: closing (overall) deadline, or closed on time in P before a later one (应结案数, CJ/T 292). */
  'due_close',
  /** of due_close: closed by the end of P. */
  'closed_due',
  /** of due_close: sent back for rework (返工) at least once. */
  'reworked',
  /** anchor: closed (结案). */
  'closed',
  /** anchor: closed. Never sent back for rework (一次完成). */
  'closed_first_time',
  /** anchor: first supervised (督办). */
  'supervised',
  /** anchor: last follow-up (回访). */
  'followups',
  /** anchor: last follow-up. The reporter was reached. */
  'reached',
  /** anchor: last follow-up. 满意. */
  'satisfied',
  /** anchor: last follow-up. 基本满意. */
  'basically',
  /** anchor: handled. Cases with a handling time (sign → handled). */
  'handled_n',
  /** anchor: handled. Their handling time, summed, in seconds. */
  'handled_secs',
  /** anchor: handled. Handling times by bucket (handlingBuckets), for the percentile. */
  'h0',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'h7',
  'h8',
  'h9',
  'h10',
  'h11',
] as const
export type Measure = (typeof measures)[number]
export type Measures = Record<Measure, number>

/** Upper edges (hours) of the handling-time buckets h0…h11; the last is open. */
export const handlingBuckets = [1, 2, 4, 8, 24, 48, 72, 120, 168, 360, 720, Number.POSITIVE_INFINITY] as const

export function emptyMeasures(): Measures {
  return Object.fromEntries(measures.map((m) => [m, 0])) as Measures
}

export function addMeasures(into: Measures, more: Readonly<Measures>): Measures {
  for (const m of measures) into[m] += more[m]
  return into
}
